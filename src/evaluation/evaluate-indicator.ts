// One indicator's monitoring status (DESIGN §4): pace for cumulative targets, caps, rates, qualitative tiers.
import type { Comparator } from '../targets/types.ts';
import { atLeast, divide, finiteOrNull, satisfies } from './arithmetic.ts';
import { defaultEvaluationSettings } from './settings.ts';
import type {
  EvaluationSettings, IndicatorEvaluation, IndicatorFacts, Lamp, Likelihood, PeriodPosition, QualitativeTier, Status,
} from './types.ts';

/** The lamp a status shows. */
export function lampOf(status: Status): Lamp {
  if (status === 'met' || status === 'on_track') return 'green';
  if (status === 'warning') return 'yellow';
  if (status === 'off_track' || status === 'failed') return 'red';
  return 'grey';
}

/** 完成目标可能性 suggested from the status; a person may change it on the monitoring record. */
export function likelihoodOf(status: Status): Likelihood | null {
  if (status === 'met' || status === 'on_track') return 'certain';
  if (status === 'warning') return 'possible';
  if (status === 'off_track' || status === 'failed') return 'impossible';
  return null;
}

/**
 * Whether a cumulative target is a cap (反向: the count or money must stay under it) rather than a goal to
 * reach. `=` with a target of 0 ("none allowed", `=0起`) is a cap; `=` with a positive target is paced as `>=`.
 */
export function isCap(comparator: Comparator, target: number): boolean {
  return comparator === '<=' || comparator === '<' || (comparator === '=' && target <= 0);
}

type Numbers = Pick<IndicatorEvaluation, 'actual' | 'expected' | 'forecast' | 'deviation'>;

const NOTHING: Numbers = { actual: null, expected: null, forecast: null, deviation: null };

function result(numbers: Numbers, status: Status, overAchieved = false): IndicatorEvaluation {
  return { ...numbers, status, lamp: lampOf(status), overAchieved, likelihood: likelihoodOf(status) };
}

/**
 * Branches in order: not applicable → `no_data` (grey; the scoring excludes it); needs review → `needs_review`
 * (numbers still computed); qualitative → the person's tier; no measure → `no_measure`; no value, or a rate
 * without samples → `no_data`; then pace, cap or rate.
 */
export function evaluateIndicator(
  facts: IndicatorFacts,
  position: PeriodPosition,
  settings: EvaluationSettings = defaultEvaluationSettings,
): IndicatorEvaluation {
  if (!facts.applicable) return result(NOTHING, 'no_data');
  if (facts.target.kind === 'qualitative') {
    return facts.needsReview ? result(NOTHING, 'needs_review') : evaluateQualitative(facts.assessment?.tier, position);
  }
  const measured = evaluateQuantitative(facts, position, settings);
  // An unconfirmed reading is never judged, but what can be computed is still shown.
  if (facts.needsReview) {
    const { actual, expected, forecast, deviation } = measured;
    return result({ actual, expected, forecast, deviation }, 'needs_review');
  }
  return measured;
}

/** 达成 → met (green); 部分达成 → warning (yellow); 未达成 → off_track (red), failed at period end. */
function evaluateQualitative(tier: QualitativeTier | undefined, position: PeriodPosition): IndicatorEvaluation {
  if (tier === undefined) return result(NOTHING, 'needs_review'); // 待确认 until a person assesses it
  if (tier === 'achieved') return result(NOTHING, 'met');
  if (tier === 'partial') return result(NOTHING, 'warning');
  return result(NOTHING, position.atPeriodEnd ? 'failed' : 'off_track');
}

function evaluateQuantitative(
  facts: IndicatorFacts,
  position: PeriodPosition,
  settings: EvaluationSettings,
): IndicatorEvaluation {
  if (facts.aggregation === null) return result(NOTHING, 'no_measure');
  const rate = facts.aggregation === 'rate';
  // A cumulative measure with no facts is 0 so far (data); a rate over no samples is undefined.
  const actual = rate && facts.samples <= 0 ? null : finiteOrNull(facts.actual);
  if (actual === null) return result(NOTHING, 'no_data');
  const { comparator } = facts.target;
  const target = finiteOrNull(facts.target.value);
  // A quantitative target without a comparator or value cannot be judged (e.g. a range): a person decides.
  if (comparator === null || target === null) return result({ ...NOTHING, actual }, 'needs_review');
  // Clamp s into [0, 1]: before the start s = 0 and every division by it yields null, never Infinity.
  const s = Math.min(Math.max(finiteOrNull(position.timeShare) ?? 0, 0), 1);
  const end = position.atPeriodEnd;
  const upward = comparator === '>=' || comparator === '>' || comparator === '=';
  const overAchieved = upward && target > 0 && atLeast(actual, settings.overAchievementRatio * target);

  if (rate) {
    const numbers = { actual, expected: null, forecast: actual, deviation: divide(actual - target, target) };
    const ok = satisfies(actual, comparator, target);
    return result(numbers, ok ? (end ? 'met' : 'on_track') : end ? 'failed' : 'off_track', overAchieved);
  }

  const expected = target * s;
  const forecast = divide(actual, s);
  const numbers = {
    actual, expected, forecast, deviation: forecast === null ? null : divide(forecast - target, target),
  };
  if (isCap(comparator, target)) {
    // `=0` means none allowed: broken by anything above 0, like `<=0`.
    const broken = !satisfies(actual, comparator === '=' ? '<=' : comparator, target);
    if (broken) return result(numbers, 'failed', overAchieved);
    if (end) return result(numbers, 'met', overAchieved);
    // Share of the cap used ≤ s, written without dividing by the cap.
    return result(numbers, satisfies(actual, '<=', expected) ? 'on_track' : 'warning', overAchieved);
  }
  // Paced goal; `=` with a positive target counts as reached at or above it (a count cannot be undone).
  if (satisfies(actual, comparator === '=' ? '>=' : comparator, target)) return result(numbers, 'met', overAchieved);
  if (end) return result(numbers, 'failed', overAchieved);
  if (atLeast(actual, expected)) return result(numbers, 'on_track', overAchieved);
  const offTrack = forecast !== null && forecast < target * (1 - settings.offTrackTolerance);
  return result(numbers, offTrack ? 'off_track' : 'warning', overAchieved);
}
