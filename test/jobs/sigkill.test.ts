import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { postStats, posts } from '../../db/schema/index.ts';
import { wechatJob } from '../../jobs/definitions/wechat.ts';
import { runJobSlot } from '../../jobs/run-job.ts';
import { addChannel } from '../../src/services/channels.ts';
import { growingArticle, startWechatFake, type WechatFake } from '../fakes/wechat-server.ts';
import { importSeed, testJobDeps } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// `jixiao jobs run wechat --date D` in a child process, killed with SIGKILL half-way, then run again:
// the stored data must equal an uninterrupted run's, with no duplicate, no gap, no half-written day.
const D = '2025-11-20';
const onPostgres = process.env.TEST_DB_KIND === 'postgres';
const dir = mkdtempSync(join(tmpdir(), 'jixiao-kill-'));
let fake: WechatFake;
let reference: TestDatabase;
let target: TestDatabase | null = null;

async function prepare(db: Db) {
  const [, campaign] = await importSeed(db, 2025);
  await addChannel(
    db,
    { platform: 'wechat', name: '美丽天津', projects: [campaign!], settings: { appId: 'wxkill', secretEnv: 'JIXIAO_SECRET_WX' } },
    { outboundHosts: [] },
  );
}

async function snapshot(db: Db) {
  const p = await db.select({ e: posts.externalId, t: posts.title, d: posts.day }).from(posts).orderBy(posts.externalId);
  const s = await db
    .select({ p: posts.externalId, d: postStats.day, r: postStats.readers, sh: postStats.shares, l: postStats.likes })
    .from(postStats)
    .innerJoin(posts, eq(posts.id, postStats.postId))
    .orderBy(posts.externalId, postStats.day);
  return { posts: p.map((r) => Object.values(r).join('|')), stats: s.map((r) => Object.values(r).join('|')) };
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WECHAT_API_BASE: fake.url,
    JIXIAO_SECRET_WX: 'kill-secret',
    LOG_LEVEL: 'silent',
    JOBS_BACKOFF_BASE_MS: '20',
  };
  if (onPostgres) env.DATABASE_URL = target!.url!;
  else {
    delete env.DATABASE_URL;
    env.DATA_DIR = join(dir, 'data');
  }
  return env;
}

async function withTarget<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  if (onPostgres) return fn(target!.db);
  const database: Database = await openDatabase({ dataDir: join(dir, 'data') });
  try {
    await runMigrations(database);
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  const articles = Array.from({ length: 40 }, (_, i) =>
    growingArticle({
      refDate: new Date(Date.parse('2025-10-12T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10),
      msgid: `${2247500000 + i}_1`,
      title: `第${i + 1}期`,
      days: 6,
    }),
  );
  fake = await startWechatFake({ appId: 'wxkill', secret: 'kill-secret', articles, today: '2025-11-21' });
  // The uninterrupted run, in a database of its own.
  reference = await createTestDb();
  await prepare(reference.db);
  const deps = testJobDeps(reference.db, {
    now: new Date('2025-11-21T01:00:00Z'),
    env: { JIXIAO_SECRET_WX: 'kill-secret' },
    config: { WECHAT_API_BASE: fake.url },
  });
  const outcome = await runJobSlot(deps, wechatJob('0 9 * * *'), { slot: new Date(), trigger: 'manual', dataDay: D });
  expect(outcome.status).toBe('succeeded');
  if (onPostgres) target = await createTestDb();
  await withTarget(prepare);
}, 120_000);

afterAll(async () => {
  await fake?.close();
  await reference?.close();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a run killed with SIGKILL', () => {
  it('is completed by the next run with exactly the data of an uninterrupted one', async () => {
    // Slow every data answer so the kill lands mid-run, between and inside day transactions.
    fake.setMode({ kind: 'slowBody', delayMs: 150 });
    const callsBefore = fake.calls('getarticletotal').length + fake.calls('getarticletotaldetail').length;
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/jixiao.ts', 'jobs', 'run', 'wechat', '--date', D], { env: childEnv(), stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(signal === 'SIGKILL' ? -9 : code)));
    const deadline = Date.now() + 60_000;
    while (fake.calls('getarticletotal').length + fake.calls('getarticletotaldetail').length - callsBefore < 12) {
      if (Date.now() > deadline) throw new Error('the child never got going');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe(-9);

    const partial = await withTarget(snapshot);
    const full = await snapshot(reference.db);
    expect(partial.posts.length).toBeGreaterThan(0);
    expect(partial.posts.length).toBeLessThan(full.posts.length);

    fake.setMode();
    // Not spawnSync: the fake upstream lives in this process and must keep answering.
    const again = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, ['--import', 'tsx', 'bin/jixiao.ts', 'jobs', 'run', 'wechat', '--date', D], { env: childEnv() });
      let out = '';
      c.stdout.on('data', (b: Buffer) => (out += b.toString()));
      c.stderr.on('data', (b: Buffer) => (out += b.toString()));
      c.on('exit', (code) => resolve({ code, out }));
    });
    expect(again.code, again.out).toBe(0);
    expect(await withTarget(snapshot)).toEqual(full);
  }, 180_000);
});
