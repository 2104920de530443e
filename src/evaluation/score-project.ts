// The self-evaluation score (绩效自评, docs/design.md, Scoring): points per indicator, per part and in total,
// and the grade.
import type { Comparator } from '../targets/types.ts';
import { divide, finiteOrNull, round2 } from './arithmetic.ts';
import { comparedTarget } from './evaluate-indicator.ts';
import { qualitativePoints } from './qualitative-score.ts';
import { allocateWeights, scoreGroupOf } from './score-weights.ts';
import { defaultEvaluationSettings } from './settings.ts';
import type {
  BudgetExecution,
  EvaluationSettings,
  Grade,
  IndicatorEvaluation,
  IndicatorFacts,
  PeriodPosition,
  ProjectScore,
  ScoredIndicator,
  ScorePart,
} from './types.ts';

export interface ProjectScoreInput {
  indicators: { facts: IndicatorFacts; evaluation: IndicatorEvaluation }[];
  budget: BudgetExecution;
  /** 预算执行率's points when the table gives them. */
  budgetWeight: number | null;
}

/**
 * Points for value A against target T worth W, by the comparator's direction only (a strict `>` with A = T
 * scores W). Negative A counts as 0.
 */
export function scoreQuantitative(value: number, comparator: Comparator, target: number, weight: number): number {
  const a = Math.max(value, 0);
  if (comparator === '=' && target <= 0) return a <= 0 ? weight : 0;
  if (comparator === '>=' || comparator === '>' || comparator === '=') {
    return a >= target ? weight : weight * (divide(a, target) ?? 0); // a < target implies target > 0
  }
  if (a <= target) return weight;
  if (a < 2 * target) return weight * (1 - (a - target) / target); // target > 0 here
  return 0;
}

/**
 * Points for a rate that must lie within [low, high] (docs/design.md §5 is silent; our rule): inside → W; below → W × A / low,
 * as 正向 against the low bound; above → the 反向 formula against the high bound.
 */
export function scoreRange(value: number, low: number, high: number, weight: number): number {
  const a = Math.max(value, 0);
  if (a < low) return scoreQuantitative(a, '>=', low, weight);
  return scoreQuantitative(a, '<=', high, weight);
}

/** 优 ≥ excellent, 良 ≥ good, 中 ≥ fair, else 差 (on the total rounded to 2 decimals). */
export function gradeOf(total: number, settings: EvaluationSettings = defaultEvaluationSettings): Grade {
  const { excellent, good, fair } = settings.grades;
  if (total >= excellent) return '优';
  if (total >= good) return '良';
  if (total >= fair) return '中';
  return '差';
}

const WITHOUT_VALUE = new Set(['no_measure', 'no_data', 'needs_review']);

/** Unrounded points, or null when the indicator has no value to score yet. */
function indicatorPoints({ facts, evaluation }: ProjectScoreInput['indicators'][number], weight: number, atPeriodEnd: boolean): number | null {
  if (WITHOUT_VALUE.has(evaluation.status)) return null;
  if (facts.target.kind === 'qualitative') {
    // A deadline that passed with nothing recorded has earned nothing: 0 points, and it is scored.
    if (facts.assessment === null) return evaluation.status === 'failed' ? 0 : null;
    return qualitativePoints(facts.assessment.score, weight);
  }
  const compared = comparedTarget(facts);
  // During the year a cumulative measure is scored on its year-end forecast, a rate on its current value.
  const cumulative = facts.aggregation === 'cumulative';
  const value = finiteOrNull(!atPeriodEnd && cumulative ? evaluation.forecast : evaluation.actual);
  if (compared === null || value === null) return null;
  // A cumulative range is a goal of at least its low bound; a rate range is scored with both bounds.
  if (compared.range && !cumulative) return scoreRange(value, compared.range.low, compared.range.high, weight);
  return scoreQuantitative(value, compared.comparator, compared.value, weight);
}

/** 预算执行率 points: W × min(spent / budget, 1); during the year on the forecast spend (spent / s). */
function budgetPoints(budget: BudgetExecution, weight: number, position: PeriodPosition): number {
  const rate = Math.max(budget.executionRate ?? 0, 0);
  const s = finiteOrNull(position.timeShare) ?? 0;
  const share = position.atPeriodEnd ? rate : s > 0 ? (divide(rate, Math.min(s, 1)) ?? 0) : 0;
  return weight * Math.min(share, 1);
}

export function scoreProject(input: ProjectScoreInput, position: PeriodPosition, settings: EvaluationSettings = defaultEvaluationSettings): ProjectScore {
  const items = input.indicators.map(({ facts }) => ({
    level1: facts.level1,
    applicable: facts.applicable,
    weight: facts.weight,
  }));
  const hasBudget = input.budget.executionRate !== null && (input.budget.budget ?? 0) > 0;
  const weights = allocateWeights(items, hasBudget, input.budgetWeight, settings);
  const sums: Record<ScorePart, number | null> = { output: null, effect: null, satisfaction: null, budget: null };
  let unscored = 0;

  const indicators = input.indicators.map((indicator, i): ScoredIndicator | null => {
    const weight = weights.indicators[i];
    if (weight === null || weight === undefined) return null;
    const raw = indicatorPoints(indicator, weight, position.atPeriodEnd);
    if (raw === null) unscored += 1;
    const points = round2(raw ?? 0);
    const part = scoreGroupOf(indicator.facts.level1);
    sums[part] = (sums[part] ?? 0) + points;
    return { weight, points };
  });
  if (weights.budget !== null) sums.budget = round2(budgetPoints(input.budget, weights.budget, position));

  const parts = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v === null ? null : round2(v)])) as Record<ScorePart, number | null>;
  const total = round2(Object.values(parts).reduce<number>((sum, v) => sum + (v ?? 0), 0));
  return { total, grade: gradeOf(total, settings), forecast: !position.atPeriodEnd, parts, budgetWeight: weights.budget, indicators, unscored };
}
