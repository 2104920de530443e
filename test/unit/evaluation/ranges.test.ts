// docs/design.md: a range target keeps both bounds — rates are judged and scored with both, cumulative ranges
// pace and score against the low bound.
import { describe, it, expect } from 'vitest';
import { evaluateIndicator } from '../../../src/evaluation/evaluate-indicator.ts';
import { scoreRange } from '../../../src/evaluation/score-project.ts';
import type { Aggregation, IndicatorEvaluation, IndicatorFacts, PeriodPosition } from '../../../src/evaluation/types.ts';
import { MID_YEAR, YEAR_END, quantitative } from './facts.ts';

type Case = [string, IndicatorFacts, PeriodPosition, Partial<IndicatorEvaluation>];

/** A range as the parser reads it: `>=` the low bound, inferred, with both bounds kept. */
function ranged(low: number, high: number, unit: string, aggregation: Aggregation, actual: number | null): IndicatorFacts {
  return quantitative('>=', low, aggregation, actual, {
    target: { kind: 'quantitative', comparator: '>=', value: low, unit, range: { low, high } },
  });
}

describe('a rate range 90%-95% follows the rates rule with both bounds', () => {
  it.each<Case>([
    [
      '92 inside → on_track, deviation 0',
      ranged(90, 95, 'percent', 'rate', 92),
      MID_YEAR,
      { actual: 92, expected: null, forecast: 92, deviation: 0, status: 'on_track', lamp: 'green', likelihood: 'certain' },
    ],
    ['90 on the low bound → on_track', ranged(90, 95, 'percent', 'rate', 90), MID_YEAR, { status: 'on_track', deviation: 0 }],
    ['95 on the high bound → on_track', ranged(90, 95, 'percent', 'rate', 95), MID_YEAR, { status: 'on_track', deviation: 0 }],
    [
      '81 below → off_track, deviation against low (−10%)',
      ranged(90, 95, 'percent', 'rate', 81),
      MID_YEAR,
      { status: 'off_track', deviation: -0.1, likelihood: 'possible' },
    ],
    ['99.75 above → off_track, deviation against high (+5%)', ranged(90, 95, 'percent', 'rate', 99.75), MID_YEAR, { status: 'off_track' }],
    ['92 at period end → met', ranged(90, 95, 'percent', 'rate', 92), YEAR_END, { status: 'met', likelihood: 'certain' }],
    ['97 at period end → failed', ranged(90, 95, 'percent', 'rate', 97), YEAR_END, { status: 'failed', likelihood: 'impossible' }],
    ['no samples → no_data', ranged(90, 95, 'percent', 'rate', null), MID_YEAR, { status: 'no_data' }],
    ['over-achievement is measured from the high bound: 100 < 1.3 × 95', ranged(70, 95, 'percent', 'rate', 100), MID_YEAR, { overAchieved: false }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });

  it('gives the deviation above the range relative to the high bound', () => {
    expect(evaluateIndicator(ranged(90, 95, 'percent', 'rate', 99.75), MID_YEAR).deviation).toBeCloseTo(0.05, 12);
  });
});

describe('a cumulative range 3-5次 paces against its low bound', () => {
  it.each<Case>([
    ['1 at mid-year (⌊1.5⌋ = 1) → on_track, expected 1.5', ranged(3, 5, '次', 'cumulative', 1), MID_YEAR, { expected: 1.5, forecast: 2, status: 'on_track' }],
    ['0 at mid-year → off_track', ranged(3, 5, '次', 'cumulative', 0), MID_YEAR, { status: 'off_track' }],
    ['3 → met', ranged(3, 5, '次', 'cumulative', 3), MID_YEAR, { status: 'met' }],
    ['6 → met, not flagged (6 < 1.3 × 5)', ranged(3, 5, '次', 'cumulative', 6), MID_YEAR, { status: 'met', overAchieved: false }],
    ['7 → met, flagged (7 ≥ 6.5)', ranged(3, 5, '次', 'cumulative', 7), MID_YEAR, { status: 'met', overAchieved: true }],
    ['2 at period end → failed', ranged(3, 5, '次', 'cumulative', 2), YEAR_END, { status: 'failed' }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });
});

describe('scoreRange: inside → W; below → W × A / low; above → 反向 against high', () => {
  it.each<[number, number, number, number, number]>([
    // A, low, high, W, points
    [92, 90, 95, 10, 10],
    [90, 90, 95, 10, 10],
    [95, 90, 95, 10, 10],
    [81, 90, 95, 10, 9], // 10 × 81/90
    [0, 90, 95, 10, 0],
    [-5, 90, 95, 10, 0], // negative A counts as 0
    [99.75, 90, 95, 10, 9.5], // 10 × (1 − 4.75/95)
    [190, 90, 95, 10, 0], // A ≥ 2 × high
    [0, 0, 5, 10, 10], // low 0: anything from 0 up to high is inside
  ])('A = %d in [%d, %d], W = %d → %d', (a, low, high, w, points) => {
    expect(scoreRange(a, low, high, w)).toBeCloseTo(points, 12);
  });
});
