import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicators, projects, units, type Indicator, type Project, type Unit } from '../../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import type { Comparator, Target } from '../targets/types.ts';

export interface UnitDto {
  id: number;
  code: string | null;
  name: string;
  projectCount: number;
}

export interface ProjectSummaryDto {
  id: number;
  name: string;
  year: number;
  unit: { id: number; code: string | null; name: string };
  period: { start: string; end: string };
  budget: { total: number | null; fiscal: number | null; other: number | null; unit: 'yuan' };
  indicatorCount: number;
}

export interface IndicatorDto {
  id: number;
  position: number;
  level1: string;
  level2: string;
  level3: string;
  description: string | null;
  target: Target;
  weight: number | null;
  applicable: boolean;
  needsReview: boolean;
  confirmed: { by: string; at: string } | null;
  warnings: string[];
}

export interface ProjectDetailDto extends ProjectSummaryDto {
  purpose: string | null;
  goals: string[];
  budgetWeight: number | null;
  indicators: IndicatorDto[];
}

/** Units with their project counts; `unitId` narrows to one (a user's unit), null = all. */
export async function listUnits(db: Db, unitId: number | null = null): Promise<UnitDto[]> {
  const rows = await db
    .select({ id: units.id, code: units.code, name: units.name, projectCount: count(projects.id) })
    .from(units)
    .leftJoin(projects, eq(projects.unitId, units.id))
    .where(unitId === null ? undefined : eq(units.id, unitId))
    .groupBy(units.id)
    .orderBy(asc(units.name));
  return rows.map((r) => ({ ...r, projectCount: Number(r.projectCount) }));
}

/** Projects, optionally of one year and one unit (a user's unit; null or absent = all). */
export async function listProjects(db: Db, filter: { year?: number; unitId?: number | null } = {}): Promise<ProjectSummaryDto[]> {
  const activeCount = db
    .select({ projectId: indicators.projectId, n: count().as('n') })
    .from(indicators)
    .where(eq(indicators.active, true))
    .groupBy(indicators.projectId)
    .as('ic');
  const rows = await db
    .select({ project: projects, unit: units, indicatorCount: sql<number>`coalesce(${activeCount.n}, 0)` })
    .from(projects)
    .innerJoin(units, eq(units.id, projects.unitId))
    .leftJoin(activeCount, eq(activeCount.projectId, projects.id))
    .where(
      and(
        filter.year === undefined ? undefined : eq(projects.year, filter.year),
        filter.unitId === undefined || filter.unitId === null ? undefined : eq(projects.unitId, filter.unitId),
      ),
    )
    .orderBy(asc(projects.year), asc(units.name), asc(projects.id));
  return rows.map((r) => toSummary(r.project, r.unit, Number(r.indicatorCount)));
}

/** The one lookup of a project row by id; 404 when there is none. */
export async function requireProject(db: Db, id: number): Promise<Project> {
  const [p] = await db.select().from(projects).where(eq(projects.id, id));
  if (!p) throw new NotFoundError('project', id);
  return p;
}

/** A project's period as the rules take it. */
export function periodOf(p: Pick<Project, 'periodStart' | 'periodEnd'>): { start: string; end: string } {
  return { start: p.periodStart, end: p.periodEnd };
}

export async function getProject(db: Db, id: number): Promise<ProjectDetailDto> {
  const [row] = await db.select({ project: projects, unit: units }).from(projects).innerJoin(units, eq(units.id, projects.unitId)).where(eq(projects.id, id));
  if (!row) throw new NotFoundError('project', id);
  const list = await db
    .select()
    .from(indicators)
    .where(and(eq(indicators.projectId, id), eq(indicators.active, true)))
    .orderBy(asc(indicators.position));
  return {
    ...toSummary(row.project, row.unit, list.length),
    purpose: row.project.purpose,
    goals: row.project.goals,
    budgetWeight: numOrNull(row.project.budgetWeight),
    indicators: list.map(toIndicatorDto),
  };
}

function toSummary(p: Project, u: Unit, indicatorCount: number): ProjectSummaryDto {
  return {
    id: p.id,
    name: p.name,
    year: p.year,
    unit: { id: u.id, code: u.code, name: u.name },
    period: { start: p.periodStart, end: p.periodEnd },
    budget: { total: numOrNull(p.budgetTotal), fiscal: numOrNull(p.budgetFiscal), other: numOrNull(p.budgetOther), unit: 'yuan' },
    indicatorCount,
  };
}

export function toIndicatorDto(i: Indicator): IndicatorDto {
  const normalizedValue = numOrNull(i.normalizedValue);
  const rangeMin = numOrNull(i.rangeMin);
  const rangeMax = numOrNull(i.rangeMax);
  return {
    id: i.id,
    position: i.position,
    level1: i.level1,
    level2: i.level2,
    level3: i.level3,
    description: i.description,
    target: {
      raw: i.targetRaw,
      kind: i.targetKind,
      comparator: (i.comparator as Comparator | null) ?? null,
      inferred: i.comparatorInferred,
      value: numOrNull(i.targetValue),
      unit: i.targetUnit,
      normalized: normalizedValue === null || i.normalizedUnit === null ? null : { value: normalizedValue, unit: i.normalizedUnit },
      text: i.targetText,
      range: rangeMin === null || rangeMax === null ? null : { low: rangeMin, high: rangeMax },
      deadline: i.deadline,
    },
    weight: numOrNull(i.weight),
    applicable: i.applicable,
    needsReview: i.needsReview,
    confirmed: i.confirmedBy && i.confirmedAt ? { by: i.confirmedBy, at: new Date(i.confirmedAt).toISOString() } : null,
    warnings: i.warnings,
  };
}

function numOrNull(v: string | null): number | null {
  return v === null ? null : Number(v);
}
