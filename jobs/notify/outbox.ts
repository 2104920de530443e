// Sends what the robots' outbox holds (docs/design.md "Data sources": 20 messages a minute, queued and
// retried). The outbox itself — queueing, what is due, what became of an attempt — is
// src/services/robot-outbox.ts; this is the network side.
import { dueMessages, markAttemptFailed, markSent, sentInLastMinute } from '../../src/services/robot-outbox.ts';
import type { Db } from '../../db/client.ts';
import { ConnectorError, type ConnectorContext } from '../connectors/types.ts';
import { maskSecrets, secretValues } from '../safe-logger.ts';
import { sendRobotMarkdown } from './robots.ts';

/** Both robots accept 20 messages a minute each. */
const PER_MINUTE = 20;
const MAX_ATTEMPTS = 10;

/**
 * Sends what is due, oldest first, at most 20 per robot per minute (counting what was sent in the last
 * minute); a rate-limited or failed send waits and retries, a configuration error stops that message.
 */
export async function sendPending(db: Db, ctx: ConnectorContext): Promise<{ sent: number; deferred: number; failed: number }> {
  const now = ctx.now();
  const due = await dueMessages(db, now);
  const out = { sent: 0, deferred: 0, failed: 0 };
  // One robot's answer may quote another's credentials: every secret is masked in what is stored.
  const secrets = secretValues(ctx.env);
  const budget = new Map<number, number>();
  for (const { message, robot } of due) {
    if (!budget.has(robot.id)) budget.set(robot.id, PER_MINUTE - (await sentInLastMinute(db, robot.id, now)));
    if ((budget.get(robot.id) ?? 0) <= 0) {
      out.deferred += 1;
      continue;
    }
    try {
      await sendRobotMarkdown(ctx, { kind: robot.kind, webhookEnv: robot.webhookEnv, secretEnv: robot.secretEnv }, message);
      await markSent(db, message.id, message.attempts + 1, now);
      budget.set(robot.id, (budget.get(robot.id) ?? 1) - 1);
      out.sent += 1;
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      const attempts = message.attempts + 1;
      const giveUp = err.kind === 'config' || attempts >= MAX_ATTEMPTS;
      const wait = err.retryAfterMs ?? 60_000 * attempts;
      await markAttemptFailed(db, message.id, {
        attempts,
        failed: giveUp,
        lastError: maskSecrets(err.message, secrets),
        nextAttemptAt: new Date(now.getTime() + wait),
      });
      if (giveUp) out.failed += 1;
      else out.deferred += 1;
      // The robot said it is full: the rest of its queue waits for the next minute.
      if (err.code === '45009' || err.code === '130101' || err.code === '410100') budget.set(robot.id, 0);
    }
  }
  return out;
}
