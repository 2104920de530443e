import { describe, it, expect } from 'vitest';
import { evaluateIndicator } from '../../../src/evaluation/evaluate-indicator.ts';
import { resolveEvaluationSettings } from '../../../src/evaluation/settings.ts';
import type { IndicatorEvaluation, IndicatorFacts, PeriodPosition } from '../../../src/evaluation/types.ts';
import type { Comparator } from '../../../src/targets/types.ts';
import { MID_YEAR, YEAR_END, at, cumulative, qualitative, quantitative, rate } from './facts.ts';

type Case = [string, IndicatorFacts, PeriodPosition, Partial<IndicatorEvaluation>];

const GREY_NOTHING = {
  actual: null,
  expected: null,
  forecast: null,
  deviation: null,
  lamp: 'grey',
  overAchieved: false,
  likelihood: null,
} as const;

describe('evaluateIndicator: cases without a judgement', () => {
  it.each<Case>([
    ['not applicable → no_data, grey, nothing computed', cumulative('>=', 3, 2, { applicable: false }), MID_YEAR, { ...GREY_NOTHING, status: 'no_data' }],
    ['no measure → no_measure even when a value is present', quantitative('>=', 3, null, 2), MID_YEAR, { ...GREY_NOTHING, status: 'no_measure' }],
    ['cumulative without a value → no_data', cumulative('>=', 3, null), MID_YEAR, { ...GREY_NOTHING, status: 'no_data' }],
    ['a rate without samples → no_data, its value dropped', rate('>=', 90, 0, { samples: 0 }), MID_YEAR, { ...GREY_NOTHING, status: 'no_data' }],
    ['a rate without samples stays no_data at period end', rate('>', 95, null), YEAR_END, { ...GREY_NOTHING, status: 'no_data' }],
    ['a NaN value → no_data', cumulative('>=', 3, Number.NaN), MID_YEAR, { ...GREY_NOTHING, status: 'no_data' }],
    [
      'a quantitative target without a number → needs_review',
      quantitative('>=', 3, 'rate', 50, {
        target: { kind: 'quantitative', comparator: null, value: null, unit: null },
      }),
      MID_YEAR,
      { ...GREY_NOTHING, actual: 50, status: 'needs_review' },
    ],
    // 待确认 keeps what can be computed: 150 of 300 at s = 0.5 → expected 150, forecast 300, deviation 0.
    [
      'needs review → needs_review, grey, numbers still computed',
      cumulative('>=', 300, 150, { needsReview: true }),
      MID_YEAR,
      { actual: 150, expected: 150, forecast: 300, deviation: 0, status: 'needs_review', lamp: 'grey', overAchieved: false, likelihood: null },
    ],
    [
      'needs review hides an over-achievement',
      cumulative('>=', 100, 200, { needsReview: true }),
      MID_YEAR,
      { actual: 200, expected: 50, forecast: 400, deviation: 3, status: 'needs_review', lamp: 'grey', overAchieved: false, likelihood: null },
    ],
    [
      'needs review without a measure → needs_review',
      quantitative('>=', 3, null, null, { needsReview: true }),
      MID_YEAR,
      { ...GREY_NOTHING, status: 'needs_review' },
    ],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toEqual(expected);
  });
});

