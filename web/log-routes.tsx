import { pathId } from './form-input.ts';
import { requireFormToken } from './session.ts';
import { readingDay } from '../src/evaluation/index.ts';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { shanghaiDate } from '../src/clock.ts';
import { Day, IdText } from '../src/edge/schemas.ts';
import { AppError } from '../src/errors.ts';
import { isInPeriod } from '../src/evaluation/time-share.ts';
import { type EntryKind, entryKinds } from '../src/evidence/entry-kinds.ts';
import { requireAccess, unitFilter } from '../src/services/access.ts';
import { listChannels } from '../src/services/channels.ts';
import { addEntries, type Authorship, correctEntry, listEntries, outsideMessage } from '../src/services/entries.ts';
import { previewEntryFile } from '../src/services/entry-file-preview.ts';
import { getEntry } from '../src/services/entry-lookup.ts';
import { importEntryFile } from '../src/services/import-entries.ts';
import { loadBoundIndicators } from '../src/services/bound-indicators.ts';
import { normalizedUnitLabel } from '../src/format/monitoring-labels.ts';
import type { MeasureSpec } from '../src/measures/spec.ts';
import { listProjects, periodOf, requireProject } from '../src/services/projects.ts';
import { importWechatExport } from '../src/services/wechat-export.ts';
import type { FieldProblem } from './components/fields.tsx';
import type { WebEnv } from './env.ts';
import type { Language } from '../src/format/status-labels.ts';
import { formProblems, textFields, uploadLimitMb } from './form-input.ts';
import { LogEntryPage, LogFormPage, LogHomePage } from './pages/log.tsx';
import { fieldLabel, formValue, isChoiceField, kindFields, type TallyIndicator, typedFields } from './pages/log-parts.tsx';
import { LogUploadPage, LogWechatPage, type RowProblem } from './pages/log-upload.tsx';
import { filesOf, listFiles } from '../src/services/supporting-files.ts';
import { fileNotice } from './file-notice.ts';

// 登记: the staff logging pages under /log (docs/design.md "Access", UI.md "Forms"). Thin adapters: they read
// the form, call the same services as the API, and render; a GET never changes anything, every post carries
// `_csrf` and redirects after success (post/redirect/get).

const ID = '[1-9][0-9]{0,9}';
const KIND = entryKinds.join('|');

const who = (c: Context<WebEnv>, source: string): Authorship => ({ source, author: c.var.actor.name, now: c.get('deps').now(), actor: c.var.actor });

/** The project a /log/:projectId page is about, once the actor may record on it (403 another unit's, 404 none). */
async function recordableProject(c: Context<WebEnv>) {
  const deps = c.get('deps');
  const id = pathId(c, 'projectId');
  await requireAccess(deps.db, c.var.actor, 'record', { kind: 'project', id });
  const project = await requireProject(deps.db, id);
  return { id: project.id, name: project.name, period: periodOf(project) };
}

/**
 * Whether a tally naming indicator `id` is counted by some measure of the project: a measure over tally entries
 * whose filters on `indicator` let that id through (the proposed `sum` of an indicator's own tallies has
 * `indicator = id`). A ratio of tallies reads indicators that are themselves sums of their tallies.
 */
export function tallyFeeds(specs: readonly (MeasureSpec | null)[], id: number): boolean {
  return specs.some((spec) => {
    if (!spec || !('kind' in spec) || spec.kind !== 'tally') return false;
    const filters = ('where' in spec ? spec.where : []).filter((f) => f.field === 'indicator');
    return filters.every((f) => {
      if (f.op === 'eq') return String(f.value) === String(id);
      if (f.op === 'in') return f.values.map(String).includes(String(id));
      return true;
    });
  });
}

/**
 * What the 登记 pages know of a project's measures, from one read of its indicators and their bindings: the kinds
 * that feed some indicator, the indicators a tally may name (active, applicable, quantitative: what the service
 * accepts, src/services/tally-indicators.ts) and every indicator's 三级指标 by id.
 */
