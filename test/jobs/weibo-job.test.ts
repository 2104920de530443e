import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { channelCursors, channelDaily, channels, jobRuns, postStats, posts } from '../../db/schema/index.ts';
import { weiboJob } from '../../jobs/definitions/weibo.ts';
import type { JobDeps } from '../../jobs/job-types.ts';
import { jobDefinitions, runWithFollowUp } from '../../jobs/registry.ts';
import { backoff, runJobSlot } from '../../jobs/run-job.ts';
import { addChannel } from '../../src/services/channels.ts';
import { projectProgress } from '../../src/services/progress.ts';
import { startWeiboFake, weiboStatus, type WeiboFake, type WeiboFakeEndpoint, type WeiboFakeMode, type WeiboFakeStatus } from '../fakes/weibo-server.ts';
import { channelRules, importSeed, projectRow, testJobDeps } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// The campaign's Weibo account (seed project 2, 2025). Today is 10 June 2025, the 09:00 run in Shanghai.
// 130 posts, one every 6 hours from 8 May; ids above 2^53 so a rounded JSON number would show.
const UID = '1195230310';
const TOKEN = 'weibo-secret-token';
const T0 = Date.parse('2025-06-10T01:00:00Z');
const DAY_MS = 86_400_000;
const BASE_ID = 9_100_000_000_000_000n;

let database: TestDatabase;
let fake: WeiboFake;
let deps: JobDeps;
let campaign: number;
let channelId: number;
// Per test (reset before each): today's time and the number of the last post made.
let clock = T0;
let nextIndex = 0;
// Only keeps the ledger's (job, slot) keys apart: no expected value depends on it.
let slotSeq = 0;

const shanghaiDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const today = () => shanghaiDay(clock);
const iso = (v: string) => new Date(v).toISOString();

/** Post n: HTML text (the title is its plain text), growing counters, reads for the count endpoint. */
function makeStatus(n: number, at: number): WeiboFakeStatus {
  return weiboStatus({
    id: (BASE_ID + BigInt(n)).toString(),
    at: new Date(at),
    text: `<a href="/n/美丽天津">@美丽天津</a> 第${n}条&amp;通知<br/>详见全文`,
    reposts: n % 7,
    comments: n % 5,
    likes: 10 + n,
    reads: 100 + n,
  });
}
const titleOf = (s: WeiboFakeStatus) =>
  s.text
    .replace(/<br\/>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&');
const publishedMs = (s: WeiboFakeStatus) => {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}:\d{2}:\d{2}) \+0800 (\d{4})$/.exec(s.created_at)!;
  return Date.parse(`${m[2]} ${m[1]} ${m[4]} ${m[3]} GMT+0800`);
};

/** A new post published a few hours before the current clock. */
function publishOne(): WeiboFakeStatus {
  const s = makeStatus(++nextIndex, clock - 5 * 3_600_000);
  fake.state.statuses.push(s);
  return s;
}

/** The most recent `k` posts gain reposts/comments/likes/reads. */
function grow(k: number) {
  const newestFirst = [...fake.state.statuses].sort((a, b) => (BigInt(b.idstr) > BigInt(a.idstr) ? 1 : -1));
  for (const s of newestFirst.slice(0, k)) {
    s.reposts_count += 2;
    s.comments_count += 1;
    s.attitudes_count += 5;
    s.reads = (s.reads ?? 0) + 50;
  }
}

/** What the database should hold after a successful run today, from the fake's current state. */
function expected(withReads = true) {
  const list = fake.state.statuses;
  return {
    posts: list
      .map((s) => `${s.idstr}|${titleOf(s)}|https://weibo.com/${UID}/${s.idstr}|${new Date(publishedMs(s)).toISOString()}|${shanghaiDay(publishedMs(s))}`)
      .sort(),
    today: list.map((s) => `${s.idstr}|${today()}|${withReads ? s.reads : null}|${s.reposts_count}|${s.comments_count}|${s.attitudes_count}`).sort(),
  };
}

