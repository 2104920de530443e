import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorContext } from '../../../jobs/connectors/types.ts';
import { fetchWeiboTimeline, type WeiboSettings } from '../../../jobs/connectors/weibo.ts';
import { quoteBigIds } from '../../../jobs/connectors/weibo-api.ts';
import { parseWeiboDate, weiboTitle } from '../../../jobs/connectors/weibo-text.ts';
import { startWeiboFake, toWeiboDate, weiboStatus, type WeiboFake, type WeiboFakeMode, type WeiboFakeStatus } from '../../fakes/weibo-server.ts';
import { connectorFailure as failure } from '../../helpers/connector-failure.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/weibo/${name}`, import.meta.url), 'utf8');

const UID = '1195230310';
const TOKEN = 'tok-123';
const DAY = '2025-01-14';
const ctx = (env: Record<string, string | undefined> = { JIXIAO_SECRET_WEIBO: TOKEN }): ConnectorContext => ({
  now: () => new Date('2025-01-15T01:00:00Z'),
  env,
  timeouts: { connectMs: 300, headersMs: 300, bodyMs: 300 },
});

/** `n` posts, ids counting down from `top`, one minute apart before 2025-01-14 16:00 +08:00. */
function posts(n: number, top = 5_100_000_000_000_000n): WeiboFakeStatus[] {
  return Array.from({ length: n }, (_, i) =>
    weiboStatus({
      id: String(top - BigInt(i)),
      at: new Date(Date.parse('2025-01-14T08:00:00Z') - i * 60_000),
      text: `第${i}条`,
      reposts: i,
      comments: 2 * i,
      likes: 3 * i,
      reads: 100 + i,
    }),
  );
}

let weibo: WeiboFake;
let settings: WeiboSettings;
beforeAll(async () => {
  weibo = await startWeiboFake({ token: TOKEN, uid: UID });
  settings = { uid: UID, tokenEnv: 'JIXIAO_SECRET_WEIBO', baseUrl: weibo.url };
});
afterAll(() => weibo.close());
beforeEach(() => {
  weibo.setMode({ kind: 'ok' });
  weibo.setStatuses([]);
  weibo.requests.length = 0;
});

describe('fetchWeiboTimeline: posts and snapshots', () => {
  it('maps statuses to posts and one snapshot each for the day (no readers without countUrl)', async () => {
    weibo.setStatuses([
      weiboStatus({
        id: '5100000000000002',
        at: '2025-01-14T16:00:00+08:00',
        text: '【通知】关于<a href="https://weibo.com/p/1">#话题#</a>的公告 &amp; 说明',
        reposts: 3,
        comments: 1,
        likes: 9,
      }),
      weiboStatus({ id: '5100000000000001', at: '2025-01-13T09:30:05+08:00', text: '第二条', reposts: 0, comments: 0, likes: 0 }),
    ]);
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY });
    expect(out.posts).toEqual([
      {
        externalId: '5100000000000002',
        title: '【通知】关于#话题#的公告 & 说明',
        url: `https://weibo.com/${UID}/5100000000000002`,
        publishedAt: '2025-01-14T08:00:00.000Z',
      },
      { externalId: '5100000000000001', title: '第二条', url: `https://weibo.com/${UID}/5100000000000001`, publishedAt: '2025-01-13T01:30:05.000Z' },
    ]);
    expect(out.snapshots[0]).toEqual({
      externalId: '5100000000000002',
      day: DAY,
      readers: null,
      reads: null,
      shares: 3,
      likes: 9,
      zaikan: null,
      comments: 1,
      favourites: null,
    });
    expect(out).toMatchObject({ incomplete: false, newestId: '5100000000000002', readersSource: 'none', pages: 1, truncated: false });
    expect(weibo.requests).toHaveLength(1);
    expect(weibo.requests[0]).toMatchObject({ path: '/2/statuses/user_timeline.json', query: { access_token: TOKEN, uid: UID, count: '100', page: '1' } });
    expect(weibo.requests[0]!.query).not.toHaveProperty('since_id');
  });

  it('reads the real status shape (users/show fixture): bare int64 id, created_at with +0800', async () => {
    const status = (JSON.parse(fixture('users_show.response.json')) as { status: unknown }).status;
    weibo.setMode({ kind: 'raw', status: 200, body: `{"statuses":[${JSON.stringify(status)}],"total_number":1}` });
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY });
    expect(out.posts).toEqual([
      {
        externalId: '3620322777695001',
        title: '夜幕降临...http://t.cn/zYbfCUY',
        url: `https://weibo.com/${UID}/3620322777695001`,
        publishedAt: '2013-09-08T10:21:15.000Z',
      },
    ]);
    expect(out.snapshots[0]).toMatchObject({ shares: 0, comments: 0, likes: 0 });
  });

  it('keeps ids above 2^53 exact and uses the author id and a payload url when present', async () => {
    weibo.setMode({
      kind: 'raw',
      status: 200,
      body: '{"statuses":[{"created_at":"Tue Jan 14 16:00:00 +0800 2025","id":9007199254740993,"text":"t","reposts_count":1,"comments_count":2,"attitudes_count":3,"user":{"id":7,"idstr":"7"}},{"created_at":"Tue Jan 14 15:00:00 +0800 2025","id":9007199254740991,"idstr":"9007199254740991","text":"u","url":"https://weibo.com/7/Abc"}],"total_number":2}',
    });
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY });
    expect(out.posts.map((p) => [p.externalId, p.url])).toEqual([
      ['9007199254740993', 'https://weibo.com/7/9007199254740993'],
      ['9007199254740991', 'https://weibo.com/7/Abc'],
    ]);
    expect(out.newestId).toBe('9007199254740993');
    expect(out.snapshots[1]).toMatchObject({ shares: null, comments: null, likes: null });
  });

  it('skips deleted-post stubs', async () => {
    weibo.setMode({
      kind: 'raw',
      status: 200,
      body: '{"statuses":[{"deleted":"1","idstr":"5100000000000009","text":"此微博已被作者删除。"},{"created_at":"Tue Jan 14 16:00:00 +0800 2025","idstr":"5100000000000001","text":"在"}],"total_number":2}',
    });
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY });
    expect(out.posts.map((p) => p.externalId)).toEqual(['5100000000000001']);
  });
});

