import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicators, measureBindings, type Indicator } from '../../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import { measureSpecSchema, type MeasureSpec } from '../measures/spec.ts';

/** An indicator with its bound measure (parsed; null when unbound or unreadable). */
export interface BoundIndicator {
  indicator: Indicator;
  spec: MeasureSpec | null;
  /** Proposed by the importer and not yet confirmed by a person. */
  proposed: boolean;
  confirmedBy: string | null;
}

/**
 * The one loader of indicators joined to their measures: a project's active indicators in table order, or
 * one indicator (active or retired) by id.
 */
export async function loadBoundIndicators(db: Db, of: { projectId: number } | { indicatorId: number }): Promise<BoundIndicator[]> {
  const rows = await db
    .select({ indicator: indicators, spec: measureBindings.spec, proposed: measureBindings.proposed, confirmedBy: measureBindings.confirmedBy })
    .from(indicators)
    .leftJoin(measureBindings, eq(measureBindings.indicatorId, indicators.id))
    .where('projectId' in of ? and(eq(indicators.projectId, of.projectId), eq(indicators.active, true)) : eq(indicators.id, of.indicatorId))
    .orderBy(asc(indicators.position));
  return rows.map((r) => {
    const parsed = r.spec === null ? null : measureSpecSchema.safeParse(r.spec);
    return { indicator: r.indicator, spec: parsed?.success ? parsed.data : null, proposed: r.proposed ?? false, confirmedBy: r.confirmedBy ?? null };
  });
}

export async function requireBoundIndicator(db: Db, indicatorId: number): Promise<BoundIndicator> {
  const [found] = await loadBoundIndicators(db, { indicatorId });
  if (!found) throw new NotFoundError('indicator', indicatorId);
  return found;
}
