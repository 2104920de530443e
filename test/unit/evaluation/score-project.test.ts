import { describe, it, expect } from 'vitest';
import { evaluateBudgetExecution } from '../../../src/evaluation/budget-execution.ts';
import { evaluateIndicator } from '../../../src/evaluation/evaluate-indicator.ts';
import { gradeOf, scoreProject, scoreQuantitative } from '../../../src/evaluation/score-project.ts';
import { resolveEvaluationSettings } from '../../../src/evaluation/settings.ts';
import type { IndicatorFacts, PeriodPosition, ProjectScore } from '../../../src/evaluation/types.ts';
import type { Comparator } from '../../../src/targets/types.ts';
import { MID_YEAR, YEAR_END, cumulative, deadline, on, qualitative, quantitative, rate } from './facts.ts';

const output = (f: IndicatorFacts): IndicatorFacts => ({ ...f, level1: '产出指标' });
const effect = (f: IndicatorFacts): IndicatorFacts => ({ ...f, level1: '效益指标' });
const satisfaction = (f: IndicatorFacts): IndicatorFacts => ({ ...f, level1: '满意度指标' });
const met = (level1: string, weight: number | null = null) => ({ ...cumulative('>=', 10, 10), level1, weight });

function score(
  facts: IndicatorFacts[],
  position: PeriodPosition,
  budget: { budget: number | null; spent: number } = { budget: 100000, spent: 100000 },
  budgetWeight: number | null = null,
  settings = resolveEvaluationSettings(),
): ProjectScore {
  return scoreProject(
    {
      indicators: facts.map((f) => ({ facts: f, evaluation: evaluateIndicator(f, position, settings) })),
      budget: evaluateBudgetExecution(budget, position, settings),
      budgetWeight,
    },
    position,
    settings,
  );
}

describe('scoreQuantitative (direction of the comparator only)', () => {
  it.each<[Comparator, number, number, number, number]>([
    // comparator, T, A, W, points
    ['>=', 100, 100, 10, 10],
    ['>=', 100, 120, 10, 10],
    ['>=', 100, 50, 10, 5],
    ['>=', 100, 0, 10, 0],
    ['>=', 100, -5, 10, 0], // negative A counts as 0
    ['>', 90, 90, 10, 10], // a strict `>` with A = T scores full points
    ['>=', 0, 0, 10, 10],
    ['=', 0, 0, 10, 10],
    ['=', 0, -1, 10, 10],
    ['=', 0, 1, 10, 0],
    ['=', 3, 2, 12, 8],
    ['=', 3, 4, 12, 12],
    ['<=', 200000, 180000, 12.5, 12.5],
    ['<=', 200000, 200000, 12.5, 12.5],
    ['<=', 200000, 250000, 12.5, 9.375], // 12.5 × (1 − 50000 / 200000)
    ['<=', 200000, 400000, 12.5, 0], // A ≥ 2T
    ['<=', 200000, 500000, 12.5, 0],
    ['<', 9, 9, 30, 30], // strict `<` with A = T scores full points
    ['<', 9, 12, 30, 20], // 30 × (1 − 3 / 9)
    ['<=', 0, 0, 10, 10],
    ['<=', 0, 1, 10, 0],
  ])('%s %d with A = %d, W = %d → %d', (c, t, a, w, points) => {
    expect(scoreQuantitative(a, c, t, w)).toBeCloseTo(points, 12);
  });
});

describe('gradeOf', () => {
  const regional = resolveEvaluationSettings({ grades: { excellent: 80, good: 70, fair: 60 } });
  it.each<[number, string, string]>([
    [100, '优', '优'],
    [90, '优', '优'],
    [89.99, '良', '优'],
    [80, '良', '优'],
    [79.99, '中', '良'],
    [70, '中', '良'],
    [69.99, '中', '中'],
    [60, '中', '中'],
    [59.99, '差', '差'],
    [0, '差', '差'],
  ])('%d → %s (90/80/60), %s (80/70/60)', (total, national, local) => {
    expect(gradeOf(total)).toBe(national);
    expect(gradeOf(total, regional)).toBe(local);
  });
});

