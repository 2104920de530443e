// What a status shows: its lamp and the suggested 完成目标可能性 (docs/design.md, Monitoring rules).
import type { IndicatorEvaluation, Lamp, Likelihood, Status } from './types.ts';

/** The lamp a status shows. */
export function lampOf(status: Status): Lamp {
  if (status === 'met' || status === 'on_track') return 'green';
  if (status === 'warning') return 'yellow';
  if (status === 'off_track' || status === 'failed') return 'red';
  return 'grey';
}

const GREY: ReadonlySet<Status> = new Set(['no_data', 'no_measure', 'needs_review']);

/**
 * 完成目标可能性, suggested from the status and whether the target can still move (a person may change it on the
 * monitoring record): 确定能 when met or on track; 有可能 while behind and still open; 完全不可能 only once the
 * target can no longer be reached — a broken cap, a passed deadline, or a closed period (`final`) without
 * 已完成. Grey statuses say nothing.
 */
export function likelihoodOf(status: Status, final = false): Likelihood | null {
  if (status === 'met') return 'certain';
  if (GREY.has(status)) return null;
  if (status === 'failed' || final) return 'impossible';
  return status === 'on_track' ? 'certain' : 'possible';
}

export type Numbers = Pick<IndicatorEvaluation, 'actual' | 'expected' | 'forecast' | 'deviation'>;

export const NOTHING: Numbers = Object.freeze({ actual: null, expected: null, forecast: null, deviation: null });

/** An evaluation from its numbers and status; `final`: the target can no longer move (see likelihoodOf). */
export function result(numbers: Numbers, status: Status, final: boolean, overAchieved = false): IndicatorEvaluation {
  return { ...numbers, status, lamp: lampOf(status), overAchieved, likelihood: likelihoodOf(status, final) };
}
