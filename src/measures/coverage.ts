// How a project's indicators get their numbers (docs/design.md "Coverage"): computed from what jobs and staff log,
// from tallies, from figures typed by hand, from a person's assessment, or not at all. An admin sees at import
// time what staff will have to log. Pure.
import { isTallySum, type MeasureSpec } from './spec.ts';

export type CoverageKind = 'automatic' | 'tallies' | 'manual' | 'assessment' | 'none';
export const COVERAGE_KINDS: readonly CoverageKind[] = ['automatic', 'tallies', 'manual', 'assessment', 'none'];

export interface Coverage {
  automatic: number;
  tallies: number;
  manual: number;
  assessment: number;
  none: number;
  /** Rows the table marks not applicable: counted apart, they need nothing. */
  notApplicable: number;
}

export interface CoveredIndicator {
  spec: MeasureSpec | null;
  targetKind: 'quantitative' | 'qualitative';
  applicable: boolean;
}

/** Which way one indicator is measured; null for a row that does not apply. */
export function coverageOf(i: CoveredIndicator): CoverageKind | null {
  if (!i.applicable) return null;
  if (i.targetKind === 'qualitative') return 'assessment';
  const { spec } = i;
  if (spec === null) return 'none';
  if (spec.type === 'manual') return 'manual';
  if (spec.type === 'elapsed_days') return 'automatic';
  if (spec.source === 'tallies' || isTallySum(spec)) return 'tallies';
  return 'automatic';
}

export function measureCoverage(list: readonly CoveredIndicator[]): Coverage {
  const out: Coverage = { automatic: 0, tallies: 0, manual: 0, assessment: 0, none: 0, notApplicable: 0 };
  for (const i of list) {
    const kind = coverageOf(i);
    if (kind === null) out.notApplicable += 1;
    else out[kind] += 1;
  }
  return out;
}
