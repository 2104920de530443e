import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { shanghaiDate } from '../clock.ts';
import { workbookHeaders, XLSX_TYPE, ZIP_TYPE } from '../reports/files.ts';
import { officialWorkbook, type OfficialTableKind, type TablesScopeRef } from '../services/official-tables.ts';
import type { AppEnv } from './env.ts';
import { DateString, errors, IdParam } from './evidence-schemas.ts';
import { guard } from './guard.ts';
import { projectPackageDownload } from './package-download.ts';
import { YearSchema } from './schemas.ts';

// The official workbooks as downloads (docs/design.md "Official tables"): the same service as the CLI and the
// project page's buttons, so the cells hold the progress answer's numbers for the same day.

const KIND_WORDS: Record<OfficialTableKind, string> = {
  selfeval: 'The self-evaluation table (项目支出绩效自评表)',
  monitoring: 'The monitoring table (绩效监控表)',
};

const xlsxResponse = (description: string) => ({
  description,
  content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } },
});

function projectRoute(kind: OfficialTableKind) {
  return createRoute({
    method: 'get',
    path: `/api/projects/{id}/${kind}.xlsx`,
    tags: ['reports'],
    summary: `${KIND_WORDS[kind]} of one project as an XLSX workbook`,
    middleware: [guard('read', 'project')],
    request: { params: IdParam, query: z.object({ asOf: DateString.optional() }) },
    responses: { 200: xlsxResponse('The workbook'), 400: errors[400], 403: errors[403], 404: errors[404] },
  });
}

function unitRoute(kind: OfficialTableKind) {
  return createRoute({
    method: 'get',
    path: `/api/units/{id}/${kind}.xlsx`,
    tags: ['reports'],
    summary: `${KIND_WORDS[kind]} of every project of a unit in one year, a sheet per project`,
    middleware: [guard('read', 'unit')],
    request: {
      params: IdParam,
      query: z.object({
        asOf: DateString.optional(),
        year: YearSchema.optional().openapi({ description: 'Default: the year of asOf, else the latest year the unit has projects in' }),
      }),
    },
    responses: { 200: xlsxResponse('The workbook'), 400: errors[400], 403: errors[403], 404: errors[404] },
  });
}

async function download(c: Context<AppEnv>, kind: OfficialTableKind, scope: TablesScopeRef, asOf: string | undefined) {
  const deps = c.get('deps');
  const book = await officialWorkbook(deps.db, kind, scope, { asOf, today: shanghaiDate(deps.now()), settings: deps.config.evaluation, reader: deps.progress });
  return c.body(book.bytes as never, 200, workbookHeaders(book.fileName));
}

const kinds: OfficialTableKind[] = ['selfeval', 'monitoring'];

export const reportRoutes = new OpenAPIHono<AppEnv>();
for (const kind of kinds) {
  reportRoutes.openapi(projectRoute(kind), (c) => download(c, kind, { projectId: c.req.valid('param').id }, c.req.valid('query').asOf) as never);
  reportRoutes.openapi(
    unitRoute(kind),
    (c) => download(c, kind, { unitId: c.req.valid('param').id, year: c.req.valid('query').year }, c.req.valid('query').asOf) as never,
  );
}

const packageRoute = createRoute({
  method: 'get',
  path: '/api/projects/{id}/package.zip',
  tags: ['reports'],
  summary:
    'The self-evaluation package of one project (自评材料包): both workbooks, every current supporting file under 佐证材料/<row> <indicator path>/ numbered as the self-evaluation table numbers its indicator rows, and 索引.xlsx listing each file with its path and SHA-256',
  middleware: [guard('read', 'project')],
  request: { params: IdParam, query: z.object({ asOf: DateString.optional() }) },
  responses: {
    200: { description: 'The zip (streamed)', content: { [ZIP_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
    400: errors[400],
    403: errors[403],
    404: errors[404],
  },
});

reportRoutes.openapi(packageRoute, async (c) => {
  const download = await projectPackageDownload(c.get('deps'), c.var.actor, c.req.valid('param').id, c.req.valid('query').asOf);
  return c.body(download.body, 200, download.headers) as never;
});
