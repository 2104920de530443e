import { and, asc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { robotOutbox, robots } from '../../db/schema/index.ts';
import { ConnectorError, type ConnectorContext } from '../connectors/types.ts';
import { maskSecrets, secretValues } from '../safe-logger.ts';
import { sendRobotMarkdown } from './robots.ts';

/** Both robots accept 20 messages a minute each. */
const PER_MINUTE = 20;
const MAX_ATTEMPTS = 10;

/** Queues a message once: the dedupe key names the change, so a second enqueue is a no-op. */
export async function enqueue(db: Db, robotId: number, dedupeKey: string, message: { title: string; markdown: string }, now: Date): Promise<boolean> {
  const rows = await db
    .insert(robotOutbox)
    // Due from the job's clock (not the database's), so a run's notion of time is one.
    .values({ robotId, dedupeKey, title: message.title, markdown: message.markdown, nextAttemptAt: now.toISOString() })
    .onConflictDoNothing({ target: [robotOutbox.robotId, robotOutbox.dedupeKey] })
    .returning({ id: robotOutbox.id });
  return rows.length > 0;
}

/**
 * Sends what is due, oldest first, at most 20 per robot per minute (counting what was sent in the last
 * minute); a rate-limited or failed send waits and retries, a configuration error stops that message.
 */
export async function sendPending(db: Db, ctx: ConnectorContext): Promise<{ sent: number; deferred: number; failed: number }> {
  const now = ctx.now();
  const due = await db
    .select({ message: robotOutbox, robot: robots })
    .from(robotOutbox)
    .innerJoin(robots, eq(robots.id, robotOutbox.robotId))
    .where(and(isNull(robotOutbox.sentAt), eq(robotOutbox.failed, false), lte(robotOutbox.nextAttemptAt, now.toISOString())))
    .orderBy(asc(robotOutbox.id))
    .limit(500);
  const out = { sent: 0, deferred: 0, failed: 0 };
  // One robot's answer may quote another's credentials: every secret is masked in what is stored.
  const secrets = secretValues(ctx.env);
  const budget = new Map<number, number>();
  for (const { message, robot } of due) {
    if (!budget.has(robot.id)) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(robotOutbox)
        .where(and(eq(robotOutbox.robotId, robot.id), gte(robotOutbox.sentAt, new Date(now.getTime() - 60_000).toISOString())));
      budget.set(robot.id, PER_MINUTE - Number(row?.n ?? 0));
    }
    if ((budget.get(robot.id) ?? 0) <= 0) {
      out.deferred += 1;
      continue;
    }
    try {
      await sendRobotMarkdown(ctx, { kind: robot.kind, webhookEnv: robot.webhookEnv, secretEnv: robot.secretEnv }, message);
      await db.update(robotOutbox).set({ sentAt: now.toISOString(), attempts: message.attempts + 1, lastError: null }).where(eq(robotOutbox.id, message.id));
      budget.set(robot.id, (budget.get(robot.id) ?? 1) - 1);
      out.sent += 1;
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      const attempts = message.attempts + 1;
      const giveUp = err.kind === 'config' || attempts >= MAX_ATTEMPTS;
      const wait = err.retryAfterMs ?? 60_000 * attempts;
      await db
        .update(robotOutbox)
        .set({ attempts, failed: giveUp, lastError: maskSecrets(err.message, secrets), nextAttemptAt: new Date(now.getTime() + wait).toISOString() })
        .where(eq(robotOutbox.id, message.id));
      if (giveUp) out.failed += 1;
      else out.deferred += 1;
      // The robot said it is full: the rest of its queue waits for the next minute.
      if (err.code === '45009' || err.code === '130101' || err.code === '410100') budget.set(robot.id, 0);
    }
  }
  return out;
}
