// The points (分值) of each indicator and of 预算执行率 on the 100-point scale (docs/design.md, Scoring): the national
// default split, or the table's own weights, without the excluded items, rescaled to 100 and apportioned
// in cents so the 分值 column of the self-evaluation table adds up to exactly 100.00.
import type { EvaluationSettings } from './types.ts';

export type IndicatorGroup = 'output' | 'effect' | 'satisfaction';

const GROUPS: Readonly<Record<string, IndicatorGroup>> = Object.freeze({
  产出指标: 'output',
  产出: 'output',
  // Newer templates put 成本指标 at level 1; its indicators share 产出's points.
  成本指标: 'output',
  成本: 'output',
  效益指标: 'effect',
  效益: 'effect',
  满意度指标: 'satisfaction',
  满意度: 'satisfaction',
});

/** The scoring group of a level-1 name (whitespace ignored); throws for a name no template uses. */
export function scoreGroupOf(level1: string): IndicatorGroup {
  const group = GROUPS[level1.replace(/[\s\u3000]/g, '')];
  if (group === undefined) {
    throw new RangeError(`无法识别的一级指标「${level1}」：应为 产出指标、成本指标、效益指标 或 满意度指标`);
  }
  return group;
}

export interface WeightedItem {
  level1: string;
  applicable: boolean;
  /** 分值 from the table, or null. */
  weight: number | null;
}

export interface Weights {
  /** Per indicator in input order; null when not applicable. Cents; all weights sum to 100. */
  indicators: (number | null)[];
  /** null without a budget. */
  budget: number | null;
}

const usable = (w: number | null): w is number => w !== null && Number.isFinite(w) && w >= 0;

/**
 * The points before rounding (docs/design.md, Scoring):
 * - no row has a weight: the defaults — each present group's points split equally among its applicable rows, a
 *   table's own budgetWeight kept and the groups scaled into the rest;
 * - every row has one: the table's weights (budget: the table's budgetWeight, else the default);
 * - some rows have one: those keep it, the budget takes its budgetWeight (else the default), and the other rows
 *   share what is left of the 100 in proportion to their default split (group points / rows of that group).
 * Either way the result is then rescaled to 100 and apportioned in cents.
 */
export function allocateWeights(items: WeightedItem[], hasBudget: boolean, budgetWeight: number | null, settings: EvaluationSettings): Weights {
  const applicable = items.filter((i) => i.applicable);
  const groups = items.map((i) => (i.applicable ? scoreGroupOf(i.level1) : null));
  const count = (g: IndicatorGroup) => groups.filter((x) => x === g).length;
  const defaultShare = (g: IndicatorGroup) => settings.groupPoints[g] / count(g);
  const givenBudget = usable(budgetWeight) ? Math.min(budgetWeight, 100) : null;
  const budgetRaw = hasBudget ? (givenBudget ?? settings.groupPoints.budget) : null;
  const weighted = applicable.filter((i) => usable(i.weight));
  const tableSum = weighted.reduce((sum, i) => sum + (i.weight ?? 0), 0);

  let raw: (number | null)[];
  if (weighted.length === applicable.length && applicable.length > 0 && tableSum > 0) {
    raw = items.map((i) => (i.applicable ? (i.weight as number) : null));
  } else if (weighted.length > 0) {
    const left = Math.max(100 - tableSum - (budgetRaw ?? 0), 0);
    const defaults = items.reduce((sum, i, k) => {
      const g = groups[k] ?? null;
      return g === null || usable(i.weight) ? sum : sum + defaultShare(g);
    }, 0);
    const scale = defaults > 0 ? left / defaults : 0;
    raw = items.map((i, k) => {
      const g = groups[k] ?? null;
      if (g === null) return null;
      return usable(i.weight) ? i.weight : defaultShare(g) * scale;
    });
  } else {
    const groupSum = (['output', 'effect', 'satisfaction'] as const).filter((g) => count(g) > 0).reduce((sum, g) => sum + settings.groupPoints[g], 0);
    // A table's own 预算执行率 weight stays; the indicator groups fill the rest in their default proportions.
    const scale = hasBudget && givenBudget !== null && groupSum > 0 ? (100 - givenBudget) / groupSum : 1;
    raw = groups.map((g) => (g === null ? null : defaultShare(g) * scale));
  }
  const cents = apportion([...raw, budgetRaw]);
  return { indicators: cents.slice(0, items.length), budget: cents[items.length] ?? null };
}

/**
 * Rescales the present (non-null) values to sum to 100 and rounds them to cents by largest remainder (ties
 * to the earlier item), so that 3 × 50/3 becomes 16.67 + 16.67 + 16.66, not 3 × 16.67 = 50.01.
 */
export function apportion(values: (number | null)[]): (number | null)[] {
  const sum = values.reduce<number>((s, v) => s + (v ?? 0), 0);
  if (!(sum > 0)) return values.map((v) => (v === null ? null : 0));
  const exact = values.map((v) => (v === null ? null : Number(((v * 10_000) / sum).toPrecision(12))));
  const floors = exact.map((x) => (x === null ? null : Math.floor(x)));
  let left = 10_000 - floors.reduce<number>((s, f) => s + (f ?? 0), 0);
  const order = exact
    // Remainders compared to 1e-6 cents: 5833.33333333 and 833.333333333 are the same third, a tie.
    .map((x, i) => ({ i, rest: x === null ? -1 : Math.round((x - (floors[i] ?? 0)) * 1e6) / 1e6 }))
    .filter((o) => o.rest >= 0)
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  const cents = [...floors];
  for (const { i } of order) {
    if (left <= 0) break;
    cents[i] = (cents[i] ?? 0) + 1;
    left -= 1;
  }
  return cents.map((c) => (c === null ? null : c / 100));
}

/**
 * The points a table states itself: its weights on applicable rows plus 预算执行率's (its budgetWeight, else the
 * default when the project has a budget); null when no row has a weight. The importer warns when this exceeds
 * 100, because every weight will then be scaled down.
 */
export function statedPoints(items: WeightedItem[], hasBudget: boolean, budgetWeight: number | null, settings: EvaluationSettings): number | null {
  const weights = items.filter((i) => i.applicable && usable(i.weight)).map((i) => i.weight as number);
  if (weights.length === 0) return null;
  const budget = hasBudget ? (usable(budgetWeight) ? budgetWeight : settings.groupPoints.budget) : 0;
  return weights.reduce((sum, w) => sum + w, 0) + budget;
}
