import { desc, eq, sql } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client.ts';
import { assessments, indicators, manualValues, measureBindings, measureDaily, type Indicator } from '../../db/schema/index.ts';
import { fieldError, invalidInput } from '../edge/issues.ts';
import { Day, HttpUrl, Id, Note, strictNumber } from '../edge/schemas.ts';
import { AppError, type Said, said, ValidationError } from '../errors.ts';
import { isCap, qualitativeBands, validateQualitativeScore } from '../evaluation/index.ts';
import { isInPeriod } from '../evaluation/time-share.ts';
import type { QualitativeTier } from '../evaluation/types.ts';
import { formatValue } from '../format/index.ts';
import { isTallySum, type MeasureSpec } from '../measures/spec.ts';
import { outsideMessage } from './entries.ts';
import { periodOf, requireProject, toIndicatorDto } from './projects.ts';
import { requireBoundIndicator } from './bound-indicators.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { recordAudit } from './audit.ts';
import { carryFiles } from './supporting-files.ts';
import { rebuildMeasureDaily } from './entry-aggregates.ts';
import { say } from '../edge/words.ts';

/** A person's figure for an indicator, in the target's normalised unit (yuan, hours, percent 0–100, the count). */
export const manualValueSchema = z
  .strictObject({
    value: strictNumber().openapi({ description: "In the target's normalised unit: yuan, hours, percent 0–100, or the count" }),
    asOf: Day,
    note: Note,
    evidenceUrl: HttpUrl.nullish(),
    /** The manual value this one corrects. */
    supersedes: Id.optional(),
  })
  .openapi('NewManualValue');

const tierAliases: Record<string, QualitativeTier> = {
  achieved: 'achieved',
  达成: 'achieved',
  partial: 'partial',
  部分达成: 'partial',
  not_achieved: 'not_achieved',
  未达成: 'not_achieved',
};

export const assessmentSchema = z
  .strictObject({
    tier: z
      .string()
      .transform((v, ctx) => {
        const tier = tierAliases[v.trim()];
        if (!tier) {
          ctx.addIssue({ code: 'custom', message: '应为 达成 / 部分达成 / 未达成（achieved / partial / not_achieved）' });
          return z.NEVER;
        }
        return tier;
      })
      .openapi({ type: 'string', enum: ['达成', '部分达成', '未达成', 'achieved', 'partial', 'not_achieved'] }),
    score: strictNumber({ min: 0, max: 100 }).openapi({ description: '0–100 within the tier’s band: 达成 [80,100], 部分达成 [60,80), 未达成 [0,60)' }),
    asOf: Day,
    note: Note,
    supersedes: Id.optional(),
  })
  .openapi('NewAssessment');

/** An indicator with its measure and its project's period. */
async function requireIndicator(db: Db, id: number) {
  const { indicator, spec, proposed } = await requireBoundIndicator(db, id);
  return { indicator, spec, proposed, period: periodOf(await requireProject(db, indicator.projectId)) };
}

/**
 * A count the importer proposed to measure by its tallies, before anyone confirmed that or logged a tally,
 * is still open: a person typing a figure for it decides it is measured by hand (docs/design.md "Tallies").
 */
async function openTallyProposal(db: Db, indicatorId: number, spec: MeasureSpec | null, proposed: boolean): Promise<boolean> {
  if (!proposed || !isTallySum(spec)) return false;
  const [logged] = await db.select({ n: sql<number>`count(*)::int` }).from(measureDaily).where(eq(measureDaily.indicatorId, indicatorId));
  return Number(logged?.n ?? 0) === 0;
}

/** Written outside the project's period: stored, with a warning that it will not count. */
function periodWarnings(asOf: string, period: { start: string; end: string }): string[] {
  return isInPeriod(asOf, period) ? [] : [outsideMessage(asOf, period)];
}

/** validateQualitativeScore's refusal, in catalogue words. */
function outOfBandWords(tier: keyof typeof qualitativeBands, score: number): Said {
  const band = qualitativeBands[tier];
  const upper = said(band.maxInclusive ? 'err.band.inclusive' : 'err.band.exclusive', { max: band.max });
  return said('err.assessment.outOfBand', { tier: said(`err.tier.${tier}`), min: band.min, max: band.max, upper, score: String(score) });
}

const measureHint = (id: number) => said('err.manual.measureHint', { id });

