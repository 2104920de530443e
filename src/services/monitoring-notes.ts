import { and, desc, eq, inArray, lte } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client.ts';
import { monitoringNotes, type MonitoringNote } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { fieldError, invalidInput } from '../edge/issues.ts';
import { say } from '../edge/words.ts';
import { TEXT_MAX } from '../edge/limits.ts';
import { Day, optionalText, strictNumber } from '../edge/schemas.ts';
import { AppError, said } from '../errors.ts';
import { isInPeriod } from '../evaluation/time-share.ts';
import { formatValue } from '../format/index.ts';
import {
  deviationReasons,
  type DeviationReason,
  LIKELIHOOD_LABELS,
  type Likelihood,
  likelihoods,
  readLikelihood,
  readReason,
} from '../format/monitoring-labels.ts';
import { requireAccess } from './access.ts';
import { recordAudit } from './audit.ts';
import { requireBoundIndicator } from './bound-indicators.ts';
import { periodOf, requireProject, toIndicatorDto } from './projects.ts';

// The monitoring note a person writes on an indicator (docs/design.md "Monitoring notes"): 完成目标可能性,
// 偏差原因 (several, with words of their own for 其他), 整改措施, and optionally their own 全年预计完成值.
// Append-only: the newest note is the current one, the older ones its history.

/** The Chinese names of the note's fields, for every refusal (`偏差原因说明（reasonText）：…`). */
export const NOTE_FIELD_LABELS: Record<string, string> = {
  likelihood: '完成目标可能性',
  reasons: '偏差原因',
  reasonText: '偏差原因说明',
  measures: '整改措施',
  forecast: '全年预计完成值',
  asOf: '截至日期',
};

const LikelihoodField = z
  .unknown()
  .transform((v, ctx): Likelihood => {
    const code = typeof v === 'string' ? readLikelihood(v) : null;
    if (code === null) {
      const missing = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
      ctx.addIssue({
        code: 'custom',
        message: say(said(missing ? 'monitoring.err.likelihoodMissing' : 'monitoring.err.likelihoodWrong')),
      });
      return z.NEVER;
    }
    return code;
  })
  .openapi({ type: 'string', enum: [...likelihoods, ...likelihoods.map((l) => LIKELIHOOD_LABELS.zh[l])], description: '完成目标可能性' });

/** Any of the reasons, each once, in the table's order; absent or null is none. */
const Reasons = z
  .unknown()
  .optional()
  .transform((v, ctx): DeviationReason[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', message: say(said('monitoring.err.reasonsList')) });
      return z.NEVER;
    }
    const picked = new Set<DeviationReason>();
    for (const item of v) {
      const code = typeof item === 'string' ? readReason(item) : null;
      if (code === null) {
        const shown = typeof item === 'string' ? `「${item.slice(0, 20)}」` : String(item);
        ctx.addIssue({ code: 'custom', message: say(said('monitoring.err.reasonUnknown', { item: shown })) });
        return z.NEVER;
      }
      picked.add(code);
    }
    return deviationReasons.filter((r) => picked.has(r));
  })
  .openapi({ type: 'array', items: { type: 'string', enum: [...deviationReasons] }, description: '偏差原因（可多选）' });

/** A figure ≥ 0 in the target's normalised unit; absent, null or blank is none. */
const Forecast = z
  .unknown()
  .optional()
  .transform((v, ctx): number | null => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
    const r = strictNumber({ min: 0 }).safeParse(v);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return r.data;
  })
  .openapi({ type: ['number', 'null'], minimum: 0, description: "全年预计完成值, in the target's normalised unit (yuan, hours, percent 0–100, the count)" });

/** The day the note speaks for; blank asks for one. */
const NoteDay = z
  .unknown()
  .transform((v, ctx): string => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      ctx.addIssue({ code: 'custom', message: say(said('monitoring.err.asOfMissing')) });
      return z.NEVER;
    }
    const r = Day.safeParse(v);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return r.data;
  })
  .openapi({ type: 'string', format: 'date', example: '2024-07-01' });

/** The note as the API takes it; `readMonitoringNote` adds the rule that 其他 needs words. */
export const monitoringNoteSchema = z
  .strictObject({
    likelihood: LikelihoodField,
    reasons: Reasons,
    reasonText: optionalText(TEXT_MAX.note, { multiline: true }).openapi({ description: '偏差原因说明; required when reasons include other' }),
    measures: optionalText(TEXT_MAX.note, { multiline: true }).openapi({ description: '整改措施' }),
    forecast: Forecast,
    asOf: NoteDay,
  })
  .openapi('NewMonitoringNote');

export type MonitoringNoteInput = z.input<typeof monitoringNoteSchema>;
export type MonitoringNoteData = z.output<typeof monitoringNoteSchema>;

/** 其他 was ticked (as a code or its word) and no words came with it: judged on the input, so it is said with the rest. */
function otherWithoutText(input: unknown): boolean {
  if (!input || typeof input !== 'object') return false;
  const { reasons, reasonText } = input as { reasons?: unknown; reasonText?: unknown };
  const other = Array.isArray(reasons) && reasons.some((r) => typeof r === 'string' && readReason(r) === 'other');
  return other && (reasonText === undefined || reasonText === null || (typeof reasonText === 'string' && reasonText.trim() === ''));
}