async function actual() {
  const db = database.db;
  const p = await db.select().from(posts).where(eq(posts.channelId, channelId));
  const s = await db
    .select({ e: posts.externalId, d: postStats.day, r: postStats.readers, sh: postStats.shares, c: postStats.comments, l: postStats.likes })
    .from(postStats)
    .innerJoin(posts, eq(posts.id, postStats.postId))
    .where(eq(postStats.day, today()));
  return {
    posts: p.map((r) => `${r.externalId}|${r.title}|${r.url}|${iso(r.publishedAt)}|${r.day}`).sort(),
    today: s.map((r) => `${r.e}|${r.d}|${r.r}|${r.sh}|${r.c}|${r.l}`).sort(),
  };
}

/** Every row the job may write, for "nothing changed" comparisons. */
async function snapshot() {
  const db = database.db;
  return {
    posts: (await db.select().from(posts).orderBy(posts.externalId)).map(
      (r) => `${r.externalId}|${r.title}|${r.url}|${iso(r.publishedAt)}|${r.day}|${r.source}`,
    ),
    stats: (await db.select().from(postStats).innerJoin(posts, eq(posts.id, postStats.postId)).orderBy(posts.externalId, postStats.day)).map(
      ({ post_stats: s, posts: p }) =>
        `${p.externalId}|${s.day}|${s.readers}|${s.reads}|${s.shares}|${s.likes}|${s.comments}|${s.zaikan}|${s.favourites}|${s.source}`,
    ),
    daily: (await db.select().from(channelDaily).orderBy(channelDaily.channelId, channelDaily.day)).map(
      (r) => `${r.channelId}|${r.day}|${r.posts}|${r.readers}|${r.reads}`,
    ),
    cursors: await db.select({ c: channelCursors.channelId, cursor: channelCursors.cursor }).from(channelCursors).orderBy(channelCursors.channelId),
  };
}

async function cursor() {
  const [row] = await database.db.select().from(channelCursors).where(eq(channelCursors.channelId, channelId));
  return row?.cursor ?? null;
}

async function campaignProgress() {
  const p = await projectProgress(database.db, await projectRow(database.db, campaign), today());
  const find = (name: string) => p.indicators.find((i) => i.description === name)!;
  return { posts: find('在两微发表信息').actual, readers: find('阅读量').actual };
}

const newestId = () => fake.state.statuses.reduce((m, s) => (BigInt(s.idstr) > m ? BigInt(s.idstr) : m), 0n).toString();
const sumReads = () => fake.state.statuses.reduce((a, s) => a + (s.reads ?? 0), 0);

function run(d: JobDeps = deps) {
  return runWithFollowUp(d, jobDefinitions(d.config), weiboJob('0 9 * * *'), { slot: new Date(clock + ++slotSeq * 1000), trigger: 'manual' });
}

/** The next day: one more post, the recent ones grow. */
function nextDay() {
  clock += DAY_MS;
  deps = { ...deps, now: () => new Date(clock) };
  publishOne();
  grow(10);
}

/** Where most tests start: the first run has stored the 130 posts with today's snapshots and set the cursor. */
async function firstRun() {
  const [outcome] = await run();
  expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 260, updated: 0 } });
}

/** Upstream answers that reject the token: each fails a run as a configuration error. */
const TOKEN_ERRORS = [
  ['an expired token (21327)', { kind: 'expired_token' }, '21327'],
  ['an expired token sent with a string error_code ("21327")', { kind: 'weibo_error', code: '21327', error: 'expired_token' }, '21327'],
  ['an invalid token (21332)', { kind: 'invalid_token' }, '21332'],
  ['a missing app key with a string error_code ("10006")', { kind: 'string_error_code' }, '10006'],
] as const;

beforeAll(async () => {
  database = await createTestDb();
  campaign = (await importSeed(database.db, 2025))[1]!;
});
afterAll(async () => {
  await database?.close();
});
// The job reads every Weibo channel in the database, and the ledger keeps every run: each test starts
// as on a fresh database (the seed only), then adds its own channel in its describe's beforeEach.
beforeEach(async () => {
  await database.db.delete(channels).where(eq(channels.platform, 'weibo'));
  await database.db.delete(jobRuns);
});