/**
 * Whether a manual figure fits its indicator (docs/design.md "Evidence"): only a manual measure takes
 * one, except a 0 on a cap measured from facts (a person attesting that nothing happened); the value must
 * lie in the unit's range (percent 0–100, nothing negative but a percent-point change).
 */
function checkManualValue(i: Indicator, spec: MeasureSpec | null, value: number): void {
  const target = toIndicatorDto(i).target;
  if (!i.applicable) throw new AppError(409, 'not_applicable', said('err.manual.notApplicable', { name: i.level3, target: target.raw }), { field: 'value' });
  if (target.kind === 'qualitative') {
    throw new AppError(409, 'qualitative_target', said('err.manual.qualitative', { name: i.level3, id: i.id }), {
      field: 'value',
    });
  }
  const cap = target.comparator !== null && target.normalized !== null && isCap(target.comparator, target.normalized.value);
  if (spec === null || spec.type !== 'manual') {
    if (spec !== null && cap && value === 0) return;
    const params = { name: i.level3, type: spec?.type ?? '', hint: measureHint(i.id), zero: cap ? said('err.manual.zero') : '' };
    throw new AppError(409, 'measure_not_manual', said(spec === null ? 'err.manual.noMeasure' : 'err.manual.otherMeasure', params), {
      field: 'value',
      measure: spec?.type ?? null,
    });
  }
  const unit = target.normalized?.unit ?? null;
  const points = (target.unit ?? '').includes('百分点');
  if (unit === 'percent' && !points && (value < 0 || value > 100)) {
    throw fieldError('value', said('err.manual.percent'));
  }
  if (points && (value < -100 || value > 100)) {
    throw fieldError('value', said('err.manual.points'));
  }
  if (!points && value < 0) throw fieldError('value', said('err.field.negative'));
}

export async function addManualValue(
  db: Db,
  indicatorId: number,
  input: z.input<typeof manualValueSchema>,
  who: { author: string | null; source: string; actor?: Actor },
) {
  const parsed = manualValueSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(said('err.manual.invalid'), parsed.error);
  const { indicator, period, spec, proposed } = await requireIndicator(db, indicatorId);
  const v = parsed.data;
  const toManual = await openTallyProposal(db, indicatorId, spec, proposed);
  checkManualValue(indicator, toManual ? { type: 'manual' } : spec, v.value);
  const row = await db.transaction(async (t) => {
    const tx: Db = t;
    if (toManual) {
      const manual: MeasureSpec = { type: 'manual' };
      await tx
        .update(measureBindings)
        .set({ spec: manual, proposed: false, confirmedBy: who.author, updatedAt: sql`now()` })
        .where(eq(measureBindings.indicatorId, indicatorId));
      await rebuildMeasureDaily(tx, indicatorId, indicator.projectId, manual);
      await recordAudit(tx, who.actor ?? nameActor(who.author), {
        action: 'indicator.measure',
        targetType: 'indicator',
        targetId: indicatorId,
        before: { measure: spec },
        after: { measure: manual, reason: 'manual value' },
      });
    }
    if (v.supersedes) await requireCurrent(tx, manualValues, v.supersedes, indicatorId, said('err.noun.manualValue'));
    const [inserted] = await tx
      .insert(manualValues)
      .values({
        indicatorId,
        value: String(v.value),
        asOf: v.asOf,
        note: v.note ?? null,
        evidenceUrl: v.evidenceUrl ?? null,
        author: who.author,
        source: who.source,
        supersedesId: v.supersedes ?? null,
      })
      .returning();
    if (v.supersedes) await carryFiles(tx, 'manual_value', v.supersedes, inserted!.id);
    await recordAudit(tx, who.actor ?? nameActor(who.author), {
      action: 'value.add',
      targetType: 'indicator',
      targetId: indicatorId,
      before: v.supersedes ? { supersedes: v.supersedes } : null,
      after: manualValueDto(inserted!),
    });
    return inserted!;
  });
  const target = toIndicatorDto(indicator).target;
  const switched = toManual ? [say(said('err.manual.fromTallies', { name: indicator.level3 }))] : [];
  return { ...manualValueDto(row), display: formatValue(Number(row.value), target), warnings: [...switched, ...periodWarnings(v.asOf, period)] };
}

