// .docx (through mammoth's HTML, which keeps real table rows and row-spans) and .xlsx (exceljs) as cell
// streams. Lines: a .docx paragraph or table row is one line; an .xlsx row is its worksheet row number
// (numbering continues across worksheets).
import type ExcelJS from 'exceljs';
import { type Cell, type CellStream, makeCell, makeRow, makeStream, type Row, trimTrailingEmpty } from './cells-types.ts';

export async function readDocxCells(bytes: Uint8Array): Promise<CellStream> {
  // Loaded on first use: a plain-text table (and every CLI command) need not pay for the Office readers.
  const { default: mammoth } = await import('mammoth');
  const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  return makeStream('docx', htmlToRows(html));
}

interface OpenTable {
  row: string[] | null;
  col: number;
  /** Columns still covered by a row-span from above: column → rows left. */
  spans: Map<number, number>;
  cell: { parts: string[]; rowSpan: number; colSpan: number } | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function spanOf(attributes: string, name: string): number {
  const m = new RegExp(`${name}="(\\d+)"`, 'i').exec(attributes);
  return m ? Math.max(1, Number(m[1])) : 1;
}

/** A small scanner over mammoth's regular HTML: paragraphs outside tables and table rows become rows. */
export function htmlToRows(html: string): Row[] {
  const rows: Row[] = [];
  const tables: OpenTable[] = [];
  let paragraph: string[] | null = null;
  let line = 0;
  const pushRow = (texts: string[]): void => {
    line += 1;
    const cells: Cell[] = trimTrailingEmpty(texts.map((t) => makeCell(t, line)));
    if (cells.length > 0) rows.push(makeRow(cells));
  };
  const fillSpans = (table: OpenTable, untilCol: number): void => {
    while (table.row && table.col < untilCol && (table.spans.get(table.col) ?? 0) > 0) {
      table.spans.set(table.col, (table.spans.get(table.col) ?? 1) - 1);
      table.row.push('');
      table.col += 1;
    }
  };
  for (const m of html.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g)) {
    const [, closing, tagName = '', attributes = '', text] = m;
    const table = tables[tables.length - 1];
    if (text !== undefined) {
      const decoded = decodeEntities(text);
      if (table?.cell) table.cell.parts.push(decoded);
      else if (paragraph) paragraph.push(decoded);
      continue;
    }
    const tag = tagName.toLowerCase();
    if (tag === 'table' && !closing) tables.push({ row: null, col: 0, spans: new Map(), cell: null });
    else if (tag === 'table') tables.pop();
    else if (tag === 'tr' && table && !closing) Object.assign(table, { row: [], col: 0 });
    else if (tag === 'tr' && table?.row) {
      // Columns after the last cell that a span from above still covers: empty, like the cells they merge into.
      for (const last = Math.max(-1, ...table.spans.keys()); table.col <= last; table.col += 1) {
        const left = table.spans.get(table.col) ?? 0;
        if (left > 0) table.spans.set(table.col, left - 1);
        table.row.push('');
      }
      pushRow(table.row);
      table.row = null;
    } else if ((tag === 'td' || tag === 'th') && table?.row && !closing) {
      fillSpans(table, Number.MAX_SAFE_INTEGER);
      table.cell = { parts: [], rowSpan: spanOf(attributes, 'rowspan'), colSpan: spanOf(attributes, 'colspan') };
    } else if ((tag === 'td' || tag === 'th') && table?.row && table.cell) {
      table.row.push(table.cell.parts.join('').replace(/^\n+|\n+$/g, ''));
      for (let c = 0; c < table.cell.colSpan; c += 1) {
        if (table.cell.rowSpan > 1) table.spans.set(table.col + c, table.cell.rowSpan - 1);
      }
      table.col += table.cell.colSpan;
      table.cell = null;
    } else if (/^(p|h[1-6]|li)$/.test(tag) && table?.cell) {
      if (closing) table.cell.parts.push('\n');
    } else if (tag === 'br' && table?.cell) table.cell.parts.push('\n');
    else if (/^(p|h[1-6]|li)$/.test(tag) && !table) {
      if (!closing) paragraph = [];
      else if (paragraph) {
        pushRow(paragraph.join('').split(/\t+/));
        paragraph = null;
      }
    }
  }
  return rows;
}

export async function readXlsxCells(bytes: Uint8Array): Promise<CellStream> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const rows: Row[] = [];
  let offset = 0;
  for (const sheet of workbook.worksheets) {
    for (let r = 1; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      const cells: Cell[] = [];
      for (let c = 1; c <= sheet.columnCount; c += 1) {
        const cell = row.getCell(c);
        const master = cell.isMerged ? cell.master : cell;
        if (master !== cell && master.fullAddress.row === r) continue; // spanned across: one cell
        // Spanned down: empty, as a merged cell is in the .docx text dump; the reader carries it over.
        cells.push(makeCell(master !== cell ? '' : cellText(cell.value, cell.numFmt), offset + r));
      }
      const kept = trimTrailingEmpty(cells);
      if (kept.some((c) => c.text !== '')) rows.push(makeRow(kept));
    }
    offset += sheet.rowCount;
  }
  return makeStream('xlsx', rows);
}

/** An .xlsx value as the text a person sees: rich text joined, formulas by result, 0.95 in a % format as 95%. */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (numFmt?.includes('%')) return `${Number((value * 100).toPrecision(12))}%`;
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    return result === undefined || (typeof result === 'object' && 'error' in result) ? '' : cellText(result, numFmt);
  }
  if ('hyperlink' in value) return String(value.text);
  return '';
}
