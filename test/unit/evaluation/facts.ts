// Builders for the evaluation tests: plain IndicatorFacts with only what a case varies written out.
import type { Comparator } from '../../../src/targets/types.ts';
import type { Aggregation, IndicatorFacts, PeriodPosition, QualitativeTier } from '../../../src/evaluation/types.ts';

/** The day of 2024 (366 days) at time share s: s = 0.5 is 1 July (183/366), s = 1 is 31 December. */
export function dayOf2024(timeShare: number): string {
  const elapsed = Math.max(Math.round(timeShare * 366), 1);
  return new Date(Date.UTC(2024, 0, elapsed)).toISOString().slice(0, 10);
}

export const MID_YEAR: PeriodPosition = { timeShare: 0.5, atPeriodEnd: false, asOf: '2024-07-01' };
export const YEAR_END: PeriodPosition = { timeShare: 1, atPeriodEnd: true, asOf: '2024-12-31' };
export const at = (timeShare: number, atPeriodEnd = false): PeriodPosition => ({
  timeShare,
  atPeriodEnd,
  asOf: dayOf2024(timeShare),
});
/** The position on a day of 2024, as timeShare() would give it. */
export function on(asOf: string): PeriodPosition {
  const elapsed = (Date.parse(`${asOf}T00:00:00Z`) - Date.UTC(2024, 0, 1)) / 86_400_000 + 1;
  return { timeShare: elapsed / 366, atPeriodEnd: asOf >= '2024-12-31', asOf };
}

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

export const rate = (c: Comparator, t: number, actual: number | null, extra: Partial<IndicatorFacts> = {}) => quantitative(c, t, 'rate', actual, extra);

export function qualitative(assessment: { tier: QualitativeTier; score: number; asOf?: string } | null, extra: Partial<IndicatorFacts> = {}): IndicatorFacts {
  return {
    target: { kind: 'qualitative', comparator: null, value: null, unit: null },
    level1: '效益指标',
    level2: '社会效益指标',
    applicable: true,
    needsReview: false,
    aggregation: null,
    actual: null,
    samples: 0,
    assessment: assessment === null ? null : { asOf: '2024-06-30', ...assessment },
    weight: null,
    ...extra,
  };
}

/** A deadline target (`…前完成`): qualitative with an ISO last day. */
export function deadline(
  day: string,
  assessment: { tier: QualitativeTier; score: number; asOf: string } | null,
  extra: Partial<IndicatorFacts> = {},
): IndicatorFacts {
  const facts = qualitative(assessment, extra);
  return { ...facts, target: { ...facts.target, deadline: day } };
}
