// The alerts' memory (docs/design.md "Jobs", alerts): the last status seen of each indicator, and since
// when. The alerts job compares each evaluation with it; a change is remembered in the same transaction
// as the messages queued about it, so a change is alerted exactly once even if the run dies half-way.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicatorStatuses } from '../../db/schema/index.ts';
import type { Status } from '../evaluation/types.ts';
import { enqueueMessage, type QueuedMessage } from './robot-outbox.ts';

export interface StatusSeen {
  indicatorId: number;
  status: Status;
}

export interface StatusChangeSeen {
  indicatorId: number;
  /** The status remembered; null the first time the indicator is seen. */
  from: Status | null;
  to: Status;
  /** When `from` was first seen (timestamptz text); null with `from`. */
  since: string | null;
}

/** The indicators whose status differs from the one remembered, in the order given. */
export async function changedStatuses(db: Db, now: StatusSeen[]): Promise<StatusChangeSeen[]> {
  if (now.length === 0) return [];
  const rows = await db
    .select()
    .from(indicatorStatuses)
    .where(
      inArray(
        indicatorStatuses.indicatorId,
        now.map((s) => s.indicatorId),
      ),
    );
  const seen = new Map(rows.map((r) => [r.indicatorId, r]));
  return now.flatMap((s) => {
    const row = seen.get(s.indicatorId);
    const from = (row?.status as Status | undefined) ?? null;
    return from === s.status ? [] : [{ indicatorId: s.indicatorId, from, to: s.status, since: row?.changedAt ?? null }];
  });
}

/**
 * Remembers the new statuses (as of the evaluated day, changed at `now`) and queues the messages about
 * them, in one transaction. Returns how many messages were new (a message already queued is not twice).
 */
export async function rememberStatuses(
  db: Db,
  input: { statuses: StatusSeen[]; asOf: string; now: Date; messages: QueuedMessage[] },
): Promise<{ queued: number }> {
  return db.transaction(async (tx) => {
    const changedAt = input.now.toISOString();
    for (const s of input.statuses) {
      await tx
        .insert(indicatorStatuses)
        .values({ indicatorId: s.indicatorId, status: s.status, asOf: input.asOf, changedAt })
        .onConflictDoUpdate({ target: indicatorStatuses.indicatorId, set: { status: s.status, asOf: input.asOf, changedAt } });
    }
    let queued = 0;
    for (const m of input.messages) if (await enqueueMessage(tx, m, input.now)) queued += 1;
    return { queued };
  });
}
