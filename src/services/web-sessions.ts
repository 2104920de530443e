import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users, webSessions } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { signInWithPassword } from './sign-in.ts';

// Browser sessions (docs/design.md "Access"). The cookie carries 128 random bits; the table keeps their
// SHA-256, the user, a CSRF token for forms, and when it began and was last used. A session is over when it
// has been idle too long, is older than the absolute limit, its user is disabled, or the user's password
// changed after it began — checked on every request, so no separate revocation step can be forgotten.

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

export interface OpenSession {
  actor: Actor;
  csrf: string;
}

/** Last-seen is written at most this often: a page view costs no write when the session was just used. */
const TOUCH_EVERY_MS = 60_000;

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');
const newSecret = () => randomBytes(16).toString('base64url');

/** A name and password (throttled like the API's sign-in) → a new session's id (for the cookie) and CSRF token. */
export async function startSession(
  db: Db,
  name: string,
  password: string,
  address: string | null,
  now: Date,
): Promise<{ id: string; csrf: string; actor: Actor }> {
  const signed = await signInWithPassword(db, name, password, address, now);
  const id = newSecret();
  const csrf = newSecret();
  const [user] = await db.select({ passwordChangedAt: users.passwordChangedAt }).from(users).where(eq(users.id, signed.userId!));
  await db
    .insert(webSessions)
    .values({ idHash: hashOf(id), userId: signed.userId!, csrf, createdAt: now, lastSeenAt: now, passwordSetAt: user!.passwordChangedAt, address });
  return { id, csrf, actor: { ...signed, via: 'web' } };
}

/** The session behind a cookie value, or null when there is none or it is over (an ended one is deleted). */
export async function readSession(db: Db, id: string | undefined, address: string | null, now: Date, limits: SessionLimits): Promise<OpenSession | null> {
  if (!id || id.length > 64) return null;
  const idHash = hashOf(id);
  const [row] = await db
    .select({ session: webSessions, user: users })
    .from(webSessions)
    .innerJoin(users, eq(users.id, webSessions.userId))
    .where(eq(webSessions.idHash, idHash));
  if (!row) return null;
  const { session, user } = row;
  const t = now.getTime();
  const over =
    user.disabledAt !== null ||
    user.passwordChangedAt.getTime() !== session.passwordSetAt.getTime() ||
    t - session.lastSeenAt.getTime() > limits.idleMs ||
    t - session.createdAt.getTime() > limits.maxMs;
  if (over) {
    await db.delete(webSessions).where(eq(webSessions.idHash, idHash));
    return null;
  }
  if (t - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.idHash, idHash));
  const actor: Actor = { userId: user.id, name: user.name, role: user.role, unitId: user.role === 'admin' ? null : user.unitId, via: 'web', address };
  return { actor, csrf: session.csrf };
}

export async function endSession(db: Db, id: string | undefined): Promise<void> {
  if (!id || id.length > 64) return;
  await db.delete(webSessions).where(eq(webSessions.idHash, hashOf(id)));
}

/** A form's `_csrf` against the session's, in constant time. */
export function csrfMatches(session: OpenSession, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
