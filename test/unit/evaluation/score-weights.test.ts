import { describe, it, expect } from 'vitest';
import { allocateWeights, apportion, scoreGroupOf, statedPoints, type WeightedItem } from '../../../src/evaluation/score-weights.ts';
import { defaultEvaluationSettings as defaults } from '../../../src/evaluation/settings.ts';

const item = (level1: string, weight: number | null = null, applicable = true): WeightedItem => ({ level1, weight, applicable });

describe('scoreGroupOf', () => {
  it.each([
    ['产出指标', 'output'],
    ['产出', 'output'],
    ['成本指标', 'output'],
    ['效益指标', 'effect'],
    ['效益', 'effect'],
    ['满意度指标', 'satisfaction'],
    [' 满意度 指标\u3000', 'satisfaction'],
  ])('%s → %s', (level1, group) => {
    expect(scoreGroupOf(level1)).toBe(group);
  });

  it('refuses a level-1 name no template uses', () => {
    expect(() => scoreGroupOf('影响力指标')).toThrow(/无法识别的一级指标「影响力指标」/);
  });
});

describe('apportion (largest remainder in cents, total exactly 100)', () => {
  it.each<[string, (number | null)[], (number | null)[]]>([
    ['three thirds of 50 plus 50', [50 / 3, 50 / 3, 50 / 3, 50], [16.67, 16.67, 16.66, 50]],
    ['already whole', [50, 30, 10, 10], [50, 30, 10, 10]],
    ['90 rescaled to 100', [50, 30, 10], [55.56, 33.33, 11.11]],
    ['120 rescaled to 100', [40, 40, 20, 20], [33.33, 33.33, 16.67, 16.67]],
    ['excluded items stay null', [null, 50, null, 50], [null, 50, null, 50]],
    ['nothing to share', [null, 0], [null, 0]],
  ])('%s', (_name, values, cents) => {
    const result = apportion(values);
    expect(result).toEqual(cents);
    const total = result.reduce<number>((s, v) => s + (v ?? 0), 0);
    if (total > 0) expect(Math.round(total * 100)).toBe(10000);
  });
});

