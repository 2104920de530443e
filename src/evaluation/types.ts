// Plain data in and out of the evaluation rules (DESIGN §4, §5). No database, clock or network here.
import type { Comparator } from '../targets/types.ts';

export type Status =
  | 'met' // 已完成
  | 'on_track' // 正常
  | 'warning' // 预警
  | 'off_track' // 偏离
  | 'failed' // 未完成
  | 'no_data' // 无数据
  | 'no_measure' // 未设置度量
  | 'needs_review'; // 待确认

export type Lamp = 'green' | 'yellow' | 'red' | 'grey';

/** 达成 / 部分达成 / 未达成 */
export type QualitativeTier = 'achieved' | 'partial' | 'not_achieved';

/** 完成目标可能性 as the official monitoring table words it: 确定能 / 有可能 / 完全不可能. */
export type Likelihood = 'certain' | 'possible' | 'impossible';

/** Every threshold is configuration; these are the defaults DESIGN §4/§5 give. */
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
}

/** A target as the rules need it: comparator and value in the normalised unit. */
export interface EvaluatedTarget {
  kind: 'quantitative' | 'qualitative';
  comparator: Comparator | null;
  /** Normalised value (yuan, hours, percent 0–100, count …). */
  value: number | null;
  unit: string | null;
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
  /** A person's assessment for qualitative targets. */
  assessment: { tier: QualitativeTier; score: number } | null;
  /** 分值 from the table, when it gives one. */
  weight: number | null;
}

export interface PeriodPosition {
  /** s = elapsed whole days / period days, in (0, 1]; see timeShare. */
  timeShare: number;
  /** True on (or after) the period's last day: statuses become final. */
  atPeriodEnd: boolean;
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
  grade: '优' | '良' | '中' | '差';
  /** True while the period runs: cumulative indicators are scored on their forecast. */
  forecast: boolean;
  parts: Record<ScorePart, number | null>;
  /** Per indicator, in input order; null for indicators that are excluded (not applicable). */
  indicators: (ScoredIndicator | null)[];
  /** Indicators scored 0 because they have no value yet (no measure, no data, needs review, not assessed). */
  unscored: number;
}
