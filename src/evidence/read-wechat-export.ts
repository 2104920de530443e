// The WeChat Official Account back-office export (docs/design.md "Data sources"), for units without API access: CSV or .xlsx,
// columns matched by header name, title lines above the header and 合计 rows tolerated. Never throws.
import { TEXT_MAX } from '../edge/limits.ts';
import { charLength, textProblem } from '../edge/values.ts';
import { type CellValue, cellText, normalizeHeader } from './cell-values.ts';
import type { RowError } from './entry-validate.ts';
import { detectFormat, MAX_ROWS, readSheetRows, type SheetRow } from './sheet-rows.ts';
import {
  countColumns,
  type CountColumn,
  type ExportColumn,
  exportExternalId,
  mapExportHeader,
  parseCount,
  parsePublishedAt,
  parseUrl,
} from './wechat-export-values.ts';

export type { RowError } from './entry-validate.ts';

export interface WechatExportRow {
  /** Spreadsheet row number. */
  row: number;
  /** `2247490098_1` (the API's msgid), `s/<code>` for a short link, else `export:<hash of title and time>`. */
  externalId: string;
  title: string;
  /** ISO instant (UTC); the file's times are Asia/Shanghai. */
  publishedAt: string;
  url: string | null;
  readers: number | null;
  reads: number | null;
  shareUsers: number | null;
  shares: number | null;
  likes: number | null;
  zaikan: number | null;
  comments: number | null;
  favourites: number | null;
}

export interface WechatExportResult {
  rows: WechatExportRow[];
  errors: RowError[];
}

/** How far down a title block may push the header row. */
const HEADER_SEARCH_ROWS = 20;
const SUMMARY_WORDS = new Set(['合计', '总计', '汇总', '小计', 'total', '总计:', '合计:']);

const fileError = (message: string): WechatExportResult => ({ rows: [], errors: [{ row: 0, field: null, message }] });

export async function readWechatExport(fileName: string, bytes: Uint8Array): Promise<WechatExportResult> {
  try {
    const format = detectFormat(fileName, bytes);
    if (format === 'xls') return fileError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV');
    if (format === 'jsonl') return fileError('公众号后台导出应为 CSV 或 Excel（.xlsx）文件');
    const sheet = await readSheetRows(format, bytes);
    if (sheet.error !== null) return fileError(sheet.error);
    return readExportRows(sheet.rows);
  } catch {
    // The parser's own text names its internals, not the file's problem.
    return fileError('无法读取文件：请确认是公众号后台导出的 CSV 或 Excel（.xlsx）文件');
  }
}

export function readExportRows(sheetRows: SheetRow[]): WechatExportResult {
  const headerAt = sheetRows.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => {
    const found = mapExportHeader(r.cells.map(cellText));
    return found.title !== undefined && found.publishedAt !== undefined;
  });
  if (headerAt < 0) return fileError('找不到表头：需要“内容标题”和“发表时间”两列（或 标题/文章标题、发布时间/群发时间）');
  const header = sheetRows[headerAt]!;
  const headers = header.cells.map(cellText);
  const columns = mapExportHeader(headers);
  const data = sheetRows.slice(headerAt + 1);
  if (data.length === 0) return fileError('文件中没有数据行');
  if (data.length > MAX_ROWS) return fileError(`文件超过 ${MAX_ROWS} 行上限，请拆分后再导入`);

  const label = (column: ExportColumn): string => `${column}（${headers[columns[column]!] ?? column}）`;
  const cell = (r: SheetRow, column: ExportColumn): CellValue => (columns[column] === undefined ? null : (r.cells[columns[column]!] ?? null));
  const rows: WechatExportRow[] = [];
  const errors: RowError[] = [];
  const byId = new Map<string, WechatExportRow>();
  for (const r of data) {
    if (r.cells.some((c) => SUMMARY_WORDS.has(normalizeHeader(cellText(c))))) continue;
    const title = cellText(cell(r, 'title'));
    const timeText = cellText(cell(r, 'publishedAt'));
    const url = parseUrl(cell(r, 'url'));
    // Notes and footers that fill neither title, time nor link are not posts.
    if (title === '' && timeText === '' && url === null) continue;

    const rowErrors: RowError[] = [];
    if (title === '') rowErrors.push({ row: r.row, field: 'title', message: `${label('title')}：缺少标题` });
    else {
      const problem = textProblem(title, false) ?? (charLength(title) > TEXT_MAX.title ? `过长（最多 ${TEXT_MAX.title} 个字）` : null);
      if (problem) rowErrors.push({ row: r.row, field: 'title', message: `${label('title')}：${problem}` });
    }
    const publishedAt = parsePublishedAt(cell(r, 'publishedAt'));
    if (timeText === '') rowErrors.push({ row: r.row, field: 'publishedAt', message: `${label('publishedAt')}：缺少发表时间` });
    else if (!publishedAt) {
      rowErrors.push({ row: r.row, field: 'publishedAt', message: `${label('publishedAt')}：无法识别的时间“${timeText}”，应如 2024-05-01 10:00` });
    }
    const counts = {} as Record<CountColumn, number | null>;
    for (const column of countColumns) {
      const parsed = parseCount(cell(r, column));
      if ('error' in parsed) rowErrors.push({ row: r.row, field: column, message: `${label(column)}：${parsed.error}` });
      else counts[column] = parsed.value;
    }
    if (rowErrors.length > 0 || !publishedAt) {
      errors.push(...rowErrors);
      continue;
    }

    const post: WechatExportRow = { row: r.row, externalId: exportExternalId(url, title, publishedAt), title, publishedAt, url, ...counts };
    const earlier = byId.get(post.externalId);
    if (!earlier) {
      byId.set(post.externalId, post);
      rows.push(post);
      continue;
    }
    const differing = (Object.keys(post) as (keyof WechatExportRow)[]).filter((k) => k !== 'row' && post[k] !== earlier[k]);
    if (differing.length > 0) {
      const diff = differing.map((k) => `${k} ${String(earlier[k])} ≠ ${String(post[k])}`).join('，');
      errors.push({ row: r.row, field: differing[0]!, message: `与第 ${earlier.row} 行是同一篇文章（${post.externalId}），但数据不一致：${diff}` });
    }
  }
  return { rows, errors };
}