/** The note read at the edge, or a 400 naming every field that is wrong, in Chinese. */
export function readMonitoringNote(input: unknown): MonitoringNoteData {
  const parsed = monitoringNoteSchema.safeParse(input);
  const issues: z.core.$ZodIssue[] = parsed.success ? [] : [...parsed.error.issues];
  if (otherWithoutText(input)) issues.push({ code: 'custom', path: ['reasonText'], message: say(said('monitoring.err.otherNeedsText')), input: undefined });
  if (parsed.success && issues.length === 0) return parsed.data;
  throw invalidInput(said('monitoring.err.invalid'), { issues }, NOTE_FIELD_LABELS);
}

export interface MonitoringNoteDto {
  id: number;
  indicatorId: number;
  asOf: string;
  likelihood: Likelihood;
  reasons: DeviationReason[];
  reasonText: string | null;
  measures: string | null;
  forecast: number | null;
  /** The forecast in the unit the target was written in (`12.5万条`); `—` for none. */
  forecastDisplay: string;
  author: string;
  createdAt: string;
}

type DisplayTarget = Parameters<typeof formatValue>[1];

function noteDto(r: MonitoringNote, target: DisplayTarget): MonitoringNoteDto {
  const forecast = r.forecast === null ? null : Number(r.forecast);
  return {
    id: r.id,
    indicatorId: r.indicatorId,
    asOf: r.asOf,
    likelihood: r.likelihood as Likelihood,
    reasons: r.reasons as DeviationReason[],
    reasonText: r.reasonText,
    measures: r.measures,
    forecast,
    forecastDisplay: formatValue(forecast, target),
    author: r.author,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

/** Field errors the parsed note may still have against its indicator (a percent over 100, a number on a phrase). */
function checkAgainstTarget(target: ReturnType<typeof toIndicatorDto>['target'], forecast: number | null): void {
  if (forecast === null) return;
  const label = NOTE_FIELD_LABELS.forecast;
  if (target.kind === 'qualitative' || target.normalized === null) throw fieldError('forecast', said('monitoring.err.forecastNotNumeric'), label);
  const points = (target.unit ?? '').includes('百分点');
  if (target.normalized?.unit === 'percent' && !points && forecast > 100) throw fieldError('forecast', said('monitoring.err.forecastPercent'), label);
}

/**
 * Adds a note to an indicator (needs `record` on it: staff of its unit, admins). Refused notes name each field
 * in Chinese; a note dated outside the project's period is kept, with a warning.
 */
export async function addMonitoringNote(db: Db, indicatorId: number, input: unknown, who: { actor: Actor }) {
  await requireAccess(db, who.actor, 'record', { kind: 'indicator', id: indicatorId });
  const n = readMonitoringNote(input);
  const { indicator } = await requireBoundIndicator(db, indicatorId);
  const dto = toIndicatorDto(indicator);
  if (!indicator.applicable) {
    throw new AppError(409, 'not_applicable', said('monitoring.err.notApplicable', { name: indicator.level3, target: dto.target.raw }), {
      field: 'likelihood',
    });
  }
  checkAgainstTarget(dto.target, n.forecast);
  const period = periodOf(await requireProject(db, indicator.projectId));
  const row = await db.transaction(async (t) => {
    const tx: Db = t;
    const [inserted] = await tx
      .insert(monitoringNotes)
      .values({
        indicatorId,
        asOf: n.asOf,
        likelihood: n.likelihood,
        reasons: n.reasons,
        reasonText: n.reasonText,
        measures: n.measures,
        forecast: n.forecast,
        author: who.actor.name,
      })
      .returning();
    const note = noteDto(inserted!, dto.target);
    await recordAudit(tx, who.actor, { action: 'monitoring_note.add', targetType: 'indicator', targetId: indicatorId, before: null, after: note });
    return note;
  });
  return { ...row, warnings: isInPeriod(n.asOf, period) ? [] : [`${n.asOf} 在项目期间（${period.start} 至 ${period.end}）之外：已记录，请确认日期`] };
}

/** An indicator's notes, newest first (the first is the current one). With an actor, it must be able to read it. */
export async function listMonitoringNotes(db: Db, indicatorId: number, options: { actor?: Actor } = {}): Promise<MonitoringNoteDto[]> {
  if (options.actor) await requireAccess(db, options.actor, 'read', { kind: 'indicator', id: indicatorId });
  const { indicator } = await requireBoundIndicator(db, indicatorId);
  const target = toIndicatorDto(indicator).target;
  const rows = await db
    .select()
    .from(monitoringNotes)
    .where(eq(monitoringNotes.indicatorId, indicatorId))
    .orderBy(desc(monitoringNotes.createdAt), desc(monitoringNotes.id));
  return rows.map((r) => noteDto(r, target));
}

/**
 * The current note of each of `indicatorIds` that has one (for a project page), or the latest dated on or
 * before `upTo` (for a workbook as of a day). Targets are not looked up:
 * `forecastDisplay` is the plain number here; pages that show the forecast read the indicator's history.
 */
export async function latestNotes(db: Db, indicatorIds: readonly number[], options: { upTo?: string } = {}): Promise<Map<number, MonitoringNoteDto>> {
  const out = new Map<number, MonitoringNoteDto>();
  if (indicatorIds.length === 0) return out;
  // A workbook as of a day says what was known that day: notes dated after it are not yet written.
  const until = options.upTo === undefined ? undefined : lte(monitoringNotes.asOf, options.upTo);
  const rows = await db
    .selectDistinctOn([monitoringNotes.indicatorId])
    .from(monitoringNotes)
    .where(and(inArray(monitoringNotes.indicatorId, [...indicatorIds]), until))
    .orderBy(monitoringNotes.indicatorId, desc(monitoringNotes.createdAt), desc(monitoringNotes.id));
  for (const r of rows) out.set(r.indicatorId, noteDto(r, null));
  return out;
}