describe('fetchWeiboTimeline: paging and since_id', () => {
  it('pages with count=100 until a short page', async () => {
    weibo.setStatuses(posts(250));
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY });
    expect(out.posts).toHaveLength(250);
    expect(new Set(out.posts.map((p) => p.externalId)).size).toBe(250);
    expect(weibo.requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(out).toMatchObject({ pages: 3, truncated: false, newestId: '5100000000000000' });
  });

  it('stops at an empty page when the last page was full', async () => {
    weibo.setStatuses(posts(200));
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY });
    expect(out.posts).toHaveLength(200);
    expect(weibo.requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
  });

  it('stops at maxPages and says the result is truncated', async () => {
    weibo.setStatuses(posts(350));
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY, maxPages: 2 });
    expect(out.posts).toHaveLength(200);
    expect(out).toMatchObject({ pages: 2, truncated: true });
    expect(weibo.requests).toHaveLength(2);
  });

  it('asks only for posts newer than since_id; newestId stays at since_id when nothing is new', async () => {
    const all = posts(5);
    weibo.setStatuses(all);
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: all[2]!.idstr, day: DAY });
    expect(out.posts.map((p) => p.externalId)).toEqual([all[0]!.idstr, all[1]!.idstr]);
    expect(weibo.requests[0]!.query.since_id).toBe(all[2]!.idstr);
    expect(out.newestId).toBe(all[0]!.idstr);

    const none = await fetchWeiboTimeline(ctx(), settings, { sinceId: all[0]!.idstr, day: DAY });
    expect(none).toMatchObject({ posts: [], snapshots: [], newestId: all[0]!.idstr });
    expect(await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY }).then((r) => r.newestId)).toBe(all[0]!.idstr);
  });

  it('filters by since_id itself when the server ignores it, and stops when a page brings nothing new', async () => {
    weibo.setStatuses(posts(300));
    weibo.setMode({ kind: 'ignore_since_id' });
    const since = posts(300)[150]!.idstr;
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: since, day: DAY });
    expect(out.posts).toHaveLength(150);
    expect(out.posts.every((p) => BigInt(p.externalId) > BigInt(since))).toBe(true);
    expect(weibo.requests).toHaveLength(3);
  });

  it('keeps a post once when paging repeats it (posts shifting between pages, or within a page)', async () => {
    weibo.setStatuses(posts(230));
    weibo.setMode({ kind: 'duplicates' });
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY });
    expect(out.posts).toHaveLength(230);
    expect(out.snapshots).toHaveLength(230);
    expect(new Set(out.posts.map((p) => p.externalId)).size).toBe(230);

    weibo.setStatuses(posts(3));
    const short = await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY });
    expect(short.posts).toHaveLength(3);
  });

  it('does not rely on order: newestId is the BigInt maximum even for reordered pages and ids of different lengths', async () => {
    weibo.setStatuses([
      weiboStatus({ id: '999999999999999', at: '2025-01-01T00:00:00Z' }),
      weiboStatus({ id: '1000000000000000', at: '2025-01-02T00:00:00Z' }),
    ]);
    weibo.setMode({ kind: 'reordered' });
    const out = await fetchWeiboTimeline(ctx(), settings, { sinceId: '999999999999998', day: DAY });
    expect(out.posts.map((p) => p.externalId)).toEqual(['999999999999999', '1000000000000000']);
    expect(out.newestId).toBe('1000000000000000');
  });
});

