// The evaluation rules (docs/design.md: Monitoring rules, Scoring): pure functions over plain data.
export type * from './types.ts';
export { grades, lamps, likelihoods, qualitativeTiers, statuses } from './types.ts';
export { atLeast, divide, finiteOrNull, round2, satisfies } from './arithmetic.ts';
export {
  defaultEvaluationSettings,
  evaluationSettingsSchema,
  resolveEvaluationSettings,
  type EvaluationSettingsOverrides,
} from './settings.ts';
export {
  clampToPeriod,
  dayNumber,
  daysBetween,
  daysInUnit,
  elapsedDays,
  isInPeriod,
  periodDays,
  readingDay,
  timeShare,
  type Period,
  type TimeShare,
} from './time-share.ts';
export { comparedTarget, evaluateIndicator, expectedBy, isCap, lampOf, likelihoodOf, type ComparedTarget } from './evaluate-indicator.ts';
export { budgetLamp, evaluateBudgetExecution, type BudgetFacts } from './budget-execution.ts';
export { qualitativeBands, qualitativePoints, qualitativeTierNames, validateQualitativeScore, type ScoreBand } from './qualitative-score.ts';
export {
  allocateWeights,
  apportion,
  scoreGroupOf,
  statedPoints,
  type IndicatorGroup,
  type WeightedItem,
  type Weights,
} from './score-weights.ts';
export { gradeOf, scoreProject, scoreQuantitative, scoreRange, type ProjectScoreInput } from './score-project.ts';
