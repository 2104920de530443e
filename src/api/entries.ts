import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { EntryKind } from '../evidence/entry-kinds.ts';
import { addValidEntries, correctEntry, listEntries } from '../services/entries.ts';
import { importEntryFile } from '../services/import-entries.ts';
import type { AppEnv } from './env.ts';
import { DateString, EntryKindSchema, EntrySchema, errors, IdParam, json, NewEntrySchema, Paging } from './evidence-schemas.ts';
import { readUpload } from './upload.ts';
import { guard } from './guard.ts';
import { FileNameSchema } from './schemas.ts';
import { ProjectRef, text } from '../edge/schemas.ts';
import { TEXT_MAX } from '../edge/limits.ts';
import { whoFrom } from './who.ts';

const create = createRoute({
  method: 'post',
  path: '/api/projects/{id}/entries',
  tags: ['evidence'],
  summary: 'Log one entry or an array of entries (all or nothing)',
  middleware: [guard('record', 'project')],
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: z.union([NewEntrySchema, z.array(NewEntrySchema).min(1).max(5000)]) } } },
  },
  responses: {
    201: json(
      z.object({
        inserted: z.array(z.number().int()),
        duplicates: z.number().int(),
        outsidePeriod: z.array(z.object({ index: z.number().int(), day: z.string(), message: z.string() })).openapi({
          description: 'Entries dated outside the project period: stored, but they do not count toward any indicator.',
        }),
      }),
      'Written; duplicates already stored',
    ),
    400: errors[400],
    404: errors[404],
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/projects/{id}/entries',
  tags: ['evidence'],
  summary: 'Entries of a project, newest first; `history=1` includes superseded versions',
  middleware: [guard('read', 'project')],
  request: {
    params: IdParam,
    query: z.object({
      kind: EntryKindSchema.optional(),
      from: DateString.optional(),
      to: DateString.optional(),
      history: z.enum(['0', '1']).optional(),
      ...Paging,
    }),
  },
  responses: { 200: json(z.object({ total: z.number().int(), items: z.array(EntrySchema) }), 'Entries'), 400: errors[400], 404: errors[404] },
});

const correct = createRoute({
  method: 'post',
  path: '/api/entries/{id}/corrections',
  tags: ['evidence'],
  summary: 'Correct (or withdraw) an entry: a new entry supersedes it; the old one stays as history',
  middleware: [guard('record', 'entry')],
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .strictObject({
              fields: z.record(z.string().max(64), z.unknown()).optional().openapi({ description: 'Changed fields of the entry’s kind; the rest stay' }),
              voided: z.boolean().optional(),
              reason: text(TEXT_MAX.note, { multiline: true }),
            })
            .openapi('EntryCorrection'),
        },
      },
    },
  },
  responses: { 201: json(EntrySchema, 'The correcting entry'), 400: errors[400], 404: errors[404], 409: errors[409] },
});

const bulk = createRoute({
  method: 'post',
  path: '/api/entries/import',
  tags: ['evidence'],
  summary: 'Import a JSON Lines, CSV or .xlsx file of entries; any bad row rejects the whole file; every project must be of the caller’s unit',
  middleware: [guard('record')],
  request: {
    query: z.object({ project: ProjectRef.optional(), kind: EntryKindSchema.optional(), fileName: FileNameSchema.optional() }),
    body: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } },
  },
  responses: {
    201: json(
      z.object({
        fileName: z.string(),
        rows: z.number().int(),
        inserted: z.number().int(),
        duplicates: z.number().int(),
        projects: z.array(z.object({ id: z.number().int(), name: z.string(), inserted: z.number().int() })),
        outsidePeriod: z.array(z.object({ row: z.number().int(), day: z.string(), message: z.string() })),
      }),
      'Imported',
    ),
    400: errors[400],
    403: errors[403],
    422: errors[422],
  },
});

export const entryRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => {
    const deps = c.get('deps');
    const body = c.req.valid('json');
    // Each item passed its kind's schema in the route's validator (NewEntrySchema).
    const items = (Array.isArray(body) ? body : [body]).map(({ kind, id, ...fields }) => ({
      kind: kind as EntryKind,
      fields,
      externalId: id === undefined || id === null ? null : String(id),
    }));
    const result = await addValidEntries(deps.db, c.req.valid('param').id, items, whoFrom(c, 'manual'));
    return c.json(result, 201);
  })
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const result = await listEntries(c.get('deps').db, c.req.valid('param').id, {
      kind: q.kind as EntryKind | undefined,
      from: q.from,
      to: q.to,
      history: q.history === '1',
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(result, 200);
  })
  .openapi(correct, async (c) => {
    const body = c.req.valid('json');
    const row = await correctEntry(c.get('deps').db, c.req.valid('param').id, body, whoFrom(c, 'manual'));
    return c.json(row, 201);
  })
  .openapi(bulk, async (c) => {
    const q = c.req.valid('query');
    const upload = await readUpload(c, q.fileName);
    const who = whoFrom(c, 'import');
    const summary = await importEntryFile(c.get('deps').db, {
      ...upload,
      project: q.project ?? null,
      kind: q.kind as EntryKind | undefined,
      author: who.author,
      now: who.now,
      actor: who.actor,
    });
    return c.json(summary, 201);
  });