describe('fetchWeiboTimeline: commercial read counts', () => {
  it('fills readers from countUrl, at most 100 ids a request, and says so', async () => {
    weibo.setStatuses(posts(150));
    const out = await fetchWeiboTimeline(ctx(), { ...settings, countUrl: weibo.countUrl }, { sinceId: null, day: DAY });
    expect(out.readersSource).toBe('commercial');
    const countCalls = weibo.calls('count');
    expect(countCalls.map((r) => r.query.ids!.split(',').length)).toEqual([100, 50]);
    expect(countCalls[0]!.query.access_token).toBe(TOKEN);
    expect(out.snapshots[0]).toMatchObject({ externalId: '5100000000000000', readers: 100, reads: null, shares: 0 });
    expect(out.snapshots[149]).toMatchObject({ readers: 249, shares: 149, comments: 298, likes: 447 });
  });

  it('reads the real count response (bare int64 ids) and leaves readers null for ids it lacks', async () => {
    weibo.setStatuses([
      weiboStatus({ id: '3468865533114224', at: '2012-07-01T00:00:00Z' }),
      weiboStatus({ id: '3468815805141776', at: '2012-06-30T00:00:00Z' }),
      weiboStatus({ id: '3468815805141000', at: '2012-06-29T00:00:00Z' }),
    ]);
    weibo.setMode({ kind: 'raw', status: 200, body: fixture('media_statuses_count_sp_biz.response.json') }, { endpoint: 'count' });
    const out = await fetchWeiboTimeline(ctx(), { ...settings, countUrl: weibo.countUrl }, { sinceId: null, day: DAY });
    expect(out.snapshots.map((s) => [s.externalId, s.readers])).toEqual([
      ['3468865533114224', 132],
      ['3468815805141776', 132],
      ['3468815805141000', null],
    ]);
  });

  it('maps count endpoint errors like timeline errors', async () => {
    weibo.setStatuses(posts(2));
    weibo.setMode({ kind: 'weibo_error', code: '201XX', error: 'error message.' }, { endpoint: 'count' });
    const err = await failure(fetchWeiboTimeline(ctx(), { ...settings, countUrl: weibo.countUrl }, { sinceId: null, day: DAY }));
    expect(err).toMatchObject({ kind: 'config', code: '201XX', message: '微博接口错误 201XX：error message.' });
  });
});

