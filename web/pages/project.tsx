import { may, type Actor } from '../../src/auth/actor.ts';
import { measureSource } from '../../src/format/measure-source.ts';
import { noteLikelihoodLabel } from '../../src/format/monitoring-labels.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { MonitoringNoteDto } from '../../src/services/monitoring-notes.ts';
import type { ChartData } from '../../src/services/project-charts.ts';
import type { IndicatorProgress, ProjectProgress } from '../../src/services/progress-model.ts';
import { Chart, LampTag, ProgressBar } from '../components/lamp.tsx';
import { Layout } from '../layout.tsx';
import { raw } from 'hono/html';

export interface ProjectBodyProps {
  t: Translate;
  language: Language;
  progress: ProjectProgress & { asOf: string };
  charts: ChartData[];
  /** Each indicator's current monitoring note, where one exists. */
  notes?: Map<number, MonitoringNoteDto>;
}

/** The project page's cached parts (web/routes.tsx): what comes before the coverage line, the line, and the rest. */
export interface ProjectPageBody {
  head: string;
  /** `自动计算 12 · 计数登记 5 · …` (src/format/coverage-text.ts). */
  coverage: string;
  main: string;
}

/** Share of the target reached, and where the pace puts today, for targets that grow toward a number. */
function barShares(i: IndicatorProgress): { share: number | null; pace: number | null } | null {
  const target = i.target.normalized?.value;
  const up = i.target.comparator === '>=' || i.target.comparator === '>' || i.target.comparator === '=';
  if (!up || target === undefined || target <= 0 || i.target.kind !== 'quantitative') return null;
  return { share: i.actual === null ? null : i.actual / target, pace: i.expected === null ? null : i.expected / target };
}

/** 一级 → 二级 groups in table order. */
function groups(indicators: IndicatorProgress[]) {
  const out: { level1: string; level2s: { level2: string; items: IndicatorProgress[] }[] }[] = [];
  for (const i of indicators) {
    let g1 = out.find((g) => g.level1 === i.level1);
    if (!g1) out.push((g1 = { level1: i.level1, level2s: [] }));
    let g2 = g1.level2s.find((g) => g.level2 === i.level2);
    if (!g2) g1.level2s.push((g2 = { level2: i.level2, items: [] }));
    g2.items.push(i);
  }
  return out;
}

/**
 * 项目 on one page: the frame (who is looking, their navigation) around the project's own body, and the measure
 * coverage line between its head and its indicators; an admin also gets the way to the measure bindings.
 */
