import { and, desc, eq, sql } from 'drizzle-orm';
import { isProcessAlive, type Db } from '../../db/client.ts';
import { jobLocks, jobRuns } from '../../db/schema/index.ts';

// The job ledger (docs/design.md "Jobs"): one row per (job, slot) in job_runs, one lock per job in
// job_locks. Claiming a slot IS inserting its row, so with any number of processes on one database each
// slot runs once; a run that stops beating (its process was killed) is taken over. The scheduler and the
// run loop (jobs/) drive it; the jobs service reads its history.

export type Trigger = 'schedule' | 'catch_up' | 'manual';

export interface RunCounts {
  inserted: number;
  updated: number;
  failed: number;
}

/**
 * Claims a slot: inserts (job, slot) or takes over a row a crashed or failed run left behind. Returns
 * the run id, or null when another process has (or had) it. This is the whole exactly-once mechanism.
 */
export async function claimSlot(
  db: Db,
  claim: { job: string; slot: string; trigger: Trigger; dataDay: string | null; owner: string; staleAfterMs: number; retakeFailed: boolean },
): Promise<number | null> {
  const [inserted] = await db
    .insert(jobRuns)
    .values({ job: claim.job, slot: claim.slot, trigger: claim.trigger, dataDay: claim.dataDay, status: 'running', owner: claim.owner })
    .onConflictDoNothing({ target: [jobRuns.job, jobRuns.slot] })
    .returning({ id: jobRuns.id });
  if (inserted) return inserted.id;
  // A run whose process died stops beating; a failed slot may be retried by catch-up. One UPDATE decides.
  const [taken] = await db
    .update(jobRuns)
    .set({
      status: 'running',
      owner: claim.owner,
      attempt: sql`${jobRuns.attempt} + 1`,
      startedAt: sql`now()`,
      heartbeatAt: sql`now()`,
      finishedAt: null,
      error: null,
      errorCode: null,
      errorKind: null,
    })
    .where(
      and(
        eq(jobRuns.job, claim.job),
        eq(jobRuns.slot, claim.slot),
        // Parenthesised as a whole: drizzle's and() does not wrap raw SQL, so a bare `or` would reach every job's failed runs.
        sql`((${jobRuns.status} = 'running' and ${jobRuns.heartbeatAt} < now() - make_interval(secs => ${claim.staleAfterMs / 1000}))
          ${claim.retakeFailed ? sql`or ${jobRuns.status} = 'failed'` : sql``})`,
      ),
    )
    .returning({ id: jobRuns.id });
  return taken?.id ?? null;
}

/** Takes the job's lock so runs of one job never overlap; a holder that stopped beating loses it. */
export async function lockJob(db: Db, job: string, owner: string, runId: number, staleAfterMs: number): Promise<boolean> {
  const rows = await db
    .insert(jobLocks)
    .values({ job, owner, runId })
    .onConflictDoUpdate({
      target: jobLocks.job,
      set: { owner, runId, heartbeatAt: sql`now()` },
      setWhere: sql`${jobLocks.heartbeatAt} < now() - make_interval(secs => ${staleAfterMs / 1000})`,
    })
    .returning({ job: jobLocks.job });
  return rows.length > 0;
}

export async function unlockJob(db: Db, job: string, runId: number): Promise<void> {
  await db.delete(jobLocks).where(and(eq(jobLocks.job, job), eq(jobLocks.runId, runId)));
}

export async function heartbeat(db: Db, job: string, runId: number): Promise<void> {
  await db.update(jobRuns).set({ heartbeatAt: sql`now()` }).where(eq(jobRuns.id, runId));
  await db
    .update(jobLocks)
    .set({ heartbeatAt: sql`now()` })
    .where(and(eq(jobLocks.job, job), eq(jobLocks.runId, runId)));
}

export async function finishRun(
  db: Db,
  runId: number,
  outcome: {
    status: 'succeeded' | 'failed' | 'skipped';
    counts: RunCounts | null;
    attempt?: number;
    error?: { kind: string; code: string; message: string } | null;
  },
): Promise<void> {
  await db
    .update(jobRuns)
    .set({
      status: outcome.status,
      counts: outcome.counts,
      finishedAt: sql`now()`,
      heartbeatAt: sql`now()`,
      // In-run retries add to the slot's attempts (a takeover already counted itself).
      ...(outcome.attempt && outcome.attempt > 1 ? { attempt: sql`${jobRuns.attempt} + ${outcome.attempt - 1}` } : {}),
      errorKind: outcome.error?.kind ?? null,
      errorCode: outcome.error?.code ?? null,
      error: outcome.error?.message ?? null,
    })
    .where(eq(jobRuns.id, runId));
}

export async function lastSuccessfulSlot(db: Db, job: string): Promise<string | null> {
  const [row] = await db
    .select({ slot: jobRuns.slot })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.status, 'succeeded'), sql`${jobRuns.trigger} <> 'manual'`))
    .orderBy(desc(jobRuns.slot))
    .limit(1);
  return row ? new Date(row.slot).toISOString() : null;
}

/** The latest runs, newest first, of one job or of all. */
export async function runHistory(db: Db, job: string | null, limit: number) {
  return db
    .select()
    .from(jobRuns)
    .where(job ? eq(jobRuns.job, job) : undefined)
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(limit);
}

/** Drops a job lock held by a process of this host that no longer exists; true if one was dropped. */
export async function releaseDeadLocalLock(db: Db, job: string, self: string): Promise<boolean> {
  const [lock] = await db.select().from(jobLocks).where(eq(jobLocks.job, job));
  if (!lock) return false;
  const cut = lock.owner.lastIndexOf(':');
  const host = lock.owner.slice(0, cut);
  const pid = Number(lock.owner.slice(cut + 1));
  if (host !== self.slice(0, self.lastIndexOf(':')) || !Number.isInteger(pid) || lock.owner === self || isProcessAlive(pid)) return false;
  const gone = await db
    .delete(jobLocks)
    .where(and(eq(jobLocks.job, job), eq(jobLocks.owner, lock.owner)))
    .returning({ job: jobLocks.job });
  return gone.length > 0;
}
