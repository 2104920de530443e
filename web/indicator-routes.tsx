import { pathId } from './form-input.ts';
import { requireFormToken } from './session.ts';
import { type Context, Hono } from 'hono';
import { shanghaiDate } from '../src/clock.ts';
import { AppError } from '../src/errors.ts';
import { readingDay } from '../src/evaluation/index.ts';
import { requireAccess } from '../src/services/access.ts';
import { indicatorFacts } from '../src/services/indicator-facts.ts';
import { loadIndicatorContext } from '../src/services/indicator-series.ts';
import { addAssessment, addManualValue, confirmIndicator } from '../src/services/indicator-values.ts';
import { addMonitoringNote, listMonitoringNotes } from '../src/services/monitoring-notes.ts';
import { indicatorChart } from '../src/services/project-charts.ts';
import { toIndicatorDto } from '../src/services/projects.ts';
import type { WebEnv } from './env.ts';
import { formProblems, textFields, typedNumber, uploadLimitMb } from './form-input.ts';
import { IndicatorPage, type FileRecord, type IndicatorPageProps } from './pages/indicator.tsx';
import { formatValue } from '../src/format/index.ts';
import { noteLikelihoodLabel } from '../src/format/monitoring-labels.ts';
import { currentIndicatorRecords } from '../src/services/file-records.ts';
import { filesOf } from '../src/services/supporting-files.ts';
import type { MonitoringNoteDto } from '../src/services/monitoring-notes.ts';
import type { IndicatorProgress } from '../src/services/progress-model.ts';
import { fileNotice } from './file-notice.ts';

// 指标: the indicator page and its forms (docs/design.md "Display"). Post/redirect/get after a save.

/**
 * The records of the indicator that carry supporting files, each with its current files: its current manual
 * values and assessments, the current monitoring note (which takes new files) and earlier notes that have some.
 */
async function fileRecords(c: Context<WebEnv>, item: IndicatorProgress, notes: MonitoringNoteDto[]): Promise<FileRecord[]> {
  const db = c.get('deps').db;
  const { t, language } = c.var;
  const { values, assessments } = await currentIndicatorRecords(db, item.id);
  const ids = (records: readonly { id: number }[]) => records.map((r) => r.id);
  const [valueFiles, assessmentFiles, noteFiles] = await Promise.all([
    filesOf(db, 'manual_value', ids(values)),
    filesOf(db, 'assessment', ids(assessments)),
    filesOf(db, 'monitoring_note', ids(notes)),
  ]);
  const title = (kind: FileRecord['kind'], value: string, day: string) => t('files.record', { what: t(`files.on.${kind}`), value, day });
  return [
    ...values.map((v) => ({
      kind: 'manual_value' as const,
      id: v.id,
      title: title('manual_value', formatValue(v.value, item.target), v.asOf),
      files: valueFiles.get(v.id) ?? [],
      takesFiles: true,
    })),
    ...assessments.map((a) => ({
      kind: 'assessment' as const,
      id: a.id,
      title: title('assessment', `${t(`err.tier.${a.tier}`)} ${a.score}`, a.asOf),
      files: assessmentFiles.get(a.id) ?? [],
      takesFiles: true,
    })),
    ...notes
      .map((n, at) => ({
        kind: 'monitoring_note' as const,
        id: n.id,
        title: title('monitoring_note', noteLikelihoodLabel(n.likelihood, language), n.asOf),
        files: noteFiles.get(n.id) ?? [],
        takesFiles: at === 0,
      }))
      .filter((r) => r.takesFiles || r.files.length > 0),
  ];
}