describe('scoreProject', () => {
  it('gives 100 (优) when everything is met at period end', () => {
    const s = score([met('产出指标'), met('产出指标'), met('效益指标'), met('满意度指标')], YEAR_END);
    expect(s).toEqual({
      total: 100,
      grade: '优',
      forecast: false,
      unscored: 0,
      parts: { output: 50, effect: 30, satisfaction: 10, budget: 10 },
      budgetWeight: 10,
      indicators: [
        { weight: 25, points: 25 },
        { weight: 25, points: 25 },
        { weight: 30, points: 30 },
        { weight: 10, points: 10 },
      ],
    });
  });

  it('splits 50 in thirds as 16.67 + 16.67 + 16.66 and rounds half a third 8.335 up to 8.34', () => {
    const half = output(cumulative('>=', 10, 5));
    const s = score([half, met('产出指标'), met('产出指标'), met('效益指标'), met('满意度指标')], YEAR_END);
    expect(s.indicators).toEqual([
      { weight: 16.67, points: 8.34 }, // 16.67 × 5/10 = 8.335 (the double lies below), half away from zero
      { weight: 16.67, points: 16.67 },
      { weight: 16.66, points: 16.66 },
      { weight: 30, points: 30 },
      { weight: 10, points: 10 },
    ]);
    expect(s.parts).toEqual({ output: 41.67, effect: 30, satisfaction: 10, budget: 10 });
    expect(s.total).toBe(91.67);
  });

  it('rescales to 100 when the table has no 满意度 indicator (50/30/10 → 55.56/33.33/11.11)', () => {
    const s = score([output(cumulative('>=', 10, 5)), met('效益指标')], YEAR_END);
    expect(s.indicators).toEqual([
      { weight: 55.56, points: 27.78 },
      { weight: 33.33, points: 33.33 },
    ]);
    expect(s.parts).toEqual({ output: 27.78, effect: 33.33, satisfaction: null, budget: 11.11 });
    expect(s.total).toBe(72.22);
    expect(s.grade).toBe('中');
  });

  it("excludes a not-applicable indicator (null, not unscored) and gives its group's points to the rest", () => {
    const na = { ...met('产出指标'), applicable: false };
    const s = score([na, met('产出指标'), met('效益指标'), met('满意度指标')], YEAR_END);
    expect(s.indicators[0]).toBeNull();
    expect(s.indicators[1]).toEqual({ weight: 50, points: 50 });
    expect(s.unscored).toBe(0);
    expect(s.total).toBe(100);
  });

  it("puts 成本指标 as a level 1 into 产出's 50 (two 25s: met, and a cap overspent at 2T → 0)", () => {
    const cost = { ...cumulative('<=', 200000, 400000), level1: '成本指标' };
    const s = score([met('产出'), cost, met('效益'), met('满意度')], YEAR_END);
    expect(s.indicators.slice(0, 2)).toEqual([
      { weight: 25, points: 25 },
      { weight: 25, points: 0 },
    ]);
    expect(s.parts.output).toBe(25);
    expect(s.total).toBe(75);
  });

  it("uses the table's own weights (20/20/40/10 + 预算执行率 10)", () => {
    const s = score(
      [met('产出指标', 20), { ...output(rate('>=', 90, 45)), weight: 20 }, met('效益指标', 40), met('满意度指标', 10)],
      YEAR_END,
      { budget: 100000, spent: 50000 },
      10,
    );
    // 20 + 20 × 45/90 = 30; 40; 10; budget 10 × 0.5 = 5
    expect(s.parts).toEqual({ output: 30, effect: 40, satisfaction: 10, budget: 5 });
    expect(s.total).toBe(85);
    expect(s.grade).toBe('良');
  });

  it('without a budget: no budget part, the indicators rescaled to 100', () => {
    const s = score([met('产出指标'), met('效益指标'), met('满意度指标')], YEAR_END, { budget: null, spent: 0 });
    expect(s.parts).toEqual({ output: 55.56, effect: 33.33, satisfaction: 11.11, budget: null });
    expect(s.total).toBe(100);
  });

  it.each([
    ['executed 98.25% at period end → 9.83 (9.825 rounds half up)', YEAR_END, 200000, 196500, 9.83],
    ['overspent at period end → capped at 10', YEAR_END, 100000, 120000, 10],
    ['45% at s = 0.5 → forecast 90% → 9', MID_YEAR, 100000, 45000, 9],
    ['60% at s = 0.5 → forecast 120% → capped at 10', MID_YEAR, 100000, 60000, 10],
    ['nothing spent → 0', MID_YEAR, 100000, 0, 0],
  ])('budget part: %s', (_name, position, budget, spent, points) => {
    const s = score([met('产出指标'), met('效益指标'), met('满意度指标')], position, { budget, spent });
    expect(s.parts.budget).toBe(points);
  });

  it('scores cumulative measures on their forecast during the year, labelled forecast', () => {
    const facts = [
      output(cumulative('>=', 300, 120)), // forecast 120 / 0.5 = 240 → 50 × 240/300 = 40
      effect(rate('>=', 90, 81)), // current value 81 → 30 × 81/90 = 27
      satisfaction(rate('>', 95, null)), // no survey yet → 0, unscored
    ];
    const s = score(facts, MID_YEAR, { budget: 100000, spent: 45000 }); // 45% / 0.5 = 90% → 9
    expect(s).toMatchObject({ forecast: true, unscored: 1, total: 76, grade: '中' });
    expect(s.parts).toEqual({ output: 40, effect: 27, satisfaction: 0, budget: 9 });
    const atEnd = score([output(cumulative('>=', 300, 120)), facts[1]!, facts[2]!], YEAR_END, { budget: 100000, spent: 45000 });
    expect(atEnd).toMatchObject({ forecast: false, parts: { output: 20, effect: 27, satisfaction: 0, budget: 4.5 } });
  });

  it('scores 0 and counts as unscored what has no value: no measure, no data, needs review, not assessed', () => {
    const s = score(
      [
        output(quantitative('>=', 3, null, null)),
        output(cumulative('>=', 3, null)),
        output(cumulative('>=', 3, 3, { needsReview: true })),
        qualitative(null),
        satisfaction(rate('>=', 90, 95)),
      ],
      YEAR_END,
    );
    expect(s.unscored).toBe(4);
    expect(s.indicators.map((i) => i?.points)).toEqual([0, 0, 0, 0, 10]);
    expect(s.parts).toEqual({ output: 0, effect: 0, satisfaction: 10, budget: 10 });
  });

  it.each([
    ['达成 85', 'achieved', 85, 25.5],
    ['部分达成 70', 'partial', 70, 21],
    ['未达成 30', 'not_achieved', 30, 9],
  ] as const)('scores a 定性 indicator assessed %s as that share of its points (W 30)', (_n, tier, value, points) => {
    const s = score([met('产出指标'), qualitative({ tier, score: value }), met('满意度指标')], YEAR_END);
    expect(s.indicators[1]).toEqual({ weight: 30, points });
  });

  it('grades with configured bands (80/70/60: 76 → 良)', () => {
    const settings = resolveEvaluationSettings({ grades: { excellent: 80, good: 70 } });
    const facts = [output(cumulative('>=', 300, 120)), effect(rate('>=', 90, 81)), satisfaction(rate('>', 95, null))];
    expect(score(facts, MID_YEAR, { budget: 100000, spent: 45000 }, null, settings).grade).toBe('良');
  });

  it('refuses an unknown level-1 name rather than guessing its group', () => {
    expect(() => score([met('影响力指标')], YEAR_END)).toThrow(/无法识别的一级指标/);
  });

  it('gives 0 (差) with nothing to score', () => {
    expect(score([], YEAR_END, { budget: null, spent: 0 })).toEqual({
      total: 0,
      grade: '差',
      forecast: false,
      unscored: 0,
      indicators: [],
      parts: { output: null, effect: null, satisfaction: null, budget: null },
      budgetWeight: null,
    });
  });

  it('scores nothing for a cap with no fact at all (无数据, unscored), full points once a manual 0 attests it', () => {
    const noFacts = output(cumulative('<=', 200000, 0, { samples: 0 }));
    const s = score([noFacts, met('产出指标'), met('效益指标'), met('满意度指标')], YEAR_END);
    expect(s.indicators[0]).toEqual({ weight: 25, points: 0 });
    expect(s.unscored).toBe(1);
    const attested = score([{ ...noFacts, samples: 1 }, met('产出指标'), met('效益指标'), met('满意度指标')], YEAR_END);
    expect(attested.indicators[0]).toEqual({ weight: 25, points: 25 });
    expect(attested.unscored).toBe(0);
  });

  it('scores an elapsed-days cap of a whole year against the period: ≤365天 with 366 days → full points', () => {
    const elapsed = output(
      cumulative('<=', 8760, 8784, {
        target: { kind: 'quantitative', comparator: '<=', value: 8760, unit: 'hours' },
        periodDays: 366,
      }),
    );
    const s = score([elapsed, met('产出指标'), met('效益指标'), met('满意度指标')], YEAR_END);
    expect(s.indicators[0]).toEqual({ weight: 25, points: 25 });
  });

  it.each([
    // A, points of W 25 for a 90%-95% rate: inside → 25; 81 → 25 × 81/90 = 22.5; 99.75 → 25 × (1 − 4.75/95) = 23.75
    [92, 25],
    [81, 22.5],
    [99.75, 23.75],
  ])('scores a rate range with both bounds: %d → %d', (actual, points) => {
    const ranged = output(
      rate('>=', 90, actual, {
        target: { kind: 'quantitative', comparator: '>=', value: 90, unit: 'percent', range: { low: 90, high: 95 } },
      }),
    );
    const s = score([ranged, met('产出指标'), met('效益指标'), met('满意度指标')], YEAR_END);
    expect(s.indicators[0]).toEqual({ weight: 25, points });
  });

  it('scores a cumulative range as ≥ its low bound (3-5次 with 6 → full; forecast 2 of 3 mid-year → 2/3)', () => {
    const ranged = (actual: number) =>
      output(
        cumulative('>=', 3, actual, {
          target: { kind: 'quantitative', comparator: '>=', value: 3, unit: '次', range: { low: 3, high: 5 } },
        }),
      );
    expect(score([ranged(6), met('效益指标')], YEAR_END).indicators[0]!.points).toBe(55.56);
    // 1 at s = 0.5 → forecast 2 → 55.56 × 2/3 = 37.04
    expect(score([ranged(1), met('效益指标')], MID_YEAR).indicators[0]!.points).toBe(37.04);
  });

  it('scores a deadline passed with nothing recorded as 0, not unscored; before it, unscored', () => {
    const due = effect(deadline('2024-06-30', null));
    const late = score([met('产出指标'), due, met('满意度指标')], on('2024-07-01'));
    expect(late.indicators[1]).toEqual({ weight: 30, points: 0 });
    expect(late.unscored).toBe(0);
    const early = score([met('产出指标'), due, met('满意度指标')], on('2024-05-01'));
    expect(early.unscored).toBe(1);
  });

  it('shares what a partial weight column leaves among the blank rows (40 given, 10 budget → 40 + 10 for the rest)', () => {
    const s = score([met('产出指标', 40), met('效益指标'), met('满意度指标', 10)], YEAR_END);
    expect(s.indicators.map((i) => i?.weight)).toEqual([40, 40, 10]);
    expect(s.total).toBe(100);
  });
});
