import { createHash, randomBytes } from 'node:crypto';

// API tokens: 256 random bits, shown once, stored as their SHA-256 (a fast hash is right for a secret this
// long: there is nothing to brute-force). The `jx_` prefix lets secret scanners recognise a leaked one.

export const TOKEN_PREFIX = 'jx_';
const TOKEN_SHAPE = /^jx_[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function isTokenShaped(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What a person sees of a token after it is made: enough to tell several apart, nothing to use. */
export function tokenPrefix(token: string): string {
  return token.slice(0, 9);
}
