import { may, type Actor } from '../../src/auth/actor.ts';
import { fieldLabels } from '../../src/evidence/entry-kinds.ts';
import { formatValue } from '../../src/format/index.ts';
import { measureSource } from '../../src/format/measure-source.ts';
import {
  deviationReasons,
  LIKELIHOOD_LABELS,
  likelihoods,
  noteLikelihoodLabel,
  normalizedUnitLabel,
  REASON_LABELS,
  reasonsText,
} from '../../src/format/monitoring-labels.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { FactsPage } from '../../src/services/indicator-facts.ts';
import type { MonitoringNoteDto } from '../../src/services/monitoring-notes.ts';
import type { IndicatorProgress } from '../../src/services/progress-model.ts';
import type { ChartData } from '../../src/services/project-charts.ts';
import { Chart, LampTag } from '../components/lamp.tsx';
import { ErrorSummary, Layout } from '../layout.tsx';
import { Field, FieldNotes, type FieldProblem } from '../components/fields.tsx';
import { isTallySum } from '../../src/measures/spec.ts';
import type { FileDto, FileParentKind } from '../../src/services/supporting-files.ts';
import { EntryFileChips, FileList, NO_FILE_FORM, UploadForm } from '../components/files.tsx';

export type { FieldProblem } from '../components/fields.tsx';

export interface IndicatorPageProps {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
  projectId: number;
  projectName: string;
  indicator: IndicatorProgress;
  needsConfirm: boolean;
  chart: ChartData | null;
  facts: FactsPage;
  /** Supporting files of the entries among the facts, by entry id. */
  factFiles: ReadonlyMap<number, FileDto[]>;
  /** The monitoring notes, newest first (the first is the current one). */
  notes: MonitoringNoteDto[];
  today: string;
  /**
   * Which form came back, its errors and what was typed (kept). The note form's fields are `note-*` (the page
   * has other forms with an asOf); its ticked reasons come back comma-joined in `reasons`.
   */
  form: { name: 'value' | 'assessment' | 'note' | 'file' | null; errors: FieldProblem[]; values: Record<string, string> };
  saved: boolean;
  files: IndicatorFiles;
}

/** A record of the indicator that carries supporting files: a current manual value or assessment, a monitoring note. */
export interface FileRecord {
  kind: FileParentKind;
  id: number;
  /** `人工填报值：2条（2024-06-30）` */
  title: string;
  files: FileDto[];
  /** Whether it takes a new file (the current note does; earlier notes are shown for their files only). */
  takesFiles: boolean;
}

/** 佐证材料 on the indicator page: its records with their files, the upload cap, and what the last post did. */
export interface IndicatorFiles {
  records: FileRecord[];
  limitMb: number;
  /** 已上传… / 已移除… after a post (post/redirect/get). */
  notice: string | null;
}

/** A fact in a few words: an entry's own fields (their Chinese labels), else the fact's, but the bookkeeping ones. */
function factText(f: Record<string, unknown>, language: Language, t: Translate, target: IndicatorProgress['target'], source: FactsPage['source']): string {
  // A figure typed by hand reads as one: the value in the target's unit, its day, who typed it.
  if (source === 'manual' && typeof f.value === 'number') {
    const note = typeof f.note === 'string' && f.note !== '' ? ` · ${f.note}` : '';
    return t('indicator.manualFact', { value: formatValue(f.value, target), asOf: String(f.asOf ?? f.day ?? ''), author: String(f.author ?? '—') }) + note;
  }
  const skip = new Set(['id', 'day', 'counted', 'indicatorId', 'supersedesId', 'supersededBy', 'createdAt', 'kind']);
  const own = f.fields && typeof f.fields === 'object' ? (f.fields as Record<string, unknown>) : f;
  return Object.entries(own)
    .filter(([k, v]) => !skip.has(k) && v !== null && v !== undefined && typeof v !== 'object')
    .slice(0, 4)
    .map(([k, v]) => `${language === 'zh' ? (fieldLabels[k] ?? k) : k}：${String(v)}`)
    .join(' · ');
}

