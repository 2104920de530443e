// What both official workbooks share: sheet names a spreadsheet program accepts, thin borders, A4 pages, money
// in 万元 as numbers. exceljs (docs/design.md "Official tables") writes real merged cells and number formats, so
// a finance officer can still add up a column.
import ExcelJS from 'exceljs';
import { MONEY_UNITS, NO_VALUE, roundHalfAway } from '../format/index.ts';

/** Excel refuses these in a sheet name, and names longer than 31 characters. */
const BAD_SHEET_CHARS = /[[\]:*?/\\]/g;

/** A unique sheet name per project: its name cleaned and cut to 31 characters, numbered when two collide. */
export function sheetNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const base =
      raw
        .replace(BAD_SHEET_CHARS, ' ')
        .replace(/^'+|'+$/g, '')
        .trim() || 'Sheet';
    let name = base.slice(0, 31);
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = `(${n})`;
      name = base.slice(0, 31 - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** Yuan as the number a 万元 column holds, to the cent of a 万元 (2 decimals), as the pages show it. */
export function inWan(yuan: number | null): number | null {
  return yuan === null || !Number.isFinite(yuan) ? null : roundHalfAway(yuan / 10 ** MONEY_UNITS.万元, 2);
}

export const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export const MONEY_FORMAT = '0.00';
export const POINTS_FORMAT = '0.00';
// One decimal, as every face shows a share (src/format/percent.ts formatShare).
export const PERCENT_FORMAT = '0.0%';

/** Borders, wrapping and a font that has the CJK glyphs on every cell of a block. */
export function frame(ws: ExcelJS.Worksheet, fromRow: number, toRow: number, columns: number): void {
  for (let r = fromRow; r <= toRow; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      cell.border = THIN;
      cell.font = { name: 'SimSun', size: 10, ...(cell.font?.bold ? { bold: true } : {}) };
      cell.alignment = { vertical: 'middle', horizontal: cell.alignment?.horizontal ?? 'center', wrapText: true };
    }
  }
}

/** A header cell: bold, centred. */
export function heading(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
  cell.font = { bold: true };
  cell.alignment = { horizontal: 'center' };
}

/** A row of headers from column `from` on. */
export function headings(row: ExcelJS.Row, from: number, texts: readonly string[]): void {
  for (const [i, text] of texts.entries()) heading(row.getCell(from + i), text);
}

/** A4, fitted to one page wide, the title rows repeated on every printed page. */
export function a4(ws: ExcelJS.Worksheet, landscape: boolean): void {
  ws.pageSetup = {
    paperSize: 9,
    orientation: landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

/** Vertically merges the runs of equal values in `column` between two rows (一级/二级 over their groups). */
export function mergeRuns(
  ws: ExcelJS.Worksheet,
  column: number,
  fromRow: number,
  values: readonly string[],
  sameGroup: (i: number) => boolean = () => true,
): void {
  let start = 0;
  for (let i = 1; i <= values.length; i++) {
    if (i < values.length && values[i] === values[start] && sameGroup(i)) continue;
    if (i - 1 > start) ws.mergeCells(fromRow + start, column, fromRow + i - 1, column);
    start = i;
  }
}

/** 一级 in `column` and 二级 beside it merged down over their groups (a 二级 run never crosses a 一级 boundary). */
export function mergeLevels(ws: ExcelJS.Worksheet, column: number, fromRow: number, rows: readonly { level1: string; level2: string }[]): void {
  mergeRuns(
    ws,
    column,
    fromRow,
    rows.map((r) => r.level1),
  );
  mergeRuns(
    ws,
    column + 1,
    fromRow,
    rows.map((r) => r.level2),
    (i) => rows[i]!.level1 === rows[i - 1]!.level1,
  );
}

/** A share (0–1) as a number with the percent format; `—` for none. */
export function shareCell(cell: ExcelJS.Cell, share: number | null): void {
  cell.value = share ?? NO_VALUE;
  if (share !== null) cell.numFmt = PERCENT_FORMAT;
}

/** One sheet per table, named after its project; the workbook as XLSX bytes. */
export async function workbookOf<T extends { head: { projectName: string } }>(
  tables: readonly T[],
  write: (ws: ExcelJS.Worksheet, table: T) => void,
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jixiao';
  const names = sheetNames(tables.map((t) => t.head.projectName));
  for (const [i, t] of tables.entries()) write(wb.addWorksheet(names[i]!), t);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
