// When a status change deserves a warning, and which indicators come first in a "needs attention" list
// (docs/design.md "Monitoring rules"); robots, pages and workbooks all order by these.
import type { Status } from './types.ts';

/**
 * Severity of a judged status: green (met, on_track) 0 < warning 1 < off_track 2 < failed 3.
 * The grey statuses (no_data, no_measure, needs_review) are not judgements of the target, so they have
 * no severity (null): they say the system cannot tell, not that things got better or worse.
 */
export function severityOf(status: Status): number | null {
  switch (status) {
    case 'met':
    case 'on_track':
      return 0;
    case 'warning':
      return 1;
    case 'off_track':
      return 2;
    case 'failed':
      return 3;
    default:
      return null;
  }
}

/**
 * "The status worsens":
 * - into a grey status: never (losing data or a measure is a data-quality matter, not a worse target);
 * - from a judged status: when the new severity is higher (on_track → warning, warning → off_track,
 *   off_track → failed, met/on_track → failed …);
 * - from nothing (first evaluation) or from grey: when the new status is yellow or red — the first
 *   judgement after an unknown is compared with green, so a cap found broken (→ failed) or an indicator
 *   found behind pace is reported the first time it is seen, and only then.
 * Improvements (off_track → warning, failed → anything judged lower) and sideways moves (met ↔ on_track)
 * are not worsenings.
 */
export function isWorsening(from: Status | null, to: Status): boolean {
  const next = severityOf(to);
  if (next === null) return false;
  const previous = from === null ? 0 : (severityOf(from) ?? 0);
  return next > previous;
}

/** Order for "needs attention" lists: red before yellow before grey before green. */
export function attentionOf(status: Status): number {
  switch (status) {
    case 'failed':
      return 7;
    case 'off_track':
      return 6;
    case 'warning':
      return 5;
    case 'needs_review':
      return 4;
    case 'no_data':
      return 3;
    case 'no_measure':
      return 2;
    case 'on_track':
      return 1;
    default:
      return 0;
  }
}
