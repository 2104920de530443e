import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { assessments, indicators, manualValues } from '../../db/schema/index.ts';
import { AppError, NotFoundError, ValidationError } from '../errors.ts';
import { validateQualitativeScore } from '../evaluation/index.ts';
import type { QualitativeTier } from '../evaluation/types.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD');

export const manualValueSchema = z.object({
  value: z.coerce.number().finite({ message: '应为数值' }),
  asOf: isoDate,
  note: z.string().trim().max(2000).optional().nullable(),
  evidenceUrl: z.string().trim().max(2000).optional().nullable(),
  /** The manual value this one corrects. */
  supersedes: z.number().int().positive().optional().nullable(),
});

const tierAliases: Record<string, QualitativeTier> = {
  achieved: 'achieved', 达成: 'achieved', partial: 'partial', 部分达成: 'partial', not_achieved: 'not_achieved', 未达成: 'not_achieved',
};

export const assessmentSchema = z.object({
  tier: z.string().transform((v, ctx) => {
    const tier = tierAliases[v.trim()];
    if (!tier) {
      ctx.addIssue({ code: 'custom', message: '应为 达成 / 部分达成 / 未达成（achieved / partial / not_achieved）' });
      return z.NEVER;
    }
    return tier;
  }),
  score: z.coerce.number().finite().min(0).max(100),
  asOf: isoDate,
  note: z.string().trim().max(2000).optional().nullable(),
  supersedes: z.number().int().positive().optional().nullable(),
});

function issues(err: z.ZodError) {
  return err.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

async function requireIndicator(db: Db, id: number) {
  const [i] = await db.select().from(indicators).where(eq(indicators.id, id));
  if (!i) throw new NotFoundError('indicator', id);
  return i;
}

export async function addManualValue(db: Db, indicatorId: number, input: unknown, who: { author: string | null; source: string }) {
  const parsed = manualValueSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('人工填报数值无效', issues(parsed.error));
  await requireIndicator(db, indicatorId);
  const v = parsed.data;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    if (v.supersedes) await requireCurrent(tx, manualValues, v.supersedes, indicatorId, '人工填报值');
    const [row] = await tx
      .insert(manualValues)
      .values({
        indicatorId, value: String(v.value), asOf: v.asOf, note: v.note ?? null, evidenceUrl: v.evidenceUrl ?? null,
        author: who.author, source: who.source, supersedesId: v.supersedes ?? null,
      })
      .returning();
    return { ...row!, value: Number(row!.value) };
  });
}

export async function addAssessment(db: Db, indicatorId: number, input: unknown, who: { author: string | null }) {
  const parsed = assessmentSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('定性评价无效', issues(parsed.error));
  const i = await requireIndicator(db, indicatorId);
  if (i.targetKind !== 'qualitative') {
    throw new AppError(400, 'not_qualitative', `指标「${i.level3}」是定量指标，其完成值来自度量，不能按定性档次评价`, { field: 'tier' });
  }
  const a = parsed.data;
  const outOfBand = validateQualitativeScore(a.tier, a.score);
  if (outOfBand) throw new ValidationError(outOfBand, [{ field: 'score', message: outOfBand }]);
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    if (a.supersedes) await requireCurrent(tx, assessments, a.supersedes, indicatorId, '定性评价');
    const [row] = await tx
      .insert(assessments)
      .values({ indicatorId, tier: a.tier, score: String(a.score), asOf: a.asOf, note: a.note ?? null, author: who.author, supersedesId: a.supersedes ?? null })
      .returning();
    return { ...row!, score: Number(row!.score) };
  });
}

async function requireCurrent(tx: Db, table: typeof manualValues | typeof assessments, id: number, indicatorId: number, what: string) {
  const [old] = await tx.select({ id: table.id, indicatorId: table.indicatorId }).from(table).where(eq(table.id, id));
  if (!old || old.indicatorId !== indicatorId) throw new AppError(404, 'not_found', `该指标没有编号为 ${id} 的${what}`, { field: 'supersedes' });
  const [newer] = await tx.select({ id: table.id }).from(table).where(eq(table.supersedesId, id));
  if (newer) throw new AppError(409, 'superseded', `${what} ${id} 已被 ${newer.id} 更正，请更正最新版本`, { supersededBy: newer.id });
}

export async function listManualValues(db: Db, indicatorId: number) {
  const rows = await db.select().from(manualValues).where(eq(manualValues.indicatorId, indicatorId)).orderBy(desc(manualValues.asOf), desc(manualValues.id));
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

/** A person confirms the reading of a target imported with a warning; it is then scored. */
export async function confirmIndicator(db: Db, indicatorId: number, author: string) {
  const i = await requireIndicator(db, indicatorId);
  if (!author.trim()) throw new ValidationError('确认须注明确认人', { field: 'by' });
  await db.update(indicators).set({ confirmedBy: author.trim(), confirmedAt: sql`now()` }).where(eq(indicators.id, i.id));
  return { id: i.id, confirmedBy: author.trim() };
}
