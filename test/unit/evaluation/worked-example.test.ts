// The seed project 3 "环境应急与事故调查" (db/examples/tianjin-eco-support-centre-2024.txt), budget 20.00 万元,
// monitored on 1 Jul 2024 and self-evaluated on 31 Dec 2024, every number worked out by hand below.
import { describe, it, expect } from 'vitest';
import { evaluateBudgetExecution } from '../../../src/evaluation/budget-execution.ts';
import { evaluateIndicator } from '../../../src/evaluation/evaluate-indicator.ts';
import { scoreProject } from '../../../src/evaluation/score-project.ts';
import { elapsedDays, timeShare } from '../../../src/evaluation/time-share.ts';
import type { Aggregation, IndicatorFacts } from '../../../src/evaluation/types.ts';
import type { Comparator } from '../../../src/targets/types.ts';

const YEAR = { start: '2024-01-01', end: '2024-12-31' };
const BUDGET = 200000; // 20.00 万元 in yuan

interface Row {
  level1: string;
  level2: string;
  comparator: Comparator;
  target: number;
  unit: string;
  aggregation: Aggregation;
}

// 一级 / 二级 / 指标值 as imported (targets normalised: 天 → hours, 万元 → yuan; `3份` infers `>=`).
const ROWS: Row[] = [
  { level1: '产出指标', level2: '数量指标', comparator: '>=', target: 3, unit: '份', aggregation: 'cumulative' }, // 完成工作目标
  { level1: '产出指标', level2: '质量指标', comparator: '>=', target: 90, unit: 'percent', aggregation: 'rate' }, // 目标任务完成情况
  { level1: '产出指标', level2: '时效指标', comparator: '>', target: 7200, unit: 'hours', aggregation: 'cumulative' }, // 项目执行时间 >300天
  { level1: '产出指标', level2: '成本指标', comparator: '<=', target: 200000, unit: 'yuan', aggregation: 'cumulative' }, // 项目支出经费 ≤20万元
  { level1: '效益指标', level2: '生态效益指标', comparator: '<', target: 9, unit: '件', aggregation: 'cumulative' }, // 防范较大及以上级别突发环境事件
  { level1: '满意度指标', level2: '服务对象满意度指标', comparator: '>', target: 95, unit: 'percent', aggregation: 'rate' }, // 主管部门满意
];

function facts(measured: [actual: number | null, samples: number][]): IndicatorFacts[] {
  return ROWS.map((r, i) => ({
    target: { kind: 'quantitative', comparator: r.comparator, value: r.target, unit: r.unit },
    level1: r.level1,
    level2: r.level2,
    applicable: true,
    needsReview: false,
    aggregation: r.aggregation,
    actual: measured[i]![0],
    samples: measured[i]![1],
    assessment: null,
    weight: null,
  }));
}

function run(asOf: string, measured: [number | null, number][], spent: number) {
  const position = timeShare(YEAR, asOf);
  const all = facts(measured);
  const evaluations = all.map((f) => evaluateIndicator(f, position));
  const budget = evaluateBudgetExecution({ budget: BUDGET, spent }, position);
  const score = scoreProject({ indicators: all.map((f, i) => ({ facts: f, evaluation: evaluations[i]! })), budget, budgetWeight: null }, position);
  return { position, evaluations, budget, score };
}

