// docs/design.md, Monitoring rules: caps with no facts are 无数据; elapsed-day caps of a whole year mean
// "within the period".
import { describe, it, expect } from 'vitest';
import { comparedTarget, evaluateIndicator } from '../../../src/evaluation/evaluate-indicator.ts';
import type { IndicatorEvaluation, IndicatorFacts, PeriodPosition } from '../../../src/evaluation/types.ts';
import type { Comparator } from '../../../src/targets/types.ts';
import { MID_YEAR, YEAR_END, cumulative, on, rate } from './facts.ts';

type Case = [string, IndicatorFacts, PeriodPosition, Partial<IndicatorEvaluation>];

const GREY = { actual: null, expected: null, forecast: null, deviation: null, status: 'no_data', lamp: 'grey', likelihood: null } as const;

describe('a cap with no fact at all is 无数据 (grey) and scores nothing', () => {
  it.each<Case>([
    ['≤20万元 with nothing spent or logged → no_data', cumulative('<=', 200000, 0, { samples: 0 }), MID_YEAR, GREY],
    ['<9件 with no incident logged → no_data', cumulative('<', 9, 0, { samples: 0 }), MID_YEAR, GREY],
    ['=0起 with nothing logged → no_data', cumulative('=', 0, 0, { samples: 0 }), MID_YEAR, GREY],
    ['no_data stays at period end (never 已完成 on no evidence)', cumulative('<=', 200000, 0, { samples: 0 }), YEAR_END, GREY],
    ['a manual 0 (one sample) → on_track', cumulative('<=', 200000, 0, { samples: 1 }), MID_YEAR, { actual: 0, status: 'on_track', lamp: 'green' }],
    ['a manual 0 at period end → met', cumulative('<=', 200000, 0, { samples: 1 }), YEAR_END, { status: 'met' }],
    ['one expenditure → judged as a cap', cumulative('<=', 200000, 50000, { samples: 1 }), MID_YEAR, { status: 'on_track' }],
    // A goal with no facts is 0 so far: data, judged (not a cap).
    ['≥300次 with nothing logged → judged on 0', cumulative('>=', 300, 0, { samples: 0 }), MID_YEAR, { actual: 0, status: 'off_track' }],
    [
      'a range with nothing logged → judged on 0 (paced against low)',
      cumulative('>=', 3, 0, {
        samples: 0,
        target: { kind: 'quantitative', comparator: '>=', value: 3, unit: '次', range: { low: 3, high: 5 } },
      }),
      MID_YEAR,
      { actual: 0, status: 'off_track' },
    ],
    ['elapsed days always have a sample: ≤365天 on 1 Jan', elapsed('<=', 8760, 'hours', 1), on('2024-01-01'), { actual: 24, status: 'on_track' }],
    ['a rate cap without samples → no_data as every rate', rate('<=', 10, null, { samples: 0 }), MID_YEAR, GREY],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });
});

/** An elapsed_days measure against `comparator value unit` in 2024 (366 days), elapsed `days` so far. */
function elapsed(comparator: Comparator, value: number, unit: string, days: number, periodDays = 366): IndicatorFacts {
  const perDay = unit === 'hours' ? 24 : unit === 'years' ? 1 / 365 : unit === 'months' ? 12 / 365 : 1;
  return cumulative(comparator, value, days * perDay, {
    target: { kind: 'quantitative', comparator, value, unit },
    samples: 1,
    periodDays,
  });
}

