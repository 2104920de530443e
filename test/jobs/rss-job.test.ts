import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { channelCursors, channelDaily, channels, jobRuns, posts } from '../../db/schema/index.ts';
import { RSS_MAX_BYTES } from '../../jobs/connectors/rss.ts';
import { rssJob } from '../../jobs/definitions/rss.ts';
import type { JobDeps } from '../../jobs/job-types.ts';
import { jobDefinitions, runWithFollowUp } from '../../jobs/registry.ts';
import { addChannel } from '../../src/services/channels.ts';
import { startRssFake, type MalformedVariant, type RssFake, type RssFakeItem, type RssFakeMode } from '../fakes/rss-server.ts';
import { channelRules, importSeed, testJobDeps } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// An RSSHub feed of the campaign's Weibo account, read by the RSS job. Today is 20 January 2025.
const now = new Date('2025-01-20T01:00:00Z');

let database: TestDatabase;
let feed: RssFake;
let deps: JobDeps;
let campaign: number;
let channelId: number;
// Only keeps the ledger's (job, slot) keys apart: no expected value depends on it.
let slotSeq = 0;
/** Items made so far in this test (reset before each). */
let n = 0;

const iso = (v: string) => new Date(v).toISOString();

/** An item published `n` hours after 10 Jan 2025 00:00 UTC, with a GMT date and a Chinese title. */
function item(title?: string): RssFakeItem {
  n += 1;
  title ??= `生态环境宣传 第${n}期：美丽天津`;
  const at = new Date(Date.parse('2025-01-10T00:00:00Z') + n * 3_600_000);
  return {
    guid: `https://weibo.com/1195230310/R${n}`,
    link: `https://weibo.com/1195230310/R${n}`,
    title,
    pubDate: at.toUTCString(),
    description: `<p>${title}</p>`,
  };
}

/** What the posts table should hold: every item the feed has served, by guid. */
const served = new Map<string, RssFakeItem>();
function addItems(...items: RssFakeItem[]) {
  feed.setItems([...items, ...feed.state.items]); // newest first, as feeds are
}
function expectedPosts() {
  for (const i of feed.state.items) served.set(i.guid!, i);
  return [...served.values()]
    .map((i) => {
      const at = new Date(i.pubDate!).toISOString();
      return `${i.guid}|${i.title}|${i.link}|${at}|${new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10)}`;
    })
    .sort();
}
async function storedPosts() {
  const rows = await database.db.select().from(posts).where(eq(posts.channelId, channelId));
  return rows.map((r) => `${r.externalId}|${r.title}|${r.url}|${iso(r.publishedAt)}|${r.day}`).sort();
}

async function snapshot() {
  const db = database.db;
  return {
    posts: (await db.select().from(posts).orderBy(posts.externalId)).map(
      (r) => `${r.externalId}|${r.title}|${r.url}|${iso(r.publishedAt)}|${r.day}|${r.source}`,
    ),
    daily: (await db.select().from(channelDaily).orderBy(channelDaily.day)).map((r) => `${r.channelId}|${r.day}|${r.posts}|${r.readers}|${r.reads}`),
    cursors: (await db.select().from(channelCursors)).map((r) => ({ ...r, updatedAt: iso(r.updatedAt) })),
  };
}

async function cursor() {
  const [row] = await database.db.select().from(channelCursors).where(eq(channelCursors.channelId, channelId));
  return row?.cursor ?? null;
}

const run = () =>
  runWithFollowUp(deps, jobDefinitions(deps.config), rssJob('*/30 * * * *'), { slot: new Date(now.getTime() + ++slotSeq * 1000), trigger: 'manual' });

/** The first run's result, which most tests start from: the feed's four items stored, its validators kept. */
async function firstRun() {
  const [outcome] = await run();
  expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 4, updated: 0 } });
  expect(await storedPosts()).toEqual(expectedPosts());
}

