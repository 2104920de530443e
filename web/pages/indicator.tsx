import { may, type Actor } from '../../src/auth/actor.ts';
import { fieldLabels } from '../../src/evidence/entry-kinds.ts';
import { measureSource } from '../../src/format/measure-source.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { FactsPage } from '../../src/services/indicator-facts.ts';
import type { IndicatorProgress } from '../../src/services/progress-model.ts';
import type { ChartData } from '../../src/services/project-charts.ts';
import { Chart, LampTag } from '../components/lamp.tsx';
import { ErrorSummary, Layout } from '../layout.tsx';
import { Field, type FieldProblem } from '../components/fields.tsx';

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
  today: string;
  /** Which form came back, its errors and what was typed (kept). */
  form: { name: 'value' | 'assessment' | null; errors: FieldProblem[]; values: Record<string, string> };
  saved: boolean;
}

/** A fact in a few words: an entry's own fields (their Chinese labels), else the fact's, but the bookkeeping ones. */
function factText(f: Record<string, unknown>, language: Language): string {
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
  const fieldErrors = (form: 'value' | 'assessment') => (p.form.name === form ? errors : []);
  const canRecord = may(p.actor, 'record');
  const manual = i.measure?.type === 'manual';
  const qualitative = i.target.kind === 'qualitative';
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
                    <td>{factText(f, language)}</td>
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
