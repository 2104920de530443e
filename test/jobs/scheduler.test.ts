import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { jobLocks, jobRuns } from '../../db/schema/index.ts';
import { emptyResult, type JobDefinition } from '../../jobs/job-types.ts';
import { backoff, runJobSlot } from '../../jobs/run-job.ts';
import { missedSlots, startScheduler } from '../../jobs/scheduler.ts';
import { runHistory } from '../../src/services/job-ledger.ts';
import { testJobDeps } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

let database: TestDatabase;
const now = new Date('2025-11-21T03:00:00Z'); // 11:00 in Shanghai
/** A daily job at 09:00 in Shanghai working on the day before, and the slots it ran. */
function dailyJob(): { daily: JobDefinition; ran: string[] } {
  const ran: string[] = [];
  const daily: JobDefinition = {
    name: 'daily',
    schedule: '0 9 * * *',
    description: 'test',
    catchUp: true,
    dataDayOf: (slot) => new Date(slot.getTime() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10),
    async run(ctx) {
      ran.push(`${ctx.slot.toISOString()}|${ctx.dataDay}`);
      return emptyResult();
    },
  };
  return { daily, ran };
}

beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database?.close();
});
// What is due depends on the whole ledger (and, through the bug below, on other jobs' failed runs):
// each test starts with an empty one.
beforeEach(async () => {
  await database.db.delete(jobRuns);
  await database.db.delete(jobLocks);
});

describe('scheduler', () => {
  it('with no history, only the latest slot is caught up', async () => {
    const { daily } = dailyJob();
    const deps = testJobDeps(database.db, { now });
    expect((await missedSlots(deps, daily)).map((d) => d.toISOString())).toEqual(['2025-11-21T01:00:00.000Z']);
  });

  it('at start, the slots missed since the last success run once each, with their data day', async () => {
    const { daily, ran } = dailyJob();
    const deps = testJobDeps(database.db, { now });
    await database.db.insert(jobRuns).values({ job: 'daily', slot: '2025-11-17T01:00:00.000Z', trigger: 'schedule', status: 'succeeded', owner: 'old' });
    // 18 Nov failed; 19 Nov was claimed by a process that died (no heartbeat for an hour).
    await database.db
      .insert(jobRuns)
      .values({ job: 'daily', slot: '2025-11-18T01:00:00.000Z', trigger: 'schedule', status: 'failed', owner: 'old', error: 'timeout' });
    await database.db.insert(jobRuns).values({
      job: 'daily',
      slot: '2025-11-19T01:00:00.000Z',
      trigger: 'schedule',
      status: 'running',
      owner: 'dead',
      heartbeatAt: sql`now() - interval '1 hour'`,
    });
    const scheduler = startScheduler(deps, [daily]);
    await scheduler.initialCatchUp;
    await scheduler.stop();
    expect(ran).toEqual([
      '2025-11-18T01:00:00.000Z|2025-11-17',
      '2025-11-19T01:00:00.000Z|2025-11-18',
      '2025-11-20T01:00:00.000Z|2025-11-19',
      '2025-11-21T01:00:00.000Z|2025-11-20',
    ]);
    const rows = await database.db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.job, 'daily'), eq(jobRuns.slot, '2025-11-18T01:00:00.000Z')));
    expect(rows[0]).toMatchObject({ status: 'succeeded', attempt: 2, trigger: 'schedule' });
    // and a second start finds nothing to do
    ran.length = 0;
    const again = startScheduler(deps, [daily]);
    await again.initialCatchUp;
    await again.stop();
    expect(ran).toEqual([]);
  });

  it('catch-up is bounded by JOBS_CATCH_UP_MAX (the most recent slots)', async () => {
    const { daily } = dailyJob();
    // The last success is 19 slots back, more than the 3 allowed (with no history only the latest is due).
    await database.db.insert(jobRuns).values({ job: 'daily', slot: '2025-11-21T01:00:00.000Z', trigger: 'schedule', status: 'succeeded', owner: 'old' });
    const deps = testJobDeps(database.db, { now: new Date('2025-12-10T03:00:00Z'), config: { JOBS_CATCH_UP_MAX: '3' } });
    expect((await missedSlots(deps, daily)).map((d) => d.toISOString().slice(0, 10))).toEqual(['2025-12-08', '2025-12-09', '2025-12-10']);
  });

  it('a running job is not overlapped: a second slot waits for the first to finish', async () => {
    let active = 0;
    let maxActive = 0;
    const slow: JobDefinition = {
      name: 'slow',
      schedule: '* * * * *',
      description: 'test',
      catchUp: false,
      async run() {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 300));
        active -= 1;
        return emptyResult();
      },
    };
    const deps = testJobDeps(database.db, { now });
    const outcomes = await Promise.all([0, 1, 2].map((i) => runJobSlot(deps, slow, { slot: new Date(Date.UTC(2025, 0, 1, 0, i)), trigger: 'schedule' })));
    expect(outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(maxActive).toBe(1);
  });

  it('an internal error fails the run without retrying; retryable ones back off exponentially with jitter', async () => {
    const broken: JobDefinition = {
      name: 'broken',
      schedule: '* * * * *',
      description: 'test',
      catchUp: false,
      run: async () => {
        throw new TypeError('select boom from secrets');
      },
    };
    const outcome = await runJobSlot(testJobDeps(database.db, { now }), broken, { slot: now, trigger: 'manual' });
    // A bug's own text (it may be SQL) stays in the log; the ledger, the API and the CLI say where to look.
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'internal', message: '任务内部错误，详情见服务器日志' } });
    const [row] = await runHistory(database.db, 'broken', 1);
    expect(row!.error).not.toContain('select');
    expect([1, 2, 3, 4].map((a) => backoff(a, 1000, 60_000, null, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3].map((a) => backoff(a, 1000, 60_000, null, () => 0))).toEqual([500, 1000, 2000]);
    expect(backoff(10, 1000, 60_000, null, () => 1)).toBe(60_000);
    expect(backoff(1, 1000, 60_000, 30_000, () => 0)).toBe(30_000);
  });

  // claimSlot's takeover condition once lacked parentheses around `(running and stale) or failed`, so retaking
  // one failed slot took over every failed run of every job (found by shuffling the tests).
  it('retaking a failed slot takes over that slot only', async () => {
    const { daily, ran } = dailyJob();
    const slot = '2025-11-20T01:00:00.000Z';
    await database.db
      .insert(jobRuns)
      .values({ job: 'other', slot: '2025-11-01T01:00:00.000Z', trigger: 'schedule', status: 'failed', owner: 'old', error: 'timeout' });
    const [own] = await database.db
      .insert(jobRuns)
      .values({ job: 'daily', slot, trigger: 'schedule', status: 'failed', owner: 'old', error: 'timeout' })
      .returning({ id: jobRuns.id });
    const deps = testJobDeps(database.db, { now });
    const outcome = await runJobSlot(deps, daily, { slot: new Date(slot), trigger: 'catch_up' });
    expect(outcome).toMatchObject({ status: 'succeeded', runId: own!.id });
    expect(ran).toEqual([`${slot}|2025-11-19`]);
    const rows = await database.db.select().from(jobRuns).orderBy(jobRuns.job);
    expect(rows.map((r) => `${r.job}|${r.status}|${r.attempt}|${r.owner}`)).toEqual([`daily|succeeded|2|${deps.owner}`, 'other|failed|1|old']);
  });
});