describe('weibo job (with the commercial count endpoint)', () => {
  beforeEach(async () => {
    clock = T0;
    nextIndex = 0;
    const statuses: WeiboFakeStatus[] = [];
    const start = Date.parse('2025-05-08T02:00:00Z');
    for (let i = 0; i < 130; i++) statuses.push(makeStatus(++nextIndex, start + i * 6 * 3_600_000));
    fake = await startWeiboFake({ token: TOKEN, uid: UID, statuses });
    deps = testJobDeps(database.db, { now: new Date(clock), env: { JIXIAO_SECRET_WEIBO: TOKEN }, config: { OUTBOUND_HOSTS: '127.0.0.1' } });
    deps = { ...deps, now: () => new Date(clock) };
    const channel = await addChannel(
      database.db,
      {
        platform: 'weibo',
        name: '美丽天津微博',
        projects: [campaign],
        settings: { uid: UID, tokenEnv: 'JIXIAO_SECRET_WEIBO', baseUrl: fake.url, countUrl: fake.countUrl },
      },
      channelRules(deps),
    );
    channelId = channel.id;
  });
  afterEach(async () => {
    await fake?.close();
  });

  it('the first run stores every post with a snapshot, keeps the newest id as cursor and moves 在两微发表信息 and 阅读量', async () => {
    expect(await campaignProgress()).toEqual({ posts: 0, readers: 0 });
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1, result: { inserted: 260, updated: 0, failed: 0, changedProjects: [campaign] } });

    expect(await actual()).toEqual(expected());
    expect(await campaignProgress()).toEqual({ posts: 130, readers: sumReads() });
    expect(await cursor()).toEqual({ sinceId: newestId(), readersSource: 'commercial' });

    // 130 posts: two timeline pages of 100, no since_id; two count calls of at most 100 ids.
    const timeline = fake.calls('timeline');
    expect(timeline.map((r) => r.query.page)).toEqual(['1', '2']);
    for (const r of timeline) expect(r.query).toMatchObject({ access_token: TOKEN, uid: UID, count: '100' });
    expect(timeline.every((r) => r.query.since_id === undefined)).toBe(true);
    const counts = fake.calls('count');
    expect(counts).toHaveLength(2);
    expect(counts.map((r) => r.query.ids!.split(',').length).sort()).toEqual([100, 30].sort());
  });

  it('running the same date again changes nothing; a scheduled slot runs once', async () => {
    await firstRun();
    const before = await snapshot();
    const seen = fake.requests.length;
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 0, updated: 0 } });
    expect(await snapshot()).toEqual(before);
    // New posts since the cursor (none), then the recent pages again for fresh counters.
    const asked = fake.requests.slice(seen).filter((r) => r.path.endsWith('user_timeline.json'));
    expect(asked[0]!.query.since_id).toBe(newestId());
    expect(asked.slice(1).every((r) => r.query.since_id === undefined)).toBe(true);

    const slot = new Date(clock + 500);
    const def = weiboJob('0 9 * * *');
    const results = await Promise.all([1, 2].map(() => runJobSlot(deps, def, { slot, trigger: 'schedule' })));
    expect(results.map((r) => r.status).sort()).toEqual(['not_claimed', 'succeeded']);
    expect((await runJobSlot(deps, def, { slot, trigger: 'schedule' })).status).toBe('not_claimed');
    expect(await snapshot()).toEqual(before);
  });

  it('the next run asks only for posts newer than the cursor, yet refreshes the counters of recent posts', async () => {
    await firstRun();
    clock += DAY_MS;
    deps = { ...deps, now: () => new Date(clock) };
    const previous = await cursor();
    const yesterday = (await snapshot()).stats;
    const added = [publishOne(), publishOne(), publishOne()];
    grow(10);
    const seen = fake.requests.length;

    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1 });
    const asked = fake.requests.slice(seen).filter((r) => r.path.endsWith('user_timeline.json'));
    expect(asked[0]!.query).toMatchObject({ since_id: previous!.sinceId, page: '1' });
    expect(asked.filter((r) => r.query.since_id !== undefined)).toHaveLength(1); // three new posts: one short page
    // The count endpoint was asked for the new posts by themselves.
    const counted = fake.requests
      .slice(seen)
      .filter((r) => r.path.endsWith('count_biz.json'))
      .map((r) => r.query.ids!.split(','));
    expect(counted[0]!.sort()).toEqual(added.map((s) => s.idstr).sort());

    expect(await actual()).toEqual(expected());
    // Yesterday's snapshots are kept as they were; today's are new rows.
    expect((await snapshot()).stats.filter((s) => s.includes(`|${shanghaiDay(clock - DAY_MS)}|`))).toEqual(yesterday);
    expect(await cursor()).toEqual({ sinceId: newestId(), readersSource: 'commercial' });
    expect(newestId()).toBe(added[2]!.idstr);
    expect(await campaignProgress()).toEqual({ posts: 133, readers: sumReads() });
  });

  it('backoff never waits longer than JOBS_BACKOFF_MAX_MS, even when Weibo asks for an hour', () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(backoff(attempt, deps.config.jobs.backoffBaseMs, deps.config.jobs.backoffMaxMs, 3_600_000)).toBeLessThanOrEqual(200);
    }
    expect(deps.config.jobs.backoffMaxMs).toBe(200);
  });

  it.each([
    ['the user rate limit (10023) on one request', { kind: 'rate_limited', code: 10023 }, { times: 1 }, 2],
    ['the IP rate limit (10022) on the count endpoint', { kind: 'rate_limited', code: 10022 }, { times: 1, endpoint: 'count' }, 2],
    ['a 502 HTML page', { kind: 'http_error' }, { times: 1 }, 2],
    ['a 503 HTML page half-way through the run', { kind: 'http_error', status: 503 }, { times: 1, after: 2 }, 2],
    ['truncated JSON', { kind: 'truncated_json' }, { times: 1 }, 2],
    ['an HTML login page with status 200', { kind: 'garbage' }, { times: 1 }, 2],
    ['headers slower than the timeout', { kind: 'slow_headers', delayMs: 3000 }, { times: 1 }, 2],
    ['a body that stalls half-way', { kind: 'slow_body', delayMs: 3000 }, { times: 1 }, 2],
    ['duplicated posts across pages', { kind: 'duplicates' }, {}, 1],
    ['pages served oldest first', { kind: 'reordered' }, {}, 1],
    ['a server ignoring since_id', { kind: 'ignore_since_id' }, {}, 1],
  ] as const)('recovers from %s with correct data', async (_name, mode, opts, attempts) => {
    await firstRun();
    nextDay();
    const before = await campaignProgress();
    fake.setMode(mode as WeiboFakeMode, opts as { times?: number; after?: number; endpoint?: WeiboFakeEndpoint });
    const seen = fake.requests.length;
    const started = Date.now();
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts });
    if (mode.kind === 'rate_limited') {
      // Weibo's hour-long wait is capped by JOBS_BACKOFF_MAX_MS (200 ms in tests).
      expect(Date.now() - started).toBeLessThan(5000);
      const at = fake.requests.slice(seen).map((r) => r.at.getTime());
      const limited = fake.requests
        .slice(seen)
        .findIndex((r) => ((opts as { endpoint?: string }).endpoint === 'count' ? r.path.endsWith('count_biz.json') : true));
      expect(at[limited + 1]! - at[limited]!).toBeLessThan(1000);
    }
    expect(await actual()).toEqual(expected());
    expect(await cursor()).toEqual({ sinceId: newestId(), readersSource: 'commercial' });
    const after = await campaignProgress();
    expect(after).toEqual({ posts: fake.state.statuses.length, readers: sumReads() });
    expect(after.posts).toBe(before.posts! + 1);
  });

  it.each(TOKEN_ERRORS)('%s fails the run at once as a configuration error and stores nothing', async (_name, mode, code) => {
    await firstRun();
    nextDay();
    const before = await snapshot();
    const seen = fake.requests.length;
    fake.setMode(mode as WeiboFakeMode);
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'config', code } });
    expect(outcome!.error!.message).toContain(`微博接口错误 ${code}`);
    expect(outcome!.error!.message).not.toContain(TOKEN);
    expect(fake.requests.length - seen).toBe(1);
    expect(await snapshot()).toEqual(before);
    const [row] = await database.db.select().from(jobRuns).where(eq(jobRuns.id, outcome!.runId!));
    expect(row).toMatchObject({ status: 'failed', errorKind: 'config', errorCode: code });
  });

  it('a missing token variable is a configuration error naming the variable, with no request made', async () => {
    await firstRun();
    nextDay();
    const before = await snapshot();
    const seen = fake.requests.length;
    const [outcome] = await run({ ...deps, env: {} });
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'config', code: 'missing_token' } });
    expect(outcome!.error!.message).toContain('JIXIAO_SECRET_WEIBO');
    expect(fake.requests.length).toBe(seen);
    expect(await snapshot()).toEqual(before);
  });

  it('once the token works again the next run catches up every post it missed', async () => {
    await firstRun();
    // Five days without a run that worked: the four token errors, then no token variable at all.
    for (const [, mode] of TOKEN_ERRORS) {
      nextDay();
      fake.setMode(mode as WeiboFakeMode);
      expect((await run())[0]).toMatchObject({ status: 'failed', error: { kind: 'config' } });
    }
    fake.setMode({ kind: 'ok' });
    nextDay();
    expect((await run({ ...deps, env: {} }))[0]).toMatchObject({ status: 'failed', error: { code: 'missing_token' } });

    const before = await campaignProgress();
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await actual()).toEqual(expected());
    expect(await campaignProgress()).toEqual({ posts: fake.state.statuses.length, readers: sumReads() });
    expect(fake.state.statuses.length - before.posts!).toBe(5);
    const [{ n }] = (await database.db.select({ n: count() }).from(jobRuns).where(eq(jobRuns.status, 'failed'))) as [{ n: number }];
    expect(n).toBe(5);
  });
});

