import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { authFailures } from '../../db/schema/index.ts';

// Throttling of failed authentication (docs/design.md "Access"): per account and per client address, counted
// in the database so every process sees the same counts. Within a 15-minute window an account is held after
// 5 failures and an address after 20 (a shared office NAT has many honest people behind one address); the
// hold ends with the window. A success clears the account's count.

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const THROTTLE_LIMITS = { user: 5, addr: 20 } as const;

export const accountKey = (name: string) => `user:${name.toLowerCase()}`;
export const addressKey = (address: string | null) => `addr:${address ?? 'unknown'}`;

function limitOf(key: string): number {
  return key.startsWith('user:') ? THROTTLE_LIMITS.user : THROTTLE_LIMITS.addr;
}

/** Seconds until the first of `keys` that is held may try again, or null when none is held. */
export async function heldFor(db: Db, keys: string[], now: Date): Promise<number | null> {
  if (keys.length === 0) return null;
  const rows = await db.select().from(authFailures).where(inArray(authFailures.key, keys));
  let wait: number | null = null;
  for (const r of rows) {
    const ends = new Date(r.windowStart).getTime() + THROTTLE_WINDOW_MS;
    if (ends > now.getTime() && r.failures >= limitOf(r.key)) {
      const seconds = Math.ceil((ends - now.getTime()) / 1000);
      wait = Math.max(wait ?? 0, seconds);
    }
  }
  return wait;
}

export async function recordFailure(db: Db, keys: string[], now: Date): Promise<void> {
  const windowFloor = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  for (const key of keys) {
    await db
      .insert(authFailures)
      .values({ key, failures: 1, windowStart: now })
      .onConflictDoUpdate({
        target: authFailures.key,
        set: {
          failures: sql`case when ${authFailures.windowStart} < ${windowFloor}::timestamptz then 1 else ${authFailures.failures} + 1 end`,
          windowStart: sql`case when ${authFailures.windowStart} < ${windowFloor}::timestamptz then ${now.toISOString()}::timestamptz else ${authFailures.windowStart} end`,
        },
      });
  }
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(authFailures).where(eq(authFailures.key, key));
}
