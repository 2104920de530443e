// The robots' outbox (docs/design.md "Data sources": robots are queued and retried, 20 messages a minute).
// A message is queued once — its dedupe key names the change or the digest slot — and sent by the jobs'
// sender (jobs/notify/outbox.ts), which records here what became of each attempt.
import { and, asc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { robotOutbox, robots } from '../../db/schema/index.ts';

export interface QueuedMessage {
  robotId: number;
  /** Names what the message is about; a second message with the same key for the robot is dropped. */
  dedupeKey: string;
  message: { title: string; markdown: string };
}

/** Queues a message once: true when it was new. `now` is the job's clock, so a run's notion of time is one. */
export async function enqueueMessage(db: Db, queued: QueuedMessage, now: Date): Promise<boolean> {
  const rows = await db
    .insert(robotOutbox)
    .values({
      robotId: queued.robotId,
      dedupeKey: queued.dedupeKey,
      title: queued.message.title,
      markdown: queued.message.markdown,
      nextAttemptAt: now.toISOString(),
    })
    .onConflictDoNothing({ target: [robotOutbox.robotId, robotOutbox.dedupeKey] })
    .returning({ id: robotOutbox.id });
  return rows.length > 0;
}

/** Messages due at `now` (not sent, not given up), oldest first, with their robot's settings. */
export async function dueMessages(db: Db, now: Date, limit = 500) {
  return db
    .select({ message: robotOutbox, robot: robots })
    .from(robotOutbox)
    .innerJoin(robots, eq(robots.id, robotOutbox.robotId))
    .where(and(isNull(robotOutbox.sentAt), eq(robotOutbox.failed, false), lte(robotOutbox.nextAttemptAt, now.toISOString())))
    .orderBy(asc(robotOutbox.id))
    .limit(limit);
}

/** How many messages the robot was sent in the minute before `now` (its rate budget is per minute). */
export async function sentInLastMinute(db: Db, robotId: number, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(robotOutbox)
    .where(and(eq(robotOutbox.robotId, robotId), gte(robotOutbox.sentAt, new Date(now.getTime() - 60_000).toISOString())));
  return Number(row?.n ?? 0);
}

export async function markSent(db: Db, messageId: number, attempts: number, now: Date): Promise<void> {
  await db.update(robotOutbox).set({ sentAt: now.toISOString(), attempts, lastError: null }).where(eq(robotOutbox.id, messageId));
}

/** A failed attempt: try again at `nextAttemptAt`, or never (`failed`). `lastError` must already be masked. */
export async function markAttemptFailed(
  db: Db,
  messageId: number,
  attempt: { attempts: number; failed: boolean; lastError: string; nextAttemptAt: Date },
): Promise<void> {
  await db
    .update(robotOutbox)
    .set({ attempts: attempt.attempts, failed: attempt.failed, lastError: attempt.lastError, nextAttemptAt: attempt.nextAttemptAt.toISOString() })
    .where(eq(robotOutbox.id, messageId));
}
