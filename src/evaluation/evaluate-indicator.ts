// One indicator's monitoring status (docs/design.md, Monitoring rules): pace for cumulative targets, caps,
// rates, ranges, qualitative tiers and deadlines.
import type { Comparator } from '../targets/types.ts';
import { isWholeUnit } from '../targets/target-units.ts';
import { atLeast, divide, finiteOrNull, satisfies } from './arithmetic.ts';
import { evaluateQualitative } from './evaluate-qualitative.ts';
import { defaultEvaluationSettings } from './settings.ts';
import { NOTHING, result } from './status.ts';
import { daysInUnit } from './time-share.ts';
import type { EvaluationSettings, IndicatorEvaluation, IndicatorFacts, PeriodPosition } from './types.ts';

export { lampOf, likelihoodOf } from './status.ts';

/**
 * Whether a cumulative target is a cap (反向: the count or money must stay under it) rather than a goal to
 * reach. `=` with a target of 0 ("none allowed", `=0起`) is a cap; `=` with a positive target is paced as `>=`.
 */
export function isCap(comparator: Comparator, target: number): boolean {
  return comparator === '<=' || comparator === '<' || (comparator === '=' && target <= 0);
}

export interface ComparedTarget {
  comparator: Comparator;
  /** In the target's normalised unit; a range's low bound. */
  value: number;
  range: { low: number; high: number } | null;
}

/**
 * What the actual is compared with. Usually the written target; two readings differ from it:
 * - a range keeps both bounds (its comparator and value are the low bound, `>=`);
 * - an elapsed-days cap of a whole year or more (`≤365天`, `≤1年`, `≤12个月`) means "within the period": it is
 *   compared, not strictly, against max(target, period length), so a 366-day year does not break it.
 * Null when the target has no comparator or number to compare with.
 */
/** Where a paced target should be at time share s (docs/design.md "Monitoring rules"): target × s. */
export function expectedBy(target: number, s: number): number {
  return target * s;
}

export function comparedTarget(facts: Pick<IndicatorFacts, 'target' | 'periodDays'>): ComparedTarget | null {
  const { comparator, unit } = facts.target;
  const value = finiteOrNull(facts.target.value);
  if (comparator === null || value === null) return null;
  const range = validRange(facts.target.range);
  if (range) return { comparator: '>=', value: range.low, range };
  const period = finiteOrNull(facts.periodDays);
  if (period === null || !(comparator === '<=' || comparator === '<')) return { comparator, value, range: null };
  const year = daysInUnit(365, unit);
  const length = daysInUnit(period, unit);
  if (year === null || length === null || !atLeast(value, year)) return { comparator, value, range: null };
  return { comparator: '<=', value: Math.max(value, length), range: null };
}

function validRange(range: IndicatorFacts['target']['range']): { low: number; high: number } | null {
  if (!range) return null;
  const low = finiteOrNull(range.low);
  const high = finiteOrNull(range.high);
  return low !== null && high !== null && low <= high ? { low, high } : null;
}

/**
 * Branches in order: not applicable → `no_data` (grey; the scoring excludes it); qualitative (tiers and
 * deadlines) → a person's assessment; no measure → `no_measure`; no value, a rate without samples, or a cap
 * without a single fact → `no_data`; then rate, cap or paced goal. An unconfirmed reading → `needs_review`,
 * with the numbers still computed.
 */
export function evaluateIndicator(
  facts: IndicatorFacts,
  position: PeriodPosition,
  settings: EvaluationSettings = defaultEvaluationSettings,
): IndicatorEvaluation {
  if (!facts.applicable) return result(NOTHING, 'no_data', false);
  if (facts.target.kind === 'qualitative') {
    return facts.needsReview ? result(NOTHING, 'needs_review', false) : evaluateQualitative(facts, position, settings);
  }
  const measured = evaluateQuantitative(facts, position, settings);
  // An unconfirmed reading is never judged, but what can be computed is still shown.
  if (facts.needsReview) {
    const { actual, expected, forecast, deviation } = measured;
    return result({ actual, expected, forecast, deviation }, 'needs_review', false);
  }
  return measured;
}

/** Relative slack for ⌊ ⌋ and ⌈ ⌉: 365 × (3/365) is 2.9999999999999996 in floats, and must floor to 3. */
const NOISE = 1e-9;
const floorSafe = (x: number): number => Math.floor(x + NOISE * Math.max(1, Math.abs(x)));
const ceilSafe = (x: number): number => Math.ceil(x - NOISE * Math.max(1, Math.abs(x)));