describe('evaluateIndicator: qualitative tiers', () => {
  it.each<Case>([
    ['not assessed → needs_review (待确认)', qualitative(null), MID_YEAR, { status: 'needs_review', lamp: 'grey', likelihood: null }],
    ['达成 → met, green', qualitative({ tier: 'achieved', score: 90 }), MID_YEAR, { status: 'met', lamp: 'green', likelihood: 'certain' }],
    ['达成 at period end → met', qualitative({ tier: 'achieved', score: 100 }), YEAR_END, { status: 'met', lamp: 'green' }],
    ['部分达成 → warning, yellow', qualitative({ tier: 'partial', score: 70 }), MID_YEAR, { status: 'warning', lamp: 'yellow', likelihood: 'possible' }],
    ['部分达成 stays warning at period end', qualitative({ tier: 'partial', score: 70 }), YEAR_END, { status: 'warning', lamp: 'yellow' }],
    [
      '未达成 during the year → off_track, red, still possible',
      qualitative({ tier: 'not_achieved', score: 30 }),
      MID_YEAR,
      { status: 'off_track', lamp: 'red', likelihood: 'possible' },
    ],
    [
      '未达成 at period end → failed, red, impossible',
      qualitative({ tier: 'not_achieved', score: 30 }),
      YEAR_END,
      { status: 'failed', lamp: 'red', likelihood: 'impossible' },
    ],
    [
      '部分达成 at period end stays warning, but can no longer be reached',
      qualitative({ tier: 'partial', score: 70 }),
      YEAR_END,
      { status: 'warning', lamp: 'yellow', likelihood: 'impossible' },
    ],
    ['达成 at period end → met, certain', qualitative({ tier: 'achieved', score: 95 }), YEAR_END, { status: 'met', likelihood: 'certain' }],
    ['not assessed at period end → needs_review, no likelihood', qualitative(null), YEAR_END, { status: 'needs_review', lamp: 'grey', likelihood: null }],
    [
      'an assessed target imported with a warning stays needs_review',
      qualitative({ tier: 'achieved', score: 90 }, { needsReview: true }),
      MID_YEAR,
      { status: 'needs_review', lamp: 'grey' },
    ],
  ])('%s', (_name, facts, position, expected) => {
    const e = evaluateIndicator(facts, position);
    expect(e).toMatchObject(expected);
    expect(e).toMatchObject({ actual: null, expected: null, forecast: null, deviation: null, overAchieved: false });
  });
});

describe('evaluateIndicator: paced cumulative targets (≥300次 at s = 0.5: expected 150, off-track below forecast 270)', () => {
  it.each<Case>([
    [
      'reached → met for good',
      cumulative('>=', 300, 300),
      MID_YEAR,
      { actual: 300, expected: 150, forecast: 600, deviation: 1, status: 'met', lamp: 'green', likelihood: 'certain' },
    ],
    ['reached early (s = 0.1) → met', cumulative('>=', 300, 300), at(0.1), { status: 'met', expected: 30 }],
    [
      'exactly on pace → on_track',
      cumulative('>=', 300, 150),
      MID_YEAR,
      { expected: 150, forecast: 300, deviation: 0, status: 'on_track', lamp: 'green', likelihood: 'certain' },
    ],
    [
      'behind pace, forecast 280 ≥ 270 → warning',
      cumulative('>=', 300, 140),
      MID_YEAR,
      { forecast: 280, status: 'warning', lamp: 'yellow', likelihood: 'possible' },
    ],
    ['forecast exactly 270 (−10%) → still warning', cumulative('>=', 300, 135), MID_YEAR, { forecast: 270, deviation: -0.1, status: 'warning' }],
    [
      'forecast 268 < 270 → off_track, still possible',
      cumulative('>=', 300, 134),
      MID_YEAR,
      { forecast: 268, status: 'off_track', lamp: 'red', likelihood: 'possible' },
    ],
    [
      '0 so far (cumulative, no facts) is data, paced normally',
      cumulative('>=', 300, 0, { samples: 0 }),
      MID_YEAR,
      { actual: 0, forecast: 0, deviation: -1, status: 'off_track' },
    ],
    [
      'at period end short of the target → failed',
      cumulative('>=', 300, 299),
      YEAR_END,
      { forecast: 299, status: 'failed', lamp: 'red', likelihood: 'impossible' },
    ],
    ['at period end reached → met', cumulative('>=', 300, 300), YEAR_END, { status: 'met', lamp: 'green', deviation: 0 }],
    ['strict >300 with 300 mid-year → not met, on_track', cumulative('>', 300, 300), MID_YEAR, { status: 'on_track' }],
    ['strict >300 with 300 at period end → failed', cumulative('>', 300, 300), YEAR_END, { status: 'failed' }],
    ['strict >300 with 301 → met', cumulative('>', 300, 301), MID_YEAR, { status: 'met' }],
    [
      '=3 (continuous) is paced as ≥: 1 at s = 0.5 → forecast 2 < 2.7 → off_track',
      cumulative('=', 3, 1),
      MID_YEAR,
      { expected: 1.5, forecast: 2, status: 'off_track' },
    ],
    ['=3份 with 4 → met', cumulative('=', 3, 4), MID_YEAR, { status: 'met' }],
    ['>0 with 0 → on_track, deviation null (target 0)', cumulative('>', 0, 0), MID_YEAR, { expected: 0, forecast: 0, deviation: null, status: 'on_track' }],
    [
      'before the start (s = 0): forecast null, never Infinity',
      cumulative('>=', 300, 5),
      at(0),
      { expected: 0, forecast: null, deviation: null, status: 'on_track' },
    ],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });

  it('uses the configured tolerance: at 20%, forecast 268 (≥ 240) is a warning', () => {
    const settings = resolveEvaluationSettings({ offTrackTolerance: 0.2 });
    expect(evaluateIndicator(cumulative('>=', 300, 134), MID_YEAR, settings).status).toBe('warning');
  });
});

