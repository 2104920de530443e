import { describe, expect, it } from 'vitest';
import { achievedSummary, buildMonitoringTable, buildSelfEvalTable, deviationText, type ProjectSheetFacts } from '../../src/reports/official-tables.ts';
import { inWan, sheetNames } from '../../src/reports/sheet-style.ts';
import type { IndicatorProgress, ProjectProgress } from '../../src/services/progress-model.ts';

// The official tables as plain data (docs/design.md "Official tables"): what each row says, built only from the
// progress answer, the table's own cells and the notes.

function indicator(over: Partial<IndicatorProgress> & { id: number }): IndicatorProgress {
  return {
    level1: '产出指标',
    level2: '数量指标',
    level3: `指标${over.id}`,
    description: null,
    target: {
      raw: '≥300次',
      kind: 'quantitative',
      comparator: '>=',
      inferred: false,
      value: 300,
      unit: '次',
      normalized: { value: 300, unit: '次' },
      text: null,
      range: null,
      deadline: null,
    } as IndicatorProgress['target'],
    measure: null,
    measureProposed: false,
    actual: 150,
    expected: 150,
    forecast: 300,
    deviation: 0,
    status: 'on_track',
    lamp: 'green',
    samples: 3,
    latestFactDay: '2024-06-30',
    overAchieved: false,
    likelihood: 'certain',
    assessment: null,
    applicable: true,
    note: null,
    score: { weight: 25, points: 25 },
    display: { target: '≥300次', actual: '150次', expected: '150次', forecast: '300次', deviation: '0%', status: '正常', likelihood: '确定能' },
    ...over,
  };
}

function project(indicators: IndicatorProgress[], over: Partial<ProjectProgress & { asOf: string }> = {}): ProjectProgress & { asOf: string } {
  return {
    id: 7,
    name: '测试项目',
    year: 2024,
    asOf: '2024-06-30',
    period: { start: '2024-01-01', end: '2024-12-31' },
    timeShare: 0.497,
    atPeriodEnd: false,
    budget: { total: 3_200_000, spent: 1_234_567.891, executionRate: 1_234_567.891 / 3_200_000, pace: 77.6, lamp: 'yellow' },
    score: { total: 88.5, grade: '良', forecast: true, parts: { output: 50, effect: 30, satisfaction: null, budget: 8.5 }, budgetWeight: 10, unscored: 0 },
    scoreError: null,
    statusCounts: { on_track: 2, off_track: 1 },
    indicators,
    display: { timeShare: '49.7%', budgetTotal: '320.00万元', spent: '123.46万元', executionRate: '38.6%', score: '88.50（良）' },
    ...over,
  };
}

const facts = (budget: ProjectSheetFacts['budget']): ProjectSheetFacts => ({
  unit: { name: '某中心', code: '1' },
  department: null,
  budget,
  goals: ['目标一', '目标二'],
});

