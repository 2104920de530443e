import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicators, measureBindings } from '../../db/schema/index.ts';
import { type Message, NotFoundError, said, ValidationError } from '../errors.ts';
import { heard } from '../edge/words.ts';
import { proposeMeasure } from '../measures/propose-measure.ts';
import { isTallySum, measureSpecSchema, measureSpecVariant, type MeasureSpec } from '../measures/spec.ts';
import { rebuildMeasureDaily } from './entry-aggregates.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { recordAudit } from './audit.ts';
import { requireProject } from './projects.ts';
import { loadBoundIndicators } from './bound-indicators.ts';

export interface BindingDto {
  indicatorId: number;
  level3: string;
  description: string | null;
  measure: MeasureSpec | null;
  proposed: boolean;
  confirmedBy: string | null;
}

/** Parses a spec at the edge; errors name the field. */
export function parseMeasureSpec(input: unknown): MeasureSpec {
  const parsed = measureSpecSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const variant = measureSpecVariant(input);
  if (!variant) {
    throw new ValidationError(said('err.measure.type'), [{ field: 'type', message: said('err.measure.unknownType') }]);
  }
  const detail = variant.safeParse(input);
  const issues = detail.success ? parsed.error.issues : detail.error.issues;
  throw new ValidationError(
    said('err.measure.invalid'),
    issues.map((i) => ({ field: i.path.join('.') || 'measure', message: heard(i.message) })),
  );
}

/**
 * Proposes a binding for every active indicator of the projects that has none (docs/design.md "Measures"), in the
 * caller's transaction. Existing bindings (proposed or confirmed) are left alone.
 */
export async function proposeBindings(tx: Db, projectIds: number[]): Promise<number> {
  if (projectIds.length === 0) return 0;
  const rows = await tx
    .select({ indicator: indicators, bound: measureBindings.indicatorId })
    .from(indicators)
    .leftJoin(measureBindings, eq(measureBindings.indicatorId, indicators.id))
    .where(and(inArray(indicators.projectId, projectIds), eq(indicators.active, true)));
  let added = 0;
  for (const { indicator: i, bound } of rows) {
    if (bound !== null) continue;
    const spec = proposeMeasure({
      level1: i.level1,
      level2: i.level2,
      level3: i.level3,
      description: i.description,
      targetKind: i.targetKind,
      normalizedUnit: i.normalizedUnit,
      indicatorId: i.id,
      normalizedValue: i.normalizedValue === null ? null : Number(i.normalizedValue),
    });
    await tx.insert(measureBindings).values({ indicatorId: i.id, spec, proposed: true }).onConflictDoNothing();
    await rebuildMeasureDaily(tx, i.id, i.projectId, spec);
    added += 1;
  }
  return added;
}

export async function listBindings(db: Db, projectId: number): Promise<BindingDto[]> {
  await requireProject(db, projectId);
  return (await loadBoundIndicators(db, { projectId })).map(({ indicator: i, spec, proposed, confirmedBy }) => ({
    indicatorId: i.id,
    level3: i.level3,
    description: i.description,
    measure: spec,
    proposed,
    confirmedBy,
  }));
}

/**
 * Binds (or rebinds) an indicator's measure as confirmed by a person, rebuilds its aggregates, and records
 * the change (before → after) in the audit log. `by` is the actor, or (older callers) a name.
 */
export async function setBinding(db: Db, indicatorId: number, spec: MeasureSpec | null, by: Actor | string | null): Promise<BindingDto> {
  const actor: Actor = typeof by === 'object' && by !== null ? by : { ...systemActor, name: by ?? systemActor.name };
  const author = actor.name;
  return db.transaction(async (t) => {
    const tx: Db = t;
    const [i] = await tx.select().from(indicators).where(eq(indicators.id, indicatorId));
    if (!i) throw new NotFoundError('indicator', indicatorId);
    const [old] = await tx.select({ spec: measureBindings.spec }).from(measureBindings).where(eq(measureBindings.indicatorId, indicatorId));
    const audit = (after: MeasureSpec | null) =>
      recordAudit(tx, actor, {
        action: 'indicator.measure',
        targetType: 'indicator',
        targetId: indicatorId,
        before: { measure: old?.spec ?? null },
        after: { measure: after },
      });
    if (spec === null) {
      await tx.delete(measureBindings).where(eq(measureBindings.indicatorId, indicatorId));
      await rebuildMeasureDaily(tx, indicatorId, i.projectId, { type: 'manual' });
      await audit(null);
      return { indicatorId, level3: i.level3, description: i.description, measure: null, proposed: false, confirmedBy: null };
    }
    if (spec.type === 'ratio' && spec.source === 'tallies') await checkTallyPair(tx, i, spec);
    await tx
      .insert(measureBindings)
      .values({ indicatorId, spec, proposed: false, confirmedBy: author })
      .onConflictDoUpdate({ target: measureBindings.indicatorId, set: { spec, proposed: false, confirmedBy: author, updatedAt: sql`now()` } });
    await rebuildMeasureDaily(tx, indicatorId, i.projectId, spec);
    await audit(spec);
    return { indicatorId, level3: i.level3, description: i.description, measure: spec, proposed: false, confirmedBy: author };
  });
}

/**
 * A ratio of tallies (docs/design.md "Tallies") reads two other indicators of the same project, each the sum of
 * its own tallies; anything else would be a percentage of numbers that do not belong together.
 */
async function checkTallyPair(tx: Db, self: { id: number; projectId: number }, spec: Extract<MeasureSpec, { source: 'tallies' }>): Promise<void> {
  const problems: { field: string; message: Message }[] = [];
  const ids = [spec.numerator, spec.denominator];
  const rows = await tx
    .select({ id: indicators.id, projectId: indicators.projectId, level3: indicators.level3, active: indicators.active, spec: measureBindings.spec })
    .from(indicators)
    .leftJoin(measureBindings, eq(measureBindings.indicatorId, indicators.id))
    .where(inArray(indicators.id, ids));
  for (const field of ['numerator', 'denominator'] as const) {
    const id = spec[field];
    const row = rows.find((r) => r.id === id);
    if (id === self.id) problems.push({ field, message: said('err.measure.tallySelf') });
    else if (!row || row.projectId !== self.projectId || !row.active) problems.push({ field, message: said('err.measure.tallyOtherProject', { id }) });
    else if (!isTallySum(row.spec)) problems.push({ field, message: said('err.measure.tallyNotTallied', { name: row.level3 }) });
  }
  if (spec.numerator === spec.denominator) problems.push({ field: 'denominator', message: said('err.measure.tallySame') });
  if (problems.length > 0) throw new ValidationError(said('err.measure.invalid'), problems);
}
