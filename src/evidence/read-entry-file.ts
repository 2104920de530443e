// Bulk log entries (docs/design.md "Evidence") from a file a person or a script made: JSON Lines, CSV or .xlsx. Total: every
// problem comes back as a RowError (all bad rows, not just the first); it never throws.
import { type CellValue, cellText } from './cell-values.ts';
import { decodeText } from './csv.ts';
import { type Column, fieldName, inferKind, isKindHeader, parseKind, resolveColumn } from './entry-headers.ts';
import { type EntryKind, entryKindLabels, entryKinds, entryKindSchemas } from './entry-kinds.ts';
import { readExternalId, readProjectRef } from './entry-refs.ts';
import { prepareValue, type RowError, validateEntry } from './entry-validate.ts';
import { readEntryJsonl } from './read-entry-jsonl.ts';
import { detectFormat, MAX_ROWS, readSheetRows, type SheetRow } from './sheet-rows.ts';

export type { RowError } from './entry-validate.ts';

export interface EntryRow {
  /** JSONL: line number; CSV/.xlsx: spreadsheet row (header = 1, first data row = 2). */
  row: number;
  kind: EntryKind;
  /** Project id or exact name as written; null when the file does not say (the caller supplies it). */
  project: string | number | null;
  /** The caller's id for the entry (idempotent re-imports), or null. */
  externalId: string | null;
  /** The zod output for the kind. */
  fields: Record<string, unknown>;
}

export interface EntryFileResult {
  /** The valid rows; callers should import nothing while `errors` is non-empty. */
  rows: EntryRow[];
  errors: RowError[];
}

const fileError = (message: string, row = 0): EntryFileResult => ({ rows: [], errors: [{ row, field: null, message }] });
const kindName = (kind: EntryKind): string => `${entryKindLabels[kind]}（${kind}）`;

export async function readEntryFile(fileName: string, bytes: Uint8Array, options: { kind?: EntryKind } = {}): Promise<EntryFileResult> {
  try {
    const format = detectFormat(fileName, bytes);
    if (format === 'xls') return fileError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）');
    if (format === 'jsonl') return readEntryJsonl(decodeText(bytes), options.kind);
    const sheet = await readSheetRows(format, bytes);
    if (sheet.error !== null) return fileError(sheet.error);
    return readEntryTable(sheet.rows, options.kind);
  } catch {
    return fileError('无法读取文件：请确认是 JSON Lines、CSV（UTF-8 或 GBK）或 .xlsx 文件');
  }
}

/**
 * CSV/.xlsx rows, the first non-empty one being the header. With a kind column (`类型`, `kind`) each row
 * is of the kind its own cell names, so one file may mix kinds; rows whose cell is empty take `optionKind`,
 * else the one kind their filled columns fit. Without one, the whole file is of `optionKind` or of the kind
 * its headers fit. Headers are read per kind (发生时间 is an incident's occurred_at and a fault's opened_at).
 */
export function readEntryTable(sheetRows: SheetRow[], optionKind: EntryKind | undefined): EntryFileResult {
  const [header, ...data] = sheetRows;
  if (!header || data.length === 0) return fileError('文件中没有数据行');
  if (data.length > MAX_ROWS) return fileError(`文件超过 ${MAX_ROWS} 行上限，请拆分后再导入`);
  const headers = header.cells.map(cellText);
  const kindCol = headers.findIndex(isKindHeader);
  const errors: RowError[] = [];

  let rowKinds: (EntryKind | null)[];
  if (kindCol < 0) {
    const kind = optionKind ?? fileKind(headers, header.row, errors);
    if (!kind) return { rows: [], errors };
    rowKinds = data.map(() => kind);
  } else {
    rowKinds = data.map((r) => rowKind(r, headers, kindCol, optionKind, errors));
  }

  const kinds = [...new Set(rowKinds.filter((k): k is EntryKind => k !== null))];
  // A row of unknown kind could use any column: then only a column no kind has is unknown.
  const columns = mapColumns(kinds, rowKinds.includes(null) ? entryKinds : kinds, headers, data, header.row, errors);
  const rows: EntryRow[] = [];
  data.forEach((r, i) => {
    const kind = rowKinds[i];
    if (!kind) return;
    const result = readRow(kind, columns, headers, r);
    if ('errors' in result) errors.push(...result.errors);
    else rows.push(result);
  });
  return { rows, errors: errors.sort((a, b) => a.row - b.row) };
}

const ASK_KIND = '请用 --kind 指定类型，或加一列“类型”';

/** A file without a kind column: the one kind its headers fit. */
function fileKind(headers: string[], headerRow: number, errors: RowError[]): EntryKind | null {
  const guess = inferKind(headers);
  if (guess.kind) return guess.kind;
  errors.push({
    row: headerRow,
    field: null,
    message:
      guess.candidates.length > 0
        ? `无法从列名判断记录类型，可能是 ${guess.candidates.map(kindName).join('、')}。${ASK_KIND}`
        : `无法从列名判断记录类型：没有哪种类型的必填列都齐全。${ASK_KIND}`,
  });
  return null;
}

