import { describe, expect, it } from 'vitest';
import { checkIndicator } from '../../src/review/check-indicator.ts';
import { checkSheet } from '../../src/review/check-sheet.ts';
import { readActual, readTier } from '../../src/review/read-values.ts';
import type { IndicatorRow, SelfEvalSheet } from '../../src/review/types.ts';
import { parseTarget } from '../../src/targets/parse-target.ts';

// The review's single rules, table-driven (docs/design.md "Self-evaluation review").

describe('实际完成值 read in its target’s vocabulary', () => {
  it.each([
    ['812条', '≥300条', 812],
    ['12.5万条', '≥10万条', 125000],
    ['12.5', '≥10万条', 125000],
    ['18小时', '<1天', 18],
    ['1.5天', '≤48小时', 36],
    ['98%', '≥95%', 98],
    ['300.5万元', '≤320万元', 3005000],
    ['140元/人天', '≤150元/人天', 140],
    ['120个', '=120个', 120],
  ])('%s against %s is %d in the normalised unit', (actual, target, value) => {
    expect(readActual(actual, parseTarget(target).target)).toEqual({ kind: 'value', value });
  });

  it.each([
    ['达成', '≥300条', 'unreadable'],
    ['≥812条', '≥300条', 'unreadable'],
    ['3-5次', '≥3次', 'unreadable'],
    ['', '≥300条', 'missing'],
    ['—', '≥300条', 'missing'],
    ['2个工作日', '≤3天', 'unit'],
    ['812次', '≥300条', 'unit'],
  ])('%s against %s is %s', (actual, target, kind) => {
    expect(readActual(actual, parseTarget(target).target).kind).toBe(kind);
  });
});

describe('the tier a qualitative 实际完成值 states', () => {
  it.each([
    ['达成', 'achieved'],
    ['已完成', 'achieved'],
    ['达成。', 'achieved'],
    ['达成（按期上线）', 'achieved'],
    ['部分达成', 'partial'],
    ['基本完成', 'partial'],
    ['未达成', 'not_achieved'],
    ['未完成，因疫情延期', 'not_achieved'],
    ['较好', null],
    ['完成率95%', null],
  ])('%s → %s', (text, tier) => {
    expect(readTier(text)).toBe(tier);
  });
});

const row = (target: string, actual: string, weight: string, score: string, level3 = '指标'): IndicatorRow => ({
  line: 7,
  level1: '产出指标',
  level2: '数量指标',
  level3,
  target,
  actual,
  weight,
  score,
});
const errorsOf = (r: IndicatorRow, year: number | null = 2026) =>
  checkIndicator(r, year)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => [f.code, f.expected]);

describe('a row’s 得分 against the rules', () => {
  it.each([
    // 正向: A ≥ T → W; else W × A / T (16.67 × 250 / 300 = 13.89)
    ['≥300次', '250次', '16.67', '13.89', []],
    ['≥300次', '250次', '16.67', '13.90', []],
    ['≥300次', '250次', '16.67', '13.87', [['quantitative_score', '13.89']]],
    ['>90%', '90%', '10', '10', []],
    // 等于 0: A ≤ 0 → W, else 0
    ['=0起', '0起', '5', '5', []],
    ['=0起', '1起', '5', '5', [['quantitative_score', '0.00']]],
    // 反向: T < A < 2T → W × (1 − (A − T) / T); A ≥ 2T → 0
    ['≤10天', '12天', '10', '8', []],
    ['≤10天', '20天', '10', '0', []],
    ['≤10天', '20天', '10', '1', [['quantitative_score', '0.00']]],
    // A rate range: inside W, below W × A / low, above the 反向 formula against high
    ['90%-95%', '93%', '10', '10', []],
    ['90%-95%', '81%', '10', '9', []],
    ['90%-95%', '99.75%', '10', '9.5', []],
    ['90%-95%', '99.75%', '10', '9', [['quantitative_score', '9.50']]],
  ] as const)('%s, actual %s, 分值 %s, 得分 %s → %j', (target, actual, weight, score, expected) => {
    expect(errorsOf(row(target, actual, weight, score))).toEqual(expected);
  });

  it('a cap of a whole year is read as within the period: 366天 in 2024 earns full points, as does the plain formula', () => {
    expect(errorsOf(row('≤365天', '366天', '10', '10', '项目执行天数'), 2024)).toEqual([]);
    expect(errorsOf(row('≤365天', '366天', '10', '9.97', '项目执行天数'), 2024)).toEqual([]);
    expect(errorsOf(row('≤365天', '366天', '10', '9.5', '项目执行天数'), 2024)).toEqual([['quantitative_score', '9.97']]);
  });

  it.each([
    ['达成', '10', '8', []],
    ['部分达成', '10', '8', [['qualitative_band', '6.00–8.00']]],
    ['部分达成', '10', '6', []],
    ['未达成', '10', '6', [['qualitative_band', '0.00–6.00']]],
    ['未达成', '10', '0', []],
    // 0.8 × 16.67 = 13.336: 13.34 is the least a 达成 row can be written with
    ['达成', '16.67', '13.34', []],
    ['达成', '16.67', '13.33', [['qualitative_band', '13.34–16.67']]],
    ['达成', '16.67', '16.68', [['qualitative_band', '13.34–16.67']]],
  ] as const)('定性 %s of %s scored %s → %j', (tier, weight, score, expected) => {
    expect(errorsOf(row('效果明显', tier, weight, score))).toEqual(expected);
  });

  it('a row that does not apply is only bounded; an unknown tier is a note plus 0 ≤ 得分 ≤ 分值', () => {
    expect(checkIndicator(row('/', '/', '0', '0'), 2026).findings).toEqual([]);
    const over = checkIndicator(row('效果明显', '较好', '10', '10.5'), 2026).findings.map((f) => [f.severity, f.code]);
    expect(over).toEqual([
      ['note', 'not_checked'],
      ['error', 'score_over_weight'],
    ]);
    expect(checkIndicator(row('效果明显', '较好', '10', '-1'), 2026).findings.map((f) => f.code)).toEqual(['not_checked', 'score_negative']);
  });
});

describe('the funds block: 执行率 from money written to hundredths of 万元', () => {
  const sheet = (rate: string, points = '9.72'): SelfEvalSheet => ({
    line: 1,
    project: 'p',
    unit: null,
    year: 2026,
    weightHeader: '分值',
    funds: [{ label: '年度资金总额', line: 6, initial: '12.34', budget: '12.34', spent: '12.00', weight: '10', rate, points, moneyUnit: '万元' }],
    indicators: [row('≥1次', '1次', '90', '90')],
    total: { line: 9, weight: '100', score: String(90 + Number(points)) },
    grade: null,
  });
  const codes = (s: SelfEvalSheet) => checkSheet(s).findings.map((f) => f.code);

  it('accepts any rate the rounded money allows (12.00 ÷ 12.34 is 97.24%, ±50 元 either way)', () => {
    expect(codes(sheet('97.24%'))).toEqual([]);
    expect(codes(sheet('97.30%'))).toEqual([]);
    expect(codes(sheet('0.9724'))).toEqual([]);
    expect(codes(sheet('97.50%'))).toEqual(['execution_rate']);
  });

  it('预算执行率 points are 分值 × min(rate, 1), at most 分值', () => {
    expect(codes(sheet('97.24%', '9.5'))).toEqual(['budget_points']);
    const over = sheet('110.00%', '10');
    over.funds[0]!.spent = '13.57';
    expect(codes(over)).toEqual([]);
  });
});
