// The reader's working state: the flattened cell stream, the projects read so far, and the bookkeeping
// that guarantees every non-empty line is either used or reported.
import { splitLabelPairs } from './cells-split.ts';
import type { Cell, CellStream } from './cells-types.ts';
import type { LineMessage, ParsedIndicator, ParsedUnit, RowReading } from './types.ts';
import { isCoreHeaderWord, isFooter, type MoneyUnit, matchHeaderWord, matchLabel, matchMoneyUnitCell, matchTitle, matchYearCell } from './vocabulary.ts';
import { furnitureReason } from './table-guard.ts';

export interface Item {
  cell: Cell;
  /** Index of the cell's row in the stream. */
  row: number;
}

export interface ProjectDraft {
  name: string | null;
  /** From a heading `N.<name>绩效目标表`; used only when no 项目名称 cell says otherwise. */
  nameHint: string | null;
  line: number;
  year: number | null;
  moneyUnit: MoneyUnit | null;
  budgetSeen: boolean;
  total: number | null;
  fiscal: number | null;
  other: number | null;
  purpose: string | null;
  goals: string[];
  goalsSeen: boolean;
  budgetWeight: number | null;
  headerLine: number | null;
  indicators: ParsedIndicator[];
  /** How each indicator row was read; `indicator` points into `indicators` until the project is finished. */
  rows: DraftRow[];
}

export interface DraftRow {
  line: number;
  cells: RowReading['cells'];
  indicator: ParsedIndicator | null;
  note: string | null;
}

export interface UnitSeen {
  unit: ParsedUnit;
  line: number;
}

export interface ReaderState {
  stream: CellStream;
  items: Item[];
  projects: ProjectDraft[];
  unit: UnitSeen | null;
  /** 主管部门: the unit only when the file names no 实施单位 at all. */
  supervisor: UnitSeen | null;
  /** The unit a title names (`某县农业农村局 2024年 …绩效目标表`): after the table's own, before the 主管部门. */
  titleUnit: UnitSeen | null;
  /** The latest `(2025年度)` seen. */
  docYear: number | null;
  /** `单位：万元` above the tables; a project's own unit wins. */
  moneyUnit: MoneyUnit | null;
  warnings: LineMessage[];
  errors: LineMessage[];
  used: Set<number>;
  noise: Set<number>;
  /** Lines of cells named in a warning (a multi-line cell's every line). */
  reported: Set<number>;
  footerWarned: boolean;
  /** Warnings the extraction attached to a line (a glued cell it split), for that line's indicator. */
  lineNotes: Map<number, string>;
}

export function createState(stream: CellStream): ReaderState {
  const items: Item[] = stream.rows.flatMap((row, index) => row.cells.flatMap((cell) => splitLabelPairs(cell)).map((cell) => ({ cell, row: index })));
  return {
    stream,
    items,
    projects: [],
    unit: null,
    supervisor: null,
    titleUnit: null,
    docYear: null,
    moneyUnit: null,
    warnings: [...stream.warnings],
    errors: [],
    used: new Set(),
    noise: new Set(stream.noiseLines),
    reported: new Set(),
    footerWarned: false,
    lineNotes: new Map(stream.warnings.map((w) => [w.line, w.message])),
  };
}

export function current(state: ReaderState): ProjectDraft | null {
  return state.projects[state.projects.length - 1] ?? null;
}

export function newProject(state: ReaderState, line: number): ProjectDraft {
  const draft: ProjectDraft = {
    name: null,
    nameHint: null,
    line,
    year: state.docYear,
    moneyUnit: null,
    budgetSeen: false,
    total: null,
    fiscal: null,
    other: null,
    purpose: null,
    goals: [],
    goalsSeen: false,
    budgetWeight: null,
    headerLine: null,
    indicators: [],
    rows: [],
  };
  state.projects.push(draft);
  return draft;
}

/** The project metadata belongs to; one is opened at `line` when the file has not started one yet. */
export function ensureProject(state: ReaderState, line: number): ProjectDraft {
  return current(state) ?? newProject(state, line);
}

/** A project with no name and no indicator table yet: a 项目名称 or another title still describes it. */
export function isFresh(draft: ProjectDraft | null): draft is ProjectDraft {
  return draft !== null && draft.name === null && draft.headerLine === null;
}

export function use(state: ReaderState, ...cells: Cell[]): void {
  for (const cell of cells) for (let l = cell.line; l <= cell.endLine; l += 1) state.used.add(l);
}

export function warn(state: ReaderState, line: number, message: string): void {
  state.warnings.push({ line, message });
}

export function quote(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return Array.from(flat).length > 60 ? `${Array.from(flat).slice(0, 60).join('')}…` : flat;
}

/** Reports a cell the reader could not place, so nothing is dropped silently. */
export function unplaced(state: ReaderState, cell: Cell, where: string): void {
  // Page furniture around a copied table is named as such, so a person sees at once it was meant to be left.
  const furniture = furnitureReason(cell.text);
  if (furniture) warnCell(state, cell, `「${quote(cell.text)}」${furniture}，未导入`);
  else warnCell(state, cell, `${where}无法识别的内容「${quote(cell.text)}」，未导入`);
}

/** A warning about one cell: `第N行：…` (`第N–M行` for a wrapped cell), covering all its lines. */
export function warnCell(state: ReaderState, cell: Cell, message: string): void {
  const lines = cell.endLine > cell.line ? `${cell.line}–${cell.endLine}` : `${cell.line}`;
  warn(state, cell.line, `第${lines}行：${message}`);
  for (let l = cell.line; l <= cell.endLine; l += 1) state.reported.add(l);
}

/** Signature and stamp footers are ignored; the first one is reported once per file. */
export function ignoreFooter(state: ReaderState, cell: Cell): void {
  for (let l = cell.line; l <= cell.endLine; l += 1) state.noise.add(l);
  if (state.footerWarned) return;
  state.footerWarned = true;
  warn(state, cell.line, `第${cell.line}行：已忽略签章、日期栏「${quote(cell.text)}」`);
}

/** Cells that open a new part of the document: they end a label's value, the goals, or the indicator table. */
export function isStructural(text: string): boolean {
  if (text.trim() === '') return false;
  const kind = matchHeaderWord(text);
  return (
    isFooter(text) ||
    matchTitle(text) !== null ||
    matchYearCell(text) !== null ||
    matchMoneyUnitCell(text) !== null ||
    isCoreHeaderWord(kind) ||
    kind === 'section' ||
    matchLabel(text) !== null
  );
}
