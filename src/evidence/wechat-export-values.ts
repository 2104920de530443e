// Cells of the WeChat Official Account back-office export (数据分析 → 已通知内容 → 下载数据明细, docs/design.md "Data sources"):
// its header variants, its counts (`10万+`, `1,234`, `-`) and a post identity shared with the official API.
import { createHash } from 'node:crypto';
import { type CellValue, excelSerialToDate, formatWallClock, normalizeHeader, shanghaiInstant } from './cell-values.ts';

export type ExportColumn = 'title' | 'publishedAt' | 'url' | 'readers' | 'reads' | 'shareUsers' | 'shares' | 'likes' | 'zaikan' | 'comments' | 'favourites';

export type CountColumn = Exclude<ExportColumn, 'title' | 'publishedAt' | 'url'>;

/** Known header spellings, best first (a file with both `总阅读人数` and `阅读人数` reads the first). */
export const exportHeaders: Record<ExportColumn, string[]> = {
  title: ['内容标题', '标题', '文章标题'],
  publishedAt: ['发表时间', '发布时间', '群发时间'],
  readers: ['总阅读人数', '阅读人数'],
  reads: ['总阅读次数', '阅读次数'],
  shareUsers: ['总分享人数', '分享人数'],
  shares: ['总分享次数', '分享次数'],
  likes: ['点赞人数', '点赞数', '喜欢'],
  zaikan: ['在看人数', '在看数'],
  comments: ['留言数', '评论数', '留言'],
  favourites: ['收藏人数', '收藏数'],
  url: ['内容url', '内容链接', '文章链接', 'url'],
};

export const countColumns: CountColumn[] = ['readers', 'reads', 'shareUsers', 'shares', 'likes', 'zaikan', 'comments', 'favourites'];

/** Column index per known column (the best-ranked spelling wins), from a candidate header row. */
export function mapExportHeader(headers: string[]): Partial<Record<ExportColumn, number>> {
  const keys = headers.map(normalizeHeader);
  const found: Partial<Record<ExportColumn, number>> = {};
  for (const [column, words] of Object.entries(exportHeaders) as [ExportColumn, string[]][]) {
    for (const w of words) {
      const i = keys.indexOf(normalizeHeader(w));
      if (i >= 0) {
        found[column] = i;
        break;
      }
    }
  }
  return found;
}

/** Third-party pages and the back office cap counts at "10万+"; it is stored as 100001 (docs/design.md "Data sources"). */
export const CAPPED_COUNT = 100_001;

/** A count cell → integer ≥ 0, null for `-`/empty, or an error message. */
export function parseCount(value: CellValue): { value: number | null } | { error: string } {
  if (value === null) return { value: null };
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? { value: Math.round(value) } : { error: `“${value}”不是有效的数字` };
  }
  const s = String(value instanceof Date ? '' : value)
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, '');
  if (s === '' || /^[-—–/]+$/.test(s)) return { value: null };
  if (/^10万\+$/.test(s)) return { value: CAPPED_COUNT };
  const wan = /^(\d+(?:\.\d+)?)万(\+?)$/.exec(s);
  if (wan) return { value: Math.round(Number(wan[1]) * 10_000) + (wan[2] ? 1 : 0) };
  const plain = s.replace(/^(\d{1,3}(,\d{3})+)(\.\d+)?$/, (m) => m.replace(/,/g, ''));
  if (/^\d+(\.\d+)?$/.test(plain)) return { value: Math.round(Number(plain)) };
  return { error: `“${String(value)}”不是有效的数字` };
}

/** 发表时间 (text in several spellings, an Excel date or serial; wall clock Asia/Shanghai) → ISO instant. */
export function parsePublishedAt(value: CellValue): string | null {
  if (value === null || typeof value === 'boolean') return null;
  if (value instanceof Date) return shanghaiInstant(formatWallClock(value, true));
  if (typeof value === 'number') {
    const d = excelSerialToDate(value);
    return d ? shanghaiInstant(formatWallClock(d, true)) : null;
  }
  return shanghaiInstant(value);
}

/** A link cell → the URL, or null when it is not an http(s) link. */
export function parseUrl(value: CellValue): string | null {
  const s = typeof value === 'string' ? value.trim() : '';
  // No control characters (PostgreSQL refuses NUL) and no link longer than any real one.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a link with a control character is refused
  return s.length <= 2000 && /^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(s) ? s : null;
}

/**
 * The post's identity. A long article link `…/s?__biz=…&mid=2247490098&idx=1&sn=…` → `2247490098_1`, the
 * id the official API calls msgid, so API and export data meet on one post; a short link `…/s/AbC-dE_f` →
 * `s/AbC-dE_f`; otherwise a stable hash of title and publish time, `export:<16 hex>`.
 */
export function exportExternalId(url: string | null, title: string, publishedAt: string): string {
  const fromUrl = url ? idFromUrl(url) : null;
  if (fromUrl) return fromUrl;
  return `export:${createHash('sha256').update(`${title}\n${publishedAt}`).digest('hex').slice(0, 16)}`;
}

function idFromUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.replace(/&amp;/g, '&'));
  } catch {
    return null;
  }
  if (!/(^|\.)mp\.weixin\.qq\.com$/i.test(url.hostname)) return null;
  const mid = url.searchParams.get('mid') ?? url.searchParams.get('appmsgid');
  const idx = url.searchParams.get('idx') ?? url.searchParams.get('itemidx');
  if (mid && idx && /^\d+$/.test(mid) && /^\d+$/.test(idx)) return `${mid}_${idx}`;
  const short = /^\/s\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
  return short ? `s/${short[1]}` : null;
}
