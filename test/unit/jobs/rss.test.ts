import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchRssFeed, type RssCache } from '../../../jobs/connectors/rss.ts';
import { decodeFeed } from '../../../jobs/connectors/rss-charset.ts';
import { parseFeedDate } from '../../../jobs/connectors/rss-dates.ts';
import type { ConnectorContext } from '../../../jobs/connectors/types.ts';
import { encodeGbk, startRssFake, type MalformedVariant, type RssFake, type RssFakeItem } from '../../fakes/rss-server.ts';
import { connectorFailure as failure } from '../../helpers/connector-failure.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/rss/${name}`, import.meta.url), 'utf8');

const ctx: ConnectorContext = {
  now: () => new Date('2025-01-15T01:00:00Z'),
  env: {},
  timeouts: { connectMs: 300, headersMs: 300, bodyMs: 300 },
};
const NO_CACHE: RssCache = { etag: null, lastModified: null };

const ITEMS: RssFakeItem[] = [
  {
    guid: 'https://weibo.com/1195230310/B',
    link: 'https://weibo.com/1195230310/B',
    title: '第二条 #话题#',
    pubDate: 'Tue, 14 Jan 2025 09:00:00 GMT',
    description: '第二条<br><img src="x.jpg">',
  },
  { guid: 'https://weibo.com/1195230310/A', link: 'https://weibo.com/1195230310/A', title: '【通知】关于……的公告', pubDate: 'Tue, 14 Jan 2025 08:00:00 GMT' },
];

let feed: RssFake;
beforeAll(async () => {
  feed = await startRssFake({ title: '某单位的微博' });
});
afterAll(() => feed.close());
beforeEach(() => {
  feed.setMode({ kind: 'ok' });
  feed.setRawFeed(null);
  feed.setTitle('某单位的微博');
  feed.setItems(ITEMS);
  feed.state.format = 'rss';
  feed.state.validators = true;
  feed.requests.length = 0;
});

