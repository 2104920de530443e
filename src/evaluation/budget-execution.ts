// Budget execution progress (预算执行进度, docs/design.md, Monitoring rules): the share of the budget spent against the share of time.
import { divide, finiteOrNull } from './arithmetic.ts';
import { defaultEvaluationSettings } from './settings.ts';
import type { BudgetExecution, EvaluationSettings, Lamp, PeriodPosition } from './types.ts';

export interface BudgetFacts {
  /** Yuan; null (or 0) when the table gives no budget. */
  budget: number | null;
  /** Yuan spent so far in the period. */
  spent: number;
}

/** Float noise must not turn a pace of exactly 60 into 59.999999999 (red instead of yellow). */
const NOISE = 1e-9;

/** Lamp for a pace v (percent of the time-proportional spend): red < red, yellow < yellow, else green. */
export function budgetLamp(pace: number | null, settings: EvaluationSettings = defaultEvaluationSettings): Lamp {
  if (pace === null) return 'grey';
  if (pace < settings.budgetLamp.red - NOISE) return 'red';
  if (pace < settings.budgetLamp.yellow - NOISE) return 'yellow';
  return 'green';
}

/**
 * executionRate = spent / budget; pace v = executionRate ÷ s × 100. Without a budget (null, 0 or negative)
 * both are null and the lamp is grey; before the period (s = 0) the pace is null and the lamp grey too.
 */
export function evaluateBudgetExecution(
  { budget, spent }: BudgetFacts,
  position: PeriodPosition,
  settings: EvaluationSettings = defaultEvaluationSettings,
): BudgetExecution {
  const total = finiteOrNull(budget);
  const paid = finiteOrNull(spent) ?? 0;
  if (total === null || total <= 0) {
    return { budget: total, spent: paid, executionRate: null, pace: null, lamp: 'grey' };
  }
  const executionRate = divide(paid, total);
  const s = finiteOrNull(position.timeShare) ?? 0;
  const share = executionRate === null || s <= 0 ? null : divide(executionRate, Math.min(s, 1));
  const pace = share === null ? null : share * 100;
  return { budget: total, spent: paid, executionRate, pace, lamp: budgetLamp(pace, settings) };
}
