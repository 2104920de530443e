// The two official tables a unit hands the finance bureau (docs/design.md "Official tables"): the year-end
// self-evaluation table (项目支出绩效自评表) and the in-year monitoring table (绩效监控表), built from the
// progress answer as plain data. Every number and display string is the progress answer's own, so a workbook,
// the printable page and the API can never disagree; only the table's own arrangement is decided here.
import { qualitativeTierNames } from '../evaluation/qualitative-score.ts';
import type { Grade, Lamp, QualitativeTier } from '../evaluation/types.ts';
import { formatValue, NO_VALUE } from '../format/index.ts';
import { noteLikelihoodLabel, reasonsText } from '../format/monitoring-labels.ts';
import { lampLabel, STATUS_ORDER, statusLabel } from '../format/status-labels.ts';
import type { IndicatorProgress, ProjectProgress } from '../services/progress-model.ts';

/** What the tables need of the project beyond its progress (the target table's own cells). */
export interface ProjectSheetFacts {
  unit: { name: string; code: string | null };
  /** 主管部门, when known; the table leaves the cell for a person otherwise. */
  department: string | null;
  budget: { total: number | null; fiscal: number | null; other: number | null };
  goals: string[];
}

/** A monitoring note as the tables read it (the latest dated on or before the as-of day). */
export interface SheetNote {
  likelihood: string;
  reasons: string[];
  reasonText: string | null;
  measures: string | null;
  /** A person's own year-end forecast in the target's normalised unit. */
  forecast: number | null;
}

export interface TableHead {
  projectId: number;
  projectName: string;
  year: number;
  unitName: string;
  unitCode: string | null;
  department: string | null;
  asOf: string;
  period: { start: string; end: string };
  /** True once the as-of day is the period's last: the scores are final, not forecasts. */
  final: boolean;
}

export interface FundsRow {
  label: '年度资金总额' | '其中：财政拨款' | '其他资金';
  /** Yuan; null where the table has no figure. */
  initial: number | null;
  full: number | null;
  spent: number | null;
  /** 执行率 0–1: spent / full budget, when both are known. */
  rate: number | null;
}

export interface SelfEvalRow {
  indicatorId: number;
  level1: string;
  level2: string;
  level3: string;
  /** 年度指标值 as the target table wrote it. */
  target: string;
  /** 实际完成值 written the way the table writes targets (`812条`, `18小时`), a tier (`达成`), `不适用` or `—`. */
  actual: string;
  applicable: boolean;
  /** 分值 and 得分; null for an indicator that does not apply or when the project cannot be scored. */
  weight: number | null;
  points: number | null;
  /** 偏差原因分析及改进措施, from the monitoring note. */
  deviation: string;
}

export interface SelfEvalTable {
  head: TableHead;
  funds: { rows: FundsRow[]; weight: number | null; executionRate: number | null; points: number | null };
  goals: { expected: string; achieved: string };
  indicators: SelfEvalRow[];
  /** 分值 of the whole table (100 when every part applies) and 总分; null when the project cannot be scored. */
  weightTotal: number | null;
  total: number | null;
  grade: Grade | null;
  /** Why there is no score, in Chinese. */
  scoreError: string | null;
}

export interface MonitoringRow {
  indicatorId: number;
  level1: string;
  level2: string;
  level3: string;
  target: string;
  /** 当前完成值 and 全年预计完成值 in the target's written unit; a person's forecast wins over the computed one. */
  current: string;
  forecast: string;
  forecastByPerson: boolean;
  deviation: string;
  lamp: Lamp;
  lampLabel: string;
  status: string;
  likelihood: string;
  reasons: string;
  measures: string;
}

export interface MonitoringTable {
  head: TableHead;
  timeShare: number;
  budget: { total: number | null; spent: number; executionRate: number | null; pace: number | null; lamp: Lamp; lampLabel: string };
  indicators: MonitoringRow[];
}

const TIER_WORDS = qualitativeTierNames as Record<QualitativeTier, string>;

function headOf(p: ProjectProgress & { asOf: string }, facts: ProjectSheetFacts): TableHead {
  return {
    projectId: p.id,
    projectName: p.name,
    year: p.year,
    unitName: facts.unit.name,
    unitCode: facts.unit.code,
    department: facts.department,
    asOf: p.asOf,
    period: p.period,
    final: p.atPeriodEnd,
  };
}

/** 实际完成值: the measured value in the written unit, the recorded tier of a qualitative row. */
function actualText(i: IndicatorProgress): string {
  if (!i.applicable) return '不适用';
  if (i.target.kind === 'qualitative') return i.assessment ? TIER_WORDS[i.assessment.tier] : NO_VALUE;
  return i.display.actual;
}