describe('fetchWeiboTimeline: errors', () => {
  const cases: Array<[string, WeiboFakeMode, { kind: string; code: string; retryAfterMs?: number | null; message?: RegExp }]> = [
    ['expired token (21327) is configuration', { kind: 'expired_token' }, { kind: 'config', code: '21327', message: /^微博接口错误 21327：expired_token$/ }],
    ['invalid token (21332) is configuration', { kind: 'invalid_token' }, { kind: 'config', code: '21332', message: /invalid_access_token/ }],
    [
      'error_code as a string (10006) is read the same',
      { kind: 'string_error_code' },
      { kind: 'config', code: '10006', message: /Source paramter \(appkey\) is missing/ },
    ],
    ['token revoked (21317) is configuration', { kind: 'weibo_error', code: 21317, error: 'Token rejected' }, { kind: 'config', code: '21317' }],
    ['auth failed (21301) is configuration', { kind: 'weibo_error', code: 21301, error: 'Auth failed!' }, { kind: 'config', code: '21301' }],
    ['user rate limit (10023) retries after an hour', { kind: 'rate_limited' }, { kind: 'retryable', code: '10023', retryAfterMs: 3_600_000 }],
    ['IP rate limit (10022) retries after an hour', { kind: 'rate_limited', code: 10022 }, { kind: 'retryable', code: '10022', retryAfterMs: 3_600_000 }],
    ['per-API rate limit (10024) retries after an hour', { kind: 'rate_limited', code: 10024 }, { kind: 'retryable', code: '10024', retryAfterMs: 3_600_000 }],
    [
      'system error (10001) retries',
      { kind: 'weibo_error', code: 10001, error: 'System error', status: 500 },
      { kind: 'retryable', code: '10001', retryAfterMs: null },
    ],
    [
      'service unavailable (10002, as string) retries',
      { kind: 'weibo_error', code: '10002', error: 'Service unavailable' },
      { kind: 'retryable', code: '10002' },
    ],
    ['unknown code is configuration', { kind: 'weibo_error', code: 20003, error: 'User does not exists!' }, { kind: 'config', code: '20003' }],
    ['5xx HTML page retries', { kind: 'http_error', status: 502 }, { kind: 'retryable', code: 'http_502', message: /HTTP 502/ }],
    ['HTML with 200 retries as bad JSON', { kind: 'garbage' }, { kind: 'retryable', code: 'bad_json' }],
    ['truncated JSON retries as bad JSON', { kind: 'truncated_json' }, { kind: 'retryable', code: 'bad_json' }],
    [
      'non-JSON 404 is configuration (wrong base URL)',
      { kind: 'raw', status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' },
      { kind: 'config', code: 'http_404' },
    ],
    [
      '429 without a body retries with its Retry-After',
      { kind: 'raw', status: 429, headers: { 'retry-after': '30' }, body: '' },
      { kind: 'retryable', code: 'http_429', retryAfterMs: 30_000 },
    ],
    [
      'JSON of the wrong shape retries as bad payload',
      { kind: 'raw', status: 200, body: '{"statuses":"none"}' },
      { kind: 'retryable', code: 'bad_payload', message: /第 1 页.*statuses/ },
    ],
    [
      'an unreadable created_at retries as bad payload',
      { kind: 'raw', status: 200, body: '{"statuses":[{"idstr":"1","created_at":"yesterday","text":""}]}' },
      { kind: 'retryable', code: 'bad_payload', message: /created_at/ },
    ],
  ];
  it.each(cases)('%s', async (_name, mode, expected) => {
    weibo.setStatuses(posts(3));
    weibo.setMode(mode);
    const err = await failure(fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY }));
    expect(err.kind).toBe(expected.kind);
    expect(err.code).toBe(expected.code);
    if (expected.retryAfterMs !== undefined) expect(err.retryAfterMs).toBe(expected.retryAfterMs);
    if (expected.message) expect(err.message).toMatch(expected.message);
    expect(err.message).not.toContain(TOKEN);
  });

  it('maps every error body of the formats file (errors.jsonl)', async () => {
    const expected = [
      ['21327', 'config'],
      ['21332', 'config'],
      ['10006', 'config'],
      ['201XX', 'config'],
    ];
    const lines = fixture('errors.jsonl').trim().split('\n');
    expect(lines).toHaveLength(expected.length);
    for (const [i, line] of lines.entries()) {
      weibo.setMode({ kind: 'raw', status: 400, body: line });
      const err = await failure(fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY }));
      expect([err.code, err.kind]).toEqual(expected[i]);
      expect(err.message).toBe(`微博接口错误 ${err.code}：${(JSON.parse(line) as { error: string }).error}`);
    }
  });

  it('fails on page 2 without returning page 1 (nothing half-stored)', async () => {
    weibo.setStatuses(posts(150));
    weibo.setMode({ kind: 'rate_limited' }, { after: 1, times: 1 });
    const err = await failure(fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY }));
    expect(err.code).toBe('10023');
    expect(weibo.requests.map((r) => r.query.page)).toEqual(['1', '2']);
    weibo.requests.length = 0;
    expect((await fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY })).posts).toHaveLength(150);
  });

  it('a wrong token in the environment is the upstream 21332 configuration error', async () => {
    const err = await failure(fetchWeiboTimeline(ctx({ JIXIAO_SECRET_WEIBO: 'stale' }), settings, { sinceId: null, day: DAY }));
    expect(err).toMatchObject({ kind: 'config', code: '21332' });
    expect(err.message).not.toContain('stale');
  });

  it('a missing token variable is a configuration error naming it, before any request', async () => {
    const err = await failure(fetchWeiboTimeline(ctx({}), settings, { sinceId: null, day: DAY }));
    expect(err).toMatchObject({ kind: 'config', code: 'missing_token' });
    expect(err.message).toContain('JIXIAO_SECRET_WEIBO');
    expect(weibo.requests).toHaveLength(0);
  });

  it('a non-numeric uid or a malformed base URL is a configuration error', async () => {
    expect(await failure(fetchWeiboTimeline(ctx(), { ...settings, uid: 'someone' }, { sinceId: null, day: DAY }))).toMatchObject({
      kind: 'config',
      code: 'bad_uid',
    });
    expect(await failure(fetchWeiboTimeline(ctx(), { ...settings, baseUrl: 'not a url' }, { sinceId: null, day: DAY }))).toMatchObject({
      kind: 'config',
      code: 'bad_url',
    });
  });

  it('slow headers time out as retryable', async () => {
    weibo.setStatuses(posts(1));
    weibo.setMode({ kind: 'slow_headers', delayMs: 3000 });
    const started = Date.now();
    const err = await failure(fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY }));
    expect(err).toMatchObject({ kind: 'retryable', code: 'headers_timeout' });
    expect(Date.now() - started).toBeLessThan(2500); // undici's fast timers tick every ~0.5 s
  });

  it('a stalled body times out as retryable', async () => {
    weibo.setStatuses(posts(20));
    weibo.setMode({ kind: 'slow_body', delayMs: 3000 });
    const err = await failure(fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY }));
    expect(err).toMatchObject({ kind: 'retryable', code: 'body_timeout' });
  });

  it('a body over the size cap is retryable too_large', async () => {
    weibo.setStatuses(posts(1));
    weibo.setMode({ kind: 'huge', bytes: 11 * 1024 * 1024 });
    const err = await failure(fetchWeiboTimeline(ctx(), settings, { sinceId: null, day: DAY }));
    expect(err).toMatchObject({ kind: 'retryable', code: 'too_large' });
  });

  it('an unreachable server is retryable', async () => {
    const gone = await startWeiboFake();
    await gone.close();
    const err = await failure(fetchWeiboTimeline(ctx(), { ...settings, baseUrl: gone.url }, { sinceId: null, day: DAY }));
    expect(err.kind).toBe('retryable');
  });
});

