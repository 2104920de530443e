import { describe, expect, it } from 'vitest';
import { coverageLine } from '../../src/format/coverage-text.ts';
import { coverageOf, measureCoverage } from '../../src/measures/coverage.ts';
import type { MeasureSpec } from '../../src/measures/spec.ts';

// How a project's indicators get their numbers (docs/design.md "Coverage").
const q = (spec: MeasureSpec | null, applicable = true) => ({ spec, targetKind: 'quantitative' as const, applicable });

describe('measure coverage', () => {
  it.each<[string, ReturnType<typeof q> | { spec: MeasureSpec | null; targetKind: 'qualitative'; applicable: boolean }, string | null]>([
    ['entries of a kind', q({ type: 'count', source: 'entries', kind: 'activity', where: [] }), 'automatic'],
    ['posts', q({ type: 'count', source: 'posts', platforms: ['wechat'] }), 'automatic'],
    ['probes', q({ type: 'ratio', source: 'probes' }), 'automatic'],
    ['the calendar', q({ type: 'elapsed_days' }), 'automatic'],
    ['its tallies', q({ type: 'sum', source: 'entries', kind: 'tally', field: 'quantity', where: [{ op: 'eq', field: 'indicator', value: 3 }] }), 'tallies'],
    ['a ratio of tallies', q({ type: 'ratio', source: 'tallies', numerator: 1, denominator: 2 }), 'tallies'],
    ['figures typed by hand', q({ type: 'manual' }), 'manual'],
    ['nothing', q(null), 'none'],
    ['a qualitative target', { spec: { type: 'manual' }, targetKind: 'qualitative', applicable: true }, 'assessment'],
    ['a row that does not apply', q({ type: 'manual' }, false), null],
  ])('%s', (_name, indicator, kind) => {
    expect(coverageOf(indicator)).toBe(kind);
  });

  it('counts a project and says it in one line, in either language', () => {
    const c = measureCoverage([
      q({ type: 'elapsed_days' }),
      q({ type: 'manual' }),
      q({ type: 'manual' }),
      q(null),
      q({ type: 'manual' }, false),
      { spec: null, targetKind: 'qualitative', applicable: true },
    ]);
    expect(c).toEqual({ automatic: 1, tallies: 0, manual: 2, assessment: 1, none: 1, notApplicable: 1 });
    expect(coverageLine(c, 'zh')).toBe('自动计算 1 · 计数登记 0 · 人工填报 2 · 人工评价 1 · 未设置度量 1 · 不适用 1');
    expect(coverageLine(c, 'en')).toBe('computed 1 · tallies 0 · typed figures 2 · assessed 1 · no measure 1 · not applicable 1');
  });
});