/** 偏差原因分析及改进措施: the note's reasons and measures in the monitoring table's words. */
export function deviationText(note: SheetNote | undefined): string {
  if (!note) return '';
  const reasons = reasonsText(note.reasons, note.reasonText);
  const parts = [reasons ? `偏差原因：${reasons}` : '', note.measures ? `改进措施：${note.measures}` : ''].filter(Boolean);
  return parts.join('；');
}

/**
 * Funds rows in yuan. Expenditure is logged without its source, so it can be split only when the project has
 * one source: with no other funds everything spent is 财政拨款.
 */
function fundsRows(p: ProjectProgress, facts: ProjectSheetFacts): FundsRow[] {
  const { total, fiscal, other } = facts.budget;
  const single = other === null || other === 0;
  const row = (label: FundsRow['label'], budget: number | null, spent: number | null): FundsRow => ({
    label,
    initial: budget,
    full: budget,
    spent,
    rate: budget !== null && budget > 0 && spent !== null ? spent / budget : null,
  });
  return [
    // The total row's rate is the progress answer's own (the same division, kept to its last digit).
    { ...row('年度资金总额', total, p.budget.spent), rate: p.budget.executionRate },
    row('其中：财政拨款', fiscal, single && fiscal !== null ? p.budget.spent : null),
    row('其他资金', other, other === 0 ? 0 : null),
  ];
}

/** 实际完成情况 in words: how the indicators stand on the day and the budget executed. */
export function achievedSummary(p: ProjectProgress & { asOf: string }): string {
  const counts = STATUS_ORDER.filter((s) => (p.statusCounts[s] ?? 0) > 0).map((s) => `${statusLabel(s)}${p.statusCounts[s]}项`);
  const scope = p.atPeriodEnd ? `截至${p.asOf}（期末）` : `截至${p.asOf}（时间进度${p.display.timeShare}）`;
  return `${scope}，${p.indicators.length}项绩效指标中${counts.join('，') || '尚无结果'}；预算执行率${p.display.executionRate}。`;
}

export function buildSelfEvalTable(p: ProjectProgress & { asOf: string }, facts: ProjectSheetFacts, notes: ReadonlyMap<number, SheetNote>): SelfEvalTable {
  const indicators = p.indicators.map(
    (i): SelfEvalRow => ({
      indicatorId: i.id,
      level1: i.level1,
      level2: i.level2,
      level3: i.level3,
      target: i.display.target,
      actual: actualText(i),
      applicable: i.applicable,
      weight: i.score?.weight ?? null,
      points: i.score?.points ?? null,
      deviation: deviationText(notes.get(i.id)),
    }),
  );
  const score = p.score;
  const weightTotal = score ? cents(indicators.reduce((sum, r) => sum + (r.weight ?? 0), 0) + (score.budgetWeight ?? 0)) : null;
  return {
    head: headOf(p, facts),
    funds: { rows: fundsRows(p, facts), weight: score?.budgetWeight ?? null, executionRate: p.budget.executionRate, points: score?.parts.budget ?? null },
    goals: { expected: facts.goals.join('\n'), achieved: achievedSummary(p) },
    indicators,
    weightTotal,
    total: score?.total ?? null,
    grade: score?.grade ?? null,
    scoreError: p.scoreError,
  };
}

export function buildMonitoringTable(p: ProjectProgress & { asOf: string }, facts: ProjectSheetFacts, notes: ReadonlyMap<number, SheetNote>): MonitoringTable {
  return {
    head: headOf(p, facts),
    timeShare: p.timeShare,
    budget: { ...p.budget, lampLabel: lampLabel(p.budget.lamp) },
    indicators: p.indicators.map((i): MonitoringRow => {
      const note = notes.get(i.id);
      const byPerson = note?.forecast !== null && note?.forecast !== undefined;
      return {
        indicatorId: i.id,
        level1: i.level1,
        level2: i.level2,
        level3: i.level3,
        target: i.display.target,
        current: actualText(i),
        forecast: byPerson ? formatValue(note!.forecast, i.target) : i.display.forecast,
        forecastByPerson: byPerson,
        deviation: i.display.deviation,
        lamp: i.lamp,
        lampLabel: lampLabel(i.lamp),
        status: i.display.status,
        // The person's judgement when recorded; else the one the rules read from the pace.
        likelihood: note ? noteLikelihoodLabel(note.likelihood) : i.display.likelihood,
        reasons: note ? reasonsText(note.reasons, note.reasonText) : '',
        measures: note?.measures ?? '',
      };
    }),
  };
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}
