import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { accessTokens, channels, jobRuns, postStats, posts } from '../../db/schema/index.ts';
import { wechatJob } from '../../jobs/definitions/wechat.ts';
import type { JobDeps } from '../../jobs/job-types.ts';
import { jobDefinitions, runWithFollowUp } from '../../jobs/registry.ts';
import { runJobSlot } from '../../jobs/run-job.ts';
import { addChannel } from '../../src/services/channels.ts';
import { projectProgress } from '../../src/services/progress.ts';
import { growingArticle, startWechatFake, type FakeArticle, type WechatFake } from '../fakes/wechat-server.ts';
import { channelRules, importSeed, projectRow, testJobDeps } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// Data day D = 2025-11-20 (the 09:00 run of 21 November). The job asks D and the 30 days before it:
// 2025-10-21 … 2025-11-20, the days before 1 November through the deprecated endpoint.
const D = '2025-11-20';
const now = new Date('2025-11-21T01:00:00Z'); // 09:00 in Shanghai

let database: TestDatabase;
let fake: WechatFake;
let deps: JobDeps;
let campaign: number;
let articles: FakeArticle[];
/** The snapshot of an uninterrupted run of 21 November (on the 22nd), from an empty database. */
let uninterrupted: Awaited<ReturnType<typeof snapshot>>;

