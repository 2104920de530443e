import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { isCommonPassword } from './common-passwords.ts';

// Passwords are stored as scrypt hashes. Parameters: N = 2^15, r = 8, p = 3 — one of the equivalent
// settings the OWASP Password Storage Cheat Sheet lists for scrypt (32 MiB of memory per hash, about 0.1 s
// here), with a 16-byte random salt and a 32-byte key. They are written into each hash, so raising them
// later re-hashes nothing that is stored: old hashes keep verifying with their own parameters.

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3, keyLength: 32, saltLength: 16 } as const;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above 128 × N × r (32 MiB here) with room for a later increase.
    scrypt(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 256 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keyLength, saltLength } = SCRYPT_PARAMS;
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, N, r, p, keyLength);
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p), expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash no password matches: verifying against it for an unknown name takes as long as for a real one. */
export const DUMMY_HASH = 'scrypt$32768$8$3$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Why a new password is refused, in Chinese, or null. */
export function passwordProblem(password: string, userName: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符`;
  if (length > PASSWORD_MAX) return `密码最多 ${PASSWORD_MAX} 个字符`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(password)) return '密码不能含控制字符';
  if (isCommonPassword(password)) return '这个密码太常见，容易被猜中，请换一个';
  const folded = password.toLowerCase();
  if (userName.length >= 3 && folded.includes(userName.toLowerCase())) return '密码不能包含用户名';
  return null;
}

// No 0/O, 1/l/I: a password read off a console and typed by hand.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 20 characters from 57: about 117 bits. */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
