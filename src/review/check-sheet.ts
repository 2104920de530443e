// A whole self-evaluation table against itself and the rules (docs/design.md "Self-evaluation review"): every
// indicator row (check-indicator.ts), the 分值 column adding up to 100, 总分 = the sum of 得分, each 执行率 =
// 全年执行数 / 全年预算数, 预算执行率's points = 分值 × min(执行率, 1), and the grade 总分 earns.
import { round2 } from '../evaluation/arithmetic.ts';
import { gradeOf } from '../evaluation/score-project.ts';
import { defaultEvaluationSettings } from '../evaluation/settings.ts';
import type { EvaluationSettings } from '../evaluation/types.ts';
import { said } from '../errors.ts';
import { formatDecimal } from '../format/decimal-text.ts';
import { checkIndicator, points, type RowOutcome, TOLERANCE } from './check-indicator.ts';
import { isBlank, type Money, readMoneyCell, readPoints, readRate } from './read-values.ts';
import type { Finding, FundsRow, SelfEvalSheet, SheetReview } from './types.ts';

const SLACK = 1e-9;
const percent = (x: number): string => `${formatDecimal(x, { decimals: 2, fixed: true })}%`;

export function checkSheet(sheet: SelfEvalSheet, settings: EvaluationSettings = defaultEvaluationSettings): SheetReview {
  const findings: Finding[] = [];
  const rows = sheet.indicators.map((row) => checkIndicator(row, sheet.year));
  for (const r of rows) findings.push(...r.findings);
  const endLine = sheet.total?.line ?? sheet.indicators[sheet.indicators.length - 1]?.line ?? sheet.line;
  const note = (line: number, row: string, key: Parameters<typeof said>[0], params: Record<string, string | number> = {}): Finding => ({
    severity: 'note',
    code: 'not_checked',
    line,
    row,
    stated: null,
    expected: null,
    why: said(key, params),
  });
  if (sheet.indicators.length === 0) findings.push(note(sheet.line, sheet.project ?? '', 'review.note.noIndicators'));

  const budget = checkFunds(sheet, findings);
  if (sheet.weightHeader === null) findings.push(note(sheet.line, sheet.project ?? '', 'review.note.noWeightColumn'));
  else checkWeights(sheet, rows, budget, endLine, findings);
  const sum = scoreSum(rows, budget);
  const statedTotal = readPoints(sheet.total?.score ?? null);
  if (!sheet.total || statedTotal === null) findings.push(note(endLine, '总分', 'review.note.noTotal'));
  else if (sum.unread > 0) findings.push(note(sheet.total.line, '总分', 'review.note.totalUnchecked', { count: sum.unread }));
  else if (Math.abs(statedTotal - round2(sum.total)) > TOLERANCE + SLACK) {
    findings.push({
      severity: 'error',
      code: 'total',
      line: sheet.total.line,
      row: '总分',
      stated: points(statedTotal),
      expected: points(round2(sum.total)),
      why: said('review.why.total', {
        stated: points(statedTotal),
        sum: points(round2(sum.total)),
        indicators: points(round2(sum.indicators)),
        budget: points(sum.budget),
      }),
    });
  }
  if (sheet.grade) {
    const total = statedTotal ?? (sum.unread === 0 ? round2(sum.total) : null);
    const expected = total === null ? null : gradeOf(total, settings);
    if (total === null) findings.push(note(sheet.grade.line, '自评等级', 'review.note.gradeUnchecked'));
    else if (expected !== sheet.grade.text) {
      const { excellent, good, fair } = settings.grades;
      findings.push({
        severity: 'error',
        code: 'grade',
        line: sheet.grade.line,
        row: '自评等级',
        stated: sheet.grade.text,
        expected,
        why: said('review.why.grade', { total: points(total), grade: expected ?? '', excellent, good, fair }),
      });
    }
  }
  findings.sort((a, b) => a.line - b.line);
  return {
    line: sheet.line,
    project: sheet.project,
    unit: sheet.unit,
    year: sheet.year,
    indicators: sheet.indicators,
    funds: sheet.funds,
    total: sheet.total,
    grade: sheet.grade,
    findings,
  };
}

/** 预算执行率's stated 分值 and 得分 (null: not stated or unreadable; `stated` false: no funds weight at all). */
interface BudgetPart {
  weight: number | null;
  points: number | null;
  /** The funds block gives 预算执行率 a weight cell. */
  stated: boolean;
}

