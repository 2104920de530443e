import type { MiddlewareHandler } from 'hono';
import { AppError, said } from '../errors.ts';
import { actorForToken } from '../services/api-tokens.ts';
import { countTokenFailure, TooManyAttemptsError } from '../services/sign-in.ts';
import { clientAddress } from './client-address.ts';
import type { AppEnv } from './env.ts';

/**
 * Every API route but sign-in needs a credential (docs/design.md "Access"): `Authorization: Bearer jx_…`.
 * No credential, or one that is unknown, revoked, expired or of a disabled user, is a 401; a bad token
 * counts against the address like a wrong password, and an address that failed too often gets 429 for its
 * bad tokens (never for a good one).
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  const now = deps.now();
  const address = clientAddress(c);
  const header = c.req.header('authorization');
  if (!header) {
    c.header('WWW-Authenticate', 'Bearer realm="jixiao"');
    throw new AppError(401, 'unauthorized', said('err.auth.missing'));
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const actor = m ? await actorForToken(deps.db, m[1]!, address, now, deps.tokens) : null;
  if (!actor) {
    // A valid token always works (256 random bits cannot be guessed); an address that keeps sending bad
    // ones is held, so a stolen prefix or a broken script cannot hammer the lookup.
    const wait = await countTokenFailure(deps.db, address, now);
    if (wait !== null) throw new TooManyAttemptsError(wait);
    c.header('WWW-Authenticate', 'Bearer realm="jixiao", error="invalid_token"');
    throw new AppError(401, 'unauthorized', said('err.auth.invalid'));
  }
  c.set('actor', actor);
  await next();
};
