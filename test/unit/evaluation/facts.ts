// Builders for the evaluation tests: plain IndicatorFacts with only what a case varies written out.
import type { Comparator } from '../../../src/targets/types.ts';
import type {
  Aggregation, IndicatorFacts, PeriodPosition, QualitativeTier,
} from '../../../src/evaluation/types.ts';

export const MID_YEAR: PeriodPosition = { timeShare: 0.5, atPeriodEnd: false };
export const YEAR_END: PeriodPosition = { timeShare: 1, atPeriodEnd: true };
export const at = (timeShare: number, atPeriodEnd = false): PeriodPosition => ({ timeShare, atPeriodEnd });

export function quantitative(
  comparator: Comparator,
  value: number,
  aggregation: Aggregation | null,
  actual: number | null,
  extra: Partial<IndicatorFacts> = {},
): IndicatorFacts {
  return {
    target: { kind: 'quantitative', comparator, value, unit: null },
    level1: '产出指标',
    level2: '数量指标',
    applicable: true,
    needsReview: false,
    aggregation,
    actual,
    samples: actual === null ? 0 : 1,
    assessment: null,
    weight: null,
    ...extra,
  };
}

export const cumulative = (c: Comparator, t: number, actual: number | null, extra: Partial<IndicatorFacts> = {}) =>
  quantitative(c, t, 'cumulative', actual, extra);

export const rate = (c: Comparator, t: number, actual: number | null, extra: Partial<IndicatorFacts> = {}) =>
  quantitative(c, t, 'rate', actual, extra);

export function qualitative(
  assessment: { tier: QualitativeTier; score: number } | null,
  extra: Partial<IndicatorFacts> = {},
): IndicatorFacts {
  return {
    target: { kind: 'qualitative', comparator: null, value: null, unit: null },
    level1: '效益指标',
    level2: '社会效益指标',
    applicable: true,
    needsReview: false,
    aggregation: null,
    actual: null,
    samples: 0,
    assessment,
    weight: null,
    ...extra,
  };
}
