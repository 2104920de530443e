import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users, webSessions } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { signInWithPassword } from './sign-in.ts';
import { type CredentialCache, noCredentialCache } from './token-cache.ts';

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

/** What a session row says, kept in memory: a page view with a known cookie costs no database round trip. */
export interface CachedSession {
  actor: Omit<Actor, 'address'>;
  csrf: string;
  createdAt: number;
  /** Last use seen by this process (ms); the table's last_seen_at is written about once a minute. */
  lastSeenAt: number;
  /** When last_seen_at was last written (ms). */
  touchedAt: number;
}

export type SessionCache = CredentialCache<CachedSession>;
export const noSessionCache: SessionCache = noCredentialCache<CachedSession>();

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

/**
 * The session behind a cookie value, or null when there is none or it is over (an ended one is deleted).
 * Held sessions are dropped by every process when a user is disabled or changes password, or a session is
 * deleted (each notes `auth`); the timeouts are checked on every request either way.
 */
export async function readSession(
  db: Db,
  id: string | undefined,
  address: string | null,
  now: Date,
  limits: SessionLimits,
  cache: SessionCache = noSessionCache,
): Promise<OpenSession | null> {
  if (!id || id.length > 64) return null;
  const idHash = hashOf(id);
  const t = now.getTime();
  const held = cache.get(idHash);
  if (held && t - held.lastSeenAt <= limits.idleMs && t - held.createdAt <= limits.maxMs) {
    held.lastSeenAt = Math.max(held.lastSeenAt, t);
    if (t - held.touchedAt > TOUCH_EVERY_MS) {
      held.touchedAt = t;
      await db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.idHash, idHash));
    }
    return { actor: { ...held.actor, address }, csrf: held.csrf };
  }
  const epoch = cache.epoch();
  const [row] = await db
    .select({ session: webSessions, user: users })
    .from(webSessions)
    .innerJoin(users, eq(users.id, webSessions.userId))
    .where(eq(webSessions.idHash, idHash));
  if (!row) return null;
  const { session, user } = row;
  // This process may have seen a use the table has not yet been told of.
  const lastSeen = Math.max(session.lastSeenAt.getTime(), held?.lastSeenAt ?? 0);
  const over =
    user.disabledAt !== null ||
    user.passwordChangedAt.getTime() !== session.passwordSetAt.getTime() ||
    t - lastSeen > limits.idleMs ||
    t - session.createdAt.getTime() > limits.maxMs;
  if (over) {
    cache.drop(idHash);
    await db.delete(webSessions).where(eq(webSessions.idHash, idHash));
    return null;
  }
  let touchedAt = session.lastSeenAt.getTime();
  if (t - touchedAt > TOUCH_EVERY_MS) {
    await db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.idHash, idHash));
    touchedAt = t;
  }
  const actor: Actor = { userId: user.id, name: user.name, role: user.role, unitId: user.role === 'admin' ? null : user.unitId, via: 'web', address };
  cache.set(
    idHash,
    {
      actor: { userId: actor.userId, name: actor.name, role: actor.role, unitId: actor.unitId, via: 'web' },
      csrf: session.csrf,
      createdAt: session.createdAt.getTime(),
      lastSeenAt: t,
      touchedAt,
    },
    epoch,
  );
  return { actor, csrf: session.csrf };
}

/** Signs a session out: gone here at once, and in other processes when the delete's `auth` note arrives. */
export async function endSession(db: Db, id: string | undefined, cache: SessionCache = noSessionCache): Promise<void> {
  if (!id || id.length > 64) return;
  const idHash = hashOf(id);
  cache.drop(idHash);
  await db.delete(webSessions).where(eq(webSessions.idHash, idHash));
}

/** A form's `_csrf` against the session's, in constant time. */
export function csrfMatches(session: OpenSession, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
