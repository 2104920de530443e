// Line-based text shapes: the seed's tab dump, `|` rows, one cell per line, tab-separated rows, plain lines.
import { isTableWord } from './vocabulary.ts';
import { type Cell, type CellStream, joinWrapped, makeCell, makeRow, makeStream, type Row, trimTrailingEmpty } from './cells-types.ts';

/**
 * The text a .docx table becomes: each cell on a line after a tab, a line that is only a tab is an empty
 * (merged) cell, a blank line ends a row, and a line without the leading tab continues the cell above
 * (the seed's goal `2.…`) unless a blank line separates them.
 */
export function readTabCells(lines: string[]): CellStream {
  const rows: Row[] = [];
  let cells: Cell[] = [];
  let afterCell = false;
  const flush = (): void => {
    if (cells.some((c) => c.text !== '')) rows.push(makeRow(cells));
    cells = [];
  };
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' && !raw.includes('\t')) {
      flush();
      afterCell = false;
      return;
    }
    const last = cells[cells.length - 1];
    if (!raw.startsWith('\t') && afterCell && last && last.text !== '' && !isTableWord(last.text)) {
      cells[cells.length - 1] = { text: `${last.text}\n${raw.trim()}`, line: last.line, endLine: line };
      return;
    }
    const parts = raw
      .replace(/^\t/, '')
      .split('\t')
      .map((p) => makeCell(p, line));
    const kept = trimTrailingEmpty(parts);
    cells.push(...(kept.length > 0 ? kept : [makeCell('', line)]));
    afterCell = true;
  });
  flush();
  return makeStream('tab', rows);
}

/** A web table copied as `a | b | c | ||||` rows. */
export function readPipeRows(lines: string[]): CellStream {
  const rows: Row[] = [];
  lines.forEach((raw, i) => {
    const cells = trimTrailingEmpty(raw.split('|').map((p) => makeCell(p, i + 1)));
    if (cells.length > 0) rows.push(makeRow(cells));
  });
  return makeStream('pipe', rows);
}

/**
 * A web table copied one cell per line, each cell ending in ` |`; a cell may wrap over several lines
 * (`绩\n效\n指\n标 |` is 绩效指标). Each cell becomes its own row: the stream is flat.
 */
export function readCellPerLine(lines: string[]): CellStream {
  const rows: Row[] = [];
  let parts: string[] = [];
  let start = 0;
  let lastLine = 0;
  const emit = (last: string, line: number): void => {
    const text = joinWrapped([...parts, last]);
    rows.push(makeRow([makeCell(text, parts.length > 0 ? start : line, line)]));
    parts = [];
  };
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.includes('|')) {
      if (raw.trim() === '') return;
      if (parts.length === 0) start = line;
      parts.push(raw);
      lastLine = line;
      return;
    }
    const segments = raw.split('|');
    for (const segment of segments.slice(0, -1)) emit(segment, line);
    const tail = segments[segments.length - 1] ?? '';
    if (tail.trim() !== '') {
      start = line;
      lastLine = line;
      parts.push(tail);
    }
  });
  if (parts.length > 0) emit('', lastLine);
  return makeStream('cell-per-line', rows, { hasRows: false, labelValueInRow: false });
}

/** Tab-separated rows copied from a spreadsheet: one line per row, empty cells kept in place. */
export function readTsvRows(lines: string[]): CellStream {
  const rows: Row[] = [];
  lines.forEach((raw, i) => {
    const cells = trimTrailingEmpty(raw.split('\t').map((p) => makeCell(p, i + 1)));
    if (cells.length > 0) rows.push(makeRow(cells));
  });
  return makeStream('tsv', rows);
}

/** Anything else: every non-blank line one cell, so the reader can still say what it found. */
export function readPlainLines(lines: string[]): CellStream {
  const rows: Row[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() !== '') rows.push(makeRow([makeCell(raw, i + 1)]));
  });
  return makeStream('plain', rows, { hasRows: false, labelValueInRow: false });
}
