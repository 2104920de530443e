// The self-evaluation review (自评复核, docs/design.md "Self-evaluation review"): a filled 项目支出绩效自评表 as
// read from any unit's file, and what the review says about it. Plain data; the `why` of a finding is
// catalogue words (both languages), said by the face in its caller's language.
import type { Text } from '../errors.ts';
import type { CellFormat } from '../targets/cells-types.ts';

/** A cell as written, with its source line (an .xlsx row number, a text line, a .docx paragraph or row). */
export interface SourceCell {
  text: string;
  line: number;
}

/** One row of the funds block (年度资金总额, 其中：财政拨款, 其他资金, 上年结转资金 …). */
export interface FundsRow {
  label: string;
  line: number;
  /** 年初预算数, 全年预算数, 全年执行数 as written (万元 unless the cell or the block says 元). */
  initial: string | null;
  budget: string | null;
  spent: string | null;
  /** 分值, 执行率, 得分 as written; only the 年度资金总额 row carries 分值 and 得分. */
  weight: string | null;
  rate: string | null;
  points: string | null;
  /** The block's money unit when its label says (`项目资金（万元）`, `单位：元`). */
  moneyUnit: '元' | '万元' | '亿元';
}

export interface IndicatorRow {
  line: number;
  level1: string;
  level2: string;
  level3: string;
  /** 年度指标值 / 指标值 as written. */
  target: string;
  /** 实际完成值 / 完成值 as written. */
  actual: string;
  /** 分值 / 权重 as written; null when the table has no such column. */
  weight: string | null;
  score: string;
}

export interface TotalRow {
  line: number;
  /** The 分值 column's sum as written on the 总分 row, when it gives one. */
  weight: string | null;
  score: string | null;
}

/** One project's table; a workbook or document may hold several (a sheet per project). */
export interface SelfEvalSheet {
  line: number;
  project: string | null;
  unit: string | null;
  year: number | null;
  /** The header word of the weight column (`分值`, `权重`), null when there is none. */
  weightHeader: string | null;
  funds: FundsRow[];
  indicators: IndicatorRow[];
  total: TotalRow | null;
  /** 自评等级 as written (`优`), with its line. */
  grade: SourceCell | null;
}

export type FindingCode =
  | 'quantitative_score'
  | 'qualitative_band'
  | 'score_over_weight'
  | 'score_negative'
  | 'weight_sum'
  | 'weight_total'
  | 'total'
  | 'execution_rate'
  | 'budget_points'
  | 'grade'
  | 'not_checked';

export interface Finding {
  /** `error`: the table contradicts itself or the rules; `note`: something could not be checked. */
  severity: 'error' | 'note';
  code: FindingCode;
  line: number;
  /** The 三级指标 name, or the row's own words (`年度资金总额`, `总分`, `自评等级`). */
  row: string;
  /** What the table states, as written; null when the finding is about something missing. */
  stated: string | null;
  /** What the rules give (a number with 2 decimals, a band `13.34–16.67`, a grade), or null. */
  expected: string | null;
  why: Text;
}

export interface SheetReview {
  line: number;
  project: string | null;
  unit: string | null;
  year: number | null;
  /** Every indicator row read, so a face can show each finding beside its row. */
  indicators: IndicatorRow[];
  funds: FundsRow[];
  total: TotalRow | null;
  grade: SourceCell | null;
  findings: Finding[];
}

export interface ReviewReport {
  fileName: string;
  format: CellFormat;
  sheets: SheetReview[];
  errors: number;
  notes: number;
  /** No error (notes may remain: rows that could not be checked are said, not hidden). */
  clean: boolean;
}