describe('Weibo text and dates', () => {
  it.each([
    ['Sun Sep 08 18:21:15 +0800 2013', '2013-09-08T10:21:15.000Z'],
    ['Tue Jan 14 00:30:00 +0800 2025', '2025-01-13T16:30:00.000Z'],
    ['Mon Jan 13 11:30:00 -0500 2025', '2025-01-13T16:30:00.000Z'],
    ['Sat Feb 29 12:00:00 +0000 2020', '2020-02-29T12:00:00.000Z'],
    ['Fri Feb 30 12:00:00 +0800 2024', null],
    ['2025-01-14 16:00:00', null],
    ['', null],
  ])('parseWeiboDate(%j) = %j', (input, expected) => {
    expect(parseWeiboDate(input)).toBe(expected);
  });

  it('toWeiboDate (fake) writes what parseWeiboDate reads', () => {
    expect(toWeiboDate('2025-01-14T16:00:00+08:00')).toBe('Tue Jan 14 16:00:00 +0800 2025');
    expect(parseWeiboDate(toWeiboDate('2025-01-14T16:00:00+08:00'))).toBe('2025-01-14T08:00:00.000Z');
  });

  it('titles drop tags, decode entities, collapse whitespace and cut at 120 characters without splitting an emoji', () => {
    expect(weiboTitle('<a href="x">链接</a>&lt;b&gt;\n\n 文字&#x1F600;&#39;')).toBe("链接<b> 文字😀'");
    const long = weiboTitle('😀'.repeat(130));
    expect(Array.from(long)).toHaveLength(120);
    expect(long.endsWith('😀…')).toBe(true);
    expect(weiboTitle('字'.repeat(120))).toBe('字'.repeat(120));
  });

  it('quotes long id/mid numbers only', () => {
    expect(quoteBigIds('{"id":9007199254740993,"mid":9007199254740993,"reads":1234567890123456789,"text":"\\"id\\":1234567890123456"}')).toBe(
      '{"id":"9007199254740993","mid":"9007199254740993","reads":1234567890123456789,"text":"\\"id\\":1234567890123456"}',
    );
  });
});
