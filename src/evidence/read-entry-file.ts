// Bulk log entries (DESIGN §2) from a file a person or a script made: JSON Lines, CSV or .xlsx. Total: every
// problem comes back as a RowError (all bad rows, not just the first); it never throws.
import { type CellValue, cellText } from './cell-values.ts';
import { decodeText } from './csv.ts';
import { type Column, fieldName, inferKind, isKindHeader, parseKind, resolveColumn } from './entry-headers.ts';
import { type EntryKind, entryKindLabels, entryKindSchemas } from './entry-kinds.ts';
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
  } catch (e) {
    return fileError(`无法读取文件：${e instanceof Error ? e.message : String(e)}`);
  }
}

/** CSV/.xlsx rows, the first non-empty one being the header. One kind per file. */
export function readEntryTable(sheetRows: SheetRow[], optionKind: EntryKind | undefined): EntryFileResult {
  const [header, ...data] = sheetRows;
  if (!header || data.length === 0) return fileError('文件中没有数据行');
  if (data.length > MAX_ROWS) return fileError(`文件超过 ${MAX_ROWS} 行上限，请拆分后再导入`);
  const headers = header.cells.map(cellText);
  const kindCol = headers.findIndex(isKindHeader);

  let kind = optionKind ?? null;
  if (!kind && kindCol >= 0) kind = data.map((r) => parseKind(cellText(r.cells[kindCol] ?? null))).find((k) => k !== null) ?? null;
  if (!kind) {
    const guess = inferKind(headers);
    const ask = '请用 --kind 指定类型，或加一列“类型”';
    if (!guess.kind && guess.candidates.length > 0) {
      return fileError(`无法从列名判断记录类型，可能是 ${guess.candidates.map(kindName).join('、')}。${ask}`, header.row);
    }
    if (!guess.kind) return fileError(`无法从列名判断记录类型：没有哪种类型的必填列都齐全。${ask}`, header.row);
    kind = guess.kind;
  }

  const errors: RowError[] = [];
  const columns = mapColumns(kind, headers, data, header.row, errors);
  const rows: EntryRow[] = [];
  for (const r of data) {
    const result = readRow(kind, columns, r);
    if ('errors' in result) errors.push(...result.errors);
    else rows.push(result);
  }
  return { rows, errors };
}

/** Each column's meaning; unknown, unnamed and duplicate columns are errors on the header row. */
function mapColumns(kind: EntryKind, headers: string[], data: SheetRow[], headerRow: number, errors: RowError[]): Column[] {
  const columns = headers.map((h) => (h === '' ? null : resolveColumn(kind, h)));
  const unknown = headers.filter((h, i) => h !== '' && columns[i] === null);
  if (unknown.length > 0) {
    const known = Object.keys(entryKindSchemas[kind].shape).map(fieldName).join('、');
    errors.push({
      row: headerRow, field: null,
      message: `未知的列：${unknown.join('、')}。${kindName(kind)}可用的列：${known}，以及 project（项目）、id（编号）、kind（类型）`,
    });
  }
  const unnamed = headers.flatMap((h, i) => (h === '' && data.some((r) => cellText(r.cells[i] ?? null) !== '') ? [i + 1] : []));
  if (unnamed.length > 0) errors.push({ row: headerRow, field: null, message: `第 ${unnamed.join('、')} 列有数据但没有列名` });
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!c) return;
    const key = c.type === 'field' ? c.field : c.type;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    errors.push({ row: headerRow, field: c.type === 'field' ? c.field : c.type, message: `列“${headers[first]}”和“${headers[i]}”都对应 ${fieldName(key)}，请只保留一列` });
    columns[i] = null; // the first one is read
  });
  return columns;
}

function readRow(kind: EntryKind, columns: Column[], r: SheetRow): EntryRow | { errors: RowError[] } {
  let project: string | number | null = null;
  let externalId: string | null = null;
  const raw: Record<string, unknown> = {};
  for (const [i, column] of columns.entries()) {
    const value: CellValue = r.cells[i] ?? null;
    if (!column) continue;
    if (column.type === 'field') {
      const prepared = prepareValue(column.field, value, true);
      if (prepared !== undefined) raw[column.field] = prepared;
    } else if (column.type === 'project') project = projectRef(value);
    else if (column.type === 'id') externalId = cellText(value) || null;
    else {
      const text = cellText(value);
      const rowKind = text === '' ? kind : parseKind(text);
      if (rowKind !== kind) {
        const what = rowKind ? `是 ${kindName(rowKind)}` : `的类型“${text}”无法识别`;
        return { errors: [{ row: r.row, field: 'kind', message: `${fieldName('kind')}：一个文件只能有一种类型；本文件是 ${kindName(kind)}，这一行${what}` }] };
      }
    }
  }
  const validated = validateEntry(kind, raw, r.row);
  if (!validated.ok) return { errors: validated.errors };
  return { row: r.row, kind, project, externalId, fields: validated.fields };
}

/** A bare whole number is a project id; anything else is the project's exact name. */
function projectRef(value: CellValue): string | number | null {
  const text = cellText(value);
  if (text === '') return null;
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}
