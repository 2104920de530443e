import type { Db } from '../../db/client.ts';
import { said, ValidationError } from '../errors.ts';
import { clampToPeriod, dayNumber, expectedBy, periodDays, readingDay, timeShare } from '../evaluation/index.ts';
import { measureAt, toTargetUnit } from '../measures/measure-at.ts';
import { measureAggregation, type MeasureSpec } from '../measures/spec.ts';
import { requireBoundIndicator } from './bound-indicators.ts';
import { loadProjectFacts } from './project-facts.ts';
import { comparedTargetOf } from './progress.ts';
import { periodOf, requireProject, toIndicatorDto } from './projects.ts';

export type Step = 'day' | 'week' | 'month';

export interface SeriesPoint {
  date: string;
  actual: number | null;
  /** Where a paced target should be by that day (target × s); the target itself for rates. */
  expected: number | null;
}

const MAX_POINTS = 400;

/** An indicator with its measure and its project: what the series and the drill-down read. */
export async function loadIndicatorContext(db: Db, indicatorId: number) {
  const { indicator, spec } = await requireBoundIndicator(db, indicatorId);
  return { indicator, spec, project: await requireProject(db, indicator.projectId) };
}

/** Actual and expected values of one indicator over a date range, for charts. */
export async function indicatorSeries(db: Db, indicatorId: number, range: { from?: string; to?: string; step: Step }, today: string) {
  const { indicator, project, spec } = await loadIndicatorContext(db, indicatorId);
  const period = periodOf(project);
  const from = range.from ?? period.start;
  const to = range.to ?? readingDay(period, today) ?? period.start;
  const dates = stepDates(clampToPeriod(from, period), clampToPeriod(to, period), range.step);
  const dto = toIndicatorDto(indicator);
  // The expected line is drawn against the target the rules compare with (docs/design.md, Monitoring rules).
  const target = comparedTargetOf(dto.target, spec, periodDays(period))?.value ?? null;
  const points: SeriesPoint[] = [];
  if (spec) {
    const facts = await loadProjectFacts(db, project, [{ indicatorId, spec }], dates[dates.length - 1]!);
    const aggregation = measureAggregation(spec, indicator.normalizedUnit);
    for (const date of dates) {
      const m = measureAt(spec, indicatorId, facts, date);
      const actual = m.value === null ? null : toTargetUnit(spec, m.value, indicator.normalizedUnit);
      const s = timeShare(period, date).timeShare;
      points.push({ date, actual, expected: target === null ? null : aggregation === 'cumulative' ? round6(expectedBy(target, s)) : target });
    }
  } else {
    for (const date of dates) points.push({ date, actual: null, expected: null });
  }
  return {
    indicatorId,
    measure: spec as MeasureSpec | null,
    unit: indicator.normalizedUnit,
    target: { comparator: indicator.comparator, value: dto.target.normalized?.value ?? null },
    step: range.step,
    points,
  };
}

/** from, then every step, always ending on `to`. */
export function stepDates(from: string, to: string, step: Step): string[] {
  dayNumber(from);
  dayNumber(to);
  if (to < from) throw new ValidationError(said('err.series.order', { from, to }), { field: 'to' });
  const out: string[] = [];
  let cur = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (cur < end) {
    out.push(cur.toISOString().slice(0, 10));
    if (out.length > MAX_POINTS) throw new ValidationError(said('err.series.tooMany', { max: MAX_POINTS }), { field: 'step' });
    if (step === 'day') cur = new Date(cur.getTime() + 86_400_000);
    else if (step === 'week') cur = new Date(cur.getTime() + 7 * 86_400_000);
    else cur = new Date(Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth() + 1, cur.getUTCDate()));
  }
  out.push(to);
  return out;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
