import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { DUMMY_HASH, verifyPassword } from '../auth/passwords.ts';
import { AppError, said } from '../errors.ts';
import { accountKey, addressKey, countAttempt, forgiveAttempt } from './auth-throttle.ts';

/** One message for every failure, so a caller cannot tell a wrong name from a wrong password. */
const REFUSED = said('err.signIn.refused');

export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'too_many_attempts', said('err.signIn.tooMany', { minutes: Math.ceil(retryAfterSeconds / 60) }), { retryAfter: retryAfterSeconds });
  }
}

/**
 * A name and password → the actor (docs/design.md "Access"). Each attempt is counted per account and per
 * address before the password is checked (atomically, so a burst cannot slip past), and a success gives its
 * count back; an unknown name costs as long as a known one and gets the same message.
 */
export async function signInWithPassword(
  db: Db,
  name: string,
  password: string,
  address: string | null,
  now: Date,
  options: { byAddress?: boolean } = {},
): Promise<Actor> {
  // Checking a signed-in person's current password is throttled per account only: they already hold a credential.
  const keys = options.byAddress === false ? [accountKey(name)] : [accountKey(name), addressKey(address)];
  const wait = await countAttempt(db, keys, now);
  if (wait !== null) throw new TooManyAttemptsError(wait);
  const [u] = await db.select().from(users).where(eq(users.name, name));
  const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
  if (!u || !ok || u.disabledAt !== null) throw new AppError(401, 'unauthorized', REFUSED);
  await forgiveAttempt(db, keys, now);
  return { userId: u.id, name: u.name, role: u.role, unitId: u.role === 'admin' ? null : u.unitId, via: 'api', address };
}

/**
 * A bearer token that is not valid counts against the address, like a wrong password; the seconds to wait
 * when the address is over its limit, else null.
 */
export async function countTokenFailure(db: Db, address: string | null, now: Date): Promise<number | null> {
  return countAttempt(db, [addressKey(address)], now);
}
