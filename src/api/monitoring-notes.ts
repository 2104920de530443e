import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { fieldIssueWords, issuesMessage } from '../edge/issues.ts';
import { AppError, said } from '../errors.ts';
import { deviationReasons, likelihoods } from '../format/monitoring-labels.ts';
import { addMonitoringNote, listMonitoringNotes, monitoringNoteSchema, NOTE_FIELD_LABELS, readMonitoringNote } from '../services/monitoring-notes.ts';
import type { AppEnv } from './env.ts';
import { errors, IdParam, json } from './evidence-schemas.ts';
import { guard } from './guard.ts';

// 监测记录 (docs/design.md "Monitoring notes"): 完成目标可能性, 偏差原因, 整改措施 and a person's own 全年预计完成值,
// per indicator, append-only. Writing needs `record` on the indicator, as manual values do.

const MonitoringNote = z
  .object({
    id: z.number().int(),
    indicatorId: z.number().int(),
    asOf: z.string(),
    likelihood: z.enum(likelihoods),
    reasons: z.array(z.enum(deviationReasons)),
    reasonText: z.string().nullable(),
    measures: z.string().nullable(),
    forecast: z.number().nullable(),
    forecastDisplay: z.string().openapi({ description: 'The forecast in the unit the target was written in, e.g. 12.5万条; — for none' }),
    author: z.string(),
    createdAt: z.string(),
  })
  .openapi('MonitoringNote');

const addNote = createRoute({
  method: 'post',
  path: '/api/indicators/{id}/monitoring-notes',
  tags: ['measures'],
  summary: 'Add a monitoring note: 完成目标可能性, 偏差原因 (其他 needs reasonText), 整改措施, 全年预计完成值 (append-only; the newest is current)',
  middleware: [guard('record', 'indicator')],
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: monitoringNoteSchema } } } },
  responses: {
    201: json(MonitoringNote.extend({ warnings: z.array(z.string()) }), 'Recorded'),
    400: errors[400],
    404: errors[404],
    409: errors[409],
  },
});

const listNotes = createRoute({
  method: 'get',
  path: '/api/indicators/{id}/monitoring-notes',
  tags: ['measures'],
  summary: "An indicator's monitoring notes, newest first (the first is the current one)",
  middleware: [guard('read', 'indicator')],
  request: { params: IdParam },
  responses: { 200: json(z.array(MonitoringNote), 'Notes'), 400: errors[400], 404: errors[404] },
});

/**
 * A refused request names its fields in Chinese. A body is read again by the service's own reader, so one
 * answer lists every problem, 其他 without words included.
 */
function refuse(result: { success: boolean; target: string; data?: unknown; error?: { issues: readonly z.core.$ZodIssue[] } }, _c: Context<AppEnv>): undefined {
  if (result.success) return;
  if (result.target === 'json') readMonitoringNote(result.data);
  const lines = fieldIssueWords(result.error?.issues ?? [], NOTE_FIELD_LABELS);
  throw new AppError(400, 'invalid_request', issuesMessage(said(result.target === 'param' ? 'err.http.pathParams' : 'err.http.params'), lines), lines);
}

export const monitoringNoteRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    addNote,
    async (c) => c.json(await addMonitoringNote(c.get('deps').db, c.req.valid('param').id, c.req.valid('json'), { actor: c.get('actor') }), 201),
    refuse,
  )
  .openapi(listNotes, async (c) => c.json(await listMonitoringNotes(c.get('deps').db, c.req.valid('param').id, { actor: c.get('actor') }), 200), refuse);
