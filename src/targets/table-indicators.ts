// Reads an indicator table: its header (which columns exist), then rows, or, in a flat stream,
// segments of cells that the vocabulary says make a row (level names… name, value).
import { isTargetLike, isUnitCell } from './cell-kinds.ts';
import type { Cell } from './cells-types.ts';
import type { Slot } from './table-align.ts';
import { readIndicatorRow, type TableCarry } from './table-row.ts';
import { ensureProject, ignoreFooter, isStructural, type Item, type ReaderState, unplaced, use, warn } from './table-state.ts';
import { isCoreHeaderWord, isFooter, matchHeaderWord, matchLevel1, matchLevel2 } from './vocabulary.ts';

const DEFAULT_SLOTS: Slot[] = ['level3', 'value'];

/** Reads the table starting at item `i` (its header when `hasHeader`); returns the index after it. */
export function readTable(state: ReaderState, i: number, hasHeader: boolean): number {
  const start = (state.items[i] as Item).cell;
  const draft = ensureProject(state, start.line);
  let slots = DEFAULT_SLOTS;
  let j = i;
  if (hasHeader) ({ slots, next: j } = readHeader(state, i));
  else warn(state, start.line, `第${start.line}行：指标行「${start.text}」上方没有表头（一级指标/二级指标/三级指标/指标值），按“三级指标、指标值”读取`);
  draft.headerLine ??= start.line;
  const table: TableCarry = { level1: null, level2: null, pending: [], slots };
  const before = draft.indicators.length;
  j = state.stream.hasRows ? readRows(state, j, table, draft) : readFlat(state, j, table, draft);
  for (const indicator of table.pending) {
    warn(state, indicator.line, `第${indicator.line}行：无法确定指标「${indicator.level3}」的一级指标`);
  }
  if (draft.indicators.length === before) {
    state.errors.push({ line: start.line, message: `第${start.line}行的指标表表头下没有指标行` });
  }
  return Math.max(j, i + 1);
}

function headerSlots(kinds: (Slot | 'section' | 'level1' | 'level2')[]): Slot[] {
  const slots = kinds.filter((k): k is Slot => k !== 'section' && k !== 'level1' && k !== 'level2');
  if (!slots.includes('level3')) slots.unshift('level3');
  if (!slots.includes('value')) slots.splice(slots.lastIndexOf('description') + 1 || 1, 0, 'value');
  return slots;
}

function readHeader(state: ReaderState, i: number): { slots: Slot[]; next: number } {
  const { items, stream } = state;
  const cells: Cell[] = [];
  let j = i;
  if (stream.hasRows) {
    const row = (items[i] as Item).row;
    for (; j < items.length && items[j]?.row === row; j += 1) cells.push((items[j] as Item).cell);
  } else {
    for (; j < items.length; j += 1) {
      const cell = (items[j] as Item).cell;
      if (cell.text !== '' && matchHeaderWord(cell.text) === null) break;
      cells.push(cell);
    }
  }
  use(state, ...cells);
  // A merged header cell filled into every column it spans (`指标值 | 指标值`) is one column.
  const named = cells.filter((c, k) => c.text !== '' && c.text !== cells[k - 1]?.text);
  const kinds = named.map((c) => matchHeaderWord(c.text) ?? 'ignore');
  let slots = headerSlots(kinds);
  // A second header row under 指标值 (`2023年实际实现值 | 预期2024年实现值`): which sub-column is the target.
  const nextRow = stream.hasRows ? rowAt(state, j) : [];
  const sub = nextRow.filter((c) => c.text !== '');
  const subKind = (c: Cell): string | null => matchHeaderWord(c.text);
  if (sub.length > 0 && sub.every((c) => subKind(c) === 'value' || subKind(c) === 'ignore')) {
    use(state, ...sub);
    j += nextRow.length;
    const subSlots = sub.map((c) => (matchHeaderWord(c.text) === 'value' ? 'value' : 'ignore') as Slot);
    if (subSlots.includes('value')) slots = slots.flatMap((s) => (s === 'value' ? subSlots : [s]));
  }
  return { slots, next: j };
}

function rowAt(state: ReaderState, j: number): Cell[] {
  const row = state.items[j]?.row;
  const cells: Cell[] = [];
  for (let k = j; k < state.items.length && state.items[k]?.row === row; k += 1) cells.push((state.items[k] as Item).cell);
  return cells;
}

function isHeaderRow(cells: Cell[]): boolean {
  return cells.every((c) => {
    const kind = matchHeaderWord(c.text);
    return isCoreHeaderWord(kind) || kind === 'section';
  });
}

type Draft = ReturnType<typeof ensureProject>;

function readRows(state: ReaderState, j: number, table: TableCarry, draft: Draft): number {
  while (j < state.items.length) {
    const cells = rowAt(state, j);
    const filled = cells.filter((c) => c.text !== '');
    const first = filled[0];
    if (!first) {
      j += cells.length;
      continue;
    }
    if (isHeaderRow(filled))
      use(state, ...filled); // a header repeated after a page break
    else if (filled.some((c) => isFooter(c.text))) {
      for (const cell of filled) if (isFooter(cell.text)) ignoreFooter(state, cell);
      for (const cell of filled) if (!isFooter(cell.text)) unplaced(state, cell, '');
    } else if (isStructural(first.text)) return j;
    else readIndicatorRow(state, table, draft, cells);
    j += cells.length;
  }
  return j;
}

const isLevelName = (text: string): boolean => matchLevel1(text) !== null || matchLevel2(text) !== null;

/** One cell per row: a row is its level names, then cells up to and including the value. */
function readFlat(state: ReaderState, j: number, table: TableCarry, draft: Draft): number {
  const { items } = state;
  const max = table.slots.filter((s) => s !== 'ignore').length;
  const after = table.slots.slice(table.slots.indexOf('value') + 1);
  const skipEmpty = (k: number): number => {
    while (k < items.length && items[k]?.cell.text === '') k += 1;
    return k;
  };
  while ((j = skipEmpty(j)) < items.length) {
    const cell = (items[j] as Item).cell;
    if (isFooter(cell.text)) {
      ignoreFooter(state, cell);
      j += 1;
      continue;
    }
    if (isHeaderRow([cell])) {
      use(state, cell);
      j += 1;
      continue;
    }
    if (isStructural(cell.text)) return j;
    const segment: Cell[] = [];
    for (let levels = 0; levels < 2 && (j = skipEmpty(j)) < items.length; levels += 1) {
      const next = (items[j] as Item).cell;
      if (!isLevelName(next.text)) break;
      segment.push(next);
      j += 1;
    }
    let body = 0;
    let sawValue = false;
    while ((j = skipEmpty(j)) < items.length && body < max) {
      const text = (items[j] as Item).cell.text;
      if (isFooter(text) || isStructural(text) || (isLevelName(text) && body > 0)) break;
      if (sawValue && !((after.includes('unit') && isUnitCell(text)) || (after.includes('weight') && /^\d/.test(text)))) break;
      segment.push((items[j] as Item).cell);
      body += 1;
      j += 1;
      if (body >= 2 && isTargetLike(text)) {
        sawValue = true;
        if (after.every((s) => s === 'ignore')) break;
      }
    }
    readIndicatorRow(state, table, draft, segment);
  }
  return j;
}
