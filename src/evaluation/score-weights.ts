// The points (分值) of each indicator and of 预算执行率 on the 100-point scale (DESIGN §5): the national
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
 * Table weights apply when every applicable indicator has one (budget: the table's budgetWeight, else the
 * default); otherwise the defaults: each present group's points split equally among its applicable
 * indicators, a given budgetWeight kept as is and the groups scaled into the rest. Either way the result is
 * rescaled to 100.
 */
export function allocateWeights(
  items: WeightedItem[],
  hasBudget: boolean,
  budgetWeight: number | null,
  settings: EvaluationSettings,
): Weights {
  const applicable = items.filter((i) => i.applicable);
  const groups = items.map((i) => (i.applicable ? scoreGroupOf(i.level1) : null));
  const givenBudget = usable(budgetWeight) ? Math.min(budgetWeight, 100) : null;
  const budgetRaw = hasBudget ? (givenBudget ?? settings.groupPoints.budget) : null;
  const tableSum = applicable.reduce((sum, i) => sum + (i.weight ?? 0), 0);
  const fromTable = applicable.length > 0 && applicable.every((i) => usable(i.weight)) && tableSum > 0;

  let raw: (number | null)[];
  if (fromTable) {
    raw = items.map((i) => (i.applicable ? (i.weight as number) : null));
  } else {
    const count = (g: IndicatorGroup) => groups.filter((x) => x === g).length;
    const groupSum = (['output', 'effect', 'satisfaction'] as const)
      .filter((g) => count(g) > 0)
      .reduce((sum, g) => sum + settings.groupPoints[g], 0);
    // A table's own 预算执行率 weight stays; the indicator groups fill the rest in their default proportions.
    const scale = hasBudget && givenBudget !== null && groupSum > 0 ? (100 - givenBudget) / groupSum : 1;
    raw = groups.map((g) => (g === null ? null : (settings.groupPoints[g] * scale) / count(g)));
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
    .map((x, i) => ({ i, rest: x === null ? -1 : x - (floors[i] ?? 0) }))
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
