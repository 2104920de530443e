import { describe, it, expect } from 'vitest';
import { evaluateBudgetExecution } from '../../../src/evaluation/budget-execution.ts';
import { resolveEvaluationSettings } from '../../../src/evaluation/settings.ts';
import type { Lamp } from '../../../src/evaluation/types.ts';
import { MID_YEAR, YEAR_END, at } from './facts.ts';

describe('evaluateBudgetExecution: lamp on v = (spent / budget) ÷ s × 100 (budget 100000 yuan, s = 0.5)', () => {
  it.each<[number, number, Lamp]>([
    [0, 0, 'red'],
    [29995, 59.99, 'red'],
    [30000, 60, 'yellow'],
    [39995, 79.99, 'yellow'],
    [40000, 80, 'green'],
    [50000, 100, 'green'],
    [60000, 120, 'green'], // spending ahead of time is not flagged by this lamp
  ])('spent %d → v %d → %s', (spent, pace, lamp) => {
    const b = evaluateBudgetExecution({ budget: 100000, spent }, MID_YEAR);
    expect(b.executionRate).toBeCloseTo(spent / 100000, 12);
    expect(b.pace).toBeCloseTo(pace, 9);
    expect(b).toMatchObject({ budget: 100000, spent, lamp });
  });

  it('does not let float noise turn v = 60 red (0.102 ÷ 0.17 × 100 = 59.999999999999986)', () => {
    const b = evaluateBudgetExecution({ budget: 1000, spent: 102 }, at(0.17));
    expect(b.pace).toBeLessThan(60);
    expect(b.lamp).toBe('yellow');
  });

  it.each<[number, Lamp]>([
    [49.99, 'red'],
    [50, 'yellow'],
    [69.99, 'yellow'],
    [70, 'green'],
  ])('with regional thresholds 50/70, v %d → %s', (pace, lamp) => {
    const settings = resolveEvaluationSettings({ budgetLamp: { red: 50, yellow: 70 } });
    expect(evaluateBudgetExecution({ budget: 100000, spent: pace * 500 }, MID_YEAR, settings).lamp).toBe(lamp);
  });

  it.each([
    ['a blank budget', null],
    ['a zero budget', 0],
    ['a negative budget', -5],
  ])('gives grey and null rates for %s', (_name, budget) => {
    expect(evaluateBudgetExecution({ budget, spent: 1000 }, MID_YEAR)).toMatchObject({
      executionRate: null,
      pace: null,
      lamp: 'grey',
      spent: 1000,
    });
  });

  it('at period end the pace is the execution rate (196500 of 200000 → 98.25, green)', () => {
    const b = evaluateBudgetExecution({ budget: 200000, spent: 196500 }, YEAR_END);
    expect(b.executionRate).toBe(0.9825);
    expect(b.pace).toBeCloseTo(98.25, 9);
    expect(b.lamp).toBe('green');
  });

  it('before the period (s = 0) has an execution rate but no pace and a grey lamp', () => {
    expect(evaluateBudgetExecution({ budget: 100000, spent: 5000 }, at(0))).toEqual({
      budget: 100000,
      spent: 5000,
      executionRate: 0.05,
      pace: null,
      lamp: 'grey',
    });
  });
});
