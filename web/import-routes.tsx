import { IdText, optionalText } from '../src/edge/schemas.ts';
import { hearIn } from '../src/edge/words.ts';
import { pathId } from './form-input.ts';
import { requireFormToken } from './session.ts';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { shanghaiYear } from '../src/clock.ts';
import { AppError, ImportRejectedError } from '../src/errors.ts';
import { requireAccess } from '../src/services/access.ts';
import { confirmDraft, createDraft, discardDraft, fixCells, getDraft, listImports } from '../src/services/import-drafts.ts';
import { cellText, FIX_FIELDS, findRow, type FixField, type RowRef, readRowKey, rowKey } from '../src/targets/apply-fixes.ts';
import type { FieldProblem } from './components/fields.tsx';
import type { WebEnv } from './env.ts';
import { formProblems, textFields, uploadLimitMb } from './form-input.ts';
import { ImportPage, type UploadValues } from './pages/import.tsx';
import { ImportDraftPage } from './pages/import-draft.tsx';
import { ImportRowPage } from './pages/import-row.tsx';
import { readUnitOption } from '../src/targets/table-values.ts';
import { projectCoverage } from '../src/services/coverage.ts';
import { coverageLine } from '../src/format/coverage-text.ts';

// 管理 › 导入目标表: /admin/import, its preview and fixes (docs/design.md "Import preview"). Upload → a draft
// (nothing imported) → fix rows → confirm (imports the fixed reading once) or discard. Admins only; every
// form carries the CSRF token; post/redirect/get.

const NO_VALUES: UploadValues = { year: '', unit: '', projectName: '', strict: false };

/** The upload's text fields at the edge: trimmed, no control characters, a unit `CODE NAME` of at most 120, a name of 200. */
const UPLOAD_TEXT = { unit: optionalText(120), projectName: optionalText(200) } as const;

async function renderUpload(
  c: Context<WebEnv>,
  form: { errors: FieldProblem[]; values: UploadValues; rejected: { line: number; message: string }[] | null },
  status: 200 | 400 | 413 = 200,
) {
  const deps = c.get('deps');
  const list = await listImports(deps.db, c.var.actor);
  const discardedId = IdText.safeParse(c.req.query('discarded') ?? '');
  let discarded: string | null = null;
  if (discardedId.success) discarded = list.drafts.find((d) => d.id === discardedId.data && d.status === 'discarded')?.fileName ?? null;
  return c.html(
    <ImportPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      list={list}
      uploadLimitMb={uploadLimitMb(c)}
      errors={form.errors}
      values={form.values}
      rejected={form.rejected}
      discarded={discarded}
    />,
    status,
  );
}

async function renderRow(
  c: Context<WebEnv>,
  draftId: number,
  at: RowRef,
  form: { errors: FieldProblem[]; values: Record<string, string> },
  status: 200 | 400 | 409 = 200,
) {
  const deps = c.get('deps');
  const draft = await getDraft(deps.db, draftId, c.var.actor);
  const row = findRow(draft.fixed, at);
  const original = findRow(draft.reading, at);
  if (!row || !original) throw new AppError(404, 'not_found', '');
  return c.html(
    <ImportRowPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      draftId={draftId}
      rowKey={rowKey(at)}
      project={row.project}
      indicator={row.indicator}
      original={original.indicator}
      open={draft.status === 'open'}
      errors={form.errors}
      values={form.values}
    />,
    status,
  );
}

/** The `:line` of a row's path: `15`, or `15-3` for the fourth row starting on line 15; anything else is a 404. */
function rowParam(c: Context<WebEnv>): RowRef {
  const at = readRowKey(c.req.param('line') ?? '');
  if (!at) throw new AppError(404, 'not_found', '');
  return at;
}

