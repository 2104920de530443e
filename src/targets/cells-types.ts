// The cell stream every input shape is turned into (see extract-cells.ts).
import type { LineMessage } from './types.ts';

export interface Cell {
  /** Trimmed; lines of a wrapped cell joined ('' between CJK, '\n' for the seed's continuation lines). */
  text: string;
  line: number;
  endLine: number;
}

export interface Row {
  cells: Cell[];
  line: number;
  endLine: number;
}

export type CellFormat = 'tab' | 'pipe' | 'cell-per-line' | 'tsv' | 'columns' | 'glued' | 'docx' | 'xlsx' | 'plain';

export interface CellStream {
  format: CellFormat;
  rows: Row[];
  /** A row is one table row (an indicator is one row); false when each row holds a single cell of a flat stream. */
  hasRows: boolean;
  /** A metadata label's value is in its own row (tables); false when it may be the next cell anywhere. */
  labelValueInRow: boolean;
  /** Cells are whitespace-split pieces of a line, so one name may span several cells. */
  splitBySpaces: boolean;
  /** Lines left out on purpose (bookmark-only lines…), never reported. */
  noiseLines: number[];
  /** What the extraction itself changed and a person should check (glued cells it split…). */
  warnings: LineMessage[];
}

export function makeCell(text: string, line: number, endLine = line): Cell {
  return { text: text.trim(), line, endLine };
}

export function makeRow(cells: Cell[]): Row {
  const line = cells[0]?.line ?? 0;
  return { cells, line, endLine: cells.reduce((end, c) => Math.max(end, c.endLine), line) };
}

/** Joins the lines of a wrapped cell: nothing between CJK characters, a space between Latin words. */
export function joinWrapped(parts: string[]): string {
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .reduce((acc, p) => (acc === '' ? p : /[A-Za-z0-9]$/.test(acc) && /^[A-Za-z0-9]/.test(p) ? `${acc} ${p}` : acc + p), '');
}

export function makeStream(format: CellFormat, rows: Row[], options: Partial<Omit<CellStream, 'format' | 'rows'>> = {}): CellStream {
  return {
    format,
    rows,
    hasRows: true,
    labelValueInRow: true,
    splitBySpaces: false,
    noiseLines: [],
    warnings: [],
    ...options,
  };
}

/** Drops the empty cells at the end of a row (`| ||||` in copied web tables, trailing tabs). */
export function trimTrailingEmpty(cells: Cell[]): Cell[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1]?.text === '') end -= 1;
  return cells.slice(0, end);
}