/** Everything the indicator page shows; `form` is a form that came back with errors (values kept). */
export async function renderIndicator(c: Context<WebEnv>, id: number, form: IndicatorPageProps['form'], status: 200 | 400 | 409 | 413 = 200) {
  const deps = c.get('deps');
  const today = shanghaiDate(deps.now());
  const { project, indicator } = await loadIndicatorContext(deps.db, id);
  const { report } = await deps.progress.project(project.id, { today });
  const progress = report.projects[0]!;
  const item = progress.indicators.find((i) => i.id === id);
  if (!item) throw new AppError(404, 'not_found', '');
  const dto = toIndicatorDto(indicator);
  const cumulative = item.measure && item.measure.type !== 'manual' && item.target.kind === 'quantitative';
  const chart = cumulative ? await indicatorChart(deps.db, item, readingDay(progress.period, today) ?? progress.period.start, today, c.var.language) : null;
  const facts = await indicatorFacts(deps.db, id, { asOf: progress.asOf, limit: 100, offset: 0 });
  const factFiles =
    facts.source === 'entries'
      ? await filesOf(
          deps.db,
          'entry',
          facts.items.map((f) => f.id),
        )
      : new Map<number, never[]>();
  const notes = await listMonitoringNotes(deps.db, id);
  const files = { records: await fileRecords(c, item, notes), limitMb: uploadLimitMb(c), notice: status === 200 ? await fileNotice(c) : null };
  return c.html(
    <IndicatorPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      projectId={project.id}
      projectName={project.name}
      indicator={item}
      needsConfirm={dto.needsReview && dto.confirmed === null}
      chart={chart}
      facts={facts}
      factFiles={factFiles}
      notes={notes}
      today={today}
      form={form}
      saved={c.req.query('saved') === '1'}
      files={files}
    />,
    status,
  );
}

/** The first string a form sent under `name` (a repeated name gives an array), kept long enough for the service to say it is too long. */
function firstText(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  const first = Array.isArray(v) ? v.find((x) => typeof x === 'string') : v;
  return typeof first === 'string' ? first.slice(0, 20_000) : '';
}

/** Every string a form sent under `name` (checkboxes repeat their name). */
function allTexts(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').slice(0, 20);
}

export const indicatorPages = new Hono<WebEnv>()
  .get('/indicators/:id', async (c) => {
    const deps = c.get('deps');
    const id = pathId(c);
    await requireAccess(deps.db, c.var.actor, 'read', { kind: 'indicator', id });
    return renderIndicator(c, id, { name: null, errors: [], values: {} });
  })
  .post('/indicators/:id/notes', async (c) => {
    // 监测记录 (docs/design.md "Monitoring notes"): who may record on the indicator; the service reads the note.
    const deps = c.get('deps');
    const actor = c.var.actor;
    const id = pathId(c);
    await requireFormToken(c);
    await requireAccess(deps.db, actor, 'record', { kind: 'indicator', id });
    const body = await c.req.parseBody({ all: true });
    const reasons = allTexts(body, 'reasons');
    const typed = Object.fromEntries(['likelihood', 'reasonText', 'measures', 'forecast', 'asOf'].map((n) => [n, firstText(body, n)]));
    try {
      await addMonitoringNote(
        deps.db,
        id,
        {
          likelihood: typed.likelihood,
          reasons,
          reasonText: typed.reasonText,
          measures: typed.measures,
          forecast: typed.forecast === '' ? undefined : typedNumber(typed.forecast!),
          asOf: typed.asOf,
        },
        { actor },
      );
    } catch (err) {
      const problems = formProblems(err, c.var.language);
      if (!problems) throw err;
      // The note's fields are `note-*` on the page, which has other forms with an asOf.
      const errors = problems.map((p) => ({ field: `note-${p.field}`, message: p.message }));
      return renderIndicator(c, id, { name: 'note', errors, values: { ...typed, reasons: reasons.join(',') } }, 400);
    }
    return c.redirect(`/indicators/${id}?saved=1#monitoring`, 303);
  })
  .post('/indicators/:id/:action{values|assessments|confirm}', async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    const id = pathId(c);
    await requireFormToken(c);
    const action = c.req.param('action');
    await requireAccess(deps.db, actor, action === 'confirm' ? 'admin' : 'record', { kind: 'indicator', id });
    const body = await c.req.parseBody();
    const typed = textFields(body, ['value', 'tier', 'score', 'asOf', 'note']);
    const form = action === 'assessments' ? 'assessment' : 'value';
    try {
      if (action === 'confirm') await confirmIndicator(deps.db, id, actor);
      else if (action === 'values')
        await addManualValue(
          deps.db,
          id,
          { value: typedNumber(typed.value!) as number, asOf: typed.asOf!, note: typed.note || undefined },
          { author: actor.name, source: 'web', actor },
        );
      else
        await addAssessment(
          deps.db,
          id,
          { tier: typed.tier!, score: typedNumber(typed.score!) as number, asOf: typed.asOf!, note: typed.note || undefined },
          { author: actor.name, actor },
        );
    } catch (err) {
      const problems = formProblems(err, c.var.language);
      if (!problems) throw err;
      return renderIndicator(c, id, { name: form, errors: problems, values: typed }, 400);
    }
    // Post/redirect/get: a reload does not submit twice.
    return c.redirect(`/indicators/${id}?saved=1`, 303);
  });
