// Weibo: the unit's own timeline (posts + repost/comment/like counters) and, when the unit has the
// commercial count endpoint, read counts. Translates only; the job stores.
import { z } from 'zod';
import { ConnectorError, type ConnectorContext, type FetchedBatch, type FetchedPost, type FetchedSnapshot } from './types.ts';
import { getWeiboJson, weiboToken, weiboUrl } from './weibo-api.ts';
import { fetchWeiboReadCounts } from './weibo-counts.ts';
import { parseWeiboDate, weiboTitle } from './weibo-text.ts';

export interface WeiboSettings {
  uid: string;
  /** Name of the environment variable holding the OAuth2 access_token. */
  tokenEnv: string;
  /** Default https://api.weibo.com/2 */
  baseUrl?: string | null;
  /** Commercial count endpoint (reads); absent = no readership from Weibo. */
  countUrl?: string | null;
}

export interface WeiboTimeline extends FetchedBatch {
  /** Largest id seen (BigInt order), never below `sinceId`: store it as the next `sinceId`. */
  newestId: string | null;
  /** Where `readers` came from: the commercial endpoint, or nowhere (null readers). */
  readersSource: 'commercial' | 'none';
  /** Timeline pages requested. */
  pages: number;
  /** Stopped at maxPages while pages were still full: older posts after `sinceId` were not read. */
  truncated: boolean;
}

export const WEIBO_BASE_URL = 'https://api.weibo.com/2';
/** The largest page user_timeline serves. */
const PAGE_SIZE = 100;

const id = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative().transform(String)]);
const counter = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).nullish();
const Status = z.object({
  idstr: z.string().regex(/^\d+$/).optional(),
  id: id.optional(),
  created_at: z.string(),
  text: z.string().nullish(),
  reposts_count: counter,
  comments_count: counter,
  attitudes_count: counter,
  url: z.string().nullish(),
  user: z.object({ idstr: z.string().regex(/^\d+$/).optional() }).nullish(),
});
const Timeline = z.object({ statuses: z.array(z.unknown()), total_number: z.number().optional() });

/**
 * Posts newer than `sinceId` (all the timeline serves when null), newest first, page by page until an
 * empty page, a short page, a page with nothing new (a server ignoring since_id/page) or `maxPages`
 * (default 50). Each post gets one snapshot for `day`. Duplicates across pages (posts shift while
 * paging) are kept once; order is not relied on.
 */
export async function fetchWeiboTimeline(
  ctx: ConnectorContext,
  settings: WeiboSettings,
  opts: { sinceId: string | null; day: string; maxPages?: number; startPage?: number },
): Promise<WeiboTimeline> {
  const token = weiboToken(ctx, settings.tokenEnv);
  if (!/^\d{1,20}$/.test(settings.uid)) throw new ConnectorError('config', 'bad_uid', '微博 uid 应为数字');
  if (opts.sinceId !== null && !/^\d+$/.test(opts.sinceId)) throw new Error(`since_id must be digits, got ${opts.sinceId}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.day)) throw new Error(`day must be YYYY-MM-DD, got ${opts.day}`);
  const since = opts.sinceId === null ? null : BigInt(opts.sinceId);
  const maxPages = opts.maxPages ?? 50;
  // A backlog longer than maxPages is read in several calls, each going on from where the last stopped.
  const firstPage = opts.startPage ?? 1;
  const lastPage = firstPage + maxPages - 1;
  const base = settings.baseUrl || WEIBO_BASE_URL;

  const posts = new Map<string, FetchedPost & { counters: Counters }>();
  let pages = 0;
  let truncated = false;
  for (let page = firstPage; page <= lastPage; page++) {
    const url = weiboUrl(base, '/statuses/user_timeline.json', {
      access_token: token,
      uid: settings.uid,
      since_id: opts.sinceId,
      count: String(PAGE_SIZE),
      page: String(page),
    });
    const statuses = parse(Timeline, await getWeiboJson(ctx, url, '微博 user_timeline', [token]), page).statuses;
    pages = page;
    let fresh = 0;
    for (const raw of statuses) {
      if (isDeleted(raw)) continue;
      const post = toPost(parse(Status, raw, page), settings.uid, page);
      if (since !== null && BigInt(post.externalId) <= since) continue;
      if (posts.has(post.externalId)) continue;
      posts.set(post.externalId, post);
      fresh += 1;
    }
    if (statuses.length < PAGE_SIZE || fresh === 0) break;
    if (page === lastPage) truncated = true;
  }

  let readers = new Map<string, number | null>();
  if (settings.countUrl) readers = await fetchWeiboReadCounts(ctx, settings.countUrl, token, [...posts.keys()]);

  const ids = [...posts.keys()];
  const newest = ids.reduce<bigint | null>((max, i) => (max === null || BigInt(i) > max ? BigInt(i) : max), since);
  return {
    posts: [...posts.values()].map(({ counters: _, ...post }) => post),
    snapshots: [...posts.values()].map(
      (p): FetchedSnapshot => ({
        externalId: p.externalId,
        day: opts.day,
        readers: readers.get(p.externalId) ?? null,
        reads: null,
        shares: p.counters.shares,
        likes: p.counters.likes,
        zaikan: null,
        comments: p.counters.comments,
        favourites: null,
      }),
    ),
    incomplete: false,
    newestId: newest === null ? null : newest.toString(),
    readersSource: settings.countUrl ? 'commercial' : 'none',
    pages,
    truncated,
  };
}

interface Counters {
  shares: number | null;
  comments: number | null;
  likes: number | null;
}

function toPost(s: z.infer<typeof Status>, uid: string, page: number): FetchedPost & { counters: Counters } {
  const externalId = s.idstr ?? s.id;
  if (!externalId) throw badPayload(page, 'statuses[].idstr: 缺少微博 id');
  const publishedAt = parseWeiboDate(s.created_at);
  if (!publishedAt) throw badPayload(page, 'created_at 无法解析（应为 "Sun Sep 08 18:21:15 +0800 2013" 格式）');
  const owner = s.user?.idstr ?? uid;
  return {
    externalId,
    title: weiboTitle(s.text ?? '') || `微博 ${externalId}`,
    url: s.url && /^https?:\/\//.test(s.url) ? s.url : `https://weibo.com/${owner}/${externalId}`,
    publishedAt,
    counters: { shares: s.reposts_count ?? null, comments: s.comments_count ?? null, likes: s.attitudes_count ?? null },
  };
}

/** Deleted posts stay in the timeline as `{"deleted":"1", …}` stubs. */
function isDeleted(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || !('deleted' in raw)) return false;
  const d = (raw as { deleted: unknown }).deleted;
  return d === true || d === 1 || d === '1';
}

function parse<T extends z.ZodType>(schema: T, value: unknown, page: number): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw badPayload(page, issue ? `${issue.path.join('.') || '(根)'}: ${issue.message}` : r.error.message);
}

function badPayload(page: number, detail: string): ConnectorError {
  return new ConnectorError('retryable', 'bad_payload', `微博 user_timeline 第 ${page} 页格式不符：${detail}`);
}