describe('fetchRssFeed: items to posts', () => {
  it('reads the RSSHub Weibo fixture: guid identity, link, GMT date, channel title, validators', async () => {
    feed.setRawFeed(fixture('rsshub_weibo_user.xml'));
    const out = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(out).toMatchObject({ notModified: false, title: '某单位的微博', skipped: 0 });
    expect(out.posts).toEqual([
      {
        externalId: 'https://weibo.com/1195230310/PrP6QqqEQ',
        title: '【通知】关于……的公告 #话题#',
        url: 'https://weibo.com/1195230310/PrP6QqqEQ',
        publishedAt: '2025-01-14T08:00:00.000Z',
      },
    ]);
    expect(out.cache).toEqual({ etag: feed.etag(), lastModified: feed.state.lastModified });
    expect(feed.requests[0]!.headers).not.toHaveProperty('if-none-match');
  });

  it('reads the WeRSS fixture (+0800 pubDate, guid before the <id> element)', async () => {
    feed.setRawFeed(fixture('werss_item.xml'));
    const out = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(out.title).toBe('公众号名');
    expect(out.posts).toEqual([
      { externalId: 'https://mp.weixin.qq.com/s/abc', title: '标题', url: 'https://mp.weixin.qq.com/s/abc', publishedAt: '2025-01-14T08:00:00.000Z' },
    ]);
  });

  it('reads dates without a zone as Asia/Shanghai, whatever the process time zone', async () => {
    feed.setItems([
      { guid: 'a', title: 'WeRSS naive', pubDate: 'Tue, 14 Jan 2025 16:00:00 ' },
      { guid: 'b', title: 'ISO naive', pubDate: '2025-01-14 16:00:00' },
      { guid: 'c', title: 'Chinese', pubDate: '2025年1月14日' },
      { guid: 'd', title: 'Java CST', pubDate: 'Tue Jan 14 16:00:00 CST 2025' },
      { guid: 'e', title: 'ISO with zone', pubDate: '2025-01-14T16:00:00Z' },
    ]);
    const out = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(out.posts.map((p) => [p.externalId, p.publishedAt])).toEqual([
      ['a', '2025-01-14T08:00:00.000Z'],
      ['b', '2025-01-14T08:00:00.000Z'],
      ['c', '2025-01-13T16:00:00.000Z'],
      ['d', '2025-01-14T08:00:00.000Z'],
      ['e', '2025-01-14T16:00:00.000Z'],
    ]);
    expect(out.posts.every((p) => p.url === null)).toBe(true); // guids that are not URLs give no link
  });

  it('identity falls back from guid to link to a hash of title and date; undated items are skipped and counted', async () => {
    const items: RssFakeItem[] = [
      { link: 'https://example.org/a', title: 'link only', pubDate: 'Tue, 14 Jan 2025 08:00:00 GMT' },
      { title: 'neither', pubDate: 'Tue, 14 Jan 2025 08:00:00 GMT' },
      { guid: 'undated', title: 'no date' },
      { guid: 'bad-date', title: 'bad date', pubDate: '昨天' },
    ];
    feed.setItems(items);
    const first = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(first.skipped).toBe(2);
    expect(first.posts).toHaveLength(2);
    expect(first.posts[0]).toMatchObject({ externalId: 'https://example.org/a', url: 'https://example.org/a' });
    expect(first.posts[1]!.externalId).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect(first.posts[1]!.url).toBeNull();
    feed.setItems([...items].reverse());
    const again = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(again.posts.map((p) => p.externalId).sort()).toEqual(first.posts.map((p) => p.externalId).sort());
  });

  it('makes relative links absolute, strips HTML from titles, cuts them at 120 characters and names untitled items', async () => {
    feed.setItems([
      { guid: 'r', link: '/posts/1', title: '<b>粗体</b> &amp; 标题', pubDate: '2025-01-14T08:00:00Z' },
      { guid: 'long', title: '长'.repeat(200), pubDate: '2025-01-14T08:00:00Z' },
      { guid: 'untitled', pubDate: '2025-01-14T08:00:00Z' },
      { guid: 'snippet', description: '<p>只有摘要</p>', pubDate: '2025-01-14T08:00:00Z' },
    ]);
    const out = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(out.posts[0]).toMatchObject({ title: '粗体 & 标题', url: `${feed.origin}/posts/1` });
    expect(Array.from(out.posts[1]!.title)).toHaveLength(120);
    expect(out.posts[1]!.title.endsWith('…')).toBe(true);
    expect(out.posts[2]!.title).toBe('（无标题）');
    expect(out.posts[3]!.title).toBe('只有摘要');
  });

  it('keeps an item once when the feed repeats it, and does not depend on order', async () => {
    feed.setMode({ kind: 'duplicates' });
    const dup = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(dup.posts.map((p) => p.externalId)).toEqual(ITEMS.map((i) => i.guid));
    feed.setMode({ kind: 'reordered' });
    const rev = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(rev.posts.map((p) => p.externalId)).toEqual([...ITEMS].reverse().map((i) => i.guid));
  });

  it('reads Atom feeds: id identity, zone-less published as Asia/Shanghai', async () => {
    feed.state.format = 'atom';
    feed.setItems([{ guid: 'tag:example.org,2025:1', link: 'https://example.org/1', title: 'Atom', pubDate: '2025-01-14T16:00:00' }]);
    const out = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(out.posts).toEqual([{ externalId: 'tag:example.org,2025:1', title: 'Atom', url: 'https://example.org/1', publishedAt: '2025-01-14T08:00:00.000Z' }]);
  });

  it('an empty channel is fine', async () => {
    feed.setItems([]);
    expect(await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE)).toMatchObject({ posts: [], skipped: 0, title: '某单位的微博' });
  });
});

describe('fetchRssFeed: conditional requests', () => {
  it('sends the validators back and reports 304 as not modified with the cache kept', async () => {
    const first = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(first.cache.etag).toMatch(/^"[0-9a-f]{40}"$/);
    const second = await fetchRssFeed(ctx, { url: feed.url }, first.cache);
    expect(second).toEqual({ notModified: true, posts: [], cache: first.cache, title: null, skipped: 0 });
    expect(feed.requests[1]!.headers).toMatchObject({ 'if-none-match': first.cache.etag, 'if-modified-since': first.cache.lastModified });

    feed.setItems([...ITEMS, { guid: 'new', title: '新', pubDate: 'Wed, 15 Jan 2025 01:00:00 GMT' }]);
    const third = await fetchRssFeed(ctx, { url: feed.url }, first.cache);
    expect(third.notModified).toBe(false);
    expect(third.posts).toHaveLength(3);
    expect(third.cache.etag).not.toBe(first.cache.etag);
  });

  it('uses If-Modified-Since alone when there is no ETag', async () => {
    const first = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    const out = await fetchRssFeed(ctx, { url: feed.url }, { etag: null, lastModified: first.cache.lastModified });
    expect(out.notModified).toBe(true);
    expect(feed.requests[1]!.headers).not.toHaveProperty('if-none-match');
  });

  it('a server without validators gets a full fetch every time and an empty cache', async () => {
    feed.state.validators = false;
    const first = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(first.cache).toEqual(NO_CACHE);
    const second = await fetchRssFeed(ctx, { url: feed.url }, { etag: '"old"', lastModified: 'Tue, 14 Jan 2025 09:00:00 GMT' });
    expect(second).toMatchObject({ notModified: false, cache: NO_CACHE });
    expect(second.posts).toHaveLength(2);
  });

  it('follows redirects (sending the validators again)', async () => {
    feed.setMode({ kind: 'redirect', status: 301 });
    const out = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(out.posts).toHaveLength(2);
    expect(feed.requests.map((r) => r.path)).toEqual(['/feed.xml', '/moved/feed.xml']);
    const again = await fetchRssFeed(ctx, { url: feed.url }, out.cache);
    expect(again.notModified).toBe(true);
    expect(feed.requests[3]!.headers['if-none-match']).toBe(out.cache.etag);
  });
});

