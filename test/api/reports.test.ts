import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONITORING_LAYOUT } from '../../src/reports/monitoring-xlsx.ts';
import { SELFEVAL_LAYOUT } from '../../src/reports/selfeval-xlsx.ts';
import type { ProgressReport } from '../../src/services/progress-model.ts';
import { fileForm, seedText } from '../helpers/seed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// The official workbooks (docs/design.md "Official tables") read back cell by cell: every number and string
// must be the progress API's for the same day.

let t: TestApp;
const p: number[] = [];
let unitId: number;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const post = async (url: string, body: unknown) => {
  const res = await t.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};

async function progress(project: number, asOf: string): Promise<ProgressReport['projects'][number]> {
  const res = await t.app.request(`/api/projects/${project}/progress?asOf=${asOf}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as ProgressReport).projects[0]!;
}

async function workbook(url: string): Promise<{ book: ExcelJS.Workbook; res: Response }> {
  const res = await t.app.request(url);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe(XLSX);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await res.arrayBuffer()) as never);
  return { book, res };
}

const value = (ws: ExcelJS.Worksheet, row: number, col: number) => ws.getRow(row).getCell(col).value;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2025-01-15T02:00:00Z') });
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  expect(res.status).toBe(201);
  p.push(...((await res.json()) as { projects: { id: number }[] }).projects.map((x) => x.id));
  unitId = ((await (await t.app.request(`/api/projects/${p[0]}`)).json()) as { unit: { id: number } }).unit.id;
  const lines = [
    ...Array.from({ length: 12 }, (_, i) => ({
      kind: 'maintenance',
      project: p[0],
      date: `2024-${String(i + 1).padStart(2, '0')}-10`,
      item: `维保${i}`,
      passed: i !== 4,
    })),
    { kind: 'fault', project: p[0], opened_at: '2024-02-01 09:00', resolved_at: '2024-02-01 11:00', system: '核心交换机' },
    { kind: 'fault', project: p[0], opened_at: '2024-05-20 08:00', resolved_at: '2024-05-21 04:00', system: '机房空调' },
    { kind: 'expenditure', project: p[0], date: '2024-02-15', amount: 1_000_000 },
    { kind: 'expenditure', project: p[0], date: '2024-09-15', amount: 1_456_789.12 },
    { kind: 'activity', project: p[1], date: '2024-03-12', title: '宣传活动一' },
    { kind: 'activity', project: p[1], date: '2024-09-10', title: '宣传活动二' },
    { kind: 'expenditure', project: p[1], date: '2024-04-01', amount: 100_000 },
    { kind: 'survey', project: p[1], date: '2024-06-20', respondent: '宣教处', score: 96 },
    { kind: 'report', project: p[2], date: '2024-03-01', title: '调查报告一' },
  ];
  const file = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const imported = await t.app.request('/api/entries/import', { method: 'POST', body: fileForm('log.jsonl', file) });
  expect(imported.status, await imported.clone().text()).toBe(201);

  const p4 = await progress(p[3]!, '2024-12-31');
  const lifetime = p4.indicators.find((i) => i.target.kind === 'qualitative')!;
  await post(`/api/indicators/${lifetime.id}/confirm`, {});
  await post(`/api/indicators/${lifetime.id}/assessments`, { tier: '部分达成', score: 70, asOf: '2024-12-20' });

  const p2 = await progress(p[1]!, '2024-06-30');
  const target = p2.indicators.find((i) => i.target.kind === 'quantitative' && i.measure !== null && i.level2 === '数量指标')!;
  await post(`/api/indicators/${target.id}/monitoring-notes`, {
    asOf: '2024-06-30',
    likelihood: 'possible',
    reasons: ['funding', 'other'],
    reasonText: '下半年集中开展',
    measures: '加密活动频次',
  });
  // Written after the monitoring day: the mid-year workbook must not know it, the year-end one must.
  await post(`/api/indicators/${target.id}/monitoring-notes`, { asOf: '2024-12-31', likelihood: 'certain', measures: '已完成整改' });
});
afterAll(async () => {
  await t?.close();
});

describe('the self-evaluation workbook', () => {
  it('holds the progress answer of the same day in the official layout, cell by cell, for every project', async () => {
    for (const id of p) {
      const answer = await progress(id, '2024-12-31');
      const { book, res } = await workbook(`/api/projects/${id}/selfeval.xlsx?asOf=2024-12-31`);
      const disposition = res.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`${answer.name}-绩效自评表-2024-12-31.xlsx`);
      expect(book.worksheets).toHaveLength(1);
      const ws = book.worksheets[0]!;
      expect(value(ws, 1, 1)).toBe('项目支出绩效自评表');
      expect(value(ws, 2, 1)).toBe('（2024年度）');
      expect(value(ws, 3, 2)).toBe(answer.name);
      expect(value(ws, 4, 7)).toBe('天津市生态环境综合保障中心');

      const headers = [4, 5, 6, 7, 8, 9].map((c) => value(ws, SELFEVAL_LAYOUT.fundsHeaderRow, c));
      expect(headers).toEqual([...SELFEVAL_LAYOUT.fundsHeaders]);
      const funds = SELFEVAL_LAYOUT.fundsRows[0];
      expect(value(ws, funds, 2)).toBe('年度资金总额');
      const wan = (yuan: number | null) => (yuan === null ? null : Math.round(yuan / 100) / 100);
      expect(value(ws, funds, 4)).toBe(wan(answer.budget.total));
      expect(value(ws, funds, 5)).toBe(wan(answer.budget.total));
      expect(value(ws, funds, 6)).toBe(wan(answer.budget.spent));
      expect(value(ws, funds, 7)).toBe(answer.score!.budgetWeight);
      expect(value(ws, funds, 8)).toBe(answer.budget.executionRate);
      expect(ws.getRow(funds).getCell(8).numFmt).toBe('0.0%');
      expect(value(ws, funds, 9)).toBe(answer.score!.parts.budget);
      expect(value(ws, SELFEVAL_LAYOUT.fundsRows[1], 2)).toBe('其中：财政拨款');
      expect(value(ws, SELFEVAL_LAYOUT.fundsRows[2], 2)).toBe('其他资金');

      const h = SELFEVAL_LAYOUT.indicatorHeaderRow;
      expect([2, 3, 4, 5, 6, 7, 8, 9].map((c) => value(ws, h, c))).toEqual([...SELFEVAL_LAYOUT.indicatorHeaders]);
      answer.indicators.forEach((i, n) => {
        const r = SELFEVAL_LAYOUT.firstIndicatorRow + n;
        expect(value(ws, r, 2)).toBe(i.level1);
        expect(value(ws, r, 3)).toBe(i.level2);
        expect(value(ws, r, 4)).toBe(i.level3);
        expect(value(ws, r, 5)).toBe(i.display.target);
        const tier = i.assessment ? { achieved: '达成', partial: '部分达成', not_achieved: '未达成' }[i.assessment.tier] : '—';
        expect(value(ws, r, 6), i.level3).toBe(!i.applicable ? '不适用' : i.target.kind === 'qualitative' ? tier : i.display.actual);
        expect(value(ws, r, 7), i.level3).toBe(i.score?.weight ?? '—');
        expect(value(ws, r, 8), i.level3).toBe(i.score?.points ?? '—');
      });
      const total = SELFEVAL_LAYOUT.firstIndicatorRow + answer.indicators.length;
      expect(value(ws, total, 1)).toBe('总分');
      expect(value(ws, total, 7)).toBe(100);
      expect(value(ws, total, 8)).toBe(answer.score!.total);
      expect(value(ws, total, 9)).toBe(`自评等级：${answer.score!.grade}`);
    }
  });

  it('writes 实际完成值 the way the table writes targets, the tier of a qualitative row, and the note as 偏差原因分析及改进措施', async () => {
    const answer = await progress(p[1]!, '2024-12-31');
    const { book } = await workbook(`/api/projects/${p[1]}/selfeval.xlsx?asOf=2024-12-31`);
    const ws = book.worksheets[0]!;
    const rows = answer.indicators.map((_, n) => SELFEVAL_LAYOUT.firstIndicatorRow + n);
    const noted = rows.find((r) => String(value(ws, r, 9)).includes('改进措施：已完成整改'));
    expect(noted, 'the year-end note is written beside its indicator').toBeDefined();
    // Actual values carry the target's written unit (次, 条, %), never a bare normalised number.
    const quantitative = answer.indicators.filter((i) => i.target.kind === 'quantitative' && i.actual !== null && i.target.unit);
    expect(quantitative.length).toBeGreaterThan(0);
    for (const i of quantitative) expect(i.display.actual).toMatch(/\D$/);

    const p4 = await progress(p[3]!, '2024-12-31');
    const q = p4.indicators.findIndex((i) => i.target.kind === 'qualitative');
    const book4 = (await workbook(`/api/projects/${p[3]}/selfeval.xlsx?asOf=2024-12-31`)).book.worksheets[0]!;
    expect(value(book4, SELFEVAL_LAYOUT.firstIndicatorRow + q, 6)).toBe('部分达成');
    expect(value(book4, SELFEVAL_LAYOUT.firstIndicatorRow + q, 8)).toBe(p4.indicators[q]!.score!.points);
  });

  it('before the period ends it says the scores are a forecast as of the day', async () => {
    const { book } = await workbook(`/api/projects/${p[0]}/selfeval.xlsx?asOf=2024-06-30`);
    expect(value(book.worksheets[0]!, 2, 1)).toBe('（2024年度，截至2024-06-30，得分为预测）');
  });

  it('a unit workbook has a sheet per project of the year, named after it', async () => {
    const { book, res } = await workbook(`/api/units/${unitId}/selfeval.xlsx?year=2024&asOf=2024-12-31`);
    expect(book.worksheets).toHaveLength(4);
    const names = await Promise.all(p.map(async (id) => (await progress(id, '2024-12-31')).name));
    for (const [n, ws] of book.worksheets.entries()) {
      expect(value(ws, 3, 2)).toBe(names[n]);
      expect(ws.name.length).toBeLessThanOrEqual(31);
      expect(names[n]!.startsWith(ws.name.replace(/\(\d+\)$/, ''))).toBe(true);
    }
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toBe(
      '天津市生态环境综合保障中心-2024年度-绩效自评表-2024-12-31.xlsx',
    );
  });
});

describe('the self-evaluation review reads the workbooks back', () => {
  it('finds the unit’s exported workbook (measured values, a qualitative tier, notes) consistent, sheet by sheet', async () => {
    const { reviewSelfEvaluation } = await import('../../src/services/selfeval-review.ts');
    const { defaultEvaluationSettings } = await import('../../src/evaluation/index.ts');
    const res = await t.app.request(`/api/units/${unitId}/selfeval.xlsx?year=2024&asOf=2024-12-31`);
    const report = await reviewSelfEvaluation({ fileName: 'unit.xlsx', bytes: new Uint8Array(await res.arrayBuffer()) }, defaultEvaluationSettings);
    expect(report.sheets).toHaveLength(4);
    const errors = report.sheets.flatMap((sheet) => sheet.findings.filter((f) => f.severity === 'error').map((f) => `${sheet.project}: ${f.row} ${f.code}`));
    expect(errors).toEqual([]);
    expect(report.clean).toBe(true);
  });

  it('and finds a score changed by hand', async () => {
    const { reviewSelfEvaluation } = await import('../../src/services/selfeval-review.ts');
    const { defaultEvaluationSettings } = await import('../../src/evaluation/index.ts');
    const answer = await progress(p[0]!, '2024-12-31');
    const { book } = await workbook(`/api/projects/${p[0]}/selfeval.xlsx?asOf=2024-12-31`);
    const n = answer.indicators.findIndex((i) => i.score !== null && i.score.points < i.score.weight && i.score.points > 0);
    expect(n).toBeGreaterThanOrEqual(0);
    const cell = book.worksheets[0]!.getRow(SELFEVAL_LAYOUT.firstIndicatorRow + n).getCell(8);
    cell.value = answer.indicators[n]!.score!.weight;
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const report = await reviewSelfEvaluation({ fileName: 'edited.xlsx', bytes }, defaultEvaluationSettings);
    const errors = report.sheets[0]!.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.row)).toContain(answer.indicators[n]!.level3);
    expect(report.clean).toBe(false);
  });
});

describe('the monitoring workbook', () => {
  it('holds budget execution and each indicator as of the day, with the notes written by then', async () => {
    for (const id of p) {
      const answer = await progress(id, '2024-06-30');
      const { book } = await workbook(`/api/projects/${id}/monitoring.xlsx?asOf=2024-06-30`);
      const ws = book.worksheets[0]!;
      expect(value(ws, 1, 1)).toBe('项目支出绩效监控表');
      expect(value(ws, 2, 1)).toBe('（2024年度，截至2024-06-30）');
      const b = MONITORING_LAYOUT.budgetRow;
      expect([2, 3, 4, 5, 6, 7].map((c) => value(ws, MONITORING_LAYOUT.budgetHeaderRow, c))).toEqual([...MONITORING_LAYOUT.budgetHeaders]);
      const wan = (yuan: number | null) => (yuan === null ? '—' : Math.round(yuan / 100) / 100);
      expect(value(ws, b, 2)).toBe(wan(answer.budget.total));
      expect(value(ws, b, 3)).toBe(wan(answer.budget.spent));
      expect(value(ws, b, 4)).toBe(answer.budget.executionRate ?? '—');
      expect(value(ws, b, 5)).toBe(answer.timeShare);
      expect(value(ws, b, 6)).toBe(answer.budget.pace === null ? '—' : answer.budget.pace / 100);
      expect(value(ws, b, 7)).toBe({ green: '绿', yellow: '黄', red: '红', grey: '灰' }[answer.budget.lamp]);

      expect(Array.from({ length: 11 }, (_, c) => value(ws, MONITORING_LAYOUT.indicatorHeaderRow, c + 1))).toEqual([...MONITORING_LAYOUT.indicatorHeaders]);
      answer.indicators.forEach((i, n) => {
        const r = MONITORING_LAYOUT.firstIndicatorRow + n;
        expect([1, 2, 3, 4].map((c) => value(ws, r, c))).toEqual([i.level1, i.level2, i.level3, i.display.target]);
        if (i.target.kind === 'quantitative') expect(value(ws, r, 5), i.level3).toBe(i.applicable ? i.display.actual : '不适用');
        expect(value(ws, r, 7), i.level3).toBe(i.display.deviation);
        expect(value(ws, r, 8), i.level3).toBe({ green: '绿', yellow: '黄', red: '红', grey: '灰' }[i.lamp]);
        const fill = ws.getRow(r).getCell(8).fill as ExcelJS.FillPattern;
        expect(fill.pattern).toBe('solid');
      });
    }
  });

  it('takes 完成目标可能性, 偏差原因 and 整改措施 from the note dated on or before the day, else the computed likelihood', async () => {
    const answer = await progress(p[1]!, '2024-06-30');
    const { book } = await workbook(`/api/projects/${p[1]}/monitoring.xlsx?asOf=2024-06-30`);
    const ws = book.worksheets[0]!;
    const rows = answer.indicators.map((i, n) => ({ i, r: MONITORING_LAYOUT.firstIndicatorRow + n }));
    const noted = rows.filter(({ r }) => value(ws, r, 11) !== '' && value(ws, r, 11) !== null);
    expect(noted).toHaveLength(1);
    const { i, r } = noted[0]!;
    expect(value(ws, r, 9)).toBe('有可能');
    expect(value(ws, r, 10)).toBe('经费保障、其他（下半年集中开展）');
    expect(value(ws, r, 11)).toBe('加密活动频次');
    expect(value(ws, r, 6)).toBe(i.display.forecast);
    for (const row of rows.filter((x) => x !== noted[0])) expect(value(ws, row.r, 9), row.i.level3).toBe(row.i.display.likelihood);
  });

  it('a unit monitoring workbook has every project', async () => {
    const { book } = await workbook(`/api/units/${unitId}/monitoring.xlsx?asOf=2024-06-30`);
    expect(book.worksheets).toHaveLength(4);
  });
});

describe('refusals', () => {
  it('answers 400 for a bad day, 404 for an unknown project or unit, 400 for a day before the period', async () => {
    expect((await t.app.request(`/api/projects/${p[0]}/selfeval.xlsx?asOf=2024-02-30`)).status).toBe(400);
    expect((await t.app.request('/api/projects/999999/selfeval.xlsx')).status).toBe(404);
    expect((await t.app.request('/api/units/999999/monitoring.xlsx')).status).toBe(404);
    const early = await t.app.request(`/api/projects/${p[0]}/monitoring.xlsx?asOf=2023-12-31`);
    expect(early.status).toBe(400);
    expect(((await early.json()) as { error: { message: string } }).error.message).toContain('2023-12-31');
    const noYear = await t.app.request(`/api/units/${unitId}/selfeval.xlsx?year=2030`);
    expect(noYear.status).toBe(404);
    expect(((await noYear.json()) as { error: { message: string } }).error.message).toContain('2030');
  });

  it('a leader of another unit may not download a unit’s workbook', async () => {
    const other = await t.app.request('/api/imports?year=2024', {
      method: 'POST',
      body: fileForm('b.txt', seedText().split('362207天津市生态环境综合保障中心').join('362299测试单位')),
    });
    expect(other.status).toBe(201);
    const units = (await (await t.app.request('/api/units')).json()) as { id: number; code: string }[];
    const b = units.find((u) => u.code === '362299')!;
    const token = await t.tokenFor('leader-b', 'leader', b.id);
    const headers = { authorization: `Bearer ${token}` };
    expect((await t.app.request(`/api/units/${unitId}/selfeval.xlsx`, { headers })).status).toBe(403);
    expect((await t.app.request(`/api/projects/${p[0]}/monitoring.xlsx`, { headers })).status).toBe(403);
    expect((await t.app.request(`/api/units/${b.id}/selfeval.xlsx?asOf=2024-12-31`, { headers })).status).toBe(200);
  });
});
