import type { Db } from '../../db/client.ts';
import type { Indicator, Project } from '../../db/schema/index.ts';
import { said, ValidationError } from '../errors.ts';
import {
  comparedTarget,
  defaultEvaluationSettings,
  evaluateBudgetExecution,
  evaluateIndicator,
  scoreProject,
  timeShare,
  type EvaluationSettings,
  type IndicatorEvaluation,
  type IndicatorFacts,
  type ProjectScore,
} from '../evaluation/index.ts';
import { measureAt, toTargetUnit, type LoadedFacts } from '../measures/measure-at.ts';
import { measureAggregation, type MeasureSpec } from '../measures/spec.ts';
import type { Target } from '../targets/types.ts';
import { formatDecimal, formatDeviation, formatMoney, formatShare, formatValue, likelihoodLabel, NO_VALUE, statusLabel } from '../format/index.ts';
import { latestAssessments, loadProjectFacts, spentUpTo } from './project-facts.ts';
import { loadBoundIndicators } from './bound-indicators.ts';
import type { IndicatorProgress, ProjectProgress } from './progress-model.ts';
import { toIndicatorDto } from './projects.ts';

export type { IndicatorProgress, ProjectProgress } from './progress-model.ts';
type IndicatorDisplay = IndicatorProgress['display'];

export async function projectProgress(
  db: Db,
  project: Project,
  asOf: string,
  settings: EvaluationSettings = defaultEvaluationSettings,
): Promise<ProjectProgress> {
  const position = timeShare({ start: project.periodStart, end: project.periodEnd }, asOf);
  if (position.beforeStart) {
    throw new ValidationError(said('err.progress.beforeStart', { asOf, start: project.periodStart }), { field: 'asOf' });
  }
  const list = await loadBoundIndicators(db, { projectId: project.id });
  const bound = list.flatMap((l) => (l.spec ? [{ indicatorId: l.indicator.id, spec: l.spec }] : []));
  const [facts, assessed, spent] = await Promise.all([
    loadProjectFacts(db, project, bound, asOf),
    latestAssessments(
      db,
      list.map((l) => l.indicator.id),
      asOf,
    ),
    spentUpTo(db, project.id, asOf),
  ]);

  const evaluated = list.map(({ indicator, spec, proposed }) => {
    const dto = toIndicatorDto(indicator);
    const measured = spec ? measureIndicator(spec, indicator, facts, asOf) : { actual: null, samples: 0, latestDay: null, note: null };
    // A confirmed reading is judged even though it was imported with a warning.
    const needsReview = indicator.needsReview && indicator.confirmedAt === null;
    const f = indicatorFacts(dto, needsReview, spec, measured, assessed.get(indicator.id) ?? null, position.periodDays);
    return { dto, spec, proposed, measured, facts: f, evaluation: evaluateIndicator(f, position, settings) };
  });

  const budgetTotal = project.budgetTotal === null ? null : Number(project.budgetTotal);
  const budget = evaluateBudgetExecution({ budget: budgetTotal, spent }, position, settings);
  let score: ProjectScore | null = null;
  let scoreError: string | null = null;
  try {
    score = scoreProject(
      {
        indicators: evaluated.map((e) => ({ facts: e.facts, evaluation: e.evaluation })),
        budget,
        budgetWeight: project.budgetWeight === null ? null : Number(project.budgetWeight),
      },
      position,
      settings,
    );
  } catch (err) {
    // The rules refuse what they cannot score (a level-1 name no template uses): the answer says why.
    if (!(err instanceof RangeError)) throw err;
    scoreError = `无法计算自评得分：${err.message}`;
  }

  const statusCounts: Record<string, number> = {};
  const out = evaluated.map((e, index): IndicatorProgress => {
    statusCounts[e.evaluation.status] = (statusCounts[e.evaluation.status] ?? 0) + 1;
    const s = score?.indicators[index] ?? null;
    return {
      id: e.dto.id,
      level1: e.dto.level1,
      level2: e.dto.level2,
      level3: e.dto.level3,
      description: e.dto.description,
      target: e.dto.target,
      measure: e.spec,
      measureProposed: e.proposed,
      actual: e.evaluation.actual,
      expected: e.evaluation.expected,
      forecast: e.evaluation.forecast,
      deviation: e.evaluation.deviation,
      status: e.evaluation.status,
      lamp: e.evaluation.lamp,
      samples: e.facts.samples,
      latestFactDay: e.measured.latestDay,
      overAchieved: e.evaluation.overAchieved,
      likelihood: e.evaluation.likelihood,
      assessment: e.facts.assessment,
      applicable: e.dto.applicable,
      note: e.measured.note,
      score: s ? { weight: s.weight, points: s.points } : null,
      display: indicatorDisplay(e.dto.target, e.evaluation),
    };
  });
  return {
    id: project.id,
    name: project.name,
    year: project.year,
    period: { start: project.periodStart, end: project.periodEnd },
    timeShare: position.timeShare,
    atPeriodEnd: position.atPeriodEnd,
    budget: { total: budgetTotal, spent, executionRate: budget.executionRate, pace: budget.pace, lamp: budget.lamp },
    score: score
      ? { total: score.total, grade: score.grade, forecast: score.forecast, parts: score.parts, budgetWeight: score.budgetWeight, unscored: score.unscored }
      : null,
    scoreError,
    statusCounts,
    indicators: out,
    display: {
      timeShare: formatShare(position.timeShare),
      budgetTotal: formatMoney(budgetTotal, '万元', { fixed: true }),
      spent: formatMoney(spent, '万元', { fixed: true }),
      executionRate: formatShare(budget.executionRate),
      score: score ? `${formatDecimal(score.total, { decimals: 2, fixed: true })}（${score.grade}）` : NO_VALUE,
    },
  };
}

