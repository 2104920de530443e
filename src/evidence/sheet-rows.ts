// A bulk file as numbered rows of cells, whatever it was saved as: CSV (any of the encodings Chinese Excel
// writes) or .xlsx (first visible worksheet). Row numbers are the ones a person sees in Excel.
import type ExcelJS from 'exceljs';
import type { CellValue } from './cell-values.ts';
import { decodeText, parseCsv } from './csv.ts';

export type FileFormat = 'jsonl' | 'csv' | 'xlsx' | 'xls';

export interface SheetRow {
  /** Spreadsheet row number (1-based). */
  row: number;
  cells: CellValue[];
}

export type SheetResult = { rows: SheetRow[]; error: null } | { rows: null; error: string };

/** Whole-file limit on data rows, so a runaway export cannot exhaust memory downstream. */
export const MAX_ROWS = 100_000;

/** By content first (a renamed .xlsx is still a zip), then by extension, then by the first character. */
export function detectFormat(fileName: string, bytes: Uint8Array): FileFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  const first = decodeText(bytes.subarray(0, 4096)).trimStart()[0];
  return first === '{' ? 'jsonl' : 'csv';
}

/** Non-empty rows of a CSV or .xlsx file; never throws. */
export async function readSheetRows(format: 'csv' | 'xlsx', bytes: Uint8Array): Promise<SheetResult> {
  return format === 'csv' ? readCsvRows(bytes) : readXlsxRows(bytes);
}

function readCsvRows(bytes: Uint8Array): SheetResult {
  const { records, unterminatedAt } = parseCsv(decodeText(bytes));
  if (unterminatedAt !== null) return { rows: null, error: `第 ${unterminatedAt} 行的引号没有闭合，请检查 CSV 文件` };
  const rows: SheetRow[] = [];
  records.forEach((cells, i) => {
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: i + 1, cells });
  });
  return { rows, error: null };
}

async function readXlsxRows(bytes: Uint8Array): Promise<SheetResult> {
  // exceljs takes a good part of a second to load: only .xlsx files pay for it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    // exceljs's text names zip and XML internals, not what to fix.
    return { rows: null, error: '无法读取 Excel 文件：文件已损坏或不是 .xlsx 文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再试' };
  }
  const sheet = workbook.worksheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
  if (!sheet) return { rows: null, error: 'Excel 文件中没有工作表' };
  const rows: SheetRow[] = [];
  // A header (and a few title lines) plus one row more than the limit is enough to know it is exceeded.
  for (let r = 1; r <= sheet.rowCount && rows.length <= MAX_ROWS + 20; r += 1) {
    const row = sheet.getRow(r);
    const cells: CellValue[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) cells.push(xlsxValue(row.getCell(c).value));
    if (cells.some((v) => v !== null && !(typeof v === 'string' && v.trim() === ''))) rows.push({ row: r, cells });
  }
  return { rows, error: null };
}

/** Rich text joined, formulas by their cached result, hyperlinks by their text, errors (`#N/A`) as text. */
export function xlsxValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? null : xlsxValue(value.result as ExcelJS.CellValue);
  if ('hyperlink' in value) return xlsxValue(value.text as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return null;
}