describe('weibo job (without the count endpoint)', () => {
  let fake2: WeiboFake;
  let deps2: JobDeps;

  beforeEach(async () => {
    fake2 = await startWeiboFake({
      token: TOKEN,
      uid: UID,
      statuses: [1, 2, 3, 4, 5].map((n) => makeStatus(n, Date.parse('2025-06-01T02:00:00Z') + n * 3_600_000)),
    });
    deps2 = testJobDeps(database.db, { now: new Date(T0), env: { JIXIAO_SECRET_WEIBO: TOKEN }, config: { OUTBOUND_HOSTS: '127.0.0.1' } });
    await addChannel(
      database.db,
      { platform: 'weibo', name: '美丽天津微博', projects: [campaign], settings: { uid: UID, tokenEnv: 'JIXIAO_SECRET_WEIBO', baseUrl: fake2.url } },
      channelRules(deps2),
    );
  });
  afterEach(async () => {
    await fake2?.close();
  });

  /** The first run, on 10 June: the five posts, with no readers. */
  const firstRun2 = () => runWithFollowUp(deps2, jobDefinitions(deps2.config), weiboJob('0 9 * * *'), { slot: new Date(T0), trigger: 'manual' });

  it('stores the counters with null readers; 在两微发表信息 moves, 阅读量 does not', async () => {
    const progress = async () => {
      const p = await projectProgress(database.db, await projectRow(database.db, campaign), '2025-06-10');
      const find = (name: string) => p.indicators.find((i) => i.description === name)!;
      return { posts: find('在两微发表信息').actual, readers: find('阅读量').actual };
    };
    expect(await progress()).toEqual({ posts: 0, readers: 0 });
    const [outcome] = await firstRun2();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1 });
    const stats = await database.db.select().from(postStats);
    expect(stats).toHaveLength(5);
    for (const s of stats) {
      expect(s.readers).toBeNull();
      expect(s.reads).toBeNull();
      expect(s.likes).not.toBeNull();
      expect(s.shares).not.toBeNull();
      expect(s.comments).not.toBeNull();
      expect(s.day).toBe('2025-06-10');
    }
    expect(fake2.calls('count')).toHaveLength(0);
    expect(await progress()).toEqual({ posts: 5, readers: 0 });
    const [c] = await database.db.select().from(channelCursors);
    expect(c!.cursor).toMatchObject({ readersSource: 'none' });
  });

  it('keeps int64 ids exact when Weibo sends them only as bare numbers, and skips deleted stubs', async () => {
    expect((await firstRun2())[0]).toMatchObject({ status: 'succeeded' });
    // 9100000000000999 > 2^53: JSON.parse alone would round it to an even neighbour.
    const body =
      '{"statuses":[{"deleted":"1","id":9100000000000998,"text":"此微博已被作者删除。"},' +
      '{"id":9100000000000999,"created_at":"Tue Jun 10 08:30:00 +0800 2025","text":"只有数字 id 的微博","reposts_count":1,"comments_count":2,"attitudes_count":3}],"total_number":2}';
    fake2.setMode({ kind: 'raw', status: 200, body }, { endpoint: 'timeline' });
    const later = testJobDeps(database.db, { now: new Date(T0 + DAY_MS), env: { JIXIAO_SECRET_WEIBO: TOKEN }, config: { OUTBOUND_HOSTS: '127.0.0.1' } });
    const [outcome] = await runWithFollowUp(later, jobDefinitions(later.config), weiboJob('0 9 * * *'), { slot: new Date(T0 + DAY_MS), trigger: 'manual' });
    fake2.setMode({ kind: 'ok' });
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1 });
    const rows = await database.db.select().from(posts).orderBy(posts.externalId);
    expect(rows.map((r) => r.externalId)).toEqual([...[1, 2, 3, 4, 5].map((k) => (BASE_ID + BigInt(k)).toString()), '9100000000000999']);
    const added = rows.at(-1)!;
    expect(added).toMatchObject({ title: '只有数字 id 的微博', url: `https://weibo.com/${UID}/9100000000000999`, day: '2025-06-10' });
    expect(iso(added.publishedAt)).toBe('2025-06-10T00:30:00.000Z');
    const [c] = await database.db.select().from(channelCursors);
    expect(c!.cursor.sinceId).toBe('9100000000000999');
  });
});