function evaluateQuantitative(facts: IndicatorFacts, position: PeriodPosition, settings: EvaluationSettings): IndicatorEvaluation {
  if (facts.aggregation === null) return result(NOTHING, 'no_measure', false);
  const rate = facts.aggregation === 'rate';
  const compared = comparedTarget(facts);
  const cap = !rate && compared !== null && compared.range === null && isCap(compared.comparator, compared.value);
  // A rate over no samples is undefined. A cap with no fact at all is unknown rather than kept: spending nothing
  // is rare, logging nothing is common (a person who means 0 records a manual 0, which is a sample).
  const unknown = facts.samples <= 0 && (rate || cap);
  const actual = unknown ? null : finiteOrNull(facts.actual);
  if (actual === null) return result(NOTHING, 'no_data', false);
  // A quantitative target without a comparator or value cannot be judged: a person decides.
  if (compared === null) return result({ ...NOTHING, actual }, 'needs_review', false);
  const { comparator, value: target, range } = compared;
  const end = position.atPeriodEnd;
  const upward = comparator === '>=' || comparator === '>' || comparator === '=';
  // Over-achievement is measured from the top of a range: up to `high` is what was asked for.
  const top = range ? range.high : target;
  const overAchieved = upward && top > 0 && atLeast(actual, settings.overAchievementRatio * top);

  if (rate) {
    const ok = range ? satisfies(actual, '>=', range.low) && satisfies(actual, '<=', range.high) : satisfies(actual, comparator, target);
    const deviation = range ? rangeDeviation(actual, range) : divide(actual - target, target);
    const status = ok ? (end ? 'met' : 'on_track') : end ? 'failed' : 'off_track';
    return result({ actual, expected: null, forecast: actual, deviation }, status, end, overAchieved);
  }

  // Clamp s into [0, 1]: before the start s = 0 and every division by it yields null, never Infinity.
  const s = Math.min(Math.max(finiteOrNull(position.timeShare) ?? 0, 0), 1);
  const expected = expectedBy(target, s);
  const forecast = divide(actual, s);
  const numbers = { actual, expected, forecast, deviation: forecast === null ? null : divide(forecast - target, target) };
  // Whole things come one at a time: judging 1 of 3 reports against 1.5 would call a lumpy year late.
  const whole = isWholeUnit(facts.target.unit);

  if (cap) {
    // `=0` means none allowed: broken by anything above 0, like `<=0`. Broken is a fact, final at once.
    const broken = !satisfies(actual, comparator === '=' ? '<=' : comparator, target);
    if (broken) return result(numbers, 'failed', true, overAchieved);
    if (end) return result(numbers, 'met', true, overAchieved);
    // Share of the cap used ≤ s, written without dividing by the cap; whole units may use ⌈cap × s⌉.
    const ahead = whole ? actual > ceilSafe(expected) : !satisfies(actual, '<=', expected);
    return result(numbers, ahead ? 'warning' : 'on_track', false, overAchieved);
  }
  // Paced goal; `=` with a positive target counts as reached at or above it (a count cannot be undone).
  if (satisfies(actual, comparator === '=' ? '>=' : comparator, target)) return result(numbers, 'met', true, overAchieved);
  if (end) return result(numbers, 'failed', true, overAchieved);
  const behind = whole ? actual < floorSafe(expected) : !atLeast(actual, expected);
  if (!behind) return result(numbers, 'on_track', false, overAchieved);
  // 偏离 needs both: behind pace and a forecast out of tolerance; and a forecast from the first weeks is noise.
  const early = s < settings.earlyGuardShare;
  const outOfTolerance = forecast !== null && forecast < target * (1 - settings.offTrackTolerance);
  return result(numbers, outOfTolerance && !early ? 'off_track' : 'warning', false, overAchieved);
}

/** 0 inside [low, high]; else the relative distance to the bound crossed (null when that bound is 0). */
function rangeDeviation(actual: number, range: { low: number; high: number }): number | null {
  if (!satisfies(actual, '>=', range.low)) return divide(actual - range.low, range.low);
  if (!satisfies(actual, '<=', range.high)) return divide(actual - range.high, range.high);
  return 0;
}
