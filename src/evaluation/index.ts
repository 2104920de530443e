// The evaluation rules (DESIGN §4, §5): pure functions over plain data.
export type * from './types.ts';
export { atLeast, divide, finiteOrNull, round2, satisfies } from './arithmetic.ts';
export {
  defaultEvaluationSettings, evaluationSettingsSchema, resolveEvaluationSettings,
  type EvaluationSettingsOverrides,
} from './settings.ts';
export { dayNumber, elapsedDays, periodDays, timeShare, type Period, type TimeShare } from './time-share.ts';
export { evaluateIndicator, isCap, lampOf, likelihoodOf } from './evaluate-indicator.ts';
export { budgetLamp, evaluateBudgetExecution, type BudgetFacts } from './budget-execution.ts';
export { qualitativeBands, qualitativePoints, qualitativeTierNames, validateQualitativeScore, type ScoreBand } from './qualitative-score.ts';
export { allocateWeights, apportion, scoreGroupOf, type IndicatorGroup, type WeightedItem, type Weights } from './score-weights.ts';
export { gradeOf, scoreProject, scoreQuantitative, type Grade, type ProjectScoreInput } from './score-project.ts';