export async function addAssessment(db: Db, indicatorId: number, input: z.input<typeof assessmentSchema>, who: { author: string | null; actor?: Actor }) {
  const parsed = assessmentSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(said('err.assessment.invalid'), parsed.error);
  const { indicator: i, period } = await requireIndicator(db, indicatorId);
  if (i.targetKind !== 'qualitative') {
    throw new AppError(409, 'not_qualitative', said('err.assessment.quantitative', { name: i.level3 }), { field: 'tier' });
  }
  if (!i.applicable) throw new AppError(409, 'not_applicable', said('err.assessment.notApplicable', { name: i.level3 }), { field: 'tier' });
  const a = parsed.data;
  const outOfBand = validateQualitativeScore(a.tier, a.score);
  if (outOfBand) throw new ValidationError(outOfBandWords(a.tier, a.score), [{ field: 'score', message: outOfBandWords(a.tier, a.score) }]);
  const row = await db.transaction(async (t) => {
    const tx: Db = t;
    if (a.supersedes) await requireCurrent(tx, assessments, a.supersedes, indicatorId, said('err.noun.assessment'));
    const [inserted] = await tx
      .insert(assessments)
      .values({ indicatorId, tier: a.tier, score: String(a.score), asOf: a.asOf, note: a.note ?? null, author: who.author, supersedesId: a.supersedes ?? null })
      .returning();
    if (a.supersedes) await carryFiles(tx, 'assessment', a.supersedes, inserted!.id);
    await recordAudit(tx, who.actor ?? nameActor(who.author), {
      action: 'assessment.add',
      targetType: 'indicator',
      targetId: indicatorId,
      before: a.supersedes ? { supersedes: a.supersedes } : null,
      after: assessmentDto(inserted!),
    });
    return inserted!;
  });
  return { ...assessmentDto(row), warnings: periodWarnings(a.asOf, period) };
}

async function requireCurrent(tx: Db, table: typeof manualValues | typeof assessments, id: number, indicatorId: number, what: Said) {
  // Locked until the correction commits: a file being attached to the old version waits, then finds it corrected.
  const [old] = await tx.select({ id: table.id, indicatorId: table.indicatorId }).from(table).where(eq(table.id, id)).for('update');
  if (!old || old.indicatorId !== indicatorId) throw new AppError(404, 'not_found', said('err.supersedes.none', { id, what }), { field: 'supersedes' });
  const [newer] = await tx.select({ id: table.id }).from(table).where(eq(table.supersedesId, id));
  if (newer) throw new AppError(409, 'superseded', said('err.supersedes.newer', { id, what, newer: newer.id }), { supersededBy: newer.id });
}

function manualValueDto(r: typeof manualValues.$inferSelect) {
  return {
    id: r.id,
    indicatorId: r.indicatorId,
    value: Number(r.value),
    asOf: r.asOf,
    note: r.note,
    evidenceUrl: r.evidenceUrl,
    author: r.author,
    source: r.source,
    supersedesId: r.supersedesId,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

function assessmentDto(r: typeof assessments.$inferSelect) {
  return {
    id: r.id,
    indicatorId: r.indicatorId,
    tier: r.tier,
    score: Number(r.score),
    asOf: r.asOf,
    note: r.note,
    author: r.author,
    supersedesId: r.supersedesId,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

export async function listManualValues(db: Db, indicatorId: number) {
  const { indicator } = await requireIndicator(db, indicatorId);
  const target = toIndicatorDto(indicator).target;
  const rows = await db.select().from(manualValues).where(eq(manualValues.indicatorId, indicatorId)).orderBy(desc(manualValues.asOf), desc(manualValues.id));
  return rows.map((r) => ({ ...manualValueDto(r), display: formatValue(Number(r.value), target) }));
}

/** A person confirms the reading of a target imported with a warning; it is then scored. The confirmer is the actor. */
export async function confirmIndicator(db: Db, indicatorId: number, actor: Actor) {
  const { indicator: i } = await requireIndicator(db, indicatorId);
  await db.transaction(async (t) => {
    const tx: Db = t;
    await tx.update(indicators).set({ confirmedBy: actor.name, confirmedAt: sql`now()` }).where(eq(indicators.id, i.id));
    await recordAudit(tx, actor, {
      action: 'indicator.confirm',
      targetType: 'indicator',
      targetId: i.id,
      before: { confirmedBy: i.confirmedBy, target: i.targetRaw },
      after: { confirmedBy: actor.name, target: i.targetRaw },
    });
  });
  return { id: i.id, confirmedBy: actor.name };
}

/** Older callers name an author only; they act as that name. */
function nameActor(name: string | null): Actor {
  return { ...systemActor, name: name ?? systemActor.name };
}