describe('worked example: 环境应急与事故调查, 2024', () => {
  // Points by the national default: 产出 50 over its 4 indicators (成本指标 is a level 2 here) = 12.5 each;
  // 效益 30 on its one indicator; 满意度 10; 预算执行率 10.

  it('on 1 Jul 2024 (s = 183/366 = 0.5): statuses, pace and a forecast score of 84.14 (良)', () => {
    const { position, evaluations, budget, score } = run(
      '2024-07-01',
      [
        [1, 1], // 1 report of 3
        [85, 20], // 17 of 20 tasks done = 85%
        [elapsedDays(YEAR, '2024-07-01') * 24, 183], // 183 days = 4392 h
        [90000, 12], // 90000 yuan spent
        [0, 1], // no 较大及以上 incident: a manual 0 says so (one sample); without it the cap would be 无数据
        [null, 0], // no survey yet
      ],
      90000,
    );
    expect(position).toMatchObject({ timeShare: 0.5, atPeriodEnd: false });

    // Pace in whole reports: expected 3 × 0.5 = 1.5, but 1 ≥ ⌊1.5⌋ = 1 is not behind → 正常 although the
    // forecast 1 / 0.5 = 2 < 3 × 0.9 = 2.7 (偏离 needs both); deviation (2 − 3)/3.
    expect(evaluations[0]).toMatchObject({ expected: 1.5, forecast: 2, status: 'on_track', lamp: 'green', likelihood: 'certain' });
    expect(evaluations[0]!.deviation).toBeCloseTo(-1 / 3, 12);
    // Rate: 85 < 90 → 偏离 while it stays below, still 有可能 mid-year; deviation (85 − 90)/90 = −0.0556.
    expect(evaluations[1]).toMatchObject({ expected: null, forecast: 85, status: 'off_track', lamp: 'red', likelihood: 'possible' });
    expect(evaluations[1]!.deviation).toBeCloseTo(-5 / 90, 12);
    // Elapsed time: expected 7200 × 0.5 = 3600 ≤ 4392 → 正常; forecast 4392 / 0.5 = 8784 h; (8784 − 7200)/7200 = 0.22.
    expect(evaluations[2]).toMatchObject({ actual: 4392, expected: 3600, forecast: 8784, status: 'on_track', lamp: 'green' });
    expect(evaluations[2]!.deviation).toBeCloseTo(0.22, 12);
    // Cap: 90000 / 200000 = 45% used ≤ s = 50% → 正常; forecast 180000; deviation −0.1.
    expect(evaluations[3]).toEqual({
      actual: 90000,
      expected: 100000,
      forecast: 180000,
      deviation: -0.1,
      status: 'on_track',
      lamp: 'green',
      overAchieved: false,
      likelihood: 'certain',
    });
    // Strict cap <9件 with an attested 0: 0 ≤ ⌈4.5⌉ → 正常; deviation (0 − 9)/9 = −1.
    expect(evaluations[4]).toMatchObject({ actual: 0, expected: 4.5, forecast: 0, deviation: -1, status: 'on_track' });
    // No survey → 无数据.
    expect(evaluations[5]).toMatchObject({ actual: null, status: 'no_data', lamp: 'grey', likelihood: null });

    // Budget: 90000 / 200000 = 0.45; v = 0.45 / 0.5 × 100 = 90 ≥ 80 → green.
    expect(budget).toEqual({ budget: 200000, spent: 90000, executionRate: 0.45, pace: 90, lamp: 'green' });

    // Score on forecasts: 12.5 × 2/3 = 8.333 → 8.33; 12.5 × 85/90 = 11.806 → 11.81; 8784 ≥ 7200 → 12.5;
    // 180000 ≤ 200000 → 12.5; 0 ≤ 9 → 30; no survey → 0 (unscored); budget 10 × min(0.45 / 0.5, 1) = 9.
    expect(score.indicators).toEqual([
      { weight: 12.5, points: 8.33 },
      { weight: 12.5, points: 11.81 },
      { weight: 12.5, points: 12.5 },
      { weight: 12.5, points: 12.5 },
      { weight: 30, points: 30 },
      { weight: 10, points: 0 },
    ]);
    // 产出 8.33 + 11.81 + 12.5 + 12.5 = 45.14; total 45.14 + 30 + 0 + 9 = 84.14 → 良.
    expect(score).toMatchObject({
      total: 84.14,
      grade: '良',
      forecast: true,
      unscored: 1,
      parts: { output: 45.14, effect: 30, satisfaction: 0, budget: 9 },
    });
  });

  it('on 31 Dec 2024 (s = 1): final statuses and a self-evaluation of 99.62 (优)', () => {
    const { position, evaluations, budget, score } = run(
      '2024-12-31',
      [
        [3, 3], // 3 reports
        [92, 25], // 23 of 25 tasks = 92%
        [elapsedDays(YEAR, '2024-12-31') * 24, 366], // 366 days = 8784 h
        [196500, 30], // 196500 yuan spent, the cap never broken
        [1, 1], // one 较大 incident
        [93, 40], // survey average 93%
      ],
      196500,
    );
    expect(position).toMatchObject({ timeShare: 1, atPeriodEnd: true });

    expect(evaluations.map((e) => e.status)).toEqual(['met', 'met', 'met', 'met', 'met', 'failed']);
    expect(evaluations.map((e) => e.lamp)).toEqual(['green', 'green', 'green', 'green', 'green', 'red']);
    // At s = 1 the forecast is the actual: 3 of 3 (deviation 0); 8784 > 7200 (+0.22); 196500 ≤ 200000 (−0.0175).
    expect(evaluations[0]).toMatchObject({ expected: 3, forecast: 3, deviation: 0 });
    expect(evaluations[2]).toMatchObject({ actual: 8784, forecast: 8784, overAchieved: false }); // 8784 < 1.3 × 7200 = 9360
    expect(evaluations[3]!.deviation).toBeCloseTo(-0.0175, 12);
    // 93 is not > 95 → 未完成; deviation (93 − 95)/95.
    expect(evaluations[5]!.deviation).toBeCloseTo(-2 / 95, 12);

    // Budget: 196500 / 200000 = 0.9825, v = 98.25 → green.
    expect(budget).toMatchObject({ executionRate: 0.9825, lamp: 'green' });
    expect(budget.pace).toBeCloseTo(98.25, 9);

    // Points: four 12.5s (产出 50); 1 ≤ 9 → 30; 10 × 93/95 = 9.789 → 9.79; budget 10 × 0.9825 = 9.825 → 9.83.
    // Total 50 + 30 + 9.79 + 9.83 = 99.62 → 优.
    expect(score).toEqual({
      total: 99.62,
      grade: '优',
      forecast: false,
      unscored: 0,
      parts: { output: 50, effect: 30, satisfaction: 9.79, budget: 9.83 },
      budgetWeight: 10,
      indicators: [
        { weight: 12.5, points: 12.5 },
        { weight: 12.5, points: 12.5 },
        { weight: 12.5, points: 12.5 },
        { weight: 12.5, points: 12.5 },
        { weight: 30, points: 30 },
        { weight: 10, points: 9.79 },
      ],
    });
  });
});