/** Items whose dates have no zone (or a Chinese format), with the instant and Shanghai day each means. */
const DATED: [RssFakeItem, string, string][] = [
  [{ guid: 'tz-1', link: 'https://example.gov.cn/tz-1', title: '零点半发布', pubDate: '2025-01-15 00:30:00' }, '2025-01-14T16:30:00.000Z', '2025-01-15'],
  [
    { guid: 'tz-2', link: 'https://example.gov.cn/tz-2', title: 'RFC 822 无时区', pubDate: 'Wed, 15 Jan 2025 07:45:00' },
    '2025-01-14T23:45:00.000Z',
    '2025-01-15',
  ],
  [{ guid: 'tz-3', link: 'https://example.gov.cn/tz-3', title: '中文日期', pubDate: '2025年1月16日 08:00' }, '2025-01-16T00:00:00.000Z', '2025-01-16'],
  [{ guid: 'tz-4', link: 'https://example.gov.cn/tz-4', title: '只有日期', pubDate: '2025-01-17' }, '2025-01-16T16:00:00.000Z', '2025-01-17'],
  [{ guid: 'tz-5', link: 'https://example.gov.cn/tz-5', title: 'Java CST', pubDate: 'Fri Jan 17 23:10:00 CST 2025' }, '2025-01-17T15:10:00.000Z', '2025-01-17'],
  [{ guid: 'tz-6', link: 'https://example.gov.cn/tz-6', title: '带时区', pubDate: 'Fri, 17 Jan 2025 20:00:00 GMT' }, '2025-01-17T20:00:00.000Z', '2025-01-18'],
];

/** The Atom tests compare with what the RSS feed stored: the first run's items, then the DATED ones. */
async function storedWithDatedItems() {
  await firstRun();
  addItems(...DATED.map(([i]) => i));
  const [outcome] = await run();
  expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: DATED.length, updated: 0 } });
}

beforeAll(async () => {
  database = await createTestDb();
  deps = testJobDeps(database.db, { now });
  campaign = (await importSeed(database.db, 2025))[1]!;
});
afterAll(async () => {
  await database?.close();
});
// The job reads every RSS channel in the database: each test starts with only its own channel, on a
// fresh feed of four items that nothing has read yet.
beforeEach(async () => {
  await database.db.delete(channels).where(eq(channels.platform, 'rss'));
  n = 0;
  served.clear();
  feed = await startRssFake({ title: '美丽天津的微博' });
  feed.setItems([item(), item(), item(), item()].reverse());
  channelId = (
    await addChannel(database.db, { platform: 'rss', name: '美丽天津（RSSHub）', projects: [campaign], settings: { url: feed.url } }, channelRules(deps))
  ).id;
});
afterEach(async () => {
  await feed?.close();
});