export const importPages = new Hono<WebEnv>()
  .get('/admin/import', async (c) => {
    await requireAccess(c.get('deps').db, c.var.actor, 'admin');
    return renderUpload(c, { errors: [], values: NO_VALUES, rejected: null });
  })
  .post(
    '/admin/import',
    (c, next) =>
      bodyLimit({
        maxSize: c.get('deps').config.uploadLimitBytes,
        onError: async (c2) => {
          const ctx = c2 as unknown as Context<WebEnv>;
          await requireAccess(ctx.get('deps').db, ctx.var.actor, 'admin');
          return renderUpload(
            ctx,
            { errors: [{ field: 'file', message: ctx.var.t('import.fileTooLarge', { mb: uploadLimitMb(ctx) }) }], values: NO_VALUES, rejected: null },
            413,
          );
        },
      })(c, next),
    async (c) => {
      const deps = c.get('deps');
      const actor = c.var.actor;
      await requireFormToken(c);
      await requireAccess(deps.db, actor, 'admin');
      const t = c.var.t;
      const body = await c.req.parseBody();
      const typed = (name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');
      const values: UploadValues = {
        year: typed('year', 20).trim(),
        unit: typed('unit', 400),
        projectName: typed('projectName', 600),
        strict: typeof body.strict === 'string' && body.strict !== '' && body.strict !== '0',
      };
      const { year } = values;
      const file = body.file;
      const errors: FieldProblem[] = [];
      const folded = year.replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
      const yearNumber = /^\d{4}$/.test(folded) ? Number(folded) : Number.NaN;
      if (year !== '' && !(yearNumber >= 2000 && yearNumber <= 2100)) errors.push({ field: 'year', message: t('import.yearInvalid') });
      const problem = (field: 'unit' | 'projectName', issues: { message: string }[]) =>
        errors.push({ field, message: t(`import.fieldProblem.${field}`, { problem: hearIn(issues[0]?.message ?? '', c.var.language) }) });
      const unit = UPLOAD_TEXT.unit.safeParse(values.unit);
      if (!unit.success) problem('unit', unit.error.issues);
      // The same rule as the API's and the CLI's: a unit needs a name, not only a code.
      const unitRead = unit.success && unit.data !== null ? readUnitOption(unit.data) : null;
      if (unitRead && 'problem' in unitRead) errors.push({ field: 'unit', message: hearIn(unitRead.problem, c.var.language) });
      const projectName = UPLOAD_TEXT.projectName.safeParse(values.projectName);
      if (!projectName.success) problem('projectName', projectName.error.issues);
      let bytes: Uint8Array | null = null;
      if (!(file instanceof File) || (file.size === 0 && file.name === '')) errors.unshift({ field: 'file', message: t('import.fileMissing') });
      else {
        bytes = new Uint8Array(await file.arrayBuffer());
        if (bytes.length === 0) errors.unshift({ field: 'file', message: t('import.fileEmpty') });
      }
      if (errors.length > 0 || !bytes || !(file instanceof File) || !unit.success || !projectName.success) {
        return renderUpload(c, { errors, values, rejected: null }, 400);
      }
      try {
        const draft = await createDraft(deps.db, {
          fileName: (file.name || 'upload').slice(0, 200),
          bytes,
          year: year === '' ? shanghaiYear(deps.now()) : yearNumber,
          yearGiven: year !== '',
          actor,
          options: { unit: unit.data, projectName: projectName.data, strict: values.strict },
        });
        return c.redirect(`/admin/import/drafts/${draft.id}`, 303);
      } catch (err) {
        if (err instanceof ImportRejectedError) return renderUpload(c, { errors: [], values, rejected: err.lines }, 400);
        throw err;
      }
    },
  )
  .get('/admin/import/drafts/:id', async (c) => {
    const deps = c.get('deps');
    const id = pathId(c);
    await requireAccess(deps.db, c.var.actor, 'admin');
    const draft = await getDraft(deps.db, id, c.var.actor);
    const saved = Number(c.req.query('fixed'));
    const confirmed = c.req.query('confirmed');
    // Once imported, how each project's indicators will get their figures: what staff will have to log.
    const coverage = new Map<number, string>();
    if (draft.status === 'imported' && draft.batch) {
      for (const x of draft.batch.projects) {
        const found = await projectCoverage(deps.db, x.id).catch((err) => {
          if (err instanceof AppError && err.status === 404) return null; // deleted since
          throw err;
        });
        if (found) coverage.set(x.id, coverageLine(found.coverage, c.var.language));
      }
    }
    return c.html(
      <ImportDraftPage
        t={c.var.t}
        language={c.var.language}
        actor={c.var.actor}
        formToken={c.var.formToken}
        draft={draft}
        savedLine={Number.isInteger(saved) && saved > 0 ? saved : null}
        confirmed={confirmed === 'new' || confirmed === 'again' ? confirmed : null}
        coverage={coverage}
      />,
    );
  })
  .get('/admin/import/drafts/:id/rows/:line', async (c) => {
    const id = pathId(c);
    const at = rowParam(c);
    await requireAccess(c.get('deps').db, c.var.actor, 'admin');
    return renderRow(c, id, at, { errors: [], values: {} });
  })
  .post('/admin/import/drafts/:id/rows/:line', async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    const id = pathId(c);
    const at = rowParam(c);
    await requireFormToken(c);
    await requireAccess(deps.db, actor, 'admin');
    const body = await c.req.parseBody();
    const typed = textFields(body, [...FIX_FIELDS]);
    const draft = await getDraft(deps.db, id, actor);
    const row = findRow(draft.fixed, at);
    if (!row) throw new AppError(404, 'not_found', '');
    // Only the cells typed differently from how they read now are fixes.
    const cells: Partial<Record<FixField, string>> = {};
    for (const field of FIX_FIELDS) {
      if (typeof body[field] === 'string' && typed[field]!.trim() !== cellText(row.indicator, field)) cells[field] = typed[field]!;
    }
    try {
      await fixCells(deps.db, id, at, cells, actor, deps.now());
    } catch (err) {
      const problems = formProblems(err, c.var.language);
      if (!problems) throw err;
      return renderRow(c, id, at, { errors: problems, values: typed }, err instanceof AppError && err.status === 409 ? 409 : 400);
    }
    return c.redirect(`/admin/import/drafts/${id}?fixed=${at.line}#row-${rowKey(at)}`, 303);
  })
  .post('/admin/import/drafts/:id/confirm', async (c) => {
    const deps = c.get('deps');
    const id = pathId(c);
    await requireFormToken(c);
    await requireAccess(deps.db, c.var.actor, 'admin');
    try {
      const { summary } = await confirmDraft(deps.db, id, c.var.actor);
      if (summary) deps.logger.info('import', { file: summary.fileName, batch: summary.batchId, projects: summary.projects.length, draft: id });
      return c.redirect(`/admin/import/drafts/${id}?confirmed=${summary ? 'new' : 'again'}#result`, 303);
    } catch (err) {
      // A discarded draft: its page says so.
      if (err instanceof AppError && err.status === 409) return c.redirect(`/admin/import/drafts/${id}`, 303);
      throw err;
    }
  })
  .post('/admin/import/drafts/:id/discard', async (c) => {
    const deps = c.get('deps');
    const id = pathId(c);
    await requireFormToken(c);
    await requireAccess(deps.db, c.var.actor, 'admin');
    try {
      await discardDraft(deps.db, id, c.var.actor);
    } catch (err) {
      // An imported draft cannot be discarded: its page shows the import.
      if (err instanceof AppError && err.status === 409) return c.redirect(`/admin/import/drafts/${id}`, 303);
      throw err;
    }
    return c.redirect(`/admin/import?discarded=${id}`, 303);
  });