describe('elapsed days against a whole year mean "within the period": max(target, period)', () => {
  it.each<Case>([
    // ≤365天 = 8760 h, compared with max(8760, 366 × 24 = 8784): used share = elapsed / 8784 = s, never ahead.
    ['项目执行天数 ≤365天 on 10 Jan → on_track', elapsed('<=', 8760, 'hours', 10), on('2024-01-10'), { status: 'on_track' }],
    ['≤365天 at mid-year → on_track, expected 8784 × 0.5', elapsed('<=', 8760, 'hours', 183), MID_YEAR, { actual: 4392, expected: 4392, status: 'on_track' }],
    ['≤365天 on 30 Dec (365 days) → on_track', elapsed('<=', 8760, 'hours', 365), on('2024-12-30'), { status: 'on_track' }],
    ['≤365天 on 31 Dec 2024 (366 days) → met, not broken', elapsed('<=', 8760, 'hours', 366), YEAR_END, { actual: 8784, status: 'met', likelihood: 'certain' }],
    ['<365天 on 31 Dec 2024 → met (elapsed days cannot run past the period)', elapsed('<', 8760, 'hours', 366), YEAR_END, { status: 'met' }],
    ['项目执行时间 ≤1年 at mid-year → on_track', elapsed('<=', 1, 'years', 183), MID_YEAR, { status: 'on_track' }],
    ['≤1年 on 31 Dec 2024 (366/365 years) → met', elapsed('<=', 1, 'years', 366), YEAR_END, { status: 'met' }],
    ['≤12个月 on 31 Dec 2024 → met', elapsed('<=', 12, 'months', 366), YEAR_END, { status: 'met' }],
    ['≤2年 in 2024 → on_track all year', elapsed('<=', 2, 'years', 300), on('2024-10-26'), { status: 'on_track' }],
    [
      '≤1年 in a half-year period → on_track',
      elapsed('<=', 1, 'years', 100, 182),
      { timeShare: 100 / 182, atPeriodEnd: false, asOf: '2024-04-09' },
      { status: 'on_track' },
    ],
    // Shorter caps are caps: ≤300天 = 7200 h.
    ['≤300天 at mid-year: 4392 / 7200 = 61% used > 50% → warning', elapsed('<=', 7200, 'hours', 183), MID_YEAR, { status: 'warning' }],
    ['≤300天 on day 301 → failed', elapsed('<=', 7200, 'hours', 301), on('2024-10-27'), { status: 'failed' }],
    // Goals keep pacing as before.
    [
      '≥300天 at mid-year → on_track (expected 3600)',
      elapsed('>=', 7200, 'hours', 183),
      MID_YEAR,
      { actual: 4392, expected: 3600, forecast: 8784, status: 'on_track' },
    ],
    ['>300天 at year end → met', elapsed('>', 7200, 'hours', 366), YEAR_END, { status: 'met' }],
    ['>365天 at year end 2024 → met (366 > 365)', elapsed('>', 8760, 'hours', 366), YEAR_END, { status: 'met' }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });

  it('only for the elapsed-days measure: a manual ≤365天 of 8784 h is broken', () => {
    const manual = { ...elapsed('<=', 8760, 'hours', 366), periodDays: null };
    expect(evaluateIndicator(manual, YEAR_END).status).toBe('failed');
  });

  it.each<[string, IndicatorFacts, { comparator: Comparator; value: number } | null]>([
    ['≤365天 in 2024', elapsed('<=', 8760, 'hours', 1), { comparator: '<=', value: 8784 }],
    ['<1年 in 2024', elapsed('<', 1, 'years', 1), { comparator: '<=', value: 366 / 365 }],
    ['≤2年 in 2024', elapsed('<=', 2, 'years', 1), { comparator: '<=', value: 2 }],
    ['≤300天', elapsed('<=', 7200, 'hours', 1), { comparator: '<=', value: 7200 }],
    ['≥365天', elapsed('>=', 8760, 'hours', 1), { comparator: '>=', value: 8760 }],
    ['≤365 workdays (no calendar to convert with)', elapsed('<=', 365, 'workdays', 1), { comparator: '<=', value: 365 }],
    ['no comparator', cumulative('>=', 1, 1, { target: { kind: 'quantitative', comparator: null, value: 1, unit: null } }), null],
  ])('comparedTarget: %s', (_name, facts, expected) => {
    const c = comparedTarget(facts);
    if (expected === null) expect(c).toBeNull();
    else {
      expect(c?.comparator).toBe(expected.comparator);
      expect(c?.value).toBeCloseTo(expected.value, 12);
    }
  });
});
