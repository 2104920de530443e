import { describe, expect, it } from 'vitest';
import { reviewSelfEvalFile } from '../../src/review/review-file.ts';
import type { Finding, ReviewReport } from '../../src/review/types.ts';
import { exportedXlsx, mergedDocx, type SelfEvalFixture, sampleFixture, spacedText, webText, withChanges } from '../helpers/selfeval-tables.ts';

// The review (docs/design.md "Self-evaluation review") over whole tables: the layout jixiao exports and other
// units' variations, consistent (a clean report) and with one planted inconsistency at a time (found, and
// nothing else).

const enc = new TextEncoder();

const formats: Record<string, (f: SelfEvalFixture) => Promise<{ name: string; bytes: Uint8Array }>> = {
  'exported .xlsx': async (f) => ({ name: 'selfeval.xlsx', bytes: await exportedXlsx(f) }),
  'text copied from a web page': async (f) => ({ name: 'pasted.txt', bytes: enc.encode(webText(f)) }),
  '.docx with merged cells and 权重': async (f) => ({ name: 'other-unit.docx', bytes: await mergedDocx(f) }),
  'text split by spaces': async (f) => ({ name: 'spaced.txt', bytes: enc.encode(spacedText(f)) }),
};

async function review(format: string, f: SelfEvalFixture): Promise<ReviewReport> {
  const file = await formats[format]!(f);
  const outcome = await reviewSelfEvalFile(file.name, file.bytes);
  if (outcome.kind !== 'report') throw new Error(`refused: ${outcome.message.in('zh')}`);
  return outcome.report;
}