describe('fetchRssFeed: charsets', () => {
  it.each([
    ['only in the XML declaration', 'declaration'],
    ['in the Content-Type header', 'header'],
    ['declared GBK behind a wrong charset=utf-8 header', 'header_says_utf8'],
  ] as const)('decodes a GBK feed with the charset %s', async (_name, charset) => {
    feed.setMode({ kind: 'gbk', charset });
    const out = await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE);
    expect(out.title).toBe('某单位的微博');
    expect(out.posts.map((p) => p.title)).toEqual(['第二条 #话题#', '【通知】关于……的公告']);
    expect(out.cache.etag).not.toBeNull();
  });

  it('decodeFeed: BOM first, then the header, then the declaration, then UTF-8', () => {
    const gbk = encodeGbk('<?xml version="1.0" encoding="gb2312"?><rss>中文</rss>');
    expect(decodeFeed(gbk, 'text/xml')).toMatchObject({ charset: 'gb18030', source: 'declaration' });
    expect(decodeFeed(gbk, 'text/xml').text).toContain('中文');
    expect(decodeFeed(gbk, 'text/xml; charset="GBK"')).toMatchObject({ charset: 'gb18030', source: 'header' });
    const utf8 = Buffer.from('<?xml version="1.0" encoding="GBK"?><rss>中文</rss>');
    expect(decodeFeed(utf8, 'text/xml; charset=utf-8')).toMatchObject({
      charset: 'utf-8',
      source: 'header',
      text: '<?xml version="1.0" encoding="GBK"?><rss>中文</rss>',
    });
    expect(decodeFeed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss>中文</rss>')]), 'text/xml; charset=gbk')).toMatchObject({
      source: 'bom',
      text: '<rss>中文</rss>',
    });
    expect(decodeFeed(Buffer.from('<rss>中文</rss>'), undefined)).toMatchObject({ charset: 'utf-8', source: 'default', text: '<rss>中文</rss>' });
    expect(decodeFeed(Buffer.from('<rss/>'), 'text/xml; charset=no-such-charset')).toMatchObject({ charset: 'utf-8' });
  });
});

