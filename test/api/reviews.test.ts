import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportedXlsx, sampleFixture, webText, withChanges } from '../helpers/selfeval-tables.ts';
import { fileForm, seedText } from '../helpers/seed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// POST /api/reviews (docs/design.md "Self-evaluation review"): admins and leaders upload a filled
// self-evaluation table and get the review as JSON; staff are refused; a bad file is a 4xx naming the problem.

let t: TestApp;
const tokens: Record<string, string> = {};
let project: number;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const send = (body: FormData | string, headers: Record<string, string> = {}, query = '') =>
  t.app.request(`/api/reviews${query}`, { method: 'POST', body, headers });

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2025-01-15T02:00:00Z') });
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  expect(res.status).toBe(201);
  project = ((await res.json()) as { projects: { id: number }[] }).projects[0]!.id;
  const unitId = ((await (await t.app.request(`/api/projects/${project}`)).json()) as { unit: { id: number } }).unit.id;
  tokens.leader = await t.tokenFor('复核领导', 'leader', unitId);
  tokens.staff = await t.tokenFor('复核工作人员', 'staff', unitId);
});
afterAll(async () => {
  await t?.close();
});

const form = (name: string, bytes: Uint8Array | string, type = 'application/octet-stream') => {
  const data = new FormData();
  data.append('file', new File([bytes as never], name, { type }));
  return data;
};

describe('POST /api/reviews', () => {
  it('answers a consistent table with a clean report, for an admin and a leader', async () => {
    const bytes = await exportedXlsx(sampleFixture());
    for (const auth of [{}, { authorization: `Bearer ${tokens.leader}` }] as Record<string, string>[]) {
      const res = await send(form('自评表.xlsx', bytes, XLSX), auth);
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as any;
      expect(body).toMatchObject({ fileName: '自评表.xlsx', format: 'xlsx', errors: 0, notes: 0, clean: true });
      expect(body.sheets).toHaveLength(1);
      expect(body.sheets[0]).toMatchObject({ project: '生态环境信息发布平台运维', year: 2026, findings: [] });
      expect(body.sheets[0].indicators).toHaveLength(7);
    }
  });

  it('refuses staff with a 403 that names the permission', async () => {
    const res = await send(form('自评表.txt', webText(sampleFixture()), 'text/plain'), { authorization: `Bearer ${tokens.staff}` });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain('复核自评表');
  });

  it('reports each planted inconsistency by row, with what was stated, what the rules give and why, in the caller’s language', async () => {
    const planted = withChanges(sampleFixture(), { rows: { 3: { score: '12.50' } }, total: '95.63', funds: { 0: { rate: '95.00%' } } });
    const res = await send(webText(planted), { 'content-type': 'text/plain; charset=utf-8', 'accept-language': 'en' }, '?fileName=pasted.txt');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-language')).toBe('en');
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ fileName: 'pasted.txt', errors: 2, notes: 0, clean: false });
    const findings = body.sheets[0].findings;
    expect(findings.map((f: any) => [f.severity, f.code, f.row, f.stated, f.expected])).toEqual([
      ['error', 'execution_rate', '年度资金总额', '95.00%', '98.50%'],
      ['error', 'quantitative_score', '运维成本', '12.50', '11.25'],
    ]);
    const row = body.sheets[0].indicators.find((r: any) => r.level3 === '运维成本');
    expect(findings[1].line).toBe(row.line);
    expect(findings[1].why).toMatch(/^Lower is better: the actual 352万元 exceeds ≤320万元/);
    const zh = (await (await send(webText(planted), { 'content-type': 'text/plain; charset=utf-8' }, '?fileName=pasted.txt')).json()) as any;
    expect(zh.sheets[0].findings[1].why).toMatch(/^反向指标：实际完成值 352万元 超过 ≤320万元/);
  });

  it.each([
    ['a text file with no self-evaluation table', form('notes.txt', '会议纪要\n今天讨论了预算。\n', 'text/plain'), 422, /没有找到项目支出绩效自评表/],
    ['a file type it does not read', form('表.pdf', '%PDF-1.4\n', 'application/pdf'), 415, /不支持的文件类型「\.pdf」/],
    ['a damaged .xlsx', form('坏表.xlsx', 'PK\u0003\u0004 not really a zip', XLSX), 422, /无法读取 \.xlsx 文件「坏表\.xlsx」/],
    ['an empty file', form('空.txt', '', 'text/plain'), 400, /./],
    ['a target table instead of a self-evaluation table', form('seed.txt', seedText(), 'text/plain'), 422, /实际完成值/],
  ] as const)('answers %s with a %d naming the problem', async (_, body, status, message) => {
    const res = await send(body);
    expect(res.status).toBe(status);
    const answer = (await res.json()) as { error: { message: string } };
    expect(answer.error.message).toMatch(message);
    expect(JSON.stringify(answer)).not.toMatch(/at .+:\d+:\d+|Error:|zip|central directory/i);
  });

  it('reviews jixiao’s own exported self-evaluation workbook as consistent', async () => {
    const download = await t.app.request(`/api/projects/${project}/selfeval.xlsx?asOf=2024-12-31`);
    expect(download.status, await download.clone().text()).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    const res = await send(form('exported.xlsx', bytes, XLSX));
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as any;
    const errors = body.sheets.flatMap((s: any) => s.findings.filter((f: any) => f.severity === 'error'));
    expect(errors).toEqual([]);
    expect(body.sheets[0].indicators.length).toBeGreaterThan(5);
  });
});
