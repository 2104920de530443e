// Float-safe comparison, division and rounding shared by the status rules (docs/design.md §4) and the scoring (§5).
import type { Comparator } from '../targets/types.ts';

/** Relative tolerance for "equal": sums of money or percentages carry binary float error (0.1 + 0.2). */
const EPSILON = 1e-9;

function slack(target: number): number {
  return EPSILON * Math.max(1, Math.abs(target));
}

/** True when `actual comparator target` holds; strict comparators are strict, `=` is exact within 1e-9. */
export function satisfies(actual: number, comparator: Comparator, target: number): boolean {
  const e = slack(target);
  switch (comparator) {
    case '>=':
      return actual >= target - e;
    case '>':
      return actual > target + e;
    case '<=':
      return actual <= target + e;
    case '<':
      return actual < target - e;
    case '=':
      return Math.abs(actual - target) <= e;
  }
}

/** a ≥ b, forgiving float error (1.3 × 100 is 130.00000000000003). */
export function atLeast(a: number, b: number): boolean {
  return a >= b - slack(b);
}

/** a / b, or null when b is 0 or the result is not a finite number. */
export function divide(a: number, b: number): number | null {
  if (b === 0) return null;
  const q = a / b;
  return Number.isFinite(q) ? q : null;
}

/** A finite number, or null (NaN and ±Infinity never leave this module's callers). */
export function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/**
 * Round to 2 decimals, half away from zero, as a person would on paper: 2.675 → 2.68 although the
 * double nearest 2.675 lies below it (15 significant digits strip the representation error first).
 */
export function round2(x: number): number {
  if (!Number.isFinite(x)) return x;
  const cents = Math.round(Number((Math.abs(x) * 100).toPrecision(15)));
  const rounded = (Math.sign(x) * cents) / 100;
  return rounded === 0 ? 0 : rounded; // no -0
}