function checkFunds(sheet: SelfEvalSheet, findings: Finding[]): BudgetPart {
  const part: BudgetPart = { weight: null, points: null, stated: false };
  if (sheet.funds.length === 0) {
    findings.push({
      severity: 'note',
      code: 'not_checked',
      line: sheet.line,
      row: '预算执行率',
      stated: null,
      expected: null,
      why: said('review.note.noFunds'),
    });
    return part;
  }
  for (const row of sheet.funds) checkRate(row, findings);
  const scored = sheet.funds.find((r) => !isBlank(r.weight)) ?? null;
  if (!scored) return part;
  part.stated = true;
  part.weight = readPoints(scored.weight);
  part.points = isBlank(scored.points) ? null : readPoints(scored.points);
  if (part.weight === null || part.points === null) {
    findings.push({
      severity: 'note',
      code: 'not_checked',
      line: scored.line,
      row: '预算执行率',
      stated: scored.points,
      expected: null,
      why: said('review.note.budgetPointsUnreadable', { weight: scored.weight ?? '', points: scored.points ?? '' }),
    });
    return part;
  }
  const rate = rateOf(scored);
  if (rate === null) {
    findings.push({
      severity: 'note',
      code: 'not_checked',
      line: scored.line,
      row: '预算执行率',
      stated: scored.points,
      expected: null,
      why: said('review.note.rateUnreadable'),
    });
    return part;
  }
  const w = part.weight;
  const low = round2(w * Math.min(rate.low / 100, 1));
  const high = round2(w * Math.min(rate.high / 100, 1));
  if (part.points < low - TOLERANCE - SLACK || part.points > high + TOLERANCE + SLACK) {
    const expected = round2(w * Math.min(rate.mid / 100, 1));
    findings.push({
      severity: 'error',
      code: 'budget_points',
      line: scored.line,
      row: '预算执行率',
      stated: points(part.points),
      expected: points(expected),
      why: said('review.why.budgetPoints', {
        weight: points(w),
        rate: percent(rate.mid),
        share: formatDecimal(Math.min(rate.mid / 100, 1), { decimals: 4 }),
        expected: points(expected),
      }),
    });
  }
  return part;
}

/**
 * The rates the row's money allows, in percent: 万元 written to 2 decimals hide up to ±50 元, so the
 * stated rate is held against the whole interval, not one quotient. Else the stated rate itself.
 */
function rateOf(row: FundsRow): { low: number; high: number; mid: number } | null {
  const range = moneyRate(row);
  if (range) return range;
  const stated = readRate(row.rate);
  if (!stated) return null;
  const p = stated.bare && stated.percent <= 1.5 ? stated.percent * 100 : stated.percent;
  return { low: p - 0.005, high: p + 0.005, mid: p };
}

function moneyRate(row: FundsRow): { low: number; high: number; mid: number } | null {
  const budget: Money | null = readMoneyCell(row.budget, row.moneyUnit);
  const spent: Money | null = readMoneyCell(row.spent, row.moneyUnit);
  if (!budget || !spent || budget.yuan <= 0) return null;
  const mid = (spent.yuan / budget.yuan) * 100;
  const low = (Math.max(spent.yuan - spent.half, 0) / (budget.yuan + budget.half)) * 100;
  const high = budget.yuan - budget.half > 0 ? ((spent.yuan + spent.half) / (budget.yuan - budget.half)) * 100 : Number.POSITIVE_INFINITY;
  return { low, high, mid };
}

function checkRate(row: FundsRow, findings: Finding[]): void {
  if (isBlank(row.rate)) return;
  const range = moneyRate(row);
  if (!range) return;
  const stated = readRate(row.rate);
  const fits = (p: number): boolean => p >= range.low - TOLERANCE - SLACK && p <= range.high + TOLERANCE + SLACK;
  if (stated && (fits(stated.percent) || (stated.bare && fits(stated.percent * 100)))) return;
  findings.push({
    severity: stated ? 'error' : 'note',
    code: stated ? 'execution_rate' : 'not_checked',
    line: row.line,
    row: row.label,
    stated: row.rate,
    expected: percent(range.mid),
    why: stated ? said('review.why.rate', { spent: row.spent ?? '', budget: row.budget ?? '', rate: percent(range.mid) }) : said('review.note.rateUnreadable'),
  });
}

function checkWeights(sheet: SelfEvalSheet, rows: RowOutcome[], budget: BudgetPart, line: number, findings: Finding[]): void {
  if (rows.some((r) => r.weight === null && r.applicable)) return; // each such row has its note already
  const indicators = rows.reduce((s, r) => s + (r.weight ?? 0), 0);
  if (budget.stated && budget.weight === null) return;
  const sum = round2(indicators + (budget.weight ?? 0));
  if (Math.abs(sum - 100) > TOLERANCE + SLACK) {
    findings.push({
      severity: 'error',
      code: 'weight_sum',
      line,
      row: '总分',
      stated: points(sum),
      expected: points(100),
      why: said('review.why.weightSum', {
        sum: points(sum),
        indicators: points(round2(indicators)),
        budget: points(budget.weight ?? 0),
        header: sheet.weightHeader ?? '分值',
      }),
    });
  }
  const stated = readPoints(sheet.total?.weight ?? null);
  if (sheet.total && stated !== null && Math.abs(stated - sum) > TOLERANCE + SLACK) {
    findings.push({
      severity: 'error',
      code: 'weight_total',
      line: sheet.total.line,
      row: '总分',
      stated: points(stated),
      expected: points(sum),
      why: said('review.why.weightTotal', { stated: points(stated), sum: points(sum), header: sheet.weightHeader ?? '分值' }),
    });
  }
}

/** Σ 得分 of the indicators and 预算执行率; rows that apply but whose 得分 cannot be read are counted apart. */
function scoreSum(rows: RowOutcome[], budget: BudgetPart): { total: number; indicators: number; budget: number; unread: number } {
  let unread = rows.filter((r) => r.score === null && r.applicable).length;
  const indicators = rows.reduce((s, r) => s + (r.score ?? 0), 0);
  if (budget.stated && budget.points === null) unread += 1;
  const b = budget.points ?? 0;
  return { total: indicators + b, indicators, budget: b, unread };
}
