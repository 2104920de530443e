import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { authFailures } from '../../db/schema/index.ts';

// Throttling of failed authentication (docs/design.md "Access"): per account and per client address, counted
// in the database so every process sees the same counts. Within a 15-minute window an account is held after
// 5 failures and an address after 20 (a shared office NAT has many honest people behind one address); the
// hold ends with the window.
//
// An attempt is counted *before* the password is checked, in one atomic upsert that returns the new count:
// twenty guesses sent at once get twenty different counts, so only the first five are ever checked. A
// success then takes its own count back (and clears the account).

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const THROTTLE_LIMITS = { user: 5, addr: 20 } as const;

export const accountKey = (name: string) => `user:${name.toLowerCase()}`;
export const addressKey = (address: string | null) => `addr:${address ?? 'unknown'}`;

function limitOf(key: string): number {
  return key.startsWith('user:') ? THROTTLE_LIMITS.user : THROTTLE_LIMITS.addr;
}

/** Counts one attempt for `key` (a new window once the old one is over) and returns the count and window start. */
async function count(db: Db, key: string, now: Date): Promise<{ failures: number; windowStart: Date }> {
  const floor = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const expired = sql`${authFailures.windowStart} <= ${floor}::timestamptz`;
  const [row] = await db
    .insert(authFailures)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: authFailures.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${authFailures.failures} + 1 end`,
        windowStart: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${authFailures.windowStart} end`,
      },
    })
    .returning({ failures: authFailures.failures, windowStart: authFailures.windowStart });
  return { failures: row!.failures, windowStart: new Date(row!.windowStart) };
}

/**
 * Counts an attempt against every key; returns the seconds to wait when any key is over its limit (the
 * attempt must then not be checked at all), else null.
 */
export async function countAttempt(db: Db, keys: string[], now: Date): Promise<number | null> {
  let wait: number | null = null;
  for (const key of keys) {
    const { failures, windowStart } = await count(db, key, now);
    if (failures > limitOf(key)) {
      const seconds = Math.max(1, Math.ceil((windowStart.getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
      wait = Math.max(wait ?? 0, seconds);
    }
  }
  return wait;
}

/** A success: the account starts over, and an address gets back the attempt counted for it. */
export async function forgiveAttempt(db: Db, keys: string[], now: Date): Promise<void> {
  const floor = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  for (const key of keys) {
    if (key.startsWith('user:')) {
      await db.delete(authFailures).where(eq(authFailures.key, key));
      continue;
    }
    await db
      .update(authFailures)
      .set({ failures: sql`greatest(${authFailures.failures} - 1, 0)` })
      .where(and(eq(authFailures.key, key), gt(authFailures.windowStart, sql`${floor}::timestamptz`)));
  }
}
