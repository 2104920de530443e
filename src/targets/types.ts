// Shapes shared by the target parser, the table importer, the CLI and the API.
// Field names are part of the public JSON of `jixiao parse` and `POST /api/imports?dryRun=1`.

export type Comparator = '>=' | '>' | '<=' | '<' | '=';

/** A value in its normalised unit: `yuan`, `hours`, `workdays`, `months`, `years`, `percent`, or a count noun. */
export interface NormalizedValue {
  value: number;
  unit: string;
}

export interface Target {
  /** The cell exactly as written (trimmed). */
  raw: string;
  kind: 'quantitative' | 'qualitative';
  comparator: Comparator | null;
  /** True when no comparator was written and one was inferred (`<=` for cost indicators, `>=` otherwise). */
  inferred: boolean;
  /** The number as written, before any multiplier (`10万条` → 10). */
  value: number | null;
  /** The unit as written, multiplier included (`万条`, `万元`, `%`, `小时`); null when none. */
  unit: string | null;
  normalized: NormalizedValue | null;
  /** Qualitative phrase, or the verbatim value when it could not be read. */
  text: string | null;
  /**
   * For range targets such as `90%-95%` or `3-5次`: both bounds in the normalised unit. The comparator is then
   * `>=` and the value the low bound, marked `inferred`.
   */
  range: { low: number; high: number } | null;
  /**
   * For deadline targets such as `2025年年底前` or `2023.07-2024.01`: the last day, ISO `YYYY-MM-DD`. null for a
   * deadline written without a year (`6月30日前完成`) until the table importer gives it the project's year.
   */
  deadline: string | null;
}

/** What the parser may know about the cell's row. */
export interface TargetContext {
  /** The budget year, for a deadline written without one (`6月30日前完成`). */
  year?: number;
  level1?: string | null;
  level2?: string | null;
  level3?: string | null;
  /** The row says the target is qualitative (a `定性` 指标性质 cell). */
  qualitative?: boolean;
}

export interface ParsedTarget {
  target: Target;
  /** Human-readable, Simplified Chinese. Empty when the value was read cleanly. */
  warnings: string[];
  /** A person must confirm the reading before the indicator is scored. */
  needsReview: boolean;
  /** False when the cell says the indicator does not apply (`/`, `无`, `不适用`, or empty): kept, not scored. */
  applicable: boolean;
}

export interface LineMessage {
  line: number;
  message: string;
}

export interface ParsedIndicator {
  level1: string;
  level2: string;
  level3: string;
  description: string | null;
  target: Target;
  /** 分值/权重 from the table itself, when it has that column. */
  weight: number | null;
  /** False for rows such as `本项目不适用此指标 | 无`. */
  applicable: boolean;
  needsReview: boolean;
  warnings: string[];
  /** 1-based line of the source where the row starts. */
  line: number;
}

export interface Budget {
  /** Yuan; null when the table leaves it blank. */
  total: number | null;
  fiscal: number | null;
  other: number | null;
  unit: 'yuan';
}

/** What a cell of an indicator row was read as (`jixiao parse --explain`, the import preview). */
export type CellRole = 'level1' | 'level2' | 'level3' | 'description' | 'nature' | 'value' | 'unit' | 'weight' | 'ignored' | 'unplaced' | 'other-group';

export interface RowReading {
  /** 1-based source line where the row starts. */
  line: number;
  cells: { text: string; role: CellRole }[];
  /** Index into the project's `indicators`, or null when the row made no indicator. */
  indicator: number | null;
  /** Why the row made no indicator, or what the reader had to guess; null when it read cleanly. */
  note: string | null;
}

export interface Confidence {
  level: 'high' | 'medium' | 'low';
  /** 0–1. */
  score: number;
  /** Each thing that lowered it, in Chinese, most serious first. */
  reasons: string[];
}

export interface ParsedProject {
  name: string;
  year: number;
  budget: Budget;
  purpose: string | null;
  goals: string[];
  /** Weight of 预算执行率 when the table gives one (e.g. `预算执行率权重(%): 10`). */
  budgetWeight: number | null;
  indicators: ParsedIndicator[];
  line: number;
  /** The file ends inside this project's table (a copy cut off mid-row): its complete rows are kept. */
  truncated: LineMessage | null;
  /** How each indicator row was read. */
  rows: RowReading[];
  confidence: Confidence;
}

export interface ParsedUnit {
  code: string | null;
  name: string;
}

/** Where the unit came from: the table, the caller (`--unit`), the 主管部门 cell, or the file's name. */
export type UnitSource = 'table' | 'option' | 'title' | 'supervisor' | 'file';

export interface ParsedTable {
  unit: ParsedUnit | null;
  unitSource: UnitSource | null;
  projects: ParsedProject[];
  warnings: LineMessage[];
  /** Non-empty means the file cannot be imported; nothing is written. */
  errors: LineMessage[];
}
