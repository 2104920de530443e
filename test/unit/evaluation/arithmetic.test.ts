import { describe, it, expect } from 'vitest';
import { atLeast, divide, round2, satisfies } from '../../../src/evaluation/arithmetic.ts';
import type { Comparator } from '../../../src/targets/types.ts';

describe('round2 (half away from zero, robust to float error)', () => {
  it.each([
    [2.675, 2.68], // the double is 2.67499999999999982236431605997495353221893310546875
    [1.005, 1.01],
    [8.335, 8.34],
    [9.825000000000001, 9.83],
    [0.125, 0.13],
    [-2.675, -2.68],
    [8.333333333333332, 8.33],
    [16.666666666666668, 16.67],
    [2.674, 2.67],
    [100, 100],
    [-0.001, 0],
  ])('%d → %d', (x, rounded) => {
    expect(round2(x)).toBe(rounded);
    expect(Object.is(round2(x), -0)).toBe(false);
  });
});

describe('satisfies', () => {
  it.each<[number, Comparator, number, boolean]>([
    [90, '>=', 90, true],
    [89.99, '>=', 90, false],
    [90, '>', 90, false], // `>90%` with 90 is not met
    [90.01, '>', 90, true],
    [24, '<', 24, false], // `<1天` with exactly 24 h is not met
    [23.99, '<', 24, true],
    [24, '<=', 24, true],
    [0.1 + 0.2, '<=', 0.3, true], // float error is not a breach
    [0.1 + 0.2, '>=', 0.3, true],
    [0.1 + 0.2, '=', 0.3, true],
    [100, '=', 100, true],
    [100 + 1e-12, '=', 100, true],
    [99.9999, '=', 100, false],
    [0, '=', 0, true],
    [1, '<=', 0, false],
  ])('%d %s %d → %s', (a, c, t, ok) => {
    expect(satisfies(a, c, t)).toBe(ok);
  });
});

describe('divide and atLeast', () => {
  it('never returns NaN or Infinity', () => {
    expect(divide(1, 0)).toBeNull();
    expect(divide(0, 0)).toBeNull();
    expect(divide(Number.MAX_VALUE, 1e-300)).toBeNull();
    expect(divide(3, 2)).toBe(1.5);
  });

  it('treats float noise as equal', () => {
    expect(1.1 * 100).toBeGreaterThan(110);
    expect(atLeast(110, 1.1 * 100)).toBe(true);
    expect(atLeast(109.99, 110)).toBe(false);
  });
});