export function ProjectPage(p: {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
  title: string;
  projectId: number;
  body: ProjectPageBody;
  path: string;
}) {
  return (
    <Layout
      title={p.title}
      t={p.t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="overview"
      path={p.path}
      scripts={['/static/chart.umd.min.js', '/static/charts.js', '/static/print.js']}
      styles={['/static/report.css']}
    >
      {raw(p.body.head)}
      <p class="summary-line coverage-line">
        <span>{p.t('project.coverage', { line: p.body.coverage })}</span>
        {may(p.actor, 'admin') && (
          <a class="no-print" href={`/admin/bindings?project=${p.projectId}`}>
            {p.t('project.coverageEdit')}
          </a>
        )}
      </p>
      {raw(p.body.main)}
    </Layout>
  );
}

/** The project page's head: name, period, budget, score and the official tables. */
export function ProjectHead(p: ProjectBodyProps) {
  const { t, language, progress: g } = p;
  const na = '—';
  const parts = g.score?.parts;
  const part = (v: number | null | undefined) => (v === null || v === undefined ? na : v.toFixed(1));
  return (
    <>
      <h1>{g.name}</h1>
      <p class="summary-line muted num">
        <span>{g.year}</span>
        <span>{t('project.asOf', { date: g.asOf })}</span>
        <span>{t('overview.timeShare', { share: g.display.timeShare })}</span>
        {/* Shown by print.js (a button needs a script; without one, the browser's own print gives the same A4 layout). */}
        <button type="button" class="secondary no-print" data-print hidden>
          {t('project.print')}
        </button>
      </p>
      <p class="summary-line num">
        <span>{t('project.budget', { total: g.display.budgetTotal, spent: g.display.spent, rate: g.display.executionRate })}</span>
        <LampTag lamp={g.budget.lamp} language={language} />
      </p>
      <p class="summary-line num">
        <strong>{g.score ? t('project.score', { score: g.display.score }) : t('overview.noScore')}</strong>
        {parts && (
          <span>
            {t('project.parts', { output: part(parts.output), effect: part(parts.effect), satisfaction: part(parts.satisfaction), budget: part(parts.budget) })}
          </span>
        )}
        {g.scoreError && <span class="warning-box">{g.scoreError}</span>}
      </p>
      <p class="summary-line no-print report-links">
        <a class="button secondary" href={`/projects/${g.id}/selfeval.xlsx?asOf=${g.asOf}`} download>
          {t('report.downloadSelfeval')}
        </a>
        <a class="button secondary" href={`/projects/${g.id}/monitoring.xlsx?asOf=${g.asOf}`} download>
          {t('report.downloadMonitoring')}
        </a>
        <a class="button secondary" href={`/projects/${g.id}/package.zip?asOf=${g.asOf}`} download title={t('package.buttonHint')}>
          {t('package.button')}
        </a>
        <a href={`/projects/${g.id}/selfeval?asOf=${g.asOf}`}>{t('report.printSelfeval')}</a>
      </p>
    </>
  );
}

/**
 * The project page's body, its indicators and charts: the same for everyone who may see the project, so it is
 * rendered once per answer and kept beside it (web/routes.tsx).
 */
export function ProjectBody(p: ProjectBodyProps) {
  const { t, language, progress: g } = p;
  const na = '—';
  return (
    <>
      {g.indicators.length === 0 && <p class="panel">{t('project.noIndicators')}</p>}
      {groups(g.indicators).map((g1) => (
        <section class="level1">
          <h2>{g1.level1}</h2>
          {g1.level2s.map((g2) => (
            <>
              <h3>
                {g1.level1} › {g2.level2}
              </h3>
              <div class="table-wrap">
                <table class="indicators">
                  <thead>
                    <tr>
                      <th scope="col">{t('indicator.status')}</th>
                      <th scope="col">{g2.level2}</th>
                      <th scope="col" class="num">
                        {t('indicator.actual')} / {t('indicator.target')}
                      </th>
                      <th scope="col" class="num">
                        {t('indicator.expected')}
                      </th>
                      <th scope="col">{t('indicator.progress')}</th>
                      <th scope="col" class="num">
                        {t('indicator.forecast')}
                      </th>
                      <th scope="col" class="num">
                        {t('indicator.deviation')}
                      </th>
                      <th scope="col">{t('indicator.likelihood')}</th>
                      <th scope="col">{t('indicator.source')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g2.items.map((i) => {
                      const bar = barShares(i);
                      const note = p.notes?.get(i.id);
                      return (
                        <tr id={`indicator-${i.id}`}>
                          <td>
                            <LampTag lamp={i.lamp} status={i.status} language={language} />
                          </td>
                          <td>
                            <a href={`/indicators/${i.id}`}>{i.level3}</a>
                            {i.note && <div class="muted">{i.note}</div>}
                          </td>
                          <td class="num" data-label={`${t('indicator.actual')} / ${t('indicator.target')}`}>
                            {i.display.actual} / {i.display.target}
                          </td>
                          <td class="num" data-label={t('indicator.expected')}>
                            {i.display.expected}
                          </td>
                          <td data-label={t('indicator.progress')}>
                            {bar ? <ProgressBar share={bar.share} pace={bar.pace} label={`${i.display.actual} / ${i.display.target}`} /> : na}
                          </td>
                          <td class="num" data-label={t('indicator.forecast')}>
                            {i.display.forecast}
                          </td>
                          <td class="num" data-label={t('indicator.deviation')}>
                            {i.display.deviation}
                          </td>
                          <td data-label={t('indicator.likelihood')}>
                            {i.display.likelihood}
                            {note && (
                              <div class="muted note-likelihood" title={t('monitoring.notedTitle', { date: note.asOf, author: note.author })}>
                                {t('monitoring.noted', { likelihood: noteLikelihoodLabel(note.likelihood, language) })}
                              </div>
                            )}
                          </td>
                          <td data-label={t('indicator.source')}>
                            {measureSource(i.measure, language)}
                            {i.latestFactDay && <div class="muted num">{i.latestFactDay}</div>}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          ))}
        </section>
      ))}
      {p.charts.length > 0 && (
        <section>
          <h2>{t('project.charts')}</h2>
          <div class="charts">
            {p.charts.map((c) => (
              <Chart id={c.id} title={c.title} type={c.type} unit={c.unit} labels={c.labels} series={c.series} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}