describe('fetchRssFeed: broken feeds and failures', () => {
  const broken: Array<[MalformedVariant, RegExp]> = [
    ['unclosed_tag', /Unexpected close tag; Line: 0; Column: 76/],
    ['bare_ampersand', /Invalid character in entity name/],
    ['html_page', /Feed not recognized as RSS 1 or 2\./],
    ['empty', /Unable to parse XML\./],
    ['text_before_root', /Non-whitespace before first tag\./],
  ];
  it.each(broken)('a feed with %s fails retryable bad_feed with the parser message', async (variant, message) => {
    feed.setMode({ kind: 'malformed', variant });
    const err = await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE));
    expect(err).toMatchObject({ kind: 'retryable', code: 'bad_feed' });
    expect(err.message).toMatch(message);
    expect(err.message).toContain(feed.url);
    expect(err.message).not.toContain('\n');
  });

  it('accepts <rss> without a version and a UTF-8 BOM', async () => {
    feed.setMode({ kind: 'malformed', variant: 'no_version' });
    expect((await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE)).posts.map((p) => p.externalId)).toEqual(['no-version-1']);
    feed.setMode({ kind: 'malformed', variant: 'bom' });
    expect((await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE)).posts.map((p) => p.externalId)).toEqual(['bom-1']);
  });

  it('a truncated feed fails as bad_feed', async () => {
    feed.setMode({ kind: 'truncated' });
    expect(await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE))).toMatchObject({ kind: 'retryable', code: 'bad_feed' });
  });

  it.each([
    [404, 'config'],
    [403, 'config'],
    [410, 'config'],
    [500, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
  ] as const)('HTTP %i with an HTML page is %s', async (status, kind) => {
    feed.setMode({ kind: 'http_error', status });
    const err = await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE));
    expect(err).toMatchObject({ kind, code: `http_${status}` });
    expect(err.message).toContain(`HTTP ${status}`);
  });

  it('429 is retryable after its Retry-After', async () => {
    feed.setMode({ kind: 'http_error', status: 429, retryAfterSeconds: 120 });
    expect(await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE))).toMatchObject({ kind: 'retryable', code: 'http_429', retryAfterMs: 120_000 });
  });

  it('a body over the cap is retryable too_large, with or without Content-Length', async () => {
    feed.setMode({ kind: 'huge', bytes: 6 * 1024 * 1024 });
    expect(await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE))).toMatchObject({ kind: 'retryable', code: 'too_large' });
    feed.setMode({ kind: 'huge', bytes: 6 * 1024 * 1024, chunked: true });
    expect(await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE))).toMatchObject({ kind: 'retryable', code: 'too_large' });
    feed.setMode({ kind: 'huge', bytes: 64 * 1024 });
    expect(await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE, { maxBytes: 32 * 1024 }))).toMatchObject({ code: 'too_large' });
    expect((await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE, { maxBytes: 128 * 1024 })).posts).toHaveLength(2);
  });

  it('slow headers and a stalled body time out as retryable', async () => {
    feed.setMode({ kind: 'slow_headers', delayMs: 3000 });
    expect(await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE))).toMatchObject({ kind: 'retryable', code: 'headers_timeout' });
    feed.setMode({ kind: 'slow_body', delayMs: 3000 });
    expect(await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE))).toMatchObject({ kind: 'retryable', code: 'body_timeout' });
  });

  it('recovers after a fault limited to one request', async () => {
    feed.setMode({ kind: 'http_error', status: 503 }, { times: 1 });
    await failure(fetchRssFeed(ctx, { url: feed.url }, NO_CACHE));
    expect((await fetchRssFeed(ctx, { url: feed.url }, NO_CACHE)).posts).toHaveLength(2);
  });

  it('a URL that is not http(s) is a configuration error', async () => {
    expect(await failure(fetchRssFeed(ctx, { url: 'feed.xml' }, NO_CACHE))).toMatchObject({ kind: 'config', code: 'bad_url' });
    expect(await failure(fetchRssFeed(ctx, { url: 'ftp://example.org/feed.xml' }, NO_CACHE))).toMatchObject({ kind: 'config', code: 'bad_url' });
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 14 Jan 2025 08:00:00 GMT', '2025-01-14T08:00:00.000Z'],
    ['Tue, 14 Jan 2025 16:00:00 +0800', '2025-01-14T08:00:00.000Z'],
    ['Tue, 14 Jan 2025 16:00:00 ', '2025-01-14T08:00:00.000Z'],
    ['14 Jan 25 16:00 EST', '2025-01-14T21:00:00.000Z'],
    ['Tue, 14 Jan 2025 16:00:00 GMT+8', '2025-01-14T08:00:00.000Z'],
    ['Tue Jan 14 16:00:00 CST 2025', '2025-01-14T08:00:00.000Z'],
    ['Sun Sep 08 18:21:15 +0800 2013', '2013-09-08T10:21:15.000Z'],
    ['2025-01-14T16:00:00+08:00', '2025-01-14T08:00:00.000Z'],
    ['2025-01-14T16:00:00.123+0800', '2025-01-14T08:00:00.000Z'],
    ['2025-01-14T08:00:00Z', '2025-01-14T08:00:00.000Z'],
    ['2025-01-14 16:00:00', '2025-01-14T08:00:00.000Z'],
    ['2025/1/14 16:00', '2025-01-14T08:00:00.000Z'],
    ['2025-01-14', '2025-01-13T16:00:00.000Z'],
    ['2025年1月14日', '2025-01-13T16:00:00.000Z'],
    ['2025年1月14日 16:00', '2025-01-14T08:00:00.000Z'],
    ['2025-02-30', null],
    ['Tue, 14 Jan 2025 16:00:00 XYZT', null],
    ['昨天', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });
});
