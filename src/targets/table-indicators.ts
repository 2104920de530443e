// Reads an indicator table: its header (which columns exist), then rows, or, in a flat stream,
// segments of cells that the vocabulary says make a row (level names… name, value).
import { isTargetLike, isUnitCell } from './cell-kinds.ts';
import type { Cell } from './cells-types.ts';
import type { Slot } from './table-align.ts';
import { readIndicatorRow, type TableCarry } from './table-row.ts';
import { projectColumnsOf, readProjectCells } from './table-project-columns.ts';
import { setUnit } from './table-unit.ts';
import { current, ensureProject, ignoreFooter, isStructural, type Item, type ReaderState, unplaced, use, warn } from './table-state.ts';
import { isCoreHeaderWord, isFooter, type LabelKind, matchHeaderWord, matchLevel1, matchLevel2 } from './vocabulary.ts';

const DEFAULT_SLOTS: Slot[] = ['level3', 'value'];

/** Reads the table starting at item `i` (its header when `hasHeader`); returns the index after it. */
export function readTable(state: ReaderState, i: number, hasHeader: boolean): number {
  const start = (state.items[i] as Item).cell;
  const draft = ensureProject(state, start.line);
  let slots = DEFAULT_SLOTS;
  let groups: ColumnGroups | null = null;
  let projectColumns: LabelKind[] = [];
  let j = i;
  if (hasHeader) ({ slots, groups, projectColumns, next: j } = readHeader(state, i));
  else warn(state, start.line, `第${start.line}行：指标行「${start.text}」上方没有表头（一级指标/二级指标/三级指标/指标值），按“三级指标、指标值”读取`);
  draft.headerLine ??= start.line;
  const table: TableCarry = { level1: null, level2: null, pending: [], slots, groups, projectColumns };
  const before = state.projects.reduce((n, p) => n + p.indicators.length, 0);
  j = state.stream.hasRows ? readRows(state, j, table) : readFlat(state, j, table, draft);
  for (const indicator of table.pending) {
    warn(state, indicator.line, `第${indicator.line}行：无法确定指标「${indicator.level3}」的一级指标`);
  }
  if (state.projects.reduce((n, p) => n + p.indicators.length, 0) === before) {
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

/**
 * Two column groups side by side (中期 and 年度 targets, docs/design.md "Targets: two column groups"): which one is
 * read as the target. The other group's value is kept in the indicator's description as a note.
 */
export interface ColumnGroups {
  take: 0 | 1;
  /** What the other group is called in the note (`中期目标`, `长期目标`). */
  otherName: string;
}

const isHeaderOnlyRow = (cells: Cell[]): boolean => {
  const filled = cells.filter((c) => c.text !== '');
  return filled.length > 0 && filled.every((c) => matchHeaderWord(c.text) !== null);
};

function readHeader(state: ReaderState, i: number): { slots: Slot[]; groups: ColumnGroups | null; projectColumns: LabelKind[]; next: number } {
  const { items, stream } = state;
  const cells: Cell[] = [];
  let j = i;
  if (stream.hasRows) {
    const row = (items[i] as Item).row;
    for (; j < items.length && items[j]?.row === row; j += 1) cells.push((items[j] as Item).cell);
    // A header broken over several rows by a copied page (`一级 指标 |` / `二级 指标 |` / …) is one header.
    for (let next = rowAt(state, j); j < items.length && isHeaderOnlyRow(next) && !isSubHeader(next); next = rowAt(state, j)) {
      cells.push(...next);
      j += next.length;
    }
  } else {
    for (; j < items.length; j += 1) {
      const cell = (items[j] as Item).cell;
      if (cell.text !== '' && matchHeaderWord(cell.text) === null) break;
      cells.push(cell);
    }
  }
  use(state, ...cells);
  // A merged header cell filled into every column it spans (`指标值 | 指标值`) is one column.
  const allNamed = cells.filter((c, k) => c.text !== '' && c.text !== cells[k - 1]?.text);
  const projectColumns = projectColumnsOf(allNamed);
  const named = allNamed.slice(projectColumns.length);
  const allKinds = named.map((c) => matchHeaderWord(c.text) ?? 'ignore');
  const groups = columnGroups(named, allKinds);
  const kinds = groups ? groupKinds(allKinds, groups.take) : allKinds;
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
  return { slots, groups, projectColumns, next: j };
}

/** A second header row naming 指标值's sub-columns (`2023年实际实现值 | 预期2024年实现值`). */
function isSubHeader(cells: Cell[]): boolean {
  const filled = cells.filter((c) => c.text !== '');
  return filled.some((c) => /实现值|完成值/.test(c.text)) && filled.every((c) => matchHeaderWord(c.text) === 'value' || matchHeaderWord(c.text) === 'ignore');
}

/** Where the header repeats its level-3 column, the table has two groups; the 年度 one is taken (else the last). */
function columnGroups(named: Cell[], kinds: string[]): ColumnGroups | null {
  const level3 = kinds.flatMap((k, n) => (k === 'level3' ? [n] : []));
  if (level3.length !== 2) return null;
  const second = kinds.lastIndexOf('level2', level3[1]) > (level3[0] ?? 0) ? kinds.lastIndexOf('level2', level3[1]) : (level3[1] as number);
  const says = (from: number, to: number, words: RegExp): boolean => named.slice(from, to).some((c) => words.test(c.text));
  const annual = /年度|本年|当年/;
  const take: 0 | 1 = says(0, second, annual) && !says(second, named.length, annual) ? 0 : 1;
  const other = named
    .slice(take === 0 ? second : 0, take === 0 ? named.length : second)
    .map((c) => c.text)
    .join('');
  return { take, otherName: /长期/.test(other) ? '长期目标' : '中期目标' };
}

/** The header kinds of one group: what precedes the first group's level-2 (section, level-1) plus the group's own. */
function groupKinds(kinds: (Slot | 'section' | 'level1' | 'level2')[] | string[], take: 0 | 1): (Slot | 'section' | 'level1' | 'level2')[] {
  const all = kinds as (Slot | 'section' | 'level1' | 'level2')[];
  const starts = all.flatMap((k, n) => (k === 'level2' ? [n] : []));
  if (starts.length < 2) {
    const level3 = all.flatMap((k, n) => (k === 'level3' ? [n] : []));
    starts.splice(0, starts.length, ...level3);
  }
  const [first = 0, second = all.length] = starts;
  return [...all.slice(0, first), ...(take === 0 ? all.slice(first, second) : all.slice(second))];
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

function readRows(state: ReaderState, j: number, table: TableCarry): number {
  while (j < state.items.length) {
    let cells = rowAt(state, j);
    const width = cells.length;
    if (table.projectColumns.length > 0 && !isHeaderRow(cells.filter((c) => c.text !== ''))) {
      const rest = readProjectCells(state, table.projectColumns, cells, (unit, line) => setUnit(state, unit, line));
      if (rest === null) {
        j += width;
        continue;
      }
      cells = rest;
    }
    const draft = current(state) as Draft;
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
    j += width;
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