describe('rss job', () => {
  it('the first run stores the items as posts and keeps the ETag and Last-Modified', async () => {
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1, result: { inserted: 4, updated: 0, failed: 0 } });
    expect(await storedPosts()).toEqual(expectedPosts());
    const rows = await database.db.select().from(posts);
    expect(rows.every((r) => r.source === 'job:rss')).toBe(true);
    expect(await cursor()).toEqual({ etag: feed.etag(), lastModified: feed.state.lastModified });
    expect(feed.requests).toHaveLength(1);
    expect(feed.requests[0]!.headers['if-none-match']).toBeUndefined();
  });

  it('the second run sends If-None-Match, gets a 304 and writes nothing', async () => {
    await firstRun();
    const before = await snapshot();
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1, result: { inserted: 0, updated: 0 } });
    const last = feed.requests.at(-1)!;
    expect(last.headers['if-none-match']).toBe(feed.etag());
    expect(last.headers['if-modified-since']).toBe(feed.state.lastModified);
    expect(await snapshot()).toEqual(before); // the cursor row too: not even rewritten
  });

  it('a changed feed is fetched again and only its new items are added', async () => {
    await firstRun();
    const oldEtag = feed.etag();
    addItems(item());
    expect(feed.etag()).not.toBe(oldEtag);
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 1, updated: 0 } });
    expect(feed.requests.at(-1)!.headers['if-none-match']).toBe(oldEtag);
    expect(await storedPosts()).toEqual(expectedPosts());
    expect(await cursor()).toEqual({ etag: feed.etag(), lastModified: feed.state.lastModified });
  });

  it.each([
    ['only in the XML declaration', 'declaration'],
    ['in the Content-Type header', 'header'],
    ['declared but the header wrongly says utf-8', 'header_says_utf8'],
  ] as const)('a GBK feed with its charset %s stores correct Chinese titles', async (_name, charset) => {
    await firstRun();
    addItems(item(`“生态城市 美丽天津”宣传：${charset} 版·垃圾分类进社区`));
    feed.setMode({ kind: 'gbk', charset });
    const [outcome] = await run();
    // The new item only: the earlier titles decode to the same text, so nothing is rewritten.
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 1, updated: 0 } });
    expect(await storedPosts()).toEqual(expectedPosts());
    const [newest] = await database.db.select().from(posts).where(eq(posts.externalId, feed.state.items[0]!.guid!));
    expect(newest!.title).toBe(`“生态城市 美丽天津”宣传：${charset} 版·垃圾分类进社区`);
  });

  it.each([
    ['unclosed_tag', 'Unexpected close tag'],
    ['bare_ampersand', 'Invalid character in entity name'],
    ['html_page', 'Feed not recognized as RSS 1 or 2.'],
    ['empty', 'Unable to parse XML.'],
    ['text_before_root', 'Non-whitespace before first tag.'],
  ] as const)('a broken feed (%s) fails the run with the parser message and stores nothing; the next run catches up', async (variant, parserMessage) => {
    await firstRun();
    addItems(item());
    const before = await snapshot();
    feed.setMode({ kind: 'malformed', variant: variant as MalformedVariant });
    const seen = feed.requests.length;
    const [failed] = await run();
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'bad_feed' } });
    expect(failed!.error!.message).toContain('解析失败');
    expect(failed!.error!.message).toContain(parserMessage);
    expect(feed.requests.length - seen).toBe(failed!.attempts);
    expect(await snapshot()).toEqual(before);
    const [row] = await database.db.select().from(jobRuns).where(eq(jobRuns.id, failed!.runId!));
    expect(row).toMatchObject({ status: 'failed', errorCode: 'bad_feed' });
    expect(row!.error).toContain(parserMessage);

    feed.setMode({ kind: 'ok' });
    const [next] = await run();
    expect(next).toMatchObject({ status: 'succeeded', result: { inserted: 1, updated: 0 } });
    expect(feed.requests.at(-1)!.headers['if-none-match']).toBe(before.cursors[0]!.cursor.etag); // the failed run kept the old validators
    expect(await storedPosts()).toEqual(expectedPosts());
  });

  it('a body over the size limit is refused without storing part of it, and retried', async () => {
    await firstRun();
    addItems(item());
    const before = await snapshot();
    // Declared with Content-Length: refused at the headers; the retry gets the normal feed.
    feed.setMode({ kind: 'huge', bytes: RSS_MAX_BYTES + 1024 * 1024 }, { times: 1 });
    const [recovered] = await run();
    expect(recovered).toMatchObject({ status: 'succeeded', attempts: 2, result: { inserted: 1 } });
    expect(await storedPosts()).toEqual(expectedPosts());

    // Chunked and every time: the run fails after its attempts and stores nothing.
    addItems(item());
    const middle = await snapshot();
    expect(middle).not.toEqual(before);
    feed.setMode({ kind: 'huge', bytes: RSS_MAX_BYTES + 1024 * 1024, chunked: true });
    const [failed] = await run();
    expect(failed).toMatchObject({ status: 'failed', attempts: deps.config.jobs.maxAttempts, error: { kind: 'retryable', code: 'too_large' } });
    expect(await snapshot()).toEqual(middle);

    feed.setMode({ kind: 'ok' });
    const [next] = await run();
    expect(next).toMatchObject({ status: 'succeeded', result: { inserted: 1 } });
    expect(await storedPosts()).toEqual(expectedPosts());
  });

  it.each([
    ['a 503 asking to retry in an hour', { kind: 'http_error', status: 503, retryAfterSeconds: 3600 }, { times: 1 }, 2],
    ['a feed cut in half', { kind: 'truncated' }, { times: 1 }, 2],
    ['headers slower than the timeout', { kind: 'slow_headers', delayMs: 3000 }, { times: 1 }, 2],
    ['every item twice', { kind: 'duplicates' }, {}, 1],
    ['items in reverse order', { kind: 'reordered' }, {}, 1],
    ['a permanent redirect', { kind: 'redirect', status: 301 }, {}, 1],
  ] as const)('recovers from %s with correct data', async (_name, mode, opts, attempts) => {
    await firstRun();
    addItems(item(), item());
    feed.setMode(mode as RssFakeMode, opts);
    const started = Date.now();
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', attempts, result: { inserted: 2, updated: 0 } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await storedPosts()).toEqual(expectedPosts());
  });

  it('dates without a zone are read as Asia/Shanghai', async () => {
    await firstRun();
    const seenBefore = new Set(served.keys());
    addItems(...DATED.map(([i]) => i));
    const [outcome] = await run();
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: DATED.length } });
    for (const [i, at, day] of DATED) {
      const [row] = await database.db.select().from(posts).where(eq(posts.externalId, i.guid!));
      expect({ guid: i.guid, at: iso(row!.publishedAt), day: row!.day }).toEqual({ guid: i.guid, at, day });
    }
    // channel_daily counts them on their Shanghai days.
    const daily = new Map((await database.db.select().from(channelDaily).where(eq(channelDaily.channelId, channelId))).map((r) => [r.day, r.posts]));
    const perDay = new Map<string, number>();
    for (const i of [...seenBefore].map((g) => served.get(g)!)) {
      const d = new Date(Date.parse(new Date(i.pubDate!).toISOString()) + 8 * 3_600_000).toISOString().slice(0, 10);
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    for (const [, , day] of DATED) perDay.set(day, (perDay.get(day) ?? 0) + 1);
    expect(daily).toEqual(perDay);
  });

  it('the same feed served as Atom: ids and zone-less published dates are read the same way', async () => {
    await storedWithDatedItems();
    const before = feed.state.items;
    feed.state.format = 'atom';
    // The items so far whose dates JavaScript's Date can read (see the next test for the others).
    feed.setItems([
      { guid: 'urn:atom:1', link: 'https://example.gov.cn/atom-1', title: 'Atom 条目', pubDate: '2025-01-19T07:00:00' },
      ...before.filter((i) => !i.pubDate!.includes('年')),
    ]);
    const [outcome] = await run();
    feed.state.format = 'rss';
    feed.setItems(before);
    // Every earlier item comes back with the same identity: one new post, nothing rewritten.
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 1, updated: 0 } });
    const [row] = await database.db.select().from(posts).where(eq(posts.externalId, 'urn:atom:1'));
    expect({ at: iso(row!.publishedAt), day: row!.day, url: row!.url }).toEqual({
      at: '2025-01-18T23:00:00.000Z',
      day: '2025-01-19',
      url: 'https://example.gov.cn/atom-1',
    });
  });

  // rss-parser's Atom path runs `new Date(published).toISOString()` itself: one <published> JavaScript cannot
  // read, such as the Chinese dates rss-dates.ts reads, used to fail the whole feed as bad_feed (the
  // connector now rewrites Atom dates first, normalizeAtomDates).
  it('an Atom entry with a Chinese date is stored like its RSS twin, not a failed feed', async () => {
    await storedWithDatedItems();
    const before = feed.state.items;
    feed.state.format = 'atom';
    feed.setItems([{ guid: 'urn:atom:2', link: 'https://example.gov.cn/atom-2', title: '中文日期的 Atom 条目', pubDate: '2025年1月19日 09:30' }, ...before]);
    const [outcome] = await run();
    feed.state.format = 'rss';
    feed.setItems(before);
    expect(outcome!.error).toBeNull();
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 1, updated: 0 } });
    const [row] = await database.db.select().from(posts).where(eq(posts.externalId, 'urn:atom:2'));
    expect({ at: iso(row!.publishedAt), day: row!.day }).toEqual({ at: '2025-01-19T01:30:00.000Z', day: '2025-01-19' });
  });
});
