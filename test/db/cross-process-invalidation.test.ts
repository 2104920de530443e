import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { defaultEvaluationSettings } from '../../src/evaluation/settings.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import { createProgressCache, type ProgressCache } from '../../src/services/progress-cache.ts';
import { createProgressReader, type ProgressReader } from '../../src/services/progress-reader.ts';
import { addEntries } from '../../src/services/entries.ts';
import { importSeed } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// Two processes on one PostgreSQL (docs/design.md "Caches and invalidation"): a write committed in one is
// pushed to the other through LISTEN/NOTIFY; the other's next read after the note shows it, without its reads
// ever asking the database whether they are current. A lost LISTEN connection stops the cache until it is back.

const onPostgres = process.env.TEST_DB_KIND === 'postgres';
let database: TestDatabase;
let feed: ChangeFeed;
let cache: ProgressCache;
let reader: ProgressReader;
let project: number;
const today = '2025-01-15';

/** Resolves once the feed brings a change naming `project` (or everything), or rejects after 10 s. */
function noteFor(id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no change note for project ${id} within 10 s`)), 10_000);
    const stop = feed.subscribe((c) => {
      if (c.projects === 'all' || c.projects.has(id)) {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  });
}

async function reports(): Promise<number> {
  const { report } = await reader.project(project, { asOf: '2024-12-31', today });
  return report.projects[0]!.indicators.find((i) => i.level3 === '完成工作目标')!.actual ?? 0;
}

function otherProcessAddsReport(title: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/scripts/add-report.ts', database.url!, String(project), title], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
}

describe.runIf(onPostgres)('two processes on one PostgreSQL', () => {
  // Each test counts the reports of its project from none and judges the cache's counters from a fresh
  // start: a database of its own (a PostgreSQL template copy) with the seed, a feed and a cache.
  beforeEach(async () => {
    database = await createTestDb();
    project = (await importSeed(database.db, 2024))[2]!;
    feed = await startChangeFeed(database);
    cache = createProgressCache(feed);
    reader = createProgressReader(database.db, defaultEvaluationSettings, cache);
  });
  afterEach(async () => {
    await feed?.close();
    await database?.close();
  });

  it('a write committed in another process reaches this one’s cache: the next read after its note shows it', async () => {
    expect(await reports()).toBe(0);
    expect(await reports()).toBe(0);
    const { hits, misses } = cache.stats();
    expect(hits).toBeGreaterThanOrEqual(1);

    const noted = noteFor(project);
    otherProcessAddsReport('另一进程的报告');
    await noted;
    expect(await reports()).toBe(1);
    expect(cache.stats().misses).toBe(misses + 1);
  });

  it('a lost LISTEN connection stops the cache (reads compute) until it is back, and then starts afresh', async () => {
    // One report already there (written here), so the one written while nobody listens makes two.
    await addEntries(database.db, project, [{ kind: 'report', fields: { date: '2024-03-01', title: '先前的报告' } }], {
      source: 'manual',
      author: null,
      now: new Date('2024-06-01T00:00:00Z'),
    });
    expect(await reports()).toBe(1);
    const lost = new Promise<void>((resolve) => {
      const stop = feed.subscribe(() => {
        if (!feed.trusted()) {
          stop();
          resolve();
        }
      });
    });
    await database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`);
    await lost;
    expect(feed.trusted()).toBe(false);
    // While nobody listens, a write elsewhere could be missed: every read computes, and sees it.
    otherProcessAddsReport('断线期间的报告');
    const before = cache.stats();
    expect(await reports()).toBe(2);
    expect(cache.stats().hits).toBe(before.hits);

    for (let i = 0; i < 100 && !feed.trusted(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(feed.trusted()).toBe(true);
    expect(await reports()).toBe(2);
    expect(await reports()).toBe(2);
    expect(cache.stats().hits).toBe(before.hits + 1);
  });
});