async function projectMeasures(c: Context<WebEnv>, projectId: number) {
  const bound = await loadBoundIndicators(c.get('deps').db, { projectId });
  const specs = bound.map((b) => b.spec);
  const kinds = new Set<EntryKind>();
  for (const spec of specs) if (spec && 'kind' in spec) kinds.add(spec.kind);
  const tallyIndicators: TallyIndicator[] = bound
    .filter((b) => b.indicator.targetKind === 'quantitative' && b.indicator.applicable)
    .map(({ indicator: i }) => {
      const unit = normalizedUnitLabel(i.normalizedUnit, c.var.language);
      return {
        id: i.id,
        label: i.targetRaw.trim() === '' ? i.level3 : `${i.level3}（${i.targetRaw.trim()}）`,
        fed: tallyFeeds(specs, i.id),
        unit: unit !== '' && unit !== (i.targetUnit ?? '') ? unit : null,
      };
    });
  const names = new Map(bound.map((b) => [b.indicator.id, b.indicator.level3]));
  return { kinds, tallyIndicators, names };
}

/** A tally's indicator as its form shows it: an indicator named by its 三级指标 (typed by hand) becomes its option's id. */
function indicatorValue(typed: string | undefined, measures: { tallyIndicators: TallyIndicator[]; names: Map<number, string> }): string {
  const v = (typed ?? '').trim();
  if (v === '' || /^\d+$/.test(v)) return v;
  const named = measures.tallyIndicators.filter((i) => measures.names.get(i.id) === v);
  return named.length === 1 ? String(named[0]!.id) : v;
}