describe('the self-evaluation table', () => {
  it('writes a qualitative row’s tier, a row that does not apply as 不适用, and the note as 偏差原因分析及改进措施', () => {
    const rows = [
      indicator({ id: 1 }),
      indicator({
        id: 2,
        target: { ...indicator({ id: 2 }).target, kind: 'qualitative', normalized: null, raw: '设备运行良好' },
        assessment: { tier: 'partial', score: 70, asOf: '2024-06-01' },
        score: { weight: 20, points: 14 },
        display: { ...indicator({ id: 2 }).display, actual: '—' },
      }),
      indicator({ id: 3, applicable: false, score: null }),
      indicator({
        id: 4,
        target: { ...indicator({ id: 4 }).target, kind: 'qualitative', normalized: null },
        assessment: null,
        score: { weight: 20, points: 0 },
      }),
    ];
    const notes = new Map([[1, { likelihood: 'possible', reasons: ['other', 'funding'], reasonText: '资金晚到', measures: '加快支付', forecast: null }]]);
    const t = buildSelfEvalTable(project(rows), facts({ total: 3_200_000, fiscal: 3_200_000, other: null }), notes);
    expect(t.indicators.map((r) => r.actual)).toEqual(['150次', '部分达成', '不适用', '—']);
    expect(t.indicators.map((r) => r.points)).toEqual([25, 14, null, 0]);
    expect(t.indicators[0]!.deviation).toBe('偏差原因：经费保障、其他（资金晚到）；改进措施：加快支付');
    expect(t.indicators[1]!.deviation).toBe('');
    expect(t.weightTotal).toBe(75);
    expect(t.total).toBe(88.5);
    expect(t.grade).toBe('良');
    expect(t.goals.expected).toBe('目标一\n目标二');
    expect(t.head.final).toBe(false);
  });

  it('splits the funds only when there is one source; the total row’s rate is the progress answer’s own', () => {
    const p = project([indicator({ id: 1 })]);
    const single = buildSelfEvalTable(p, facts({ total: 3_200_000, fiscal: 3_200_000, other: null }), new Map()).funds;
    expect(single.rows.map((r) => [r.label, r.initial, r.spent])).toEqual([
      ['年度资金总额', 3_200_000, 1_234_567.891],
      ['其中：财政拨款', 3_200_000, 1_234_567.891],
      ['其他资金', null, null],
    ]);
    expect(single.rows[0]!.rate).toBe(p.budget.executionRate);
    expect(single).toMatchObject({ weight: 10, points: 8.5 });
    const mixed = buildSelfEvalTable(p, facts({ total: 3_200_000, fiscal: 3_000_000, other: 200_000 }), new Map()).funds;
    expect(mixed.rows.map((r) => r.spent)).toEqual([1_234_567.891, null, null]);
    expect(mixed.rows.map((r) => r.rate)).toEqual([p.budget.executionRate, null, null]);
    const zeroOther = buildSelfEvalTable(p, facts({ total: 3_200_000, fiscal: 3_200_000, other: 0 }), new Map()).funds;
    expect(zeroOther.rows.map((r) => r.spent)).toEqual([1_234_567.891, 1_234_567.891, 0]);
  });

  it('without a score says why, and has no totals', () => {
    const t = buildSelfEvalTable(
      project([indicator({ id: 1, score: null })], { score: null, scoreError: '无法计算自评得分：一级指标“其他”' }),
      facts({ total: null, fiscal: null, other: null }),
      new Map(),
    );
    expect(t).toMatchObject({ total: null, grade: null, weightTotal: null, scoreError: '无法计算自评得分：一级指标“其他”' });
    expect(t.funds).toMatchObject({ weight: null, points: null });
  });

  it('says in words how the indicators stand', () => {
    expect(achievedSummary(project([indicator({ id: 1 }), indicator({ id: 2 }), indicator({ id: 3 })]))).toBe(
      '截至2024-06-30（时间进度49.7%），3项绩效指标中正常2项，偏离1项；预算执行率38.6%。',
    );
    expect(achievedSummary(project([], { atPeriodEnd: true, asOf: '2024-12-31', statusCounts: {} }))).toBe(
      '截至2024-12-31（期末），0项绩效指标中尚无结果；预算执行率38.6%。',
    );
  });
});

describe('the monitoring table', () => {
  it('takes the person’s forecast and likelihood over the computed ones, and says the lamp in words', () => {
    const notes = new Map([[2, { likelihood: 'impossible', reasons: ['hardware'], reasonText: null, measures: '更换设备', forecast: 125_000 }]]);
    const t = buildMonitoringTable(
      project([
        indicator({ id: 1 }),
        indicator({
          id: 2,
          lamp: 'red',
          target: { ...indicator({ id: 2 }).target, unit: '万条', raw: '>10万条', normalized: { value: 100_000, unit: '条' } },
        }),
      ]),
      facts({ total: 3_200_000, fiscal: 3_200_000, other: null }),
      notes,
    );
    expect(t.indicators[0]).toMatchObject({ forecast: '300次', forecastByPerson: false, likelihood: '确定能', reasons: '', measures: '', lampLabel: '绿' });
    expect(t.indicators[1]).toMatchObject({
      forecast: '12.5万条',
      forecastByPerson: true,
      likelihood: '完全不可能',
      reasons: '硬件保障',
      measures: '更换设备',
      lampLabel: '红',
    });
    expect(t.budget).toMatchObject({ lamp: 'yellow', lampLabel: '黄', pace: 77.6 });
  });
});

describe('sheets and money', () => {
  it('names sheets as a spreadsheet program accepts: cleaned, at most 31 characters, unique', () => {
    const long = '天津市生态环境信息网络、设备及系统运行维护项目（第一期）及其配套的各项服务';
    const names = sheetNames([long, long, 'a/b:c*d?e[f]g', "'quoted'", '', 'Sheet']);
    expect(names[0]).toHaveLength(31);
    expect(names[1]).toMatch(/\(2\)$/);
    expect(names[1]!.length).toBeLessThanOrEqual(31);
    expect(names[2]).toBe('a b c d e f g');
    expect(names[3]).toBe('quoted');
    expect(names[4]).toBe('Sheet');
    expect(names[5]).toBe('Sheet(2)');
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it('writes yuan as 万元 to the cent of a 万元, rounding half away', () => {
    expect(inWan(1_234_567.891)).toBe(123.46);
    expect(inWan(50)).toBe(0.01);
    expect(inWan(49)).toBe(0);
    expect(inWan(null)).toBeNull();
  });

  it('an empty note writes nothing', () => {
    expect(deviationText(undefined)).toBe('');
    expect(deviationText({ likelihood: 'certain', reasons: [], reasonText: null, measures: null, forecast: null })).toBe('');
  });
});
