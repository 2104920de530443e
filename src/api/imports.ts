import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { shanghaiYear } from '../clock.ts';
import { ValidationError } from '../errors.ts';
import { importTargetTable, parseTargetFile } from '../services/import-targets.ts';
import type { AppEnv } from './env.ts';
import { ErrorSchema, ImportSummarySchema, ParsedTableSchema, YearSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/imports',
  tags: ['targets'],
  summary: 'Import a target table (.txt/.docx/.xlsx, or text pasted from a web page)',
  description:
    'Send a multipart form with a `file` field, or the file itself as the body (text/plain for pasted text; ' +
    'name it with `fileName`). A file with any error writes nothing. `dryRun=1` returns the parse only.',
  request: {
    query: z.object({
      year: YearSchema.optional().openapi({ description: 'Budget year for tables that do not state one; defaults to the current year (Asia/Shanghai).' }),
      dryRun: z.enum(['0', '1', 'true', 'false']).optional(),
      fileName: z.string().max(255).optional(),
    }),
    body: {
      required: true,
      content: {
        'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
        'text/plain': { schema: { type: 'string' } },
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      },
    },
  },
  responses: {
    200: { description: 'Dry run: the parse', content: { 'application/json': { schema: ParsedTableSchema } } },
    201: { description: 'Imported', content: { 'application/json': { schema: ImportSummarySchema } } },
    400: { description: 'No file in the request', content: { 'application/json': { schema: ErrorSchema } } },
    413: { description: 'File too large', content: { 'application/json': { schema: ErrorSchema } } },
    422: { description: 'Not readable as a target table; details list `{ line, message }`', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export const importRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const deps = c.get('deps');
  const query = c.req.valid('query');
  const upload = await readUpload(c, query.fileName);
  const yearGiven = query.year !== undefined;
  const request = { ...upload, year: query.year ?? shanghaiYear(deps.now()), yearGiven };
  if (query.dryRun === '1' || query.dryRun === 'true') {
    const { errors: _none, ...parsed } = await parseTargetFile(request);
    return c.json(parsed, 200);
  }
  const summary = await importTargetTable(deps.db, { ...request, importedBy: c.req.header('x-user') ?? null });
  deps.logger.info('import', { file: summary.fileName, batch: summary.batchId, projects: summary.projects.length });
  return c.json(summary, 201);
});

async function readUpload(c: Context<AppEnv>, fileName: string | undefined): Promise<{ fileName: string; bytes: Uint8Array }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.formData().catch(() => {
      throw new ValidationError('无法解析 multipart 表单');
    });
    const file = form.get('file');
    if (!(file instanceof File)) throw new ValidationError('表单中缺少文件字段 file', { field: 'file' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length === 0) throw new ValidationError('上传的文件为空', { field: 'file' });
    return { fileName: fileName ?? (file.name || 'upload'), bytes };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new ValidationError('请求体为空：请上传文件（multipart 字段 file）或直接提交文本', { field: 'body' });
  return { fileName: fileName ?? (type.startsWith('text/') ? 'pasted.txt' : 'upload'), bytes };
}