function day(start: string, plus: number) {
  return new Date(Date.parse(`${start}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
}

async function snapshot() {
  const db = database.db;
  return {
    posts: (await db.select({ e: posts.externalId, t: posts.title, d: posts.day }).from(posts).orderBy(posts.externalId)).map((r) => `${r.e}|${r.t}|${r.d}`),
    stats: (
      await db
        .select({ p: posts.externalId, d: postStats.day, r: postStats.readers, s: postStats.shares })
        .from(postStats)
        .innerJoin(posts, eq(posts.id, postStats.postId))
        .orderBy(posts.externalId, postStats.day)
    ).map((r) => `${r.p}|${r.d}|${r.r}|${r.s}`),
  };
}

async function campaignProgress(asOf = D) {
  const p = await projectProgress(database.db, await projectRow(database.db, campaign), asOf);
  const find = (name: string) => p.indicators.find((i) => i.description === name)!;
  return { posts: find('在两微发表信息').actual, readers: find('阅读量').actual };
}

const run = (dataDay = D) => runWithFollowUp(deps, jobDefinitions(deps.config), wechatJob('0 9 * * *'), { slot: new Date(), trigger: 'manual', dataDay });

/** The next morning (22 November): the fake serves 21 November, the job's data day. */
function nextDay() {
  fake.state.today = '2025-11-22';
  deps = { ...deps, now: () => new Date('2025-11-22T01:00:00Z') };
}

async function runSucceeds(dataDay = D) {
  const [outcome] = await run(dataDay);
  expect(outcome).toMatchObject({ status: 'succeeded' });
}

/**
 * The job walks every WeChat channel, and the token it keeps is the fake's: each test starts with no
 * channel, no post and no stored token, one channel of the campaign and a fresh fake on 21 November.
 */
async function arrangeChannel() {
  await database.db.delete(channels);
  await database.db.delete(accessTokens);
  await fake?.close();
  fake = await startWechatFake({ appId: 'wxcampaign', secret: 's3cret', articles, today: '2025-11-21' });
  deps = testJobDeps(database.db, { now, env: { JIXIAO_SECRET_WX: 's3cret' }, config: { WECHAT_API_BASE: fake.url } });
  await addChannel(
    database.db,
    { platform: 'wechat', name: '美丽天津', projects: [campaign], settings: { appId: 'wxcampaign', secretEnv: 'JIXIAO_SECRET_WX' } },
    channelRules(deps),
  );
}

beforeAll(async () => {
  database = await createTestDb();
  // 45 articles, one a day from 10 October, each with 5 days of growing figures (100 readers a day).
  articles = Array.from({ length: 45 }, (_, i) =>
    growingArticle({ refDate: day('2025-10-10', i), msgid: `${2247490000 + i}_1`, title: `美丽天津 第${i + 1}期`, days: 5, readersPerDay: 100 }),
  );
  campaign = (await importSeed(database.db, 2025))[1]!;
});
beforeAll(async () => {
  // What an uninterrupted run of 21 November stores from nothing: the runs through faults must store the same.
  await arrangeChannel();
  nextDay();
  await runSucceeds('2025-11-21');
  uninterrupted = await snapshot();
  expect(uninterrupted.posts).toHaveLength(31); // published 22 Oct … 21 Nov
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});
beforeEach(arrangeChannel);

describe('wechat job', () => {
  it('fills the posts and readers of D and the 30 days before it; the campaign indicators move', async () => {
    const before = await campaignProgress();
    expect(before).toEqual({ posts: 0, readers: 0 });
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1 });

    // Published 21 Oct … 20 Nov: articles 11 … 41 (31 posts).
    const inWindow = articles.filter((a) => a.ref_date >= '2025-10-21' && a.ref_date <= D);
    expect(inWindow).toHaveLength(31);
    // Latest figures as of D: an article published k days before D has min(k + 1, 5) × 100 readers.
    const readers = inWindow.reduce((sum, a) => sum + [...a.stats].filter((s) => s.stat_date <= D).at(-1)!.read_user, 0);
    expect(await campaignProgress()).toEqual({ posts: 31, readers });
    expect(readers).toBe(27 * 500 + 400 + 300 + 200 + 100);
    expect(fake.calls('getarticletotal').length).toBe(11); // 21–31 October, the deprecated endpoint
    expect(fake.calls('getarticletotaldetail').length).toBe(20);
    expect(fake.calls('stable_token').length).toBe(1);
  });

  it('running the same date again changes nothing', async () => {
    await runSucceeds();
    const before = await snapshot();
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 0, updated: 0 } });
    expect(await snapshot()).toEqual(before);
    expect(fake.calls('stable_token').length).toBe(1); // the token in the database was reused
  });

  it('the next day adds the new post and a new snapshot for the growing ones', async () => {
    await runSucceeds();
    nextDay();
    const [outcome] = await run('2025-11-21');
    expect(outcome!.status).toBe('succeeded');
    const p = await campaignProgress('2025-11-21');
    expect(p.posts).toBe(32);
    expect(p.readers).toBeGreaterThan((await campaignProgress(D)).readers!);
  });

  it('a token that expires mid-run is refreshed once and the data are those of an uninterrupted run', async () => {
    nextDay();
    fake.setMode({ kind: 'tokenExpires', afterDataCalls: 5 });
    const [outcome] = await run('2025-11-21');
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(fake.state.tokensIssued).toBe(2);
    expect(await snapshot()).toEqual(uninterrupted);
  });

  it.each([
    ['system busy (-1), twice', { kind: 'errcode', errcode: -1, times: 2 }],
    ['a 502 HTML page', { kind: 'serverError', times: 1 }],
    ['malformed JSON', { kind: 'malformedJson', times: 1 }],
    ['truncated JSON with the connection cut', { kind: 'truncatedJson', dropConnection: true, times: 1 }],
    ['headers slower than the timeout', { kind: 'slowHeaders', delayMs: 2500, times: 1 }],
    ['repeated and reordered items', { kind: 'repeatItems' }],
  ] as const)('recovers from %s with retries and correct data', async (_name, mode) => {
    nextDay();
    fake.setMode(mode as never);
    const [outcome] = await run('2025-11-21');
    expect(outcome!.status).toBe('succeeded');
    expect(await snapshot()).toEqual(uninterrupted);
  });

  it.each([
    ['IP not whitelisted (40164)', 40164, 'config'],
    ['API not permitted (48001)', 48001, 'config'],
    ['daily quota reached (45009)', 45009, 'quota'],
  ] as const)('%s fails the run at once with the upstream message and stores nothing new', async (_name, errcode, kind) => {
    // Stored posts and a stored token: the failing run must leave both as they are and ask nothing else.
    nextDay();
    await runSucceeds('2025-11-21');
    const before = await snapshot();
    expect(before.posts.length).toBeGreaterThan(0);
    const callsBefore = fake.requests.length;
    fake.setMode({ kind: 'errcode', errcode, on: 'data' });
    const [outcome] = await run('2025-11-21');
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1, error: { kind, code: String(errcode) } });
    expect(outcome!.error!.message).toContain(`微信接口错误 ${errcode}`);
    expect(outcome!.error!.message).not.toContain('s3cret');
    expect(fake.requests.length - callsBefore).toBe(1);
    expect(await snapshot()).toEqual(before);
    const [row] = await database.db.select().from(jobRuns).where(eq(jobRuns.id, outcome!.runId!));
    expect(row).toMatchObject({ status: 'failed', errorKind: kind, errorCode: String(errcode) });
  });

  it('a wrong secret is a configuration error naming the upstream code', async () => {
    nextDay();
    fake.state.secret = 'rotated';
    await database.db.execute(sql`delete from access_tokens`);
    const [outcome] = await run('2025-11-21');
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'config', code: '40125' } });
  });

  it('the same scheduled slot runs once, however often it is asked', async () => {
    nextDay();
    const slot = new Date('2025-11-22T01:00:00Z');
    const def = wechatJob('0 9 * * *');
    const results = await Promise.all([1, 2, 3].map(() => runJobSlot(deps, def, { slot, trigger: 'schedule' })));
    expect(results.filter((r) => r.status === 'succeeded')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'not_claimed')).toHaveLength(2);
    const again = await runJobSlot(deps, def, { slot, trigger: 'schedule' });
    expect(again.status).toBe('not_claimed');
    const [{ n }] = (await database.db.select({ n: count() }).from(jobRuns).where(eq(jobRuns.slot, slot.toISOString()))) as [{ n: number }];
    expect(n).toBe(1);
  });
});