/** One formatter for every face (docs/design.md "Display"): values in the unit the target was written in. */
function indicatorDisplay(target: Target, e: IndicatorEvaluation): IndicatorDisplay {
  return {
    target: target.raw,
    actual: formatValue(e.actual, target),
    expected: formatValue(e.expected, target),
    forecast: formatValue(e.forecast, target),
    deviation: formatDeviation(e.deviation),
    status: statusLabel(e.status),
    likelihood: e.likelihood === null ? NO_VALUE : likelihoodLabel(e.likelihood),
  };
}

/**
 * What the rules need of one indicator (docs/design.md, Monitoring rules): the target in its normalised unit
 * with a range's bounds and a deadline, the measured value, the latest assessment with the day it speaks for,
 * and, for an elapsed-days measure, the period's length (a whole-year cap means "within the period").
 */
function indicatorFacts(
  dto: ReturnType<typeof toIndicatorDto>,
  needsReview: boolean,
  spec: MeasureSpec | null,
  measured: { actual: number | null; samples: number },
  assessment: IndicatorFacts['assessment'],
  periodDays: number,
): IndicatorFacts {
  const unit = dto.target.normalized?.unit ?? null;
  return {
    target: rulesTarget(dto.target),
    level1: dto.level1,
    level2: dto.level2,
    applicable: dto.applicable,
    needsReview,
    aggregation: spec ? measureAggregation(spec, unit) : null,
    actual: measured.actual,
    samples: measured.samples,
    assessment,
    weight: dto.weight,
    periodDays: spec?.type === 'elapsed_days' ? periodDays : null,
  };
}

/** A target as the rules read it: normalised value and unit, a range's bounds, a deadline. */
function rulesTarget(target: Target): IndicatorFacts['target'] {
  return {
    kind: target.kind,
    comparator: target.comparator,
    value: target.normalized?.value ?? null,
    unit: target.normalized?.unit ?? null,
    range: target.range,
    deadline: target.deadline,
  };
}

/**
 * The target an indicator's value is compared with (a range's low bound; a whole-year elapsed cap stretched to
 * the period), for charts that draw the expected line the rules use.
 */
export function comparedTargetOf(target: Target, spec: MeasureSpec | null, periodDays: number) {
  return comparedTarget({ target: rulesTarget(target), periodDays: spec?.type === 'elapsed_days' ? periodDays : null });
}

function measureIndicator(spec: MeasureSpec, indicator: Indicator, facts: LoadedFacts, asOf: string) {
  const m = measureAt(spec, indicator.id, facts, asOf);
  if (m.value === null) return { actual: null, samples: m.samples, latestDay: m.latestDay, note: m.note };
  const actual = toTargetUnit(spec, m.value, indicator.normalizedUnit);
  return {
    actual,
    samples: m.samples,
    latestDay: m.latestDay,
    note: actual === null ? `度量单位与目标单位（${indicator.normalizedUnit ?? '无'}）不一致` : m.note,
  };
}
