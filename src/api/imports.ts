import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { shanghaiYear } from '../clock.ts';
import { importTargetTable, parseTargetFile } from '../services/import-targets.ts';
import type { AppEnv } from './env.ts';
import { readUpload, uploadBody } from './upload.ts';
import { guard } from './guard.ts';
import { text } from '../edge/schemas.ts';
import { ErrorSchema, FileNameSchema, ImportSummarySchema, ParsedTableSchema, UnitOptionSchema, YearSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/imports',
  tags: ['targets'],
  summary: 'Import a target table (.txt/.docx/.xlsx, or text pasted from a web page)',
  description:
    'Send a multipart form with a `file` field, or the file itself as the body (text/plain for pasted text; ' +
    'name it with `fileName`). A file with any error writes nothing. `dryRun=1` returns the parse only.',
  middleware: [guard('admin')],
  request: {
    query: z.object({
      year: YearSchema.optional().openapi({ description: 'Budget year for tables that do not state one; defaults to the current year (Asia/Shanghai).' }),
      dryRun: z.enum(['0', '1', 'true', 'false']).optional(),
      fileName: FileNameSchema.optional(),
      unit: UnitOptionSchema.optional(),
      projectName: text(200).optional().openapi({ type: 'string', maxLength: 200, description: 'The name of a project the table does not name.' }),
      strict: z
        .enum(['0', '1', 'true', 'false'])
        .optional()
        .openapi({ description: 'Refuse the whole file when a project in it was cut off (by default the whole projects import and the cut one is skipped).' }),
    }),
    body: uploadBody,
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
  const options = { unit: query.unit ?? null, projectName: query.projectName ?? null, strict: query.strict === '1' || query.strict === 'true' };
  const request = { ...upload, year: query.year ?? shanghaiYear(deps.now()), yearGiven, options };
  if (query.dryRun === '1' || query.dryRun === 'true') {
    const { errors: _none, ...parsed } = await parseTargetFile(request);
    return c.json(parsed, 200);
  }
  const actor = c.get('actor');
  const summary = await importTargetTable(deps.db, { ...request, importedBy: actor.name, actor });
  deps.logger.info('import', { file: summary.fileName, batch: summary.batchId, projects: summary.projects.length });
  return c.json(summary, 201);
});