describe('allocateWeights', () => {
  it.each<[string, WeightedItem[], boolean, number | null, (number | null)[], number | null]>([
    [
      'national default, 4 output / 1 effect / 1 satisfaction',
      [item('产出指标'), item('产出指标'), item('产出指标'), item('产出指标'), item('效益指标'), item('满意度指标')],
      true,
      null,
      [12.5, 12.5, 12.5, 12.5, 30, 10],
      10,
    ],
    [
      'three output indicators split 50 as 16.67 + 16.67 + 16.66',
      [item('产出指标'), item('产出指标'), item('产出指标'), item('效益指标'), item('满意度指标')],
      true,
      null,
      [16.67, 16.67, 16.66, 30, 10],
      10,
    ],
    ["成本指标 as level 1 shares 产出's 50", [item('产出指标'), item('成本指标'), item('效益指标'), item('满意度指标')], true, null, [25, 25, 30, 10], 10],
    [
      "a not-applicable indicator leaves its group's points to the others",
      [item('产出指标'), item('产出指标', null, false), item('效益指标'), item('满意度指标')],
      true,
      null,
      [50, null, 30, 10],
      10,
    ],
    ['no 满意度 group: 50/30/10 rescaled to 100', [item('产出指标'), item('效益指标')], true, null, [55.56, 33.33], 11.11],
    [
      'a group wholly not applicable is rescaled away',
      [item('产出指标'), item('效益指标', null, false), item('满意度指标')],
      true,
      null,
      [71.43, null, 14.29],
      14.28,
    ],
    ['no budget: 50/30/10 rescaled to 100', [item('产出指标'), item('效益指标'), item('满意度指标')], false, null, [55.56, 33.33, 11.11], null],
    [
      'table weights override the default',
      [item('产出指标', 20), item('产出指标', 20), item('效益指标', 40), item('满意度指标', 10)],
      true,
      10,
      [20, 20, 40, 10],
      10,
    ],
    [
      'table weights without a budget weight: budget keeps its default 10',
      [item('产出指标', 30), item('效益指标', 50), item('满意度指标', 10)],
      true,
      null,
      [30, 50, 10],
      10,
    ],
    [
      'table weights summing to 120 are rescaled proportionally',
      [item('产出指标', 40), item('效益指标', 40), item('满意度指标', 20)],
      true,
      20,
      [33.33, 33.33, 16.67],
      16.67,
    ],
    [
      'table weights with an indicator not applicable: the rest rescaled',
      [item('产出指标', 40), item('产出指标', 10, false), item('效益指标', 30), item('满意度指标', 10)],
      true,
      10,
      [44.45, null, 33.33, 11.11],
      11.11,
    ], // 4444.44 + 3333.33 + 1111.11 + 1111.11 cents: the spare cent to the largest remainder
    // Partial weight columns: given rows keep theirs, the budget takes its default 10, and the rest share what
    // is left of the 100 by the default split. 100 − 40 − 10 − 10 = 40 for the one 效益 row.
    [
      'a weight column with a blank: the blank row gets what is left',
      [item('产出指标', 40), item('效益指标'), item('满意度指标', 10)],
      true,
      null,
      [40, 40, 10],
      10,
    ],
    // 产出 has 4 rows (12.5 each by default), 2 given 20: left 100 − 40 − 10 = 50 for 12.5 + 12.5 + 30 + 10 = 65.
    [
      'two of four 产出 rows weighted: the others share 50 in proportion 12.5 : 12.5 : 30 : 10',
      [item('产出指标', 20), item('产出指标', 20), item('产出指标'), item('产出指标'), item('效益指标'), item('满意度指标')],
      true,
      null,
      [20, 20, 9.62, 9.61, 23.08, 7.69],
      10,
    ], // 961.538… cents twice: the spare cent to the earlier row
    [
      "partial weights with the table's budget weight: 100 − 30 − 20 = 50 for 效益 30 : 满意度 10",
      [item('产出指标', 30), item('效益指标'), item('满意度指标')],
      true,
      20,
      [30, 37.5, 12.5],
      20,
    ],
    [
      'partial weights without a budget: 100 − 50 = 50 for 效益 and 满意度',
      [item('产出指标', 50), item('效益指标'), item('满意度指标')],
      false,
      null,
      [50, 37.5, 12.5],
      null,
    ],
    [
      'partial weights already filling the 100: the blank rows get nothing',
      [item('产出指标', 60), item('效益指标', 30), item('满意度指标')],
      true,
      null,
      [60, 30, 0],
      10,
    ],
    [
      'partial weights above 100: blank rows get nothing and the rest is rescaled',
      [item('产出指标', 70), item('效益指标', 40), item('满意度指标')],
      true,
      null,
      [58.34, 33.33, 0],
      8.33,
    ], // 120 → 100; the spare cent to the earliest tie
    [
      "a not-applicable row's weight is ignored, its blank neighbour shares the rest",
      [item('产出指标', 40, false), item('产出指标'), item('效益指标', 30), item('满意度指标', 10)],
      true,
      null,
      [null, 50, 30, 10],
      10,
    ],
    [
      'a table budget weight alone: the groups fill the other 80 in proportion',
      [item('产出指标'), item('效益指标'), item('满意度指标')],
      true,
      20,
      [44.44, 26.67, 8.89],
      20,
    ],
    ['no indicators at all: the budget is the whole score', [], true, null, [], 100],
  ])('%s', (_name, items, hasBudget, budgetWeight, indicators, budget) => {
    const w = allocateWeights(items, hasBudget, budgetWeight, defaults);
    expect(w).toEqual({ indicators, budget });
    const total = [...w.indicators, w.budget].reduce<number>((s, v) => s + (v ?? 0), 0);
    expect(Math.round(total * 100)).toBe(10000);
  });
});

describe('statedPoints (the import warning for weights above 100)', () => {
  it.each<[string, WeightedItem[], boolean, number | null, number | null]>([
    ['no weights → nothing stated', [item('产出指标'), item('效益指标')], true, null, null],
    ['weights plus the default budget 10', [item('产出指标', 60), item('效益指标', 30)], true, null, 100],
    ["weights plus the table's budget weight", [item('产出指标', 60), item('效益指标', 30)], true, 20, 110],
    ['weights without a budget', [item('产出指标', 60), item('效益指标', 50)], false, null, 110],
    ['partial weights count what is given', [item('产出指标', 95), item('效益指标')], true, null, 105],
    ['not-applicable rows do not count', [item('产出指标', 95, false), item('效益指标', 10)], true, null, 20],
  ])('%s → %s', (_name, items, hasBudget, budgetWeight, points) => {
    expect(statedPoints(items, hasBudget, budgetWeight, defaults)).toBe(points);
  });
});
