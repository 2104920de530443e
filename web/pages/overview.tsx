import { may, type Actor } from '../../src/auth/actor.ts';
import { lamps } from '../../src/evaluation/types.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { Overview } from '../../src/services/overview.ts';
import { LampTag } from '../components/lamp.tsx';
import { Layout } from '../layout.tsx';

export interface OverviewPageProps {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
  data: Overview;
  today: string;
  path: string;
}

/** 总览: a card per project, worst first; filters by year and unit (a GET form: no state changes). */
export function OverviewPage(p: OverviewPageProps) {
  const { t, data, language } = p;
  const timeShare = data.cards[0]?.progress.display.timeShare;
  // A unit's workbooks (a sheet per project) when the cards shown are one unit's.
  const shownUnits = new Set(data.cards.map((c) => c.project.unit.id));
  const unit = shownUnits.size === 1 ? [...shownUnits][0]! : null;
  return (
    <Layout
      title={t('overview.title')}
      t={t}
      language={language}
      actor={p.actor}
      formToken={p.formToken}
      active="overview"
      path={p.path}
      styles={['/static/report.css']}
    >
      <h1>
        {t('overview.title')}
        {timeShare && <span class="muted num"> · {t('overview.timeShare', { share: timeShare })}</span>}
      </h1>
      <form method="get" action="/" class="filters no-print">
        <div class="field">
          <label for="year">{t('overview.year')}</label>
          <select id="year" name="year">
            {data.years.map((y) => (
              <option value={String(y)} selected={y === data.year}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {data.units.length > 1 && (
          <div class="field">
            <label for="unit">{t('overview.unit')}</label>
            <select id="unit" name="unit">
              <option value="">{t('overview.allUnits')}</option>
              {data.units.map((u) => (
                <option value={String(u.id)} selected={u.id === data.unitId}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" class="secondary">
          {t('overview.filter')}
        </button>
      </form>
      {unit !== null && data.year !== null && (
        <p class="summary-line no-print report-links">
          <span>{t('report.unitWorkbooks')}</span>
          <a class="button secondary" href={`/units/${unit}/selfeval.xlsx?year=${data.year}`} download>
            {t('report.downloadSelfeval')}
          </a>
          <a class="button secondary" href={`/units/${unit}/monitoring.xlsx?year=${data.year}`} download>
            {t('report.downloadMonitoring')}
          </a>
        </p>
      )}
      {data.cards.length === 0 ? (
        <div class="panel">
          <p>{t('overview.empty', { year: data.year ?? p.today.slice(0, 4) })}</p>
          <p>{may(p.actor, 'admin') ? <a href="/admin/import">{t('overview.emptyAdmin')}</a> : t('overview.emptyOther')}</p>
        </div>
      ) : (
        <div class="cards">
          {data.cards.map((card) => {
            const g = card.progress;
            return (
              <section class="card" aria-labelledby={`card-${g.id}`}>
                <h2 id={`card-${g.id}`}>
                  <a href={`/projects/${g.id}`}>{g.name}</a>
                </h2>
                <ul class="lamp-counts" aria-label={t('overview.lamps')}>
                  {lamps.map((lamp) => (
                    <li>
                      <LampTag lamp={lamp} language={language} /> <span class="num">{card.lampCounts[lamp]}</span>
                    </li>
                  ))}
                </ul>
                <p class="num">
                  {t('overview.budget', { spent: g.display.spent, total: g.display.budgetTotal, rate: g.display.executionRate })}{' '}
                  <LampTag lamp={g.budget.lamp} language={language} />
                </p>
                <p class="num">{g.score ? t('overview.score', { score: g.display.score }) : t('overview.noScore')}</p>
                <p class="muted">{card.latestFactDay ? t('overview.updated', { when: card.latestFactDay }) : t('overview.neverUpdated')}</p>
              </section>
            );
          })}
        </div>
      )}
    </Layout>
  );
}