const described = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.code} line ${f.line} ${f.row}: ${f.why.in('zh')}`);

describe('a consistent self-evaluation table gets a clean report', () => {
  it.each(Object.keys(formats))('%s', async (format) => {
    const report = await review(format, sampleFixture());
    expect(report.sheets).toHaveLength(1);
    const [sheet] = report.sheets;
    expect(described(sheet!.findings)).toEqual([]);
    expect(report).toMatchObject({ clean: true, errors: 0, notes: 0 });
    expect(sheet!.project).toBe('生态环境信息发布平台运维');
    expect(sheet!.year).toBe(2026);
    expect(sheet!.indicators.map((r) => r.level3)).toEqual([
      '发布信息条数',
      '信息采集量',
      '故障响应时间',
      '运维成本',
      '信息公开质量',
      '数据保存完整率',
      '用户满意度',
    ]);
    expect(sheet!.indicators.map((r) => r.level1)).toEqual(['产出指标', '产出指标', '产出指标', '产出指标', '效益指标', '效益指标', '满意度指标']);
    expect(sheet!.funds[0]).toMatchObject({ label: '年度资金总额', rate: expect.stringMatching(/^98\.5/) });
  });

  it('reads the exported layout’s rows by their worksheet row numbers', async () => {
    const report = await review('exported .xlsx', sampleFixture());
    expect(report.sheets[0]!.indicators.map((r) => r.line)).toEqual([12, 13, 14, 15, 16, 17, 18]);
    expect(report.sheets[0]!.total).toMatchObject({ line: 19, score: '94.38', weight: '100' });
    expect(report.sheets[0]!.grade).toEqual({ text: '优', line: 19 });
  });

  it('reviews every project of a workbook with a sheet per project', async () => {
    const second = withChanges(sampleFixture(), { project: '第二个项目', rows: { 1: { score: '12.50' } }, total: '96.88' });
    const report = (await reviewSelfEvalFile('unit.xlsx', await exportedXlsx(sampleFixture(), [sampleFixture(), second]))) as {
      kind: 'report';
      report: ReviewReport;
    };
    expect(report.report.sheets.map((s) => s.project)).toEqual(['生态环境信息发布平台运维', '第二个项目']);
    expect(report.report.sheets[0]!.findings).toEqual([]);
    expect(report.report.sheets[1]!.findings.map((f) => [f.code, f.row])).toEqual([['quantitative_score', '信息采集量']]);
    expect(report.report.errors).toBe(1);
  });
});

interface Plant {
  name: string;
  changes: Parameters<typeof withChanges>[1];
  code: Finding['code'];
  row: string;
  stated: string | RegExp;
  expected: string;
  /** Notes that come with it (rows that can only be bounded). */
  notes?: number;
}

// Each plant keeps the rest of the table consistent with itself (总分 = Σ 得分 as stated, the grade of 总分),
// so exactly one error is expected.
const plants: Plant[] = [
  {
    name: 'a wrong 得分 for a 正向 row',
    changes: { rows: { 1: { score: '12.50' } }, total: '96.88' },
    code: 'quantitative_score',
    row: '信息采集量',
    stated: '12.50',
    expected: '10.00',
  },
  {
    name: 'a wrong 得分 for a 反向 row',
    changes: { rows: { 3: { score: '12.50' } }, total: '95.63' },
    code: 'quantitative_score',
    row: '运维成本',
    stated: '12.50',
    expected: '11.25',
  },
  {
    name: 'a 反向 row whose actual in 小时 exceeds its target in 天',
    changes: { rows: { 2: { actual: '30小时' } } },
    code: 'quantitative_score',
    row: '故障响应时间',
    stated: '12.50',
    expected: '9.38',
  },
  {
    name: 'a 正向 row whose actual is written in 万条 against 条',
    changes: { rows: { 0: { actual: '0.02万条' } } },
    code: 'quantitative_score',
    row: '发布信息条数',
    stated: '12.50',
    expected: '8.33',
  },
  {
    name: 'a qualitative score outside its band',
    changes: { rows: { 4: { score: '10.00' } }, total: '90.88' },
    code: 'qualitative_band',
    row: '信息公开质量',
    stated: '10.00',
    expected: '12.00–15.00',
  },
  {
    name: 'a 部分达成 scored as 达成',
    changes: { rows: { 4: { actual: '部分达成' } } },
    code: 'qualitative_band',
    row: '信息公开质量',
    stated: '13.50',
    expected: '9.00–12.00',
  },
  { name: 'a wrong 总分', changes: { total: '95.38' }, code: 'total', row: '总分', stated: '95.38', expected: '94.38' },
  {
    name: 'a wrong 执行率',
    changes: { funds: { 0: { rate: '95.00%' } } },
    code: 'execution_rate',
    row: '年度资金总额',
    stated: /^95(\.00)?%$/,
    expected: '98.50%',
  },
  {
    name: 'wrong 执行率 points',
    changes: { budgetPoints: '10.00', total: '94.53' },
    code: 'budget_points',
    row: '预算执行率',
    stated: /^10(\.00)?$/,
    expected: '9.85',
  },
  { name: 'a wrong grade', changes: { grade: '良' }, code: 'grade', row: '自评等级', stated: '良', expected: '优' },
  {
    name: '分值 that do not add up to 100',
    changes: { rows: { 5: { weight: '17.00', score: '17.00' } }, total: '96.38', weightTotal: '102.00' },
    code: 'weight_sum',
    row: '总分',
    stated: '102.00',
    expected: '100.00',
  },
  {
    name: '得分 above 分值 on a row whose actual cannot be read',
    changes: { rows: { 5: { actual: '数据均已保存', score: '16.00' } }, total: '95.38' },
    code: 'score_over_weight',
    row: '数据保存完整率',
    stated: '16.00',
    expected: '',
    notes: 1,
  },
];

// The docx variant has no 总分 weight distinction to test twice; the spaced text is covered by the clean case.
describe.each(['exported .xlsx', 'text copied from a web page', '.docx with merged cells and 权重'])('planted inconsistencies in %s', (format) => {
  it.each(plants)('$name is found, and nothing else', async (plant) => {
    const report = await review(format, withChanges(sampleFixture(), plant.changes));
    const errors = report.sheets[0]!.findings.filter((f) => f.severity === 'error');
    expect(described(errors)).toHaveLength(1);
    const [error] = errors;
    expect(error).toMatchObject({ code: plant.code, row: plant.row });
    if (typeof plant.stated === 'string') expect(error!.stated).toBe(plant.stated);
    else expect(error!.stated).toMatch(plant.stated);
    if (plant.expected !== '') expect(error!.expected).toBe(plant.expected);
    expect(error!.why.in('zh')).toMatch(/[\u4e00-\u9fff]/);
    expect(error!.why.in('en')).not.toMatch(/^review\./);
    const indicator = report.sheets[0]!.indicators.find((r) => r.level3 === plant.row);
    if (indicator) expect(error!.line).toBe(indicator.line);
    expect(report.notes).toBe(plant.notes ?? 0);
    expect(report.clean).toBe(false);
  });
});

describe('rows that cannot be checked are said, not skipped', () => {
  it('a qualitative row whose 实际完成值 names no tier is a note; its score is still bounded by 分值', async () => {
    const report = await review('exported .xlsx', withChanges(sampleFixture(), { rows: { 4: { actual: '较好' } } }));
    expect(report.sheets[0]!.findings.map((f) => [f.severity, f.code, f.line, f.row])).toEqual([['note', 'not_checked', 16, '信息公开质量']]);
    expect(report.sheets[0]!.findings[0]!.why.in('zh')).toContain('较好');
    expect(report.clean).toBe(true);
  });

  it('an actual in a unit the target cannot convert to is a note naming both units', async () => {
    const report = await review('text copied from a web page', withChanges(sampleFixture(), { rows: { 2: { actual: '1个工作日' } } }));
    const [note] = report.sheets[0]!.findings;
    expect(note).toMatchObject({ severity: 'note', code: 'not_checked', row: '故障响应时间' });
    expect(note!.why.in('zh')).toContain('个工作日');
  });

  it('a blank 得分 leaves the total unchecked, and says so', async () => {
    const report = await review('exported .xlsx', withChanges(sampleFixture(), { rows: { 0: { score: '' } } }));
    expect(report.sheets[0]!.findings.map((f) => [f.severity, f.row])).toEqual([
      ['note', '发布信息条数'],
      ['note', '总分'],
    ]);
  });
});