describe('evaluateIndicator: caps on cumulative counts and money', () => {
  it.each<Case>([
    // ≤20万元 = 200000 yuan at s = 0.5: allowed so far 100000.
    [
      'spend equal to the time share → on_track',
      cumulative('<=', 200000, 100000),
      MID_YEAR,
      { expected: 100000, forecast: 200000, deviation: 0, status: 'on_track', lamp: 'green', likelihood: 'certain' },
    ],
    ['spend ahead of time → warning', cumulative('<=', 200000, 100001), MID_YEAR, { status: 'warning', lamp: 'yellow', likelihood: 'possible' }],
    ['the whole cap used, not exceeded, mid-year → warning', cumulative('<=', 200000, 200000), MID_YEAR, { status: 'warning' }],
    ['the whole cap used at period end → met', cumulative('<=', 200000, 200000), YEAR_END, { status: 'met', lamp: 'green' }],
    ['broken → failed', cumulative('<=', 200000, 200001), MID_YEAR, { status: 'failed', lamp: 'red', likelihood: 'impossible' }],
    ['broken stays broken later in the year', cumulative('<=', 200000, 250000), at(0.9), { status: 'failed' }],
    ['broken stays broken at period end', cumulative('<=', 200000, 250000), YEAR_END, { forecast: 250000, deviation: 0.25, status: 'failed' }],
    ['never broken, at period end → met', cumulative('<=', 200000, 150000), YEAR_END, { status: 'met' }],
    // <9件 at s = 0.5: 4.5 allowed so far; 9 breaks a strict cap.
    [
      '<9 with an attested 0 (one sample) → on_track',
      cumulative('<', 9, 0, { samples: 1 }),
      MID_YEAR,
      { actual: 0, expected: 4.5, forecast: 0, deviation: -1, status: 'on_track' },
    ],
    ['<9件 with 4 → on_track', cumulative('<', 9, 4), MID_YEAR, { status: 'on_track' }],
    ['<9件 with 5 → warning', cumulative('<', 9, 5), MID_YEAR, { status: 'warning' }],
    ['<9件 with 9 → failed (strict)', cumulative('<', 9, 9), MID_YEAR, { status: 'failed' }],
    ['<9件 with 8 at period end → met', cumulative('<', 9, 8), YEAR_END, { status: 'met' }],
    ['≤0起 with 0 → on_track, deviation null', cumulative('<=', 0, 0), MID_YEAR, { expected: 0, forecast: 0, deviation: null, status: 'on_track' }],
    ['≤0起 with 1 → failed', cumulative('<=', 0, 1), MID_YEAR, { status: 'failed' }],
    ['≤0起 with 0 at period end → met', cumulative('<=', 0, 0), YEAR_END, { status: 'met' }],
    ['=0 (none allowed) with 0 → on_track', cumulative('=', 0, 0), MID_YEAR, { status: 'on_track' }],
    ['=0 with 1 → failed', cumulative('=', 0, 1), MID_YEAR, { status: 'failed' }],
    ['=0 with 0 at period end → met', cumulative('=', 0, 0), YEAR_END, { status: 'met' }],
    ['a cap is never over-achieved', cumulative('<=', 10, 100), MID_YEAR, { overAchieved: false }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });
});

describe('evaluateIndicator: rates (percent, ratios, durations, averages)', () => {
  it.each<Case>([
    [
      '≥90% with 90 → on_track; forecast is the value',
      rate('>=', 90, 90),
      MID_YEAR,
      { actual: 90, expected: null, forecast: 90, deviation: 0, status: 'on_track', lamp: 'green', likelihood: 'certain' },
    ],
    ['≥90% with 90 at period end → met', rate('>=', 90, 90), YEAR_END, { status: 'met' }],
    ['≥90% with 81 → off_track, still possible', rate('>=', 90, 81), MID_YEAR, { deviation: -0.1, status: 'off_track', lamp: 'red', likelihood: 'possible' }],
    ['≥90% with 81 at period end → failed', rate('>=', 90, 81), YEAR_END, { status: 'failed', lamp: 'red', likelihood: 'impossible' }],
    [
      'a rate off target is off_track even in the first days (the early guard is for cumulative targets)',
      rate('>=', 90, 50),
      at(0.01),
      { status: 'off_track' },
    ],
    ['>90% with 90 → not met (strict)', rate('>', 90, 90), MID_YEAR, { status: 'off_track' }],
    ['>90% with 90 at period end → failed', rate('>', 90, 90), YEAR_END, { status: 'failed' }],
    ['>90% with 90.5 → on_track', rate('>', 90, 90.5), MID_YEAR, { status: 'on_track' }],
    ['<1天 with exactly 24 h → not met', rate('<', 24, 24), MID_YEAR, { status: 'off_track' }],
    ['<1天 with 24 h at period end → failed', rate('<', 24, 24), YEAR_END, { status: 'failed' }],
    ['<1天 with 23.5 h → on_track', rate('<', 24, 23.5), MID_YEAR, { status: 'on_track' }],
    ['≤2小时 with 2 h → on_track', rate('<=', 2, 2), MID_YEAR, { status: 'on_track', deviation: 0 }],
    ['≤10% failure rate with 12 → off_track', rate('<=', 10, 12), MID_YEAR, { status: 'off_track', deviation: 0.2 }],
    ['=100% with 100 → on_track', rate('=', 100, 100), MID_YEAR, { status: 'on_track' }],
    ['=100% within 1e-9 → on_track', rate('=', 100, 100 + 1e-12), MID_YEAR, { status: 'on_track' }],
    ['=100% with 99.9999 → off_track', rate('=', 100, 99.9999), MID_YEAR, { status: 'off_track' }],
    ['≤0% with 0 → deviation null', rate('<=', 0, 0), MID_YEAR, { status: 'on_track', deviation: null }],
    ['a rate does not depend on s', rate('>=', 90, 95), at(0.01), { status: 'on_track', forecast: 95 }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });
});

describe('evaluateIndicator: over-achievement (actual ≥ 130% of the target)', () => {
  it.each<[string, IndicatorFacts, boolean]>([
    ['exactly 130% of ≥100', cumulative('>=', 100, 130), true],
    ['129.99% of ≥100', cumulative('>=', 100, 129.99), false],
    ['exactly 130% of >300 (390)', cumulative('>', 300, 390), true],
    ['exactly 130% of ≥90% (117)', rate('>=', 90, 117), true],
    ['a =3 target at 4 (133%)', cumulative('=', 3, 4), true],
    ['a target of 0', cumulative('>=', 0, 5), false],
    ['a <= cap', rate('<=', 10, 20), false],
  ])('%s → %s', (_name, facts, flagged) => {
    expect(evaluateIndicator(facts, MID_YEAR).overAchieved).toBe(flagged);
  });

  it('compares forgiving float error (1.1 × 100 = 110.00000000000001)', () => {
    const settings = resolveEvaluationSettings({ overAchievementRatio: 1.1 });
    expect(evaluateIndicator(cumulative('>=', 100, 110), MID_YEAR, settings).overAchieved).toBe(true);
  });
});

describe('evaluateIndicator never leaks NaN or Infinity', () => {
  it('for every comparator, target 0 or 9, value 0/3/20, s = 0, 0.5 or period end, cumulative or rate', () => {
    const comparators: Comparator[] = ['>=', '>', '<=', '<', '='];
    let checked = 0;
    for (const c of comparators) {
      for (const t of [0, 9]) {
        for (const a of [0, 3, 20]) {
          for (const position of [at(0), at(0.5), YEAR_END]) {
            for (const facts of [cumulative(c, t, a), rate(c, t, a)]) {
              const e = evaluateIndicator(facts, position);
              for (const v of [e.actual, e.expected, e.forecast, e.deviation]) {
                expect(v === null || Number.isFinite(v), `${c} ${t} with ${a}`).toBe(true);
              }
              checked += 1;
            }
          }
        }
      }
    }
    expect(checked).toBe(180);
  });
});