/** 指标: where it stands, its series, the facts behind it, and what this role may do about it. */
export function IndicatorPage(p: IndicatorPageProps) {
  const { t, language, indicator: i } = p;
  const errors = p.form.errors;
  const kept = (name: string, fallback = '') => p.form.values[name] ?? fallback;
  const fieldErrors = (form: 'value' | 'assessment' | 'note') => (p.form.name === form ? errors : []);
  const canRecord = may(p.actor, 'record');
  const manual = i.measure?.type === 'manual';
  const qualitative = i.target.kind === 'qualitative';
  // Measured by its own tallies (docs/design.md "Tallies"): its figure moves with what staff log toward it.
  const tallied = isTallySum(i.measure);
  return (
    <Layout
      title={i.level3}
      t={t}
      language={language}
      actor={p.actor}
      formToken={p.formToken}
      active="overview"
      hasErrors={errors.length > 0}
      path={`/indicators/${i.id}`}
      scripts={p.chart ? ['/static/chart.umd.min.js', '/static/charts.js'] : undefined}
    >
      <p class="no-print">
        <a href={`/projects/${p.projectId}#indicator-${i.id}`}>
          ← {t('indicator.back')}：{p.projectName}
        </a>
      </p>
      <h1>{i.level3}</h1>
      <p class="muted">
        {i.level1} › {i.level2} · {t('indicator.source')}：{measureSource(i.measure, language)}
      </p>
      {p.saved && <p class="notice">{t('indicator.saved')}</p>}
      <ErrorSummary t={t} errors={errors} />
      <div class="panel">
        <p class="summary-line num">
          <LampTag lamp={i.lamp} status={i.status} language={language} />
          <span>
            {t('indicator.actual')} {i.display.actual} / {t('indicator.target')} {i.display.target}
          </span>
          <span>
            {t('indicator.expected')} {i.display.expected}
          </span>
          <span>
            {t('indicator.forecast')} {i.display.forecast}
          </span>
          <span>
            {t('indicator.deviation')} {i.display.deviation}
          </span>
          <span>
            {t('indicator.likelihood')}：{i.display.likelihood}
          </span>
        </p>
        {i.note && <p class="warning-box">{i.note}</p>}
        {canRecord && tallied && (
          <p class="no-print">
            <a class="button" href={`/log/${p.projectId}/tally?indicator=${i.id}`}>
              {t('log.tally.logLink')}
            </a>
          </p>
        )}
      </div>
      {p.chart && (
        <section>
          <h2>{t('indicator.series')}</h2>
          <Chart id={p.chart.id} title={p.chart.title} type={p.chart.type} unit={p.chart.unit} labels={p.chart.labels} series={p.chart.series} />
        </section>
      )}
      {p.needsConfirm && may(p.actor, 'admin') && (
        <section class="panel">
          <h2>{t('indicator.confirm.title')}</h2>
          <p>{t('indicator.confirm.body')}</p>
          <form method="post" action={`/indicators/${i.id}/confirm`}>
            <input type="hidden" name="_csrf" value={p.formToken} />
            <button type="submit" class="primary">
              {t('indicator.confirm.submit')}
            </button>
          </form>
        </section>
      )}
      {canRecord && manual && (
        <section class="panel">
          <h2>{t('indicator.manual.title')}</h2>
          <form method="post" action={`/indicators/${i.id}/values`} novalidate>
            <input type="hidden" name="_csrf" value={p.formToken} />
            <Field id="value" label={t('indicator.manual.value')} errors={fieldErrors('value')}>
              <div class="unit-input">
                <input type="text" inputmode="decimal" id="value" name="value" value={kept('value')} />
                <span>{i.target.normalized?.unit ?? ''}</span>
              </div>
            </Field>
            <Field id="asOf" label={t('indicator.manual.asOf')} errors={fieldErrors('value')}>
              <input type="date" id="asOf" name="asOf" value={kept('asOf', p.today)} />
            </Field>
            <Field id="note" label={t('indicator.manual.note')} errors={fieldErrors('value')}>
              <input type="text" id="note" name="note" value={kept('note')} />
            </Field>
            <button type="submit" class="primary">
              {t('indicator.manual.submit')}
            </button>
          </form>
        </section>
      )}
      {canRecord && qualitative && (
        <section class="panel">
          <h2>{t('indicator.assess.title')}</h2>
          <form method="post" action={`/indicators/${i.id}/assessments`} novalidate>
            <input type="hidden" name="_csrf" value={p.formToken} />
            <Field id="tier" label={t('indicator.assess.tier')} errors={fieldErrors('assessment')}>
              <select id="tier" name="tier">
                {['达成', '部分达成', '未达成'].map((tier) => (
                  <option value={tier} selected={kept('tier') === tier}>
                    {tier}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="score" label={t('indicator.assess.score')} hint={t('indicator.assess.hint')} errors={fieldErrors('assessment')}>
              <input type="text" inputmode="decimal" id="score" name="score" value={kept('score')} aria-describedby="score-hint" />
            </Field>
            <Field id="asOf" label={t('indicator.manual.asOf')} errors={fieldErrors('assessment')}>
              <input type="date" id="asOf" name="asOf" value={kept('asOf', p.today)} />
            </Field>
            <Field id="note" label={t('indicator.manual.note')} errors={fieldErrors('assessment')}>
              <input type="text" id="note" name="note" value={kept('note')} />
            </Field>
            <button type="submit" class="primary">
              {t('indicator.assess.submit')}
            </button>
          </form>
        </section>
      )}
      <MonitoringSection {...p} errors={fieldErrors('note')} canRecord={canRecord} />
      <FilesSection {...p} canRecord={canRecord} />
      <section>
        <h2>{t('indicator.facts')}</h2>
        {p.facts.items.length === 0 ? (
          <p class="panel">{t('indicator.noFacts')}</p>
        ) : (
          <div class="table-wrap">
            <table class="plain">
              <thead>
                <tr>
                  <th scope="col">{t('indicator.day')}</th>
                  <th scope="col">{t('indicator.detail')}</th>
                  <th scope="col">{t('indicator.counted')}</th>
                </tr>
              </thead>
              <tbody>
                {p.facts.items.map((f) => (
                  <tr>
                    <td class="num">{f.day}</td>
                    <td>
                      {factText(f, language, t, i.target, p.facts.source)}
                      <EntryFileChips t={t} files={p.factFiles.get(f.id) ?? []} />
                    </td>
                    <td>{f.counted ? '✓' : <span class="lamp lamp-grey">{t('indicator.notCounted')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

/** One note's reasons, with the person's own words. */
const noteReasons = (n: MonitoringNoteDto, language: Language) => reasonsText(n.reasons, n.reasonText, language) || '—';

/** A choice in a fieldset: the box (or radio) and its word; the first one carries the fieldset's id for the error summary. */
function Choice(p: { type: 'radio' | 'checkbox'; id: string; name: string; value: string; checked: boolean; label: string }) {
  return (
    <label class="choice" for={p.id}>
      <input type={p.type} id={p.id} name={p.name} value={p.value} checked={p.checked} />
      {p.label}
    </label>
  );
}

/** A group of choices with its legend, hint and error, GOV.UK style. */
function ChoiceGroup(p: { id: string; legend: string; hint?: string; errors: FieldProblem[]; children: unknown }) {
  const error = p.errors.find((e) => e.field === p.id);
  const described = [p.hint ? `${p.id}-hint` : null, error ? `${p.id}-error` : null].filter(Boolean).join(' ');
  return (
    <fieldset class={`field choices${error ? ' field-error' : ''}`} aria-describedby={described || undefined}>
      <legend>{p.legend}</legend>
      <FieldNotes id={p.id} hint={p.hint} error={error?.message} />
      {p.children}
    </fieldset>
  );
}

/**
 * 监测记录: the current note and the earlier ones, the over-achievement hint, and for who may record the form
 * (完成目标可能性, 偏差原因 with words of one's own, 整改措施, 全年预计完成值, the day).
 */
function MonitoringSection(p: IndicatorPageProps & { errors: FieldProblem[]; canRecord: boolean }) {
  const { t, language, indicator: i } = p;
  const [current, ...earlier] = p.notes;
  const kept = (name: string, fallback = '') => (p.form.name === 'note' ? (p.form.values[name] ?? fallback) : fallback);
  const ticked = new Set(kept('reasons').split(',').filter(Boolean));
  const numeric = i.target.kind === 'quantitative' && i.target.normalized !== null;
  const unit = normalizedUnitLabel(i.target.normalized?.unit, language);
  return (
    <section id="monitoring">
      <h2>{t('monitoring.title')}</h2>
      {i.overAchieved && <p class="warning-box">{t('monitoring.overAchieved')}</p>}
      {current ? (
        <div class="panel note-current">
          <h3>{t('monitoring.current')}</h3>
          <dl class="pairs">
            <div>
              <dt>{t('monitoring.likelihood')}</dt>
              <dd>
                <strong>{noteLikelihoodLabel(current.likelihood, language)}</strong>
              </dd>
            </div>
            <div>
              <dt>{t('monitoring.col.reasons')}</dt>
              <dd>{noteReasons(current, language)}</dd>
            </div>
            <div>
              <dt>{t('monitoring.col.measures')}</dt>
              <dd>{current.measures ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('monitoring.col.forecast')}</dt>
              <dd class="num">{current.forecastDisplay}</dd>
            </div>
            <div>
              <dt>{t('monitoring.asOf')}</dt>
              <dd class="num">{current.asOf}</dd>
            </div>
            <div>
              <dt>{t('monitoring.author')}</dt>
              <dd>{current.author}</dd>
            </div>
          </dl>
        </div>
      ) : (
        <p class="panel">{t('monitoring.none')}</p>
      )}
      {earlier.length > 0 && (
        <>
          <h3>{t('monitoring.history')}</h3>
          <div class="table-wrap">
            <table class="plain notes">
              <thead>
                <tr>
                  <th scope="col">{t('monitoring.asOf')}</th>
                  <th scope="col">{t('monitoring.author')}</th>
                  <th scope="col">{t('monitoring.likelihood')}</th>
                  <th scope="col">{t('monitoring.col.reasons')}</th>
                  <th scope="col">{t('monitoring.col.measures')}</th>
                  <th scope="col">{t('monitoring.col.forecast')}</th>
                </tr>
              </thead>
              <tbody>
                {earlier.map((n) => (
                  <tr>
                    <td class="num">{n.asOf}</td>
                    <td>{n.author}</td>
                    <td>{noteLikelihoodLabel(n.likelihood, language)}</td>
                    <td>{noteReasons(n, language)}</td>
                    <td>{n.measures ?? '—'}</td>
                    <td class="num">{n.forecastDisplay}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {p.canRecord && i.applicable && (
        <div class="panel no-print">
          <h3>{t('monitoring.form')}</h3>
          <form method="post" action={`/indicators/${i.id}/notes`} novalidate>
            <input type="hidden" name="_csrf" value={p.formToken} />
            <ChoiceGroup
              id="note-likelihood"
              legend={t('monitoring.likelihood')}
              hint={i.likelihood ? t('monitoring.likelihoodHint', { computed: i.display.likelihood }) : undefined}
              errors={p.errors}
            >
              {likelihoods.map((l, n) => (
                <Choice
                  type="radio"
                  id={n === 0 ? 'note-likelihood' : `note-likelihood-${l}`}
                  name="likelihood"
                  value={l}
                  checked={kept('likelihood') === l}
                  label={LIKELIHOOD_LABELS[language][l]}
                />
              ))}
            </ChoiceGroup>
            <ChoiceGroup id="note-reasons" legend={t('monitoring.reasons')} hint={t('monitoring.reasonsHint')} errors={p.errors}>
              {deviationReasons.map((r, n) => (
                <Choice
                  type="checkbox"
                  id={n === 0 ? 'note-reasons' : `note-reasons-${r}`}
                  name="reasons"
                  value={r}
                  checked={ticked.has(r)}
                  label={REASON_LABELS[language][r]}
                />
              ))}
            </ChoiceGroup>
            <Field id="note-reasonText" label={t('monitoring.reasonText')} hint={t('monitoring.reasonTextHint')} errors={p.errors}>
              <textarea id="note-reasonText" name="reasonText" rows={3} aria-describedby="note-reasonText-hint">
                {kept('reasonText')}
              </textarea>
            </Field>
            <Field id="note-measures" label={t('monitoring.measures')} errors={p.errors}>
              <textarea id="note-measures" name="measures" rows={3}>
                {kept('measures')}
              </textarea>
            </Field>
            {numeric && (
              <Field
                id="note-forecast"
                label={t('monitoring.forecast')}
                hint={t('monitoring.forecastHint', { computed: i.display.forecast })}
                errors={p.errors}
              >
                <div class="unit-input">
                  <input type="text" inputmode="decimal" id="note-forecast" name="forecast" value={kept('forecast')} aria-describedby="note-forecast-hint" />
                  <span>{unit}</span>
                </div>
              </Field>
            )}
            <Field id="note-asOf" label={t('monitoring.asOf')} errors={p.errors}>
              <input type="date" id="note-asOf" name="asOf" value={kept('asOf', p.today)} />
            </Field>
            <button type="submit" class="primary">
              {t('monitoring.submit')}
            </button>
          </form>
        </div>
      )}
    </section>
  );
}

/**
 * 佐证材料: each record that has files or may take one, with its files (thumbnails for images) and, for who may
 * record, a removal form per file and the record's upload form.
 */
function FilesSection(p: IndicatorPageProps & { canRecord: boolean }) {
  const { t } = p;
  const form = p.form.name === 'file' ? { errors: p.form.errors, values: p.form.values } : NO_FILE_FORM;
  const shown = p.files.records.filter((r) => r.files.length > 0 || (p.canRecord && r.takesFiles));
  const total = p.files.records.reduce((n, r) => n + r.files.length, 0);
  return (
    <section id="files" aria-labelledby="files-title">
      <h2 id="files-title">{t('files.title')}</h2>
      {p.files.notice && (
        <p class="notice" role="status">
          {p.files.notice}
        </p>
      )}
      {total === 0 && <p class="panel">{t('files.none')}</p>}
      {p.canRecord && shown.length === 0 && <p class="muted">{t('files.noRecord')}</p>}
      {shown.map((r) => {
        const open = form.errors.some((e) => e.field.endsWith(`-${r.kind}-${r.id}`));
        return (
          <div class="panel file-record">
            <h3>{r.title}</h3>
            <FileList t={t} files={r.files} canRecord={p.canRecord} formToken={p.formToken} form={form} />
            {p.canRecord && r.takesFiles && (
              <details class="file-add no-print" open={open || shown.length === 1}>
                <summary>{t('files.add')}</summary>
                <UploadForm t={t} kind={r.kind} id={r.id} formToken={p.formToken} limitMb={p.files.limitMb} form={form} />
              </details>
            )}
          </div>
        );
      })}
    </section>
  );
}
