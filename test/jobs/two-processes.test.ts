import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addProbeEndpoint } from '../../src/services/probes.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

const exec = promisify(execFile);
const onPostgres = process.env.TEST_DB_KIND === 'postgres';

// A PGlite data dir belongs to one process, so these run on the PostgreSQL pass only.
describe.runIf(onPostgres)('two processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let target: Server;

  beforeAll(async () => {
    database = await createTestDb();
    target = createServer((socket) => socket.end()).listen(0, '127.0.0.1');
    await new Promise((r) => target.once('listening', r));
    const port = (target.address() as { port: number }).port;
    await addProbeEndpoint(database.db, { name: 'local', target: `tcp://127.0.0.1:${port}`, projectId: null });
  });
  afterAll(async () => {
    target?.close();
    await database?.close();
  });

  const child = (mode: string, arg?: string) =>
    exec(process.execPath, ['--import', 'tsx', 'test/jobs/run-slots.ts', mode, ...(arg ? [arg] : [])], {
      env: { ...process.env, DATABASE_URL: database.url!, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    }).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1)!) as { pid: number; ran: string[] });

  it('a simulated day of 288 probe slots: every slot ran exactly once between them', async () => {
    // The counts below are of this day's runs: the scheduler test leaves runs and results of its own.
    await database.db.execute(sql`delete from job_runs`);
    await database.db.execute(sql`delete from probe_results`);
    const [a, b] = await Promise.all([child('day'), child('day')]);
    const all = [...a.ran, ...b.ran];
    expect(all).toHaveLength(288);
    expect(new Set(all).size).toBe(288);
    const rows = (await database.db.execute(sql`
      select count(*)::int as runs, count(distinct slot)::int as slots, max(attempt)::int as attempts,
        count(*) filter (where status = 'succeeded')::int as ok
      from job_runs where job = 'probes'`)) as unknown as { runs: number; slots: number; attempts: number; ok: number }[];
    expect(rows[0]).toEqual({ runs: 288, slots: 288, attempts: 1, ok: 288 });
    const probes = (await database.db.execute(sql`select count(*)::int as n, count(distinct checked_at)::int as d from probe_results`)) as unknown as {
      n: number;
      d: number;
    }[];
    expect(probes[0]).toEqual({ n: 288, d: 288 });
  }, 180_000);

  it('the real node-cron scheduler in both processes, every second for 6 s: each second ran once', async () => {
    await database.db.execute(sql`delete from job_runs`);
    const [a, b] = await Promise.all([child('cron', '6000'), child('cron', '6000')]);
    const all = [...a.ran, ...b.ran];
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(new Set(all).size).toBe(all.length);
    const rows = (await database.db.execute(
      sql`select slot, count(*)::int as n from job_runs where job = 'probes' group by slot having count(*) > 1`,
    )) as unknown as unknown[];
    expect(rows).toEqual([]);
    const ledger = (await database.db.execute(sql`select count(*)::int as n from job_runs where job = 'probes' and status = 'succeeded'`)) as unknown as {
      n: number;
    }[];
    expect(ledger[0]!.n).toBe(all.length);
  }, 60_000);
});
