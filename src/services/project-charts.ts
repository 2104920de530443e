import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { entryDaily } from '../../db/schema/index.ts';
import { expectedBy, readingDay, timeShare } from '../evaluation/index.ts';
import { entryKindLabels, type EntryKind } from '../evidence/entry-kinds.ts';
import { measureSource } from '../format/measure-source.ts';
import type { Language } from '../format/status-labels.ts';
import { indicatorSeries } from './indicator-series.ts';
import type { IndicatorProgress, ProjectProgress } from './progress-model.ts';

// The project page's charts (docs/design.md "Display"), as plain series: cumulative posts and readers against
// the pace line, log entries per month, budget spent against time. The page draws them with chart.js.

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  style: 'actual' | 'pace' | 'target' | 'bars';
}

export interface ChartData {
  id: string;
  title: string;
  type: 'line' | 'bar';
  unit: string;
  labels: string[];
  series: ChartSeries[];
}

const words = {
  zh: { actual: '实际', pace: '应达（按时间进度）', target: '目标', entries: '每月登记条数', spent: '累计支出（万元）', budgetPace: '按时间进度应支出' },
  en: {
    actual: 'Actual',
    pace: 'Expected (time pace)',
    target: 'Target',
    entries: 'Log entries per month',
    spent: 'Spent to date (10k yuan)',
    budgetPace: 'Spending at time pace',
  },
};

/** `YYYY-MM` of every month from start's to end's. */
function months(start: string, end: string): string[] {
  const out: string[] = [];
  const last = end.slice(0, 7);
  const d = new Date(`${start.slice(0, 7)}-01T00:00:00Z`);
  for (let month = start.slice(0, 7); month <= last; month = d.toISOString().slice(0, 7)) {
    out.push(month);
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/** One indicator's actual against the pace line and the target, weekly up to `upTo`. */
export async function indicatorChart(db: Db, i: IndicatorProgress, upTo: string, today: string, language: Language): Promise<ChartData> {
  const w = words[language];
  const s = await indicatorSeries(db, i.id, { step: 'week', to: upTo }, today);
  const target = s.target.value;
  return {
    id: `chart-indicator-${i.id}`,
    title: `${i.level3}（${measureSource(i.measure, language)}）`,
    type: 'line',
    unit: s.unit ?? '',
    labels: s.points.map((p) => p.date),
    series: [
      { label: w.actual, values: s.points.map((p) => p.actual), style: 'actual' },
      { label: w.pace, values: s.points.map((p) => p.expected), style: 'pace' },
      ...(target === null ? [] : [{ label: w.target, values: s.points.map(() => target), style: 'target' as const }]),
    ],
  };
}

export async function projectCharts(db: Db, progress: ProjectProgress, today: string, language: Language): Promise<ChartData[]> {
  const w = words[language];
  const charts: ChartData[] = [];
  const period = progress.period;
  const upTo = readingDay(period, today) ?? period.start;
  // Posts and readers: the campaign's cumulative figures against where the pace says they should be.
  for (const i of progress.indicators) {
    const source = i.measure && 'source' in i.measure ? i.measure.source : null;
    if (source === 'posts' || source === 'post_stats') charts.push(await indicatorChart(db, i, upTo, today, language));
  }
  const rows = await db
    .select({
      month: sql<string>`to_char(${entryDaily.day}, 'YYYY-MM')`,
      kind: entryDaily.kind,
      n: sql<number>`sum(${entryDaily.n})::int`,
      amount: sql<string>`sum(${entryDaily.amount})`,
    })
    .from(entryDaily)
    .where(and(eq(entryDaily.projectId, progress.id), gte(entryDaily.day, period.start), lte(entryDaily.day, upTo)))
    .groupBy(sql`1`, entryDaily.kind);
  const labels = months(period.start, upTo);
  if (rows.length > 0) {
    const kinds = [...new Set(rows.map((r) => r.kind))].sort();
    charts.push({
      id: 'chart-entries',
      title: w.entries,
      type: 'bar',
      unit: '',
      labels,
      series: kinds.map((kind) => ({
        label: language === 'zh' ? (entryKindLabels[kind as EntryKind] ?? kind) : kind,
        values: labels.map((m) => rows.filter((r) => r.kind === kind && r.month === m).reduce((a, r) => a + Number(r.n), 0)),
        style: 'bars',
      })),
    });
  }
  const total = progress.budget.total;
  if (total !== null) {
    let spent = 0;
    const spentByMonth = labels.map((m) => {
      spent += rows.filter((r) => r.kind === 'expenditure' && r.month === m).reduce((a, r) => a + Number(r.amount), 0);
      return Math.round(spent / 100) / 100;
    });
    const monthEnd = (m: string) => {
      const [y, mo] = m.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
      // ISO days compare as strings: the month's last day, or the reading day within the month.
      return [last, upTo].sort()[0]!;
    };
    charts.push({
      id: 'chart-budget',
      title: w.spent,
      type: 'line',
      unit: language === 'zh' ? '万元' : '10k yuan',
      labels,
      series: [
        { label: w.actual, values: spentByMonth, style: 'actual' },
        { label: w.budgetPace, values: labels.map((m) => Math.round(expectedBy(total, timeShare(period, monthEnd(m)).timeShare) / 100) / 100), style: 'pace' },
        { label: w.target, values: labels.map(() => Math.round(total / 100) / 100), style: 'target' },
      ],
    });
  }
  return charts;
}
