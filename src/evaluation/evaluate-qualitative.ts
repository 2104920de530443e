// Qualitative targets and deadlines (docs/design.md, Monitoring rules): a person's tier decides, and a
// deadline adds the calendar.
import { NOTHING, result } from './status.ts';
import { daysBetween, dayNumber } from './time-share.ts';
import type { EvaluationSettings, IndicatorEvaluation, IndicatorFacts, PeriodPosition, QualitativeTier } from './types.ts';

/**
 * 达成 → met; 部分达成 → warning, at period end too (only 达成 is 已完成); 未达成 → off_track, failed once `final`.
 * Not yet assessed → needs_review (待确认).
 */
export function evaluateTier(tier: QualitativeTier | undefined, final: boolean): IndicatorEvaluation {
  if (tier === undefined) return result(NOTHING, 'needs_review', final);
  if (tier === 'achieved') return result(NOTHING, 'met', final);
  if (tier === 'partial') return result(NOTHING, 'warning', final);
  return result(NOTHING, final ? 'failed' : 'off_track', final);
}

export function evaluateQualitative(facts: IndicatorFacts, position: PeriodPosition, settings: EvaluationSettings): IndicatorEvaluation {
  const deadline = facts.target.deadline ?? null;
  if (deadline !== null && isDay(deadline) && isDay(position.asOf)) {
    return evaluateDeadline(deadline, facts.assessment, position.asOf, settings);
  }
  return evaluateTier(facts.assessment?.tier, position.atPeriodEnd);
}

/**
 * Judged as of the as-of day: 已完成 when 达成 was recorded on or before the deadline; once the deadline has
 * passed without that, 未完成 for good. Before it, a recorded 部分达成/未达成 shows as any qualitative target
 * (预警/偏离, never 未完成 while the deadline is still ahead, even at period end); nothing recorded is 待确认
 * until `deadlineWarningDays` before the deadline, then 预警. The deadline day itself is still in time.
 */
function evaluateDeadline(deadline: string, assessment: IndicatorFacts['assessment'], asOf: string, settings: EvaluationSettings): IndicatorEvaluation {
  if (assessment?.tier === 'achieved' && assessment.asOf <= deadline) return result(NOTHING, 'met', true);
  if (asOf > deadline) return result(NOTHING, 'failed', true);
  if (assessment) return evaluateTier(assessment.tier, false);
  const daysLeft = daysBetween(asOf, deadline);
  return result(NOTHING, daysLeft <= settings.deadlineWarningDays ? 'warning' : 'needs_review', false);
}

function isDay(text: string): boolean {
  try {
    dayNumber(text);
    return true;
  } catch {
    return false;
  }
}