describe('weibo job (more new posts than one run reads)', () => {
  let fake3: WeiboFake;

  beforeEach(async () => {
    fake3 = await startWeiboFake({ token: TOKEN, uid: UID, statuses: [makeStatus(1, Date.parse('2025-03-01T02:00:00Z'))] });
    await addChannel(
      database.db,
      { platform: 'weibo', name: '美丽天津微博', settings: { uid: UID, tokenEnv: 'JIXIAO_SECRET_WEIBO', baseUrl: fake3.url } },
      { outboundHosts: ['127.0.0.1'] },
    );
  });
  afterEach(async () => {
    await fake3?.close();
  });

  // fetchWeiboTimeline stops at maxPages (50 pages of 100) and says so with `truncated`: moving since_id to
  // the newest post then would lose the posts between the old cursor and the oldest one read, for good
  // (after a long outage of an active account). The job reads on instead.
  it('a backlog over 50 pages is read completely across runs', async () => {
    const d = (at: number) => testJobDeps(database.db, { now: new Date(at), env: { JIXIAO_SECRET_WEIBO: TOKEN }, config: { OUTBOUND_HOSTS: '127.0.0.1' } });
    const go = (at: number) => runJobSlot(d(at), weiboJob('0 9 * * *'), { slot: new Date(at), trigger: 'manual' });
    expect((await go(T0)).status).toBe('succeeded');
    const start = Date.parse('2025-03-02T00:00:00Z');
    for (let k = 2; k <= 5051; k++) fake3.state.statuses.push(makeStatus(k, start + k * 20 * 60_000));
    expect((await go(T0 + DAY_MS)).status).toBe('succeeded');
    expect((await go(T0 + 2 * DAY_MS)).status).toBe('succeeded');
    const [{ n }] = (await database.db.select({ n: count() }).from(posts)) as [{ n: number }];
    expect(n).toBe(5051);
  });
});
