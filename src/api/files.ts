import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { TEXT_MAX } from '../edge/limits.ts';
import { text } from '../edge/schemas.ts';
import { attachment } from '../reports/files.ts';
import { fileHeaders } from '../files/file-headers.ts';
import { attachFile, type FileParentKind, listFiles, projectFiles, readFileContent, readThumbnail, removeFile } from '../services/supporting-files.ts';
import type { AppEnv } from './env.ts';
import { errors, IdParam, json } from './evidence-schemas.ts';
import { guard } from './guard.ts';
import { FileNameSchema } from './schemas.ts';
import { readUpload } from './upload.ts';

// Supporting files (佐证材料) over HTTP (docs/design.md "Supporting files"): upload onto a record, list, download,
// thumbnail, and removal by correction. The guard checks the parent's (or the file's) unit before anything is read.

const FileSchema = z
  .object({
    id: z.number().int(),
    parent: z.object({ kind: z.enum(['entry', 'manual_value', 'assessment', 'monitoring_note']), id: z.number().int() }),
    projectId: z.number().int(),
    indicatorId: z.number().int().nullable(),
    fileName: z.string(),
    downloadName: z.string(),
    caption: z.string().nullable(),
    mediaType: z.string(),
    size: z.number().int(),
    sizeText: z.string(),
    sha256: z.string(),
    image: z.boolean(),
    hasThumbnail: z.boolean(),
    author: z.string(),
    createdAt: z.string(),
    carriedFromId: z.number().int().nullable(),
    removed: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
    url: z.string(),
    thumbnailUrl: z.string().nullable(),
  })
  .openapi('SupportingFile');

const Caption = text(TEXT_MAX.note).openapi({ description: 'What the file shows (also accepted as the multipart field `caption`)' });
const History = z.enum(['0', '1']).optional().openapi({ description: '1: include removed files (the history)' });

const PARENTS: { kind: FileParentKind; path: string; what: string }[] = [
  { kind: 'entry', path: 'entries', what: 'a log entry (its current version)' },
  { kind: 'manual_value', path: 'values', what: 'a manual value' },
  { kind: 'assessment', path: 'assessments', what: 'an assessment' },
  { kind: 'monitoring_note', path: 'monitoring-notes', what: 'a monitoring note' },
];

/** A file as multipart `file` (+ `caption`) or as the raw bytes; no text/plain: a supporting file is never text. */
const fileBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        properties: { file: { type: 'string' as const, format: 'binary' }, caption: { type: 'string' as const, maxLength: TEXT_MAX.note } },
        required: ['file'],
      },
    },
    'application/octet-stream': { schema: { type: 'string' as const, format: 'binary' } },
  },
};

function uploadRoute(kind: FileParentKind, path: string, what: string) {
  return createRoute({
    method: 'post',
    path: `/api/${path}/{id}/files`,
    tags: ['files'],
    summary: `Attach a supporting file to ${what}: an image, PDF, DOCX or XLSX judged by its content; the same bytes twice are stored once`,
    middleware: [guard('record', kind)],
    request: { params: IdParam, query: z.object({ fileName: FileNameSchema.optional(), caption: Caption.optional() }), body: fileBody },
    responses: {
      200: json(FileSchema.extend({ duplicate: z.literal(true) }), 'Already on this record'),
      201: json(FileSchema.extend({ duplicate: z.literal(false) }), 'Attached'),
      400: errors[400],
      403: errors[403],
      404: errors[404],
      409: errors[409],
      413: json(z.unknown(), 'Larger than UPLOAD_LIMIT_MB'),
    },
  });
}

function listRoute(kind: FileParentKind, path: string, what: string) {
  return createRoute({
    method: 'get',
    path: `/api/${path}/{id}/files`,
    tags: ['files'],
    summary: `The supporting files of ${what}, oldest first`,
    middleware: [guard('read', kind)],
    request: { params: IdParam, query: z.object({ history: History }) },
    responses: { 200: json(z.array(FileSchema), 'Files'), 400: errors[400], 403: errors[403], 404: errors[404] },
  });
}

const projectList = createRoute({
  method: 'get',
  path: '/api/projects/{id}/files',
  tags: ['files'],
  summary: 'Every supporting file of a project, on whichever record it sits',
  middleware: [guard('read', 'project')],
  request: { params: IdParam, query: z.object({ history: History }) },
  responses: { 200: json(z.array(FileSchema), 'Files'), 400: errors[400], 403: errors[403], 404: errors[404] },
});

const binary = (description: string) => ({ description, content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } });

const download = createRoute({
  method: 'get',
  path: '/api/files/{id}',
  tags: ['files'],
  summary: 'Download a supporting file (always as an attachment; removed files stay readable as history)',
  middleware: [guard('read', 'file')],
  request: { params: IdParam },
  responses: { 200: binary('The bytes, as uploaded'), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] },
});

const thumbnail = createRoute({
  method: 'get',
  path: '/api/files/{id}/thumbnail',
  tags: ['files'],
  summary: 'A small WebP of an image file (at most 320 px on its longest side)',
  middleware: [guard('read', 'file')],
  request: { params: IdParam },
  responses: { 200: binary('image/webp'), 400: errors[400], 403: errors[403], 404: errors[404] },
});

const removal = createRoute({
  method: 'post',
  path: '/api/files/{id}/removal',
  tags: ['files'],
  summary: 'Remove a supporting file by a correction: it leaves the lists and the package, and stays in the history with who, when and why',
  middleware: [guard('record', 'file')],
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { 'application/json': { schema: z.strictObject({ reason: text(TEXT_MAX.note, { multiline: true }) }).openapi('FileRemoval') } },
    },
  },
  responses: { 200: json(FileSchema, 'Removed'), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] },
});

const store = (c: Context<AppEnv>) => ({ filesDir: c.get('deps').config.filesDir, limitBytes: c.get('deps').config.uploadLimitBytes });

export const fileRoutes = new OpenAPIHono<AppEnv>();
for (const { kind, path, what } of PARENTS) {
  fileRoutes.openapi(uploadRoute(kind, path, what), async (c) => {
    const q = c.req.valid('query');
    const upload = await readUpload(c, q.fileName);
    const caption = q.caption ?? upload.fields.caption ?? null;
    const file = await attachFile(c.get('deps').db, store(c), { kind, id: c.req.valid('param').id }, { ...upload, caption }, c.get('actor'));
    return c.json(file as never, file.duplicate ? 200 : 201);
  });
  fileRoutes.openapi(listRoute(kind, path, what), async (c) =>
    c.json(
      await listFiles(c.get('deps').db, { kind, id: c.req.valid('param').id }, { actor: c.get('actor'), history: c.req.valid('query').history === '1' }),
      200,
    ),
  );
}
fileRoutes
  .openapi(projectList, async (c) =>
    c.json(await projectFiles(c.get('deps').db, c.req.valid('param').id, { actor: c.get('actor'), history: c.req.valid('query').history === '1' }), 200),
  )
  .openapi(download, async (c) => {
    const { file, bytes } = await readFileContent(c.get('deps').db, store(c), c.req.valid('param').id, c.get('actor'));
    return c.body(bytes as never, 200, fileHeaders(file.mediaType, attachment(file.downloadName)));
  })
  .openapi(thumbnail, async (c) => {
    const bytes = await readThumbnail(c.get('deps').db, c.req.valid('param').id, c.get('actor'));
    return c.body(bytes as never, 200, fileHeaders('image/webp', 'inline'));
  })
  .openapi(removal, async (c) => c.json(await removeFile(c.get('deps').db, c.req.valid('param').id, c.req.valid('json').reason, c.get('actor')), 200));
