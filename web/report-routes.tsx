import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { workbookHeaders } from '../src/reports/files.ts';
import { projectPackageDownload } from '../src/api/package-download.ts';
import { shanghaiDate } from '../src/clock.ts';
import { clampToPeriod } from '../src/evaluation/time-share.ts';
import { requireAccess } from '../src/services/access.ts';
import { officialWorkbook, selfEvalTable, type OfficialTableKind, type TablesScopeRef } from '../src/services/official-tables.ts';
import { periodOf, requireProject } from '../src/services/projects.ts';
import type { WebEnv } from './env.ts';
import { pathId } from './form-input.ts';
import { SelfEvalPage } from './pages/selfeval.tsx';

// The official tables from the pages (docs/design.md "Official tables"): the project page's buttons download the
// same workbooks as the API, with the session instead of a token; the self-evaluation table also prints.

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * The day asked for in `?asOf=`, inside the project's period (a link never leads to an error page); absent or
 * malformed → the reading day, as the project page does.
 */
async function askedDay(c: Context<WebEnv>, projectId: number): Promise<string | undefined> {
  const asked = Day.safeParse(c.req.query('asOf') || undefined);
  if (!asked.success || Number.isNaN(Date.parse(asked.data))) return undefined;
  return clampToPeriod(asked.data, periodOf(await requireProject(c.get('deps').db, projectId)));
}

async function download(c: Context<WebEnv>, kind: OfficialTableKind, scope: TablesScopeRef, asOf: string | undefined) {
  const deps = c.get('deps');
  const book = await officialWorkbook(deps.db, kind, scope, { asOf, today: shanghaiDate(deps.now()), settings: deps.config.evaluation, reader: deps.progress });
  return c.body(book.bytes as never, 200, workbookHeaders(book.fileName));
}

const kinds: OfficialTableKind[] = ['selfeval', 'monitoring'];

export const reportPages = new Hono<WebEnv>().get('/projects/:id/selfeval', async (c) => {
  const deps = c.get('deps');
  const id = pathId(c);
  await requireAccess(deps.db, c.var.actor, 'read', { kind: 'project', id });
  const asOf = await askedDay(c, id);
  const table = await selfEvalTable(deps.db, id, { asOf, today: shanghaiDate(deps.now()), settings: deps.config.evaluation, reader: deps.progress });
  return c.html(
    <SelfEvalPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      path={`/projects/${id}/selfeval`}
      back={`/projects/${id}?asOf=${table.head.asOf}`}
      tables={[table]}
    />,
  );
});

for (const kind of kinds) {
  reportPages.get(`/projects/:id/${kind}.xlsx`, async (c) => {
    const id = pathId(c);
    await requireAccess(c.get('deps').db, c.var.actor, 'read', { kind: 'project', id });
    return download(c, kind, { projectId: id }, await askedDay(c, id));
  });
  reportPages.get(`/units/:id/${kind}.xlsx`, async (c) => {
    const id = pathId(c);
    await requireAccess(c.get('deps').db, c.var.actor, 'read', { kind: 'unit', id });
    const year = z.coerce.number().int().min(2000).max(2100).safeParse(c.req.query('year'));
    return download(c, kind, { unitId: id, year: year.success ? year.data : undefined }, undefined);
  });
}

// The self-evaluation package (both workbooks, the supporting files by indicator row, their index), streamed.
reportPages.get('/projects/:id/package.zip', async (c) => {
  const deps = c.get('deps');
  const id = pathId(c);
  await requireAccess(deps.db, c.var.actor, 'read', { kind: 'project', id });
  const download = await projectPackageDownload(deps, c.var.actor, id, await askedDay(c, id));
  return c.body(download.body, 200, download.headers);
});
