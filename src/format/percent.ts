// Percentages for people: values in percent (0–100, docs/design.md "Targets"), shares (0–1) and deviations (ratios).
// One decimal: `95%`, `87.5%`; shares fixed (`50.0%`) so a column of time shares lines up.
import { formatDecimal, NO_VALUE } from './decimal-text.ts';

export interface PercentOptions {
  /** Always one decimal (`95.0%`); default trims (`95%`). */
  fixed?: boolean;
}

/** A value already in percent (a target's normalised `percent`): 87.5 → `87.5%`, 95 → `95%`. */
export function formatPercent(percent: number | null | undefined, options: PercentOptions = {}): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return NO_VALUE;
  return `${formatDecimal(percent, { decimals: 1, fixed: options.fixed })}%`;
}

/**
 * A share 0–1 (time share s, budget execution rate, a score's share of its points) as a percent with one
 * fixed decimal: 0.5 → `50.0%`, 0.49589 → `49.6%`, 1.2 → `120.0%`; `—` for null.
 */
export function formatShare(share: number | null | undefined, options: PercentOptions = { fixed: true }): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NO_VALUE;
  return formatPercent(share * 100, options);
}

/**
 * A deviation (偏离度, (forecast − target) / target) as a signed percent, one decimal trimmed:
 * −0.125 → `−12.5%`, 0.3 → `+30%`, 0 (or anything rounding to it) → `0%`; `—` for null.
 */
export function formatDeviation(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return NO_VALUE;
  return `${formatDecimal(ratio * 100, { decimals: 1, signed: true })}%`;
}
