// Plain data in and out of the evaluation rules (docs/design.md: Monitoring rules, Scoring). No database, clock or network here.
import type { Comparator } from '../targets/types.ts';

/** The statuses of docs/design.md "Monitoring rules", as the API says them (labels: src/format/status-labels.ts). */
export const statuses = [
  'met', // 已完成
  'on_track', // 正常
  'warning', // 预警
  'off_track', // 偏离
  'failed', // 未完成
  'no_data', // 无数据
  'no_measure', // 未设置度量
  'needs_review', // 待确认
] as const;
export type Status = (typeof statuses)[number];

export const lamps = ['green', 'yellow', 'red', 'grey'] as const;
export type Lamp = (typeof lamps)[number];

/** 达成 / 部分达成 / 未达成 */
export const qualitativeTiers = ['achieved', 'partial', 'not_achieved'] as const;
export type QualitativeTier = (typeof qualitativeTiers)[number];

/** 完成目标可能性 as the official monitoring table words it: 确定能 / 有可能 / 完全不可能. */
export const likelihoods = ['certain', 'possible', 'impossible'] as const;
export type Likelihood = (typeof likelihoods)[number];

/** 优 / 良 / 中 / 差 */
export const grades = ['优', '良', '中', '差'] as const;
export type Grade = (typeof grades)[number];

/** Every threshold is configuration; these are the defaults docs/design.md gives. */
export interface EvaluationSettings {
  /** 偏离 when the forecast misses the target by more than this share (0.1 = 10%). */
  offTrackTolerance: number;
  /** Over-achievement flag at actual ≥ this × target (1.3 = 130%). */
  overAchievementRatio: number;
  /** Budget execution lamp on v = (spent / budget) ÷ s × 100: red below `red`, yellow below `yellow`, else green. */
  budgetLamp: { red: number; yellow: number };
  /** Grade bands: 优 ≥ excellent, 良 ≥ good, 中 ≥ fair, else 差. */
  grades: { excellent: number; good: number; fair: number };
  /** Default points per level-1 group and for 预算执行率; 成本指标 as a level 1 shares 产出's points. */
  groupPoints: { output: number; effect: number; satisfaction: number; budget: number };
  /** Below this time share (0.25 = the first quarter) no cumulative target is worse than 预警. */
  earlyGuardShare: number;
  /** A deadline not yet recorded as reached turns from 待确认 to 预警 this many days before it. */
  deadlineWarningDays: number;
}

/** A target as the rules need it: comparator and value in the normalised unit. */
export interface EvaluatedTarget {
  kind: 'quantitative' | 'qualitative';
  comparator: Comparator | null;
  /** Normalised value (yuan, hours, percent 0–100, count …); for a range, its low bound. */
  value: number | null;
  /** Normalised unit: `yuan`, `hours`, `percent`, a count noun such as `次`, `count`, or a rate such as `yuan/人天`. */
  unit: string | null;
  /** Both bounds of a range target (`90%-95%`), in the normalised unit; null otherwise. */
  range?: { low: number; high: number } | null;
  /** A deadline target's last day (`…前完成`), ISO `YYYY-MM-DD`; null otherwise. */
  deadline?: string | null;
}

/**
 * How the measure accumulates: `cumulative` grows through the period (counts, sums, elapsed days) and is
 * paced; `rate` is a level at any moment (percent, ratio, duration, average).
 */
export type Aggregation = 'cumulative' | 'rate';

export interface IndicatorFacts {
  target: EvaluatedTarget;
  level1: string;
  level2: string;
  applicable: boolean;
  /** Imported with a warning and not yet confirmed by a person. */
  needsReview: boolean;
  /** null: no measure bound. */
  aggregation: Aggregation | null;
  /** The measured value in the target's normalised unit; null when there is nothing to measure yet. */
  actual: number | null;
  /** Facts behind the actual (entries, posts, probes, …). */
  samples: number;
  /** A person's latest assessment on or before the as-of day (qualitative targets); `asOf` is the day it speaks for. */
  assessment: { tier: QualitativeTier; score: number; asOf: string } | null;
  /**
   * The period's length in days, for an `elapsed_days` measure only (null otherwise): a cap of a whole year is
   * compared against max(target, period) (docs/design.md, Monitoring rules).
   */
  periodDays?: number | null;
  /** 分值 from the table, when it gives one. */
  weight: number | null;
}

export interface PeriodPosition {
  /** s = elapsed whole days / period days, in (0, 1]; see timeShare. */
  timeShare: number;
  /** True on (or after) the period's last day: statuses become final. */
  atPeriodEnd: boolean;
  /** The as-of day, ISO `YYYY-MM-DD` in Asia/Shanghai: deadlines are judged against it. */
  asOf: string;
}

export interface IndicatorEvaluation {
  actual: number | null;
  /** target × s, for paced (cumulative, `>=`/`>`/`=`) targets and caps; null otherwise. */
  expected: number | null;
  /** actual / s for cumulative measures; the actual itself for rates; null without data. */
  forecast: number | null;
  /** (forecast − target) / target; null when undefined (no data, target 0, qualitative). */
  deviation: number | null;
  status: Status;
  lamp: Lamp;
  overAchieved: boolean;
  likelihood: Likelihood | null;
}

export interface BudgetExecution {
  budget: number | null;
  spent: number;
  /** spent / budget, 0–1+; null without a budget. */
  executionRate: number | null;
  /** (spent / budget) ÷ s × 100; null without a budget. */
  pace: number | null;
  lamp: Lamp;
}

export type ScorePart = 'output' | 'effect' | 'satisfaction' | 'budget';

export interface ScoredIndicator {
  weight: number;
  points: number;
}

export interface ProjectScore {
  /** 0–100, 2 decimals. */
  total: number;
  grade: Grade;
  /** True while the period runs: cumulative indicators are scored on their forecast. */
  forecast: boolean;
  parts: Record<ScorePart, number | null>;
  /** 预算执行率's points (分值); null when the project has no budget to execute. */
  budgetWeight: number | null;
  /** Per indicator, in input order; null for indicators that are excluded (not applicable). */
  indicators: (ScoredIndicator | null)[];
  /** Indicators scored 0 because they have no value yet (no measure, no data, needs review, not assessed). */
  unscored: number;
}