/** The upload cap as a person reads it: `20 MB`, or `10 KB` under one MB. */
function limitMb(c: Context<WebEnv>): string {
  const bytes = c.get('deps').config.uploadLimitBytes;
  return bytes >= 1_048_576 ? `${Math.round((bytes / 1_048_576) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * The app's upload cap on a page's multipart post (`factor` allows for a file carried back as base64); over it,
 * the page again with a Chinese message, not a bare 413.
 */
function uploadCap(factor: number, render: (c: Context<WebEnv>, message: string) => Promise<Response>): MiddlewareHandler<WebEnv> {
  return (c, next) =>
    bodyLimit({
      maxSize: Math.ceil(c.get('deps').config.uploadLimitBytes * factor) + 16_384,
      onError: (c2) => render(c2 as Context<WebEnv>, c.var.t('log.upload.tooLarge', { mb: limitMb(c) })),
    })(c, next);
}

const fileOf = async (value: unknown): Promise<{ fileName: string; bytes: Uint8Array } | null> => {
  if (!(value instanceof File)) return null;
  const bytes = new Uint8Array(await value.arrayBuffer());
  if (bytes.length === 0) return null;
  return { fileName: (value.name || 'upload').slice(0, 255), bytes };
};

const kindOf = (v: unknown): EntryKind | null => (typeof v === 'string' && entryKinds.includes(v as EntryKind) ? (v as EntryKind) : null);

async function renderUpload(
  c: Context<WebEnv>,
  parts: { fileError?: string | null; preview?: Parameters<typeof LogUploadPage>[0]['preview']; kind?: EntryKind | null },
  status: 200 | 400 | 413 | 422 = 200,
) {
  const project = await recordableProject(c);
  const inserted = Number(c.req.query('imported'));
  const duplicates = Number(c.req.query('duplicates') ?? 0);
  return c.html(
    <LogUploadPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      project={project}
      limitMb={limitMb(c)}
      kind={parts.kind ?? null}
      fileError={parts.fileError ?? null}
      preview={parts.preview ?? null}
      imported={
        status === 200 && !parts.preview && Number.isInteger(inserted) && inserted >= 0 && c.req.query('imported') !== undefined
          ? { inserted, duplicates }
          : null
      }
    />,
    status,
  );
}

async function renderWechat(
  c: Context<WebEnv>,
  form: { values: Record<string, string>; errors: FieldProblem[]; rowProblems: RowProblem[] },
  status: 200 | 400 | 413 | 422 = 200,
) {
  const deps = c.get('deps');
  const project = await recordableProject(c);
  const channels = (await listChannels(deps.db)).filter((ch) => ch.platform === 'wechat' && ch.projects.some((p) => p.id === project.id));
  const posts = Number(c.req.query('posts'));
  const channel = channels.find((ch) => String(ch.id) === c.req.query('channel'));
  const asOf = Day.safeParse(c.req.query('asOf') ?? '');
  const imported =
    status === 200 && channel && asOf.success && Number.isInteger(posts)
      ? { posts, newPosts: Number(c.req.query('newPosts') ?? 0) || 0, channel: channel.name, asOf: asOf.data }
      : null;
  return c.html(
    <LogWechatPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      project={project}
      channels={channels.map((ch) => ({ id: ch.id, name: ch.name }))}
      today={shanghaiDate(deps.now())}
      values={form.values}
      errors={form.errors}
      rowProblems={form.rowProblems}
      imported={imported}
      limitMb={limitMb(c)}
    />,
    status,
  );
}

async function renderForm(c: Context<WebEnv>, kind: EntryKind, form: { values: Record<string, string>; errors: FieldProblem[] }, status: 200 | 400 = 200) {
  const deps = c.get('deps');
  const project = await recordableProject(c);
  const measures = await projectMeasures(c, project.id);
  const feeds = measures.kinds.has(kind);
  let saved: Parameters<typeof LogFormPage>[0]['saved'] = null;
  const savedId = IdText.safeParse(c.req.query('saved') ?? '');
  if (status === 200 && savedId.success) {
    const entry = await getEntry(deps.db, savedId.data).catch(() => null);
    if (entry && entry.projectId === project.id) {
      // A tally toward an indicator that is not measured by its tallies is kept, but moves nothing: say so.
      const named = entry.kind === 'tally' ? measures.tallyIndicators.find((i) => i.id === entry.fields.indicator) : undefined;
      saved = {
        entry,
        duplicate: false,
        outside: isInPeriod(entry.day, project.period) ? null : outsideMessage(entry.day, project.period),
        unfed: named && !named.fed && feeds ? (measures.names.get(named.id) ?? null) : null,
      };
    }
  } else if (status === 200 && c.req.query('duplicate') === '1') saved = { entry: null, duplicate: true, outside: null, unfed: null };
  // A new form starts from today where a day is the usual answer (UI.md "Forms"), kept inside the project's
  // period: catching up on a year that has ended should not start every entry outside it.
  const today = shanghaiDate(deps.now());
  const day = readingDay(project.period, today) ?? project.period.start;
  const values: Record<string, string> = status === 200 ? { date: day } : { ...form.values };
  if (kind === 'tally') {
    // `?indicator=ID` (the indicator page's 登记计数) starts the form on that indicator, when a tally may name it.
    const asked = status === 200 ? (c.req.query('indicator') ?? '') : '';
    if (measures.tallyIndicators.some((i) => String(i.id) === asked)) values.indicator = asked;
    else if (status !== 200) values.indicator = indicatorValue(values.indicator, measures);
  }
  return c.html(
    <LogFormPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      project={{ id: project.id, name: project.name }}
      kind={kind}
      feeds={feeds}
      values={values}
      errors={form.errors}
      saved={saved}
      indicators={measures.tallyIndicators}
      indicatorNames={measures.names}
    />,
    status,
  );
}

/** One entry's page: what it says, its files, its correction and withdrawal (`form`: one that came back with errors). */
export async function renderEntry(
  c: Context<WebEnv>,
  id: number,
  form: Parameters<typeof LogEntryPage>[0]['form'] = { name: null, errors: [], values: {} },
  status: 200 | 400 | 409 | 413 = 200,
) {
  const deps = c.get('deps');
  const entry = await getEntry(deps.db, id);
  const project = await requireProject(deps.db, entry.projectId);
  const current = Object.fromEntries(kindFields(entry.kind).map((f) => [f.name, formValue(f.name, entry.fields[f.name])]));
  const measures = await projectMeasures(c, project.id);
  const files = {
    items: await listFiles(deps.db, { kind: 'entry', id }, { actor: c.var.actor }),
    limitMb: uploadLimitMb(c),
    notice: status === 200 ? await fileNotice(c) : null,
  };
  if (entry.kind === 'tally' && form.name === 'correct')
    form = { ...form, values: { ...form.values, indicator: indicatorValue(form.values.indicator, measures) } };
  return c.html(
    <LogEntryPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      project={{ id: project.id, name: project.name }}
      entry={entry}
      form={form}
      corrected={status === 200 && c.req.query('corrected') === '1'}
      current={current}
      files={files}
      indicators={measures.tallyIndicators}
      indicatorNames={measures.names}
    />,
    status,
  );
}

/**
 * A kind's field errors as the page says them: the page's own label (in its language) instead of the API's
 * `发生时间（occurred_at）：`, and "choose one" for a select left empty.
 */
function pageProblems(c: Context<WebEnv>, kind: EntryKind, problems: FieldProblem[], values: Record<string, string>): FieldProblem[] {
  const t = c.var.t;
  const names = new Set(kindFields(kind).map((f) => f.name));
  const colon = c.var.language === 'en' ? ': ' : '：';
  return problems.map((p) => {
    if (!names.has(p.field)) return p;
    const label = fieldLabel(t, p.field);
    if (isChoiceField(p.field) && (values[p.field] ?? '').trim() === '') return { field: p.field, message: t('log.chooseField', { field: label }) };
    // The service names the field its own way: `发生时间（occurred_at）：` in Chinese, `occurred_at: ` in English.
    const said = p.message.replace(/^[^：]{0,60}（[\w.]+）：/, '').replace(new RegExp(`^${p.field}: `), '');
    return { field: p.field, message: `${label}${colon}${said}` };
  });
}

/** A service's refusal of a correction, beside the fields: `fields.date` is the form's `date`, the rest its reason. */
function correctionProblems(language: Language, err: unknown, fieldNames: string[]): FieldProblem[] | null {
  const problems = formProblems(err, language);
  if (!problems) return null;
  return problems.map((p) => {
    const field = p.field.replace(/^fields\./, '');
    return { field: fieldNames.includes(field) ? field : 'reason', message: p.message };
  });
}

export const logPages = new Hono<WebEnv>()
  .get('/log', async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    await requireAccess(deps.db, actor, 'record');
    const scope = unitFilter(actor);
    const all = await listProjects(deps.db, { unitId: scope });
    const years = [...new Set(all.map((p) => p.year))].sort((a, b) => b - a);
    const thisYear = Number(shanghaiDate(deps.now()).slice(0, 4));
    let chosen: number | null = null;
    const asked = IdText.safeParse(c.req.query('project') ?? '');
    if (asked.success) {
      await requireAccess(deps.db, actor, 'record', { kind: 'project', id: asked.data });
      chosen = (await requireProject(deps.db, asked.data)).id;
      // `/log?project=ID&kind=tally&indicator=ID`: straight to that kind's form (the indicator preselected).
      const kind = kindOf(c.req.query('kind'));
      if (kind) {
        const indicator = IdText.safeParse(c.req.query('indicator') ?? '');
        return c.redirect(`/log/${chosen}/${kind}${kind === 'tally' && indicator.success ? `?indicator=${indicator.data}` : ''}`, 303);
      }
    }
    const askedYear = Number(c.req.query('year'));
    const year =
      all.find((p) => p.id === chosen)?.year ?? (years.includes(askedYear) ? askedYear : years.includes(thisYear) ? thisYear : (years[0] ?? thisYear));
    const projects = all.filter((p) => p.year === year);
    const project = projects.find((p) => p.id === chosen) ?? projects[0] ?? null;
    const measures = project ? await projectMeasures(c, project.id) : null;
    const fed = measures?.kinds ?? new Set<EntryKind>();
    const recent = project ? await listEntries(deps.db, project.id, { limit: 20, offset: 0 }) : { total: 0, items: [] };
    const withdrawn = IdText.safeParse(c.req.query('withdrawn') ?? '');
    return c.html(
      <LogHomePage
        t={c.var.t}
        language={c.var.language}
        actor={actor}
        formToken={c.var.formToken}
        years={years.length > 0 ? years : [year]}
        year={year}
        projects={projects}
        project={project}
        kinds={[...entryKinds.filter((k) => fed.has(k)), ...entryKinds.filter((k) => !fed.has(k))].map((kind) => ({ kind, feeds: fed.has(kind) }))}
        recent={recent}
        indicatorNames={measures?.names}
        withdrawn={withdrawn.success ? withdrawn.data : null}
        files={
          await filesOf(
            deps.db,
            'entry',
            recent.items.map((e) => e.id),
          )
        }
      />,
    );
  })
  .get(`/log/entries/:id{${ID}}`, async (c) => {
    const id = pathId(c, 'id');
    await requireAccess(c.get('deps').db, c.var.actor, 'record', { kind: 'entry', id });
    return renderEntry(c, id);
  })
  .post(`/log/entries/:id{${ID}}/:action{correct|withdraw}`, async (c) => {
    const deps = c.get('deps');
    const id = pathId(c, 'id');
    await requireFormToken(c);
    await requireAccess(deps.db, c.var.actor, 'record', { kind: 'entry', id });
    const entry = await getEntry(deps.db, id);
    const names = kindFields(entry.kind).map((f) => f.name);
    const body = await c.req.parseBody();
    const action = c.req.param('action') as 'correct' | 'withdraw';
    const typed = textFields(body, action === 'correct' ? [...names, 'reason'] : ['reason']);
    try {
      const row = await correctEntry(
        deps.db,
        id,
        action === 'correct' ? { fields: typedFields(entry.kind, typed, 'null'), reason: typed.reason! } : { voided: true, reason: typed.reason! },
        who(c, 'manual'),
      );
      return action === 'correct' ? c.redirect(`/log/entries/${row.id}?corrected=1`, 303) : c.redirect(`/log?project=${entry.projectId}&withdrawn=${id}`, 303);
    } catch (err) {
      const problems = correctionProblems(c.var.language, err, action === 'correct' ? names : []);
      if (!problems) throw err;
      return renderEntry(
        c,
        id,
        { name: action, errors: pageProblems(c, entry.kind, problems, typed), values: typed },
        err instanceof AppError && err.status === 409 ? 409 : 400,
      );
    }
  })
  .get(`/log/:projectId{${ID}}/upload`, (c) => renderUpload(c, {}))
  .post(
    `/log/:projectId{${ID}}/upload`,
    uploadCap(1, (c, message) => renderUpload(c, { fileError: message }, 413)),
    async (c) => {
      const deps = c.get('deps');
      await requireFormToken(c);
      const project = await recordableProject(c);
      const body = await c.req.parseBody();
      const kind = kindOf(body.kind);
      const file = await fileOf(body.file);
      if (!file) return renderUpload(c, { fileError: c.var.t('log.upload.noFile'), kind }, 400);
      const preview = await previewEntryFile(deps.db, c.var.actor, { projectId: project.id, ...file, kind: kind ?? undefined, now: deps.now() });
      const base64 = Buffer.from(file.bytes).toString('base64');
      return renderUpload(c, { preview: { ...preview, base64 }, kind }, preview.errors.length > 0 ? 422 : 200);
    },
  )
  .post(
    `/log/:projectId{${ID}}/upload/confirm`,
    uploadCap(4 / 3, (c, message) => renderUpload(c, { fileError: message }, 413)),
    async (c) => {
      const deps = c.get('deps');
      await requireFormToken(c);
      const project = await recordableProject(c);
      const body = await c.req.parseBody();
      const kind = kindOf(body.kind);
      const content = typeof body.content === 'string' ? body.content : '';
      const fileName = typeof body.fileName === 'string' && body.fileName.trim() !== '' ? body.fileName.trim().slice(0, 255) : 'upload';
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(content)) return renderUpload(c, { fileError: c.var.t('log.upload.noFile'), kind }, 400);
      const bytes = new Uint8Array(Buffer.from(content, 'base64'));
      // The file came back from the browser: judge it again before anything is written.
      const preview = await previewEntryFile(deps.db, c.var.actor, { projectId: project.id, fileName, bytes, kind: kind ?? undefined, now: deps.now() });
      if (preview.errors.length > 0) return renderUpload(c, { preview: { ...preview, base64: content }, kind }, 422);
      const summary = await importEntryFile(deps.db, {
        fileName,
        bytes,
        project: project.id,
        kind: kind ?? undefined,
        author: c.var.actor.name,
        now: deps.now(),
        actor: c.var.actor,
      });
      return c.redirect(`/log/${project.id}/upload?imported=${summary.inserted}&duplicates=${summary.duplicates}`, 303);
    },
  )
  .get(`/log/:projectId{${ID}}/wechat-export`, (c) => renderWechat(c, { values: {}, errors: [], rowProblems: [] }))
  .post(
    `/log/:projectId{${ID}}/wechat-export`,
    uploadCap(1, (c, message) => renderWechat(c, { values: {}, errors: [{ field: 'file', message }], rowProblems: [] }, 413)),
    async (c) => {
      const deps = c.get('deps');
      const t = c.var.t;
      await requireFormToken(c);
      const project = await recordableProject(c);
      const body = await c.req.parseBody();
      const values = textFields(body, ['channel', 'asOf']);
      const errors: FieldProblem[] = [];
      const channels = (await listChannels(deps.db)).filter((ch) => ch.platform === 'wechat' && ch.projects.some((p) => p.id === project.id));
      const channel = channels.find((ch) => String(ch.id) === values.channel);
      if (!channel) errors.push({ field: 'channel', message: t('log.wechat.pickChannel') });
      const asOf = Day.safeParse(values.asOf ?? '');
      if (!asOf.success) errors.push({ field: 'asOf', message: `${t('log.wechat.asOf')}：${asOf.error.issues[0]?.message ?? ''}` });
      const file = await fileOf(body.file);
      if (!file) errors.push({ field: 'file', message: t('log.upload.noFile') });
      if (errors.length > 0 || !channel || !asOf.success || !file) return renderWechat(c, { values, errors, rowProblems: [] }, 400);
      await requireAccess(deps.db, c.var.actor, 'record', { kind: 'channel', id: channel.id });
      try {
        const result = await importWechatExport(deps.db, { channel: channel.id, ...file, asOf: asOf.data, actor: c.var.actor });
        const q = new URLSearchParams({ posts: String(result.posts), newPosts: String(result.newPosts), channel: String(channel.id), asOf: result.asOf });
        return c.redirect(`/log/${project.id}/wechat-export?${q}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 422)) throw err;
        const rows = Array.isArray(err.details) ? (err.details as RowProblem[]).filter((d) => typeof d?.message === 'string') : [];
        if (rows.length > 0) return renderWechat(c, { values, errors: [], rowProblems: rows }, 422);
        return renderWechat(c, { values, errors: [{ field: 'file', message: err.message }], rowProblems: [] }, err.status === 422 ? 422 : 400);
      }
    },
  )
  .get(`/log/:projectId{${ID}}/:kind{${KIND}}`, (c) => renderForm(c, c.req.param('kind') as EntryKind, { values: {}, errors: [] }))
  .post(`/log/:projectId{${ID}}/:kind{${KIND}}`, async (c) => {
    const deps = c.get('deps');
    const kind = c.req.param('kind') as EntryKind;
    await requireFormToken(c);
    const project = await recordableProject(c);
    const body = await c.req.parseBody();
    const typed = textFields(
      body,
      kindFields(kind).map((f) => f.name),
    );
    try {
      const result = await addEntries(deps.db, project.id, [{ kind, fields: typedFields(kind, typed, 'absent') }], who(c, 'manual'));
      const id = result.inserted[0];
      return c.redirect(id === undefined ? `/log/${project.id}/${kind}?duplicate=1` : `/log/${project.id}/${kind}?saved=${id}`, 303);
    } catch (err) {
      const problems = formProblems(err, c.var.language);
      if (!problems) throw err;
      return renderForm(c, kind, { values: typed, errors: pageProblems(c, kind, problems, typed) }, 400);
    }
  });