/** A row's kind: its own cell, else --kind, else the one kind its filled columns fit. */
function rowKind(r: SheetRow, headers: string[], kindCol: number, optionKind: EntryKind | undefined, errors: RowError[]): EntryKind | null {
  const text = cellText(r.cells[kindCol] ?? null);
  const label = fieldName('kind');
  if (text !== '') {
    const kind = parseKind(text);
    if (!kind)
      errors.push({
        row: r.row,
        field: 'kind',
        message: `${label}：无法识别的类型“${text}”，应为 ${entryKinds.map((k) => `${k}（${entryKindLabels[k]}）`).join('、')} 之一`,
      });
    return kind;
  }
  if (optionKind) return optionKind;
  const filled = headers.filter((h, i) => i !== kindCol && h !== '' && cellText(r.cells[i] ?? null) !== '');
  const guess = inferKind(filled);
  if (guess.kind) return guess.kind;
  const maybe = guess.candidates.length > 0 ? `（可能是 ${guess.candidates.map(kindName).join('、')}）` : '';
  errors.push({ row: r.row, field: 'kind', message: `${label}：这一行没有写类型，也无法从有内容的列判断${maybe}；请填写类型或用 --kind 指定` });
  return null;
}

/** Each column's meaning for each kind in the file; unknown, unnamed and duplicate columns are errors on the header row. */
function mapColumns(
  kinds: EntryKind[],
  possible: EntryKind[],
  headers: string[],
  data: SheetRow[],
  headerRow: number,
  errors: RowError[],
): Map<EntryKind, Column[]> {
  const byKind = new Map(kinds.map((k) => [k, headers.map((h) => (h === '' ? null : resolveColumn(k, h)))] as const));
  const unknown = headers.filter((h) => h !== '' && possible.length > 0 && possible.every((k) => resolveColumn(k, h) === null));
  if (unknown.length > 0) {
    const known = (kinds.length > 0 ? kinds : possible)
      .map((k) => `${kindName(k)}可用的列：${Object.keys(entryKindSchemas[k].shape).map(fieldName).join('、')}`)
      .join('；');
    errors.push({ row: headerRow, field: null, message: `未知的列：${unknown.join('、')}。${known}，以及 project（项目）、id（编号）、kind（类型）` });
  }
  const unnamed = headers.flatMap((h, i) => (h === '' && data.some((r) => cellText(r.cells[i] ?? null) !== '') ? [i + 1] : []));
  if (unnamed.length > 0) errors.push({ row: headerRow, field: null, message: `第 ${unnamed.join('、')} 列有数据但没有列名` });
  const reported = new Set<string>();
  for (const columns of byKind.values()) {
    const seen = new Map<string, number>();
    columns.forEach((c, i) => {
      if (!c) return;
      const key = c.type === 'field' ? c.field : c.type;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        return;
      }
      columns[i] = null; // the first one is read
      if (reported.has(`${first}:${i}`)) return;
      reported.add(`${first}:${i}`);
      errors.push({ row: headerRow, field: key, message: `列“${headers[first]}”和“${headers[i]}”都对应 ${fieldName(key)}，请只保留一列` });
    });
  }
  return byKind;
}

function readRow(kind: EntryKind, byKind: Map<EntryKind, Column[]>, headers: string[], r: SheetRow): EntryRow | { errors: RowError[] } {
  const columns = byKind.get(kind)!;
  let project: string | number | null = null;
  let externalId: string | null = null;
  const raw: Record<string, unknown> = {};
  const errors: RowError[] = [];
  for (const [i, column] of columns.entries()) {
    const value: CellValue = r.cells[i] ?? null;
    if (!column) {
      // A column of another kind in a mixed file: it must be empty on this row, or the row is mislabelled.
      const other = otherKindColumn(byKind, kind, i);
      if (other && cellText(value) !== '') {
        errors.push({ row: r.row, field: other, message: `${kindName(kind)}没有“${headers[i]}”这一列：请清空这一格，或改正这一行的类型` });
      }
      continue;
    }
    if (column.type === 'field') {
      const prepared = prepareValue(column.field, value, true);
      if (prepared !== undefined) raw[column.field] = prepared;
    } else if (column.type === 'project') {
      const ref = readProjectRef(cellText(value));
      if (ref.ok) project = ref.value;
      else errors.push({ row: r.row, field: 'project', message: `${fieldName('project')}：${ref.reason}` });
    } else if (column.type === 'id') {
      const ref = readExternalId(cellText(value));
      if (ref.ok) externalId = ref.value;
      else errors.push({ row: r.row, field: 'id', message: `${fieldName('id')}：${ref.reason}` });
    }
  }
  const validated = validateEntry(kind, raw, r.row);
  if (!validated.ok) errors.push(...validated.errors);
  if (errors.length > 0) return { errors };
  return { row: r.row, kind, project, externalId, fields: validated.ok ? validated.fields : {} };
}

/** The field a column means for some other kind of the file, when it means nothing for `kind`. */
function otherKindColumn(byKind: Map<EntryKind, Column[]>, kind: EntryKind, i: number): string | null {
  for (const [k, columns] of byKind) {
    const c = columns[i];
    if (k !== kind && c?.type === 'field') return c.field;
  }
  return null;
}
