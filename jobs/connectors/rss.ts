// RSS/Atom feeds (RSSHub /weibo/user/:uid, WeRSS, any site feed): conditional GET, charset-aware
// decoding, rss-parser, and items to posts. Translates only; the job stores.
import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { httpRequest, redact, shortMessage, type HttpResponse } from './http.ts';
import { decodeFeed } from './rss-charset.ts';
import { parseFeedDate } from './rss-dates.ts';
import { ConnectorError, type ConnectorContext, type FetchedPost } from './types.ts';
import { plainText, truncateText } from './weibo-text.ts';

export interface RssSettings {
  url: string;
}

/** Validators of the last 200 response, sent back as If-None-Match / If-Modified-Since. */
export interface RssCache {
  etag: string | null;
  lastModified: string | null;
}

export interface RssFeed {
  /** 304: nothing changed since `cache`; `posts` is empty. */
  notModified: boolean;
  /** One per identity, in feed order. */
  posts: FetchedPost[];
  /** Store it for the next call (on 304 the old validators, refreshed if the server sent new ones). */
  cache: RssCache;
  /** The channel's title. */
  title: string | null;
  /** Items left out because no date could be read (pubDate/published/updated/dc:date). */
  skipped: number;
}

export const RSS_MAX_BYTES = 5 * 1024 * 1024;
const MAX_REDIRECTS = 5;

type Item = Parser.Item & { id?: unknown; published?: unknown; updated?: unknown; date?: unknown };

/**
 * Identity = guid, else Atom id / `<id>`, else link, else `sha1:` of title + "\n" + publishedAt (stable
 * as long as the feed keeps both). An item without a readable date is skipped and counted: using the
 * fetch time would pile a feed's whole history onto the first day it is read.
 */
export async function fetchRssFeed(ctx: ConnectorContext, settings: RssSettings, cache: RssCache, opts: { maxBytes?: number } = {}): Promise<RssFeed> {
  const { res, url } = await getFollowingRedirects(ctx, settings.url, cache, opts.maxBytes ?? RSS_MAX_BYTES);
  // Messages name the configured feed, not where a redirect led: a Location header is the upstream's answer.
  const target = redact(settings.url);
  if (res.status === 304) {
    return {
      notModified: true,
      posts: [],
      cache: { etag: header(res, 'etag') ?? cache.etag, lastModified: header(res, 'last-modified') ?? cache.lastModified },
      title: null,
      skipped: 0,
    };
  }
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    throw new ConnectorError('retryable', `http_${res.status}`, `RSS 源 ${target} 返回 HTTP ${res.status}`, retryAfterMs(res));
  }
  if (res.status < 200 || res.status >= 300) {
    throw new ConnectorError('config', `http_${res.status}`, `RSS 源 ${target} 返回 HTTP ${res.status}（地址失效或无权访问）`);
  }

  const { text } = decodeFeed(res.body, header(res, 'content-type') ?? undefined);
  let feed: Parser.Output<Item>;
  try {
    // defaultRSS: accept `<rss>` without a version attribute as RSS 2 (seen in hand-written feeds).
    const parser = new Parser<Record<string, unknown>, Item>({ defaultRSS: 2, customFields: { item: ['id', 'published', 'updated'] } });
    feed = await parser.parseString(normalizeAtomDates(text));
  } catch (err) {
    // The parser's reason, short; xml2js's `Char:` line (a character of the feed itself) is left out.
    const lines = (err instanceof Error ? err.message : String(err)).split('\n').filter((l) => !/^\s*Char:/.test(l));
    const reason = shortMessage(lines.join('; '), [], 100) || '无法识别的格式';
    throw new ConnectorError('retryable', 'bad_feed', `RSS 源 ${target} 解析失败：${reason}`);
  }

  const posts = new Map<string, FetchedPost>();
  let skipped = 0;
  for (const item of feed.items ?? []) {
    const post = toPost(item, url);
    if (!post) skipped += 1;
    else if (!posts.has(post.externalId)) posts.set(post.externalId, post);
  }
  return {
    notModified: false,
    posts: [...posts.values()],
    cache: { etag: header(res, 'etag'), lastModified: header(res, 'last-modified') },
    title: str(feed.title) ? plainText(str(feed.title)!) : null,
    skipped,
  };
}

/**
 * rss-parser converts Atom `<published>`/`<updated>` with `new Date(…).toISOString()` and throws on a
 * date JavaScript cannot read (`2025年1月19日 09:30`), failing the whole feed. Dates our own reader
 * understands are rewritten to ISO first; unreadable ones are dropped so only that entry is skipped.
 */
export function normalizeAtomDates(xml: string): string {
  if (!/<feed[\s>]/.test(xml)) return xml;
  return xml.replace(/<(published|updated)(\s[^>]*)?>([\s\S]*?)<\/\1>/g, (whole, tag: string, attrs: string | undefined, raw: string) => {
    const value = raw.replace(/^<!\[CDATA\[|\]\]>$/g, '').trim();
    if (!Number.isNaN(Date.parse(value))) return whole;
    const iso = parseFeedDate(value);
    return iso ? `<${tag}${attrs ?? ''}>${iso}</${tag}>` : '';
  });
}

function toPost(item: Item, feedUrl: string): FetchedPost | null {
  const publishedAt = [item.published, item.updated, item.pubDate, item.date].map((d) => parseFeedDate(str(d))).find((d) => d !== null);
  if (!publishedAt) return null;
  const link = absoluteUrl(str(item.link), feedUrl);
  const guid = str(item.guid) ?? str(item.id);
  const title = plainText(str(item.title) ?? '') || plainText(str(item.contentSnippet) ?? '');
  const externalId = guid ?? link ?? `sha1:${createHash('sha1').update(`${title}\n${publishedAt}`).digest('hex')}`;
  return {
    externalId,
    title: truncateText(title, 120) || '（无标题）',
    url: link ?? absoluteUrl(guid, 'invalid:'), // a guid is a URL only when it is absolute
    publishedAt,
  };
}

/** xml2js hands back objects for elements with attributes only; those carry no text. */
function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function absoluteUrl(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    const u = new URL(value, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

async function getFollowingRedirects(ctx: ConnectorContext, start: string, cache: RssCache, maxBytes: number): Promise<{ res: HttpResponse; url: string }> {
  let url = absoluteUrl(start, 'invalid:');
  if (!url) throw new ConnectorError('config', 'bad_url', `RSS 源地址无效：${redact(start)}`);
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    'user-agent': 'jixiao/0.1 (+feed reader)',
  };
  if (cache.etag) headers['if-none-match'] = cache.etag;
  if (cache.lastModified) headers['if-modified-since'] = cache.lastModified;
  for (let hop = 0; ; hop++) {
    const res = await httpRequest(ctx, url, { headers, maxBytes, label: hop === 0 ? undefined : `${redact(start)} 的重定向目标` });
    const location = header(res, 'location');
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) return { res, url };
    if (hop === MAX_REDIRECTS) throw new ConnectorError('config', 'too_many_redirects', `RSS 源 ${redact(start)} 重定向超过 ${MAX_REDIRECTS} 次`);
    const next = absoluteUrl(location, url);
    if (!next) throw new ConnectorError('config', 'bad_redirect', `RSS 源 ${redact(start)} 重定向到无效地址`);
    url = next;
  }
}

function header(res: HttpResponse, name: string): string | null {
  const v = res.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() !== '' ? s : null;
}

function retryAfterMs(res: HttpResponse): number | null {
  const v = header(res, 'retry-after');
  if (!v) return null;
  const seconds = Number(v);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}
