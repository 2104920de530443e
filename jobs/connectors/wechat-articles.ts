// The per-article statistics of one publish day, validated and mapped to posts and snapshots:
// `getarticletotaldetail` (from 2025-11-01) and the deprecated `getarticletotal` (before).
import { z } from 'zod';
import { ConnectorError, type FetchedBatch, type FetchedPost, type FetchedSnapshot } from './types.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isCalendarDay, 'not a calendar date');

/** `<appmsgid>_<index in the push>`: the same id the back-office export's links give (mid, idx). */
const msgid = z.string().regex(/^\d+_\d+$/, 'expected <appmsgid>_<idx>');

/** Absent or null = the source did not say; present = a whole non-negative count. */
const count = z.number().int().nonnegative().nullish();

const contentUrl = z
  .string()
  .nullish()
  .refine((u) => !u || isHttpUrl(u), 'expected an http(s) URL');

const detailStat = z.object({
  stat_date: day,
  read_user: count,
  int_page_read_count: count,
  read_count: count,
  share_user: count,
  share_count: count,
  zaikan_user: count,
  like_user: count,
  comment_count: count,
  collection_user: count,
});

const detailReply = z.object({
  list: z.array(
    z.object({
      ref_date: day,
      msgid,
      publish_type: z.number().int().nullish(),
      title: z.string(),
      content_url: contentUrl,
      detail_list: z.array(detailStat),
    }),
  ),
  is_delay: z.boolean().nullish(),
});

const legacyStat = z.object({
  stat_date: day,
  int_page_read_user: count,
  int_page_read_count: count,
  share_user: count,
  share_count: count,
  add_to_fav_user: count,
});

const legacyReply = z.object({
  list: z.array(z.object({ ref_date: day, msgid, title: z.string(), details: z.array(legacyStat) })),
  is_delay: z.boolean().nullish(),
});

/** `getarticletotaldetail` → batch. Throws a retryable ConnectorError on any malformed field. */
export function mapArticleTotalDetail(body: unknown): FetchedBatch {
  const reply = parse(detailReply, body, 'getarticletotaldetail');
  const collect = collector();
  for (const item of reply.list) {
    collect.post(item.msgid, item.title, item.content_url || null, item.ref_date);
    for (const s of item.detail_list) {
      collect.snapshot({
        externalId: item.msgid,
        day: s.stat_date,
        readers: s.read_user ?? null,
        reads: s.int_page_read_count ?? s.read_count ?? null,
        shares: s.share_user ?? s.share_count ?? null,
        likes: s.like_user ?? null,
        zaikan: s.zaikan_user ?? null,
        comments: s.comment_count ?? null,
        favourites: s.collection_user ?? null,
      });
    }
  }
  return collect.batch(reply.is_delay === true);
}

/** Deprecated `getarticletotal` → batch: no link, likes, 在看 or comments in this format. */
export function mapArticleTotalLegacy(body: unknown): FetchedBatch {
  const reply = parse(legacyReply, body, 'getarticletotal');
  const collect = collector();
  for (const item of reply.list) {
    collect.post(item.msgid, item.title, null, item.ref_date);
    for (const s of item.details) {
      collect.snapshot({
        externalId: item.msgid,
        day: s.stat_date,
        readers: s.int_page_read_user ?? null,
        reads: s.int_page_read_count ?? null,
        shares: s.share_user ?? s.share_count ?? null,
        likes: null,
        zaikan: null,
        comments: null,
        favourites: s.add_to_fav_user ?? null,
      });
    }
  }
  return collect.batch(reply.is_delay === true);
}

/**
 * The API may repeat or reorder items: posts are kept once per msgid and snapshots once per
 * (msgid, stat_date), the last occurrence winning; output is sorted so equal data gives equal batches.
 */
function collector() {
  const posts = new Map<string, FetchedPost>();
  const snapshots = new Map<string, FetchedSnapshot>();
  return {
    post(externalId: string, title: string, url: string | null, refDate: string) {
      const previous = posts.get(externalId);
      posts.set(externalId, { externalId, title, url: url ?? previous?.url ?? null, publishedAt: shanghaiMidnight(refDate) });
    },
    snapshot(s: FetchedSnapshot) {
      snapshots.set(`${s.externalId}\u0000${s.day}`, s);
    },
    batch(incomplete: boolean): FetchedBatch {
      return {
        posts: [...posts.values()].sort((a, b) => compare(a.publishedAt, b.publishedAt) || compare(a.externalId, b.externalId)),
        snapshots: [...snapshots.values()].sort((a, b) => compare(a.externalId, b.externalId) || compare(a.day, b.day)),
        incomplete,
      };
    },
  };
}

function parse<T>(schema: z.ZodType<T>, body: unknown, endpoint: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue && issue.path.length === 1 && issue.path[0] === 'list' && (body as { list?: unknown }).list === undefined) {
    throw new ConnectorError('retryable', 'bad_payload', `微信返回的数据格式异常：${endpoint} 的响应缺少 list`);
  }
  const where = issue ? `${formatPath(issue.path)}：${issue.message}` : '未知错误';
  throw new ConnectorError('retryable', 'bad_payload', `微信返回的数据格式异常：${endpoint} ${where}`);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '（根）';
}

/** No publish time is in either payload: a post is placed at 00:00 Asia/Shanghai of its ref_date. */
function shanghaiMidnight(refDate: string): string {
  return new Date(`${refDate}T00:00:00+08:00`).toISOString();
}

export function isCalendarDay(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
