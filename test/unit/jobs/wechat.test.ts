import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorError, ConnectorContext, FetchedBatch, TokenStore } from '../../../jobs/connectors/types.ts';
import { fetchWechatDay, getWechatToken, type WechatSettings } from '../../../jobs/connectors/wechat.ts';
import { openWechatToken } from '../../../jobs/connectors/wechat-token.ts';
import { growingArticle, startWechatFake, type WechatFake } from '../../fakes/wechat-server.ts';
import { connectorFailure as failure } from '../../helpers/connector-failure.ts';

const fixtureText = (name: string): string => readFileSync(new URL(`../../fixtures/wechat/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): unknown => JSON.parse(fixtureText(name));

const APP_ID = 'wx4f2c9a7e10b3d5c8';
const SECRET = 'sekret-7f3a9c1d2e4b6a8f0c1d3e5f7a9b1c3d';
const SECRET_ENV = 'JIXIAO_SECRET_WECHAT_TEST';
const T0 = new Date('2025-11-10T02:00:00Z'); // 10:00 in Asia/Shanghai on 2025-11-10
const HOUR = 3_600_000;

/** The token a stored (sealed) text opens to, with this test's secret. */
const opened = (stored: string | undefined) => (stored === undefined ? undefined : openWechatToken(stored, SECRET, APP_ID));

class MemoryTokens implements TokenStore {
  readonly map = new Map<string, { token: string; expiresAt: Date }>();
  readonly invalidated: string[] = [];
  async get(key: string) {
    return this.map.get(key) ?? null;
  }
  async set(key: string, token: string, expiresAt: Date) {
    this.map.set(key, { token, expiresAt });
  }
  async invalidate(key: string, token: string) {
    this.invalidated.push(token);
    if (this.map.get(key)?.token === token) this.map.delete(key);
  }
}

let fake: WechatFake;
let tokens: MemoryTokens;
let clock: { now: Date };
let settings: WechatSettings;

function context(env: Record<string, string | undefined> = { [SECRET_ENV]: SECRET }): ConnectorContext {
  return { now: () => clock.now, env, timeouts: { connectMs: 300, headersMs: 300, bodyMs: 300 } };
}

const fetchDay = (day: string, ctx = context()) => fetchWechatDay(ctx, tokens, settings, day);

const brief = (e: ConnectorError) => ({ kind: e.kind, code: e.code });

beforeEach(async () => {
  fake = await startWechatFake({
    appId: APP_ID,
    secret: SECRET,
    articles: [
      growingArticle({ refDate: '2025-10-31', msgid: '2247489990_1', title: '十月末', days: 2, readersPerDay: 50 }),
      growingArticle({ refDate: '2025-11-01', msgid: '2247490098_1', title: '六五环境日特别报道', days: 3 }),
      growingArticle({ refDate: '2025-11-01', msgid: '2247490098_2', title: '蓝天保卫战', days: 2, readersPerDay: 40, publishType: 1 }),
      growingArticle({ refDate: '2025-11-02', msgid: '2247490101_1', title: '环保小课堂', days: 1 }),
      growingArticle({ refDate: '2025-11-03', msgid: '2247490110_1', title: '第三天', days: 1 }),
      growingArticle({ refDate: '2025-11-09', msgid: '2247490190_1', title: '昨天', days: 1 }),
    ],
  });
  tokens = new MemoryTokens();
  clock = { now: T0 };
  settings = { appId: APP_ID, secretEnv: SECRET_ENV, baseUrl: fake.url };
});

afterEach(async () => {
  await fake.close();
});

const NOV1: FetchedBatch = {
  posts: [
    {
      externalId: '2247490098_1',
      title: '六五环境日特别报道',
      url: 'https://mp.weixin.qq.com/s?__biz=MzFake&mid=2247490098&idx=1&sn=fake',
      publishedAt: '2025-10-31T16:00:00.000Z',
    },
    {
      externalId: '2247490098_2',
      title: '蓝天保卫战',
      url: 'https://mp.weixin.qq.com/s?__biz=MzFake&mid=2247490098&idx=2&sn=fake',
      publishedAt: '2025-10-31T16:00:00.000Z',
    },
  ],
  snapshots: [
    { externalId: '2247490098_1', day: '2025-11-01', readers: 100, reads: null, shares: 10, likes: 6, zaikan: 5, comments: 1, favourites: 3 },
    { externalId: '2247490098_1', day: '2025-11-02', readers: 200, reads: null, shares: 20, likes: 13, zaikan: 10, comments: 2, favourites: 6 },
    { externalId: '2247490098_1', day: '2025-11-03', readers: 300, reads: null, shares: 30, likes: 20, zaikan: 15, comments: 3, favourites: 10 },
    { externalId: '2247490098_2', day: '2025-11-01', readers: 40, reads: null, shares: 4, likes: 2, zaikan: 2, comments: 0, favourites: 1 },
    { externalId: '2247490098_2', day: '2025-11-02', readers: 80, reads: null, shares: 8, likes: 5, zaikan: 4, comments: 0, favourites: 2 },
  ],
  incomplete: false,
};

describe('fetchWechatDay: data', () => {
  it('maps one publish day of getarticletotaldetail to posts and per-stat_date snapshots', async () => {
    expect(await fetchDay('2025-11-01')).toEqual(NOV1);
    const [token] = fake.calls('stable_token');
    expect(token?.body).toEqual({ ...(fixture('stable_token.request.json') as object), appid: APP_ID, secret: SECRET });
    const [data] = fake.calls('getarticletotaldetail');
    expect(data?.method).toBe('POST');
    expect(data?.body).toEqual(fixture('datacube_request.json'));
    expect(data?.token).toBe(fake.state.currentToken);
  });

  it('maps the documented getarticletotaldetail response exactly (publish time = ref_date 00:00 Asia/Shanghai)', async () => {
    fake.setMode({ kind: 'raw', body: fixture('getarticletotaldetail.response.json') });
    expect(await fetchDay('2025-11-01')).toEqual({
      posts: [
        {
          externalId: '2247490098_1',
          title: 'TITLE',
          url: 'https://mp.weixin.qq.com/s?__biz=B&mid=2247490098&idx=1&sn=x',
          publishedAt: '2025-10-31T16:00:00.000Z',
        },
      ],
      snapshots: [
        { externalId: '2247490098_1', day: '2025-11-01', readers: 4123, reads: null, shares: 366, likes: 386, zaikan: 191, comments: 33, favourites: 233 },
      ],
      incomplete: false,
    });
  });

  it('reads an empty day as no posts', async () => {
    fake.setMode({ kind: 'raw', body: fixture('datacube.response.empty.json') });
    expect(await fetchDay('2025-11-05')).toEqual({ posts: [], snapshots: [], incomplete: false });
  });

  it('uses the deprecated getarticletotal for 2025-10-31 and getarticletotaldetail from 2025-11-01', async () => {
    const oct31 = await fetchDay('2025-10-31');
    await fetchDay('2025-11-01');
    expect(fake.calls('getarticletotal').map((r) => r.body)).toEqual([{ begin_date: '2025-10-31', end_date: '2025-10-31' }]);
    expect(fake.calls('getarticletotaldetail').map((r) => r.body)).toEqual([{ begin_date: '2025-11-01', end_date: '2025-11-01' }]);
    expect(oct31).toEqual({
      posts: [{ externalId: '2247489990_1', title: '十月末', url: null, publishedAt: '2025-10-30T16:00:00.000Z' }],
      snapshots: [
        { externalId: '2247489990_1', day: '2025-10-31', readers: 50, reads: 60, shares: 5, likes: null, zaikan: null, comments: null, favourites: 1 },
        { externalId: '2247489990_1', day: '2025-11-01', readers: 100, reads: 120, shares: 10, likes: null, zaikan: null, comments: null, favourites: 3 },
      ],
      incomplete: false,
    });
  });

  it('maps the real legacy getarticletotal response (reads from int_page_read_count, favourites from add_to_fav_user)', async () => {
    fake.setMode({ kind: 'raw', body: fixture('getarticletotal.response.legacy.json') });
    expect(await fetchDay('2022-08-19')).toEqual({
      posts: [{ externalId: '2247485082_1', title: '群发', url: null, publishedAt: '2022-08-18T16:00:00.000Z' }],
      snapshots: [{ externalId: '2247485082_1', day: '2022-08-19', readers: 0, reads: 0, shares: 0, likes: null, zaikan: null, comments: null, favourites: 0 }],
      incomplete: false,
    });
  });

  it('dedupes repeated and reordered items: one post per msgid, one snapshot per (msgid, stat_date), the last one winning', async () => {
    fake.setMode({ kind: 'repeatItems' });
    expect(await fetchDay('2025-11-01')).toEqual(NOV1);
    const item = (fixture('getarticletotaldetail.response.json') as { list: Record<string, unknown>[] }).list[0]!;
    const stat = (item.detail_list as Record<string, unknown>[])[0]!;
    fake.setMode({
      kind: 'raw',
      body: {
        list: [
          { ...item, title: '旧标题' },
          { ...item, detail_list: [stat, { ...stat, read_user: 4200 }] },
        ],
        is_delay: false,
      },
    });
    const batch = await fetchDay('2025-11-01');
    expect(batch.posts.map((p) => [p.externalId, p.title])).toEqual([['2247490098_1', 'TITLE']]);
    expect(batch.snapshots.map((s) => [s.externalId, s.day, s.readers])).toEqual([['2247490098_1', '2025-11-01', 4200]]);
  });

  it('marks the batch incomplete when WeChat says is_delay', async () => {
    fake.setMode({ kind: 'delayed' });
    expect(await fetchDay('2025-11-01')).toEqual({ ...NOV1, incomplete: true });
  });

  it('asks for yesterday, but calls it incomplete before 08:00 Asia/Shanghai', async () => {
    clock.now = new Date('2025-11-09T23:30:00Z'); // 07:30 on 2025-11-10
    expect((await fetchDay('2025-11-09')).incomplete).toBe(true);
    clock.now = new Date('2025-11-10T00:00:00Z'); // 08:00
    const batch = await fetchDay('2025-11-09');
    expect(batch.incomplete).toBe(false);
    expect(batch.posts.map((p) => p.externalId)).toEqual(['2247490190_1']);
  });

  it('refuses today and later (Asia/Shanghai) and malformed days without calling WeChat', async () => {
    clock.now = new Date('2025-11-09T16:00:00Z'); // 00:00 on 2025-11-10 in Shanghai, still 11-09 in UTC
    for (const day of ['2025-11-10', '2025-11-11', '2026-01-01']) {
      expect(brief(await failure(fetchDay(day)))).toEqual({ kind: 'config', code: 'day_not_ready' });
    }
    for (const day of ['2025-11-1', '2025-02-30', '20251101', '']) {
      expect(brief(await failure(fetchDay(day)))).toEqual({ kind: 'config', code: 'bad_day' });
    }
    expect(fake.requests).toEqual([]);
    await expect(fetchDay('2025-11-09')).resolves.toMatchObject({ incomplete: true });
  });
});

describe('fetchWechatDay: access_token', () => {
  it('fetches one token for several days and keeps it in the store until 5 minutes before expiry', async () => {
    for (const day of ['2025-11-01', '2025-11-02', '2025-11-03']) await fetchDay(day);
    expect(fake.calls('stable_token')).toHaveLength(1);
    const used = fake.calls('getarticletotaldetail').map((r) => r.token);
    expect(used).toEqual([fake.state.currentToken, fake.state.currentToken, fake.state.currentToken]);
    const stored = tokens.map.get(`wechat:${APP_ID}`)!;
    expect({ token: opened(stored.token), expiresAt: stored.expiresAt }).toEqual({
      token: fake.state.currentToken,
      expiresAt: new Date(T0.getTime() + 2 * HOUR),
    });
    expect(stored.token).not.toContain(fake.state.currentToken!); // the store keeps it sealed

    clock.now = new Date(T0.getTime() + 2 * HOUR - 5 * 60_000 - 1_000);
    await fetchDay('2025-11-01');
    expect(fake.calls('stable_token')).toHaveLength(1);
    clock.now = new Date(T0.getTime() + 2 * HOUR - 5 * 60_000 + 1_000);
    await fetchDay('2025-11-01');
    expect(fake.calls('stable_token')).toHaveLength(2);
    expect(tokens.map.get(`wechat:${APP_ID}`)?.expiresAt).toEqual(new Date(clock.now.getTime() + 2 * HOUR));
  });

  it('getWechatToken returns the cached token, and a new one when forced', async () => {
    const ctx = context();
    const first = await getWechatToken(ctx, tokens, settings);
    expect(await getWechatToken(ctx, tokens, settings)).toBe(first);
    expect(fake.calls('stable_token')).toHaveLength(1);
    await getWechatToken(ctx, tokens, settings, { force: true });
    expect(fake.calls('stable_token')).toHaveLength(2);
  });

  it.each([42001, 40001, 40014] as const)('on token error %i mid-run: drops the token, fetches a new one and retries the call once', async (errcode) => {
    await fetchDay('2025-11-02');
    const oldToken = fake.state.currentToken;
    fake.setMode({ kind: 'tokenExpires', afterDataCalls: 0, errcode });
    expect(await fetchDay('2025-11-01')).toEqual(NOV1);
    const data = fake.calls('getarticletotaldetail');
    expect(data.map((r) => r.answer)).toEqual(['ok', `errcode ${errcode}`, 'ok']);
    expect(data.map((r) => r.token)).toEqual([oldToken, oldToken, fake.state.currentToken]);
    expect(fake.state.currentToken).not.toBe(oldToken);
    expect(fake.calls('stable_token')).toHaveLength(2);
    expect(tokens.invalidated.map(opened)).toEqual([oldToken]);
    expect(opened(tokens.map.get(`wechat:${APP_ID}`)?.token)).toBe(fake.state.currentToken);
  });

  it('survives a token expiring between the days of a run', async () => {
    fake.setMode({ kind: 'tokenExpires', afterDataCalls: 2 });
    const days = ['2025-11-01', '2025-11-02', '2025-11-03'];
    const batches = [];
    for (const day of days) batches.push(await fetchDay(day));
    expect(batches.map((b) => b.posts.map((p) => p.externalId))).toEqual([['2247490098_1', '2247490098_2'], ['2247490101_1'], ['2247490110_1']]);
    expect(fake.calls('getarticletotaldetail')).toHaveLength(4);
    expect(fake.calls('stable_token')).toHaveLength(2);
  });

  it('fails as a config error when the fresh token is rejected too', async () => {
    fake.setMode({ kind: 'rejectToken', errcode: 40001 });
    const err = await failure(fetchDay('2025-11-01'));
    expect(brief(err)).toEqual({ kind: 'config', code: '40001' });
    expect(err.message).toMatch(/^微信接口错误 40001：invalid credential, access_token is invalid or not latest.* rid: [0-9a-f-]+/);
    expect(fake.calls('getarticletotaldetail')).toHaveLength(2);
    expect(fake.calls('stable_token')).toHaveLength(2);
  });

  it('names the missing secret variable, without calling WeChat', async () => {
    const err = await failure(fetchDay('2025-11-01', context({})));
    expect(brief(err)).toEqual({ kind: 'config', code: 'missing_secret' });
    expect(err.message).toContain(SECRET_ENV);
    expect(fake.requests).toEqual([]);
  });

  it('reports a wrong secret (40125) and a wrong AppID (40013) as config errors after one call', async () => {
    fake.state.secret = 'another-secret';
    let err = await failure(fetchDay('2025-11-01'));
    expect(brief(err)).toEqual({ kind: 'config', code: '40125' });
    expect(err.message).toMatch(/^微信接口错误 40125：invalid appsecret, rid: /);
    expect(fake.requests).toHaveLength(1);

    fake.state.secret = SECRET;
    settings = { ...settings, appId: 'wx0000000000000000' };
    err = await failure(fetchDay('2025-11-01'));
    expect(brief(err)).toEqual({ kind: 'config', code: '40013' });
    expect(fake.requests).toHaveLength(2);
  });

  it('treats a malformed token answer as retryable and stores nothing', async () => {
    fake.setMode({ kind: 'raw', body: { access_token: '', expires_in: 7200 }, on: 'token' });
    const err = await failure(fetchDay('2025-11-01'));
    expect(brief(err)).toEqual({ kind: 'retryable', code: 'bad_payload' });
    expect(err.message).toContain('微信返回的数据格式异常');
    expect(tokens.map.size).toBe(0);
  });
});

describe('fetchWechatDay: upstream errors', () => {
  const lines = fixtureText('errors.jsonl')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { errcode: number; errmsg: string });
  const expected: Record<number, ConnectorError['kind']> = {
    [-1]: 'retryable',
    40001: 'config',
    40013: 'config',
    40125: 'config',
    40164: 'config',
    42001: 'config',
    45009: 'quota',
    48001: 'config',
    40097: 'config',
    61501: 'config',
  };

  it.each(lines.map((l) => [l.errcode, l.errmsg] as const))('errcode %i (%s) from a data call', async (errcode, errmsg) => {
    fake.setMode({ kind: 'errcode', errcode, errmsg });
    const err = await failure(fetchDay('2025-11-01'));
    expect(err.kind).toBe(expected[errcode]);
    expect(err.code).toBe(String(errcode));
    expect(err.message.startsWith(`微信接口错误 ${errcode}：${errmsg}`)).toBe(true);
    const tokenError = [40001, 40014, 42001].includes(errcode);
    expect(fake.calls('getarticletotaldetail')).toHaveLength(tokenError ? 2 : 1);
  });

  it('stops at quota (45009) and system busy (-1) without retrying itself', async () => {
    fake.setMode({ kind: 'errcode', errcode: 45009, times: 1 });
    expect(brief(await failure(fetchDay('2025-11-01')))).toEqual({ kind: 'quota', code: '45009' });
    fake.setMode({ kind: 'errcode', errcode: -1, times: 1 });
    expect(brief(await failure(fetchDay('2025-11-01')))).toEqual({ kind: 'retryable', code: '-1' });
    expect(fake.calls('getarticletotaldetail')).toHaveLength(2);
    expect(await fetchDay('2025-11-01')).toEqual(NOV1);
  });

  it('reports 40164 (IP not whitelisted) from the token call as config, one call, with the upstream text', async () => {
    fake.setMode({ kind: 'errcode', errcode: 40164, on: 'any' });
    const err = await failure(fetchDay('2025-11-01'));
    expect(brief(err)).toEqual({ kind: 'config', code: '40164' });
    expect(err.message).toMatch(/^微信接口错误 40164：invalid ip 47\.94\.148\.108 ipv6 ::ffff:47\.94\.148\.108, not in whitelist rid: [0-9a-f]{8}-/);
    expect(fake.requests.map((r) => r.path)).toEqual(['/cgi-bin/stable_token']);
  });

  it('reports 48001 (api unauthorized) from the data call as config after one call', async () => {
    fake.setMode({ kind: 'errcode', errcode: 48001 });
    const err = await failure(fetchDay('2025-11-01'));
    expect(brief(err)).toEqual({ kind: 'config', code: '48001' });
    expect(err.message).toMatch(/^微信接口错误 48001：api unauthorized rid: /);
    expect(fake.calls('getarticletotaldetail')).toHaveLength(1);
    expect(fake.calls('stable_token')).toHaveLength(1);
  });

  it('treats quota on the token call as quota, and an unknown errcode as retryable', async () => {
    fake.setMode({ kind: 'errcode', errcode: 45009, on: 'token' });
    expect(brief(await failure(fetchDay('2025-11-01')))).toEqual({ kind: 'quota', code: '45009' });
    fake.setMode({ kind: 'errcode', errcode: 99999, errmsg: 'something new rid: 1-2-3' });
    const err = await failure(fetchDay('2025-11-01'));
    expect(brief(err)).toEqual({ kind: 'retryable', code: '99999' });
    expect(err.message).toBe('微信接口错误 99999：something new rid: 1-2-3');
  });

  it.each([
    ['a 502 HTML error page', { kind: 'serverError' } as const, 'http_502'],
    ['a 503 HTML error page', { kind: 'serverError', status: 503 } as const, 'http_503'],
    ['HTTP 429', { kind: 'httpStatus', status: 429 } as const, 'http_429'],
    ['malformed JSON', { kind: 'malformedJson' } as const, 'bad_json'],
    ['truncated JSON', { kind: 'truncatedJson' } as const, 'bad_json'],
    ['an HTML page with HTTP 200', { kind: 'raw', body: '<html><body>维护中</body></html>' } as const, 'bad_json'],
  ])('treats %s as retryable', async (_name, mode, code) => {
    fake.setMode(mode);
    expect(brief(await failure(fetchDay('2025-11-01')))).toEqual({ kind: 'retryable', code });
  });

  it('treats a connection cut mid-body as retryable', async () => {
    fake.setMode({ kind: 'truncatedJson', dropConnection: true });
    expect((await failure(fetchDay('2025-11-01'))).kind).toBe('retryable');
  });

  it('treats HTTP 404 (wrong base URL or gateway) as config', async () => {
    fake.setMode({ kind: 'httpStatus', status: 404 });
    expect(brief(await failure(fetchDay('2025-11-01')))).toEqual({ kind: 'config', code: 'http_404' });
    settings = { ...settings, baseUrl: `${fake.url}/nowhere` };
    expect(brief(await failure(fetchDay('2025-11-01')))).toEqual({ kind: 'config', code: 'http_404' });
  });

  it('times out slow headers (headers_timeout) and slow bodies (body_timeout) as retryable', async () => {
    fake.setMode({ kind: 'slowHeaders', delayMs: 2_000, times: 1 });
    expect(brief(await failure(fetchDay('2025-11-01')))).toEqual({ kind: 'retryable', code: 'headers_timeout' });
    fake.setMode({ kind: 'slowBody', delayMs: 2_000, times: 1 });
    expect(brief(await failure(fetchDay('2025-11-01')))).toEqual({ kind: 'retryable', code: 'body_timeout' });
    fake.setMode({ kind: 'slowHeaders', delayMs: 100 }, { kind: 'slowBody', delayMs: 100 });
    expect(await fetchDay('2025-11-01')).toEqual(NOV1);
  });

  it.each([
    ['a missing list', { is_delay: false }, /getarticletotaldetail 的响应缺少 list/],
    [
      'a count given as text',
      { list: [{ ref_date: '2025-11-01', msgid: '1_1', title: 't', content_url: '', detail_list: [{ stat_date: '2025-11-01', read_user: '12' }] }] },
      /list\[0\]\.detail_list\[0\]\.read_user/,
    ],
    [
      'a negative count',
      { list: [{ ref_date: '2025-11-01', msgid: '1_1', title: 't', detail_list: [{ stat_date: '2025-11-01', read_user: -3 }] }] },
      /read_user/,
    ],
    ['an item without msgid', { list: [{ ref_date: '2025-11-01', title: 't', detail_list: [] }] }, /list\[0\]\.msgid/],
    ['a bad stat_date', { list: [{ ref_date: '2025-11-01', msgid: '1_1', title: 't', detail_list: [{ stat_date: '2025/11/01' }] }] }, /stat_date/],
    ['a list that is not an array', { list: {} }, /list/],
    ['a JSON array', [], /不是 JSON 对象/],
  ])('turns %s into a retryable 微信返回的数据格式异常 error', async (_name, body, where) => {
    fake.setMode({ kind: 'raw', body });
    const err = await failure(fetchDay('2025-11-01'));
    expect(brief(err)).toEqual({ kind: 'retryable', code: 'bad_payload' });
    expect(err.message).toMatch(/^微信返回的数据格式异常：/);
    expect(err.message).toMatch(where);
  });

  it('never puts the AppSecret or an access_token into an error message', async () => {
    const messages: string[] = [];
    const modes = [
      { kind: 'slowHeaders', delayMs: 2_000 },
      { kind: 'slowBody', delayMs: 2_000 },
      { kind: 'serverError' },
      { kind: 'malformedJson' },
      { kind: 'httpStatus', status: 403 },
      { kind: 'rejectToken' },
      { kind: 'errcode', errcode: 40164, errmsg: `invalid ip, echo ${SECRET} rid: 1`, on: 'any' },
      { kind: 'raw', body: `<html>${SECRET}</html>`, on: 'token' },
    ] as const;
    for (const mode of modes) {
      tokens.map.clear();
      fake.setMode(mode);
      messages.push((await failure(fetchDay('2025-11-01'))).message);
    }
    fake.setMode();
    fake.state.secret = 'x';
    messages.push((await failure(fetchDay('2025-11-01'))).message);
    const issued = [...new Set(fake.requests.map((r) => r.token).filter((t): t is string => t !== null))];
    expect(issued.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message).not.toContain(SECRET);
      for (const token of issued) expect(message).not.toContain(token);
    }
  });
});

describe('the WeChat fake', () => {
  it('answers in the shapes of the documented responses', async () => {
    const token = (await (
      await fetch(`${fake.url}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({ grant_type: 'client_credential', appid: APP_ID, secret: SECRET, force_refresh: false }),
      })
    ).json()) as Record<string, unknown>;
    expect(Object.keys(token).sort()).toEqual(Object.keys(fixture('token.response.ok.json') as object).sort());
    const post = async (path: string, day: string) =>
      (await (
        await fetch(`${fake.url}${path}?access_token=${String(token.access_token)}`, {
          method: 'POST',
          body: JSON.stringify({ begin_date: day, end_date: day }),
        })
      ).json()) as { list: Record<string, unknown>[] };
    const keys = (o: unknown) => Object.keys(o as object).sort();
    const detail = await post('/datacube/getarticletotaldetail', '2025-11-01');
    const real = fixture('getarticletotaldetail.response.json') as { list: Record<string, unknown>[] };
    expect(keys(detail)).toEqual(keys(real));
    expect(keys(detail.list[0])).toEqual(keys(real.list[0]));
    expect(keys((detail.list[0]!.detail_list as unknown[])[0])).toEqual(keys((real.list[0]!.detail_list as unknown[])[0]));
    const legacy = await post('/datacube/getarticletotal', '2025-10-31');
    const realLegacy = fixture('getarticletotal.response.legacy.json') as { list: Record<string, unknown>[] };
    expect(keys(legacy.list[0])).toEqual(keys(realLegacy.list[0]));
    expect(keys((legacy.list[0]!.details as unknown[])[0])).toEqual(keys((realLegacy.list[0]!.details as unknown[])[0]));
    expect((await post('/datacube/getarticletotaldetail', '2025-10-31')) as unknown).toMatchObject({ errcode: 61501 });
  });

  it('hides stat_dates from its "today" on and refuses days from it', async () => {
    fake.state.today = '2025-11-02';
    const batch = await fetchDay('2025-11-01');
    expect(batch.snapshots.map((s) => s.day)).toEqual(['2025-11-01', '2025-11-01']);
    expect(brief(await failure(fetchDay('2025-11-03')))).toEqual({ kind: 'config', code: '61501' });
  });
});
