import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addProbeEndpoint, recordProbeResults } from '../../src/services/probes.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';

// A year of the seed unit's work, loaded through the real write paths (bulk JSONL, the WeChat
// back-office export, manual values, assessments, probes), then read on 10 January (s = 10/366), 31 March
// (s = 91/366, still inside the early-year guard of 0.25), at mid-year (2024-07-01, s = 183/366 = 0.5) and at
// year end (366 days). A fifth project adds the target forms the seed lacks: deadlines, whole-year elapsed
// caps, ranges and a not-applicable row. Every expected number is worked out by hand in the comments, under
// the rules of docs/design.md (Monitoring rules, Scoring).

let t: TestApp;
const ids: Record<string, number> = {};

interface Progress {
  asOf: string;
  projects: {
    id: number;
    timeShare: number;
    budget: { spent: number; executionRate: number | null; lamp: string };
    score: { total: number; grade: string; forecast: boolean; parts: Record<string, number | null>; unscored: number } | null;
    indicators: {
      id: number;
      level3: string;
      description: string | null;
      actual: number | null;
      expected: number | null;
      forecast: number | null;
      status: string;
      lamp: string;
      overAchieved: boolean;
      likelihood: string | null;
      score: { weight: number; points: number } | null;
    }[];
  }[];
}

const day = (start: string, plus: number) => new Date(Date.parse(`${start}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

function entriesJsonl(): string {
  const rows: Record<string, unknown>[] = [];
  const add = (project: number, kind: string, fields: Record<string, unknown>) => rows.push({ kind, project, ...fields });
  const [p1, p2, p3, p4] = [ids.p1!, ids.p2!, ids.p3!, ids.p4!];

  // Project 1 — network operations
  for (let i = 0; i < 10; i++) add(p1, 'maintenance', { date: day('2024-01-10', i * 15), item: `维保${i + 1}`, passed: true });
  for (let i = 0; i < 10; i++) add(p1, 'maintenance', { date: day('2024-07-10', i * 15), item: `维保${i + 11}`, passed: i !== 3 });
  add(p1, 'fault', { opened_at: '2024-02-01 09:00', resolved_at: '2024-02-01 11:00', system: '核心交换机' }); // 2 h
  add(p1, 'fault', { opened_at: '2024-03-05 10:00', resolved_at: '2024-03-05 15:00', system: '专线' }); // 5 h
  add(p1, 'fault', { opened_at: '2024-05-20 08:00', resolved_at: '2024-05-21 04:00', system: '机房空调' }); // 20 h
  add(p1, 'fault', { opened_at: '2024-10-08 08:00', resolved_at: '2024-10-09 14:00', system: '防火墙' }); // 30 h
  add(p1, 'expenditure', { date: '2024-02-15', amount: 1_000_000, voucher: 'P1-001' });
  add(p1, 'expenditure', { date: '2024-05-15', amount: 400_000, voucher: 'P1-002' });
  add(p1, 'expenditure', { date: '2024-09-15', amount: 1_500_000, voucher: 'P1-003' });
  for (let i = 0; i < 160; i++) add(p1, 'inspection', { date: day('2024-01-01', i), target: '信息网链路', result: 'ok' });
  for (let i = 0; i < 150; i++) add(p1, 'inspection', { date: day('2024-07-02', i), target: '信息网链路', result: i % 10 ? 'ok' : 'issue' });
  add(p1, 'survey', { date: '2024-12-10', respondent: '市生态环境局信息处', score: 90 });

  // Project 2 — publicity campaign. The December 2023 activity lies before the 2024 period: it never counts.
  add(p2, 'activity', { date: '2023-12-20', title: '年终宣传（上年度）' });
  for (const d of ['2024-03-12', '2024-04-22', '2024-06-05', '2024-09-10', '2024-11-05']) add(p2, 'activity', { date: d, title: `六五环境日宣传 ${d}` });
  for (let i = 0; i < 8; i++) {
    const date = day('2024-02-01', i * 40);
    const late = i === 6; // 2024-09-28: delivered a day late
    add(p2, 'opinion_report', { date, title: `舆情专报 ${i + 1}`, due_at: `${date} 18:00`, delivered_at: late ? `${day(date, 1)} 09:00` : `${date} 16:00` });
  }
  add(p2, 'expenditure', { date: '2024-04-01', amount: 100_000 });
  add(p2, 'expenditure', { date: '2024-10-01', amount: 190_000 });
  add(p2, 'survey', { date: '2024-06-20', respondent: '市生态环境局宣教处', score: 98 });
  add(p2, 'survey', { date: '2024-11-20', respondent: '市生态环境局宣教处', score: 92 });

  // Project 3 — emergency response
  for (const d of ['2024-03-01', '2024-06-01', '2024-11-01']) add(p3, 'report', { date: d, title: `事故调查报告 ${d}` });
  const tasks: [string, string | null][] = [
    ['2024-03-01', '2024-02-20'],
    ['2024-04-01', '2024-03-25'],
    ['2024-05-01', '2024-04-28'],
    ['2024-06-15', '2024-09-01'],
    ['2024-07-15', '2024-07-10'],
    ['2024-08-15', '2024-08-01'],
    ['2024-09-15', '2024-09-10'],
    ['2024-10-15', '2024-10-10'],
    ['2024-11-15', '2024-11-10'],
    ['2024-12-15', null],
  ];
  for (const [i, [due, done]] of tasks.entries()) add(p3, 'task', { title: `京津冀联防任务 ${i + 1}`, due, ...(done ? { done_at: done } : {}) });
  add(p3, 'expenditure', { date: '2024-03-10', amount: 50_000 });
  add(p3, 'expenditure', { date: '2024-05-10', amount: 70_000 });
  add(p3, 'expenditure', { date: '2024-09-10', amount: 90_000 });
  add(p3, 'incident', { occurred_at: '2024-02-10 03:00', level: '一般', title: '油罐车侧翻' });
  add(p3, 'incident', { occurred_at: '2024-05-03 10:00', level: '较大', title: '河道污染' });
  add(p3, 'incident', { occurred_at: '2024-06-01 14:00', level: 'general', title: '企业泄漏' });
  add(p3, 'incident', { occurred_at: '2024-10-10 22:00', level: 'large', title: '化工厂火灾次生污染' });
  add(p3, 'survey', { date: '2024-12-01', respondent: '市生态环境局应急处', score: 97 });

  // Project 4 — equipment renewal
  add(p4, 'procurement', { date: '2024-03-01', item: '核心交换机', quantity: 2, amount: 400_000 });
  add(p4, 'procurement', { date: '2024-05-01', item: '防火墙', quantity: 1, amount: 200_000 });
  add(p4, 'procurement', { date: '2024-08-01', item: '存储阵列', quantity: 2, amount: 600_000 });
  add(p4, 'fault', { opened_at: '2024-02-03 10:00', resolved_at: '2024-02-03 11:30', system: '存储' }); // 1.5 h
  add(p4, 'fault', { opened_at: '2024-04-03 10:00', resolved_at: '2024-04-03 12:00', system: '交换机' }); // 2 h
  add(p4, 'fault', { opened_at: '2024-12-31 20:00', system: '门户网站' }); // open at year end: 4 h old at 24:00
  add(p4, 'expenditure', { date: '2024-03-20', amount: 700_000 });
  add(p4, 'expenditure', { date: '2024-09-20', amount: 1_000_000 });
  add(p4, 'survey', { date: '2024-06-25', respondent: '市生态环境局信息处', score: 88 });
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function wechatExport(count: number, readers: (i: number) => number): string {
  const lines = ['内容标题,发表时间,总阅读人数,总阅读次数,总分享人数,总分享次数,内容url'];
  for (let i = 0; i < count; i++) {
    // Two or three posts a day from 1 January; post i is published on day floor(i / 2.4).
    const published = `${day('2024-01-01', Math.floor(i / 2.4))} ${String(8 + (i % 10)).padStart(2, '0')}:00`;
    const url = `https://mp.weixin.qq.com/s?__biz=MzA5NjA&mid=${2247480000 + i}&idx=1&sn=abc${i}`;
    lines.push(`"美丽天津 第${i + 1}期",${published},${readers(i)},${readers(i) + 30},10,12,${url}`);
  }
  return lines.join('\r\n') + '\r\n';
}

// Project 5 — the newer target forms (docs/design.md "Targets"), in a pipe-row table (its measures are proposed from the words:
// deadlines and ranges are manual, 执行天数/执行时间 elapsed days, 满意 a survey average).
const FIFTH = [
  '项目名称 | 京津冀环境应急联防联控协作',
  '项目金额 | 10万元',
  '实施单位 | 362207天津市生态环境综合保障中心',
  '一级指标 | 二级指标 | 三级指标 | 指标值',
  '产出指标 | 时效指标 | 协作方案报送 | 6月30日前完成',
  '产出指标 | 时效指标 | 年度总结报送 | 2024年12月20日前完成',
  '产出指标 | 时效指标 | 项目执行天数 | ≤365天',
  '产出指标 | 时效指标 | 项目执行时间 | ≤1年',
  '产出指标 | 数量指标 | 联合演练次数 | 3-5次',
  '产出指标 | 质量指标 | 监测数据有效率 | 90%-95%',
  '效益指标 | 社会效益指标 | 跨区域协作机制 | /',
  '满意度指标 | 服务对象满意度指标 | 主管部门满意 | ≥90%',
].join('\n');

/** Each indicator's `status likelihood`, by level 3: one line per indicator to compare with the hand-worked table. */
function states(p: Progress['projects'][number]): Record<string, string> {
  return Object.fromEntries(p.indicators.map((i) => [i.level3, `${i.status} ${i.likelihood ?? '-'}`]));
}

async function post(path: string, body: unknown): Promise<Response> {
  return t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function progress(id: number, asOf: string): Promise<Progress['projects'][number]> {
  const res = await t.app.request(`/api/projects/${id}/progress?asOf=${asOf}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as Progress;
  return body.projects[0]!;
}

function byName(p: Progress['projects'][number], name: string) {
  const found = p.indicators.find((i) => i.level3 === name || i.description === name);
  if (!found) throw new Error(`no indicator ${name}`);
  return found;
}

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2025-01-15T02:00:00Z') });
  const imported = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  expect(imported.status).toBe(201);
  const { projects } = (await imported.json()) as { projects: { id: number }[] };
  projects.forEach((p, i) => {
    ids[`p${i + 1}`] = p.id;
  });

  const bulk = await t.app.request('/api/entries/import', { method: 'POST', headers: { 'x-user': 'wang' }, body: fileForm('2024-log.jsonl', entriesJsonl()) });
  expect(bulk.status, await bulk.clone().text()).toBe(201);

  const channel = await t.app.request('/api/channels', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'wechat', name: '美丽天津公众号', projects: [ids.p2] }),
  });
  expect(channel.status).toBe(201);
  ids.channel = ((await channel.json()) as { id: number }).id;
  // Mid-year export: 420 posts (1 Jan – 25 Jun), 200 readers each.
  const mid = await t.app.request(`/api/channels/${ids.channel}/wechat-export?asOf=2024-07-01`, {
    method: 'POST',
    body: fileForm(
      'mid.csv',
      wechatExport(420, () => 200),
    ),
  });
  expect(mid.status, await mid.clone().text()).toBe(201);
  // Year-end export: 850 posts; the first 420 have grown to 250 readers.
  const end = await t.app.request(`/api/channels/${ids.channel}/wechat-export?asOf=2024-12-31`, {
    method: 'POST',
    body: fileForm(
      'end.csv',
      wechatExport(850, (i) => (i < 420 ? 250 : 200)),
    ),
  });
  expect(end.status, await end.clone().text()).toBe(201);

  // Network probes for project 1: 100 checks in the first half (95 ok), 100 in the second (95 ok).
  const endpoint = await addProbeEndpoint(t.database.db, { name: '监管专网', target: 'tcp://10.0.0.1:443', projectId: ids.p1! });
  const results = Array.from({ length: 200 }, (_, i) => ({
    checkedAt: new Date(Date.parse(i < 100 ? '2024-01-01T00:00:00Z' : '2024-07-02T00:00:00Z') + (i % 100) * 36 * 3_600_000).toISOString(),
    ok: i % 20 !== 0,
    latencyMs: 12,
    error: null,
  }));
  await recordProbeResults(t.database.db, endpoint.id, results);

  // Project 4: 系统故障率 is a manual figure; 延长设备使用寿命 needs a person (confirm + assess).
  const p4 = (await (await t.app.request(`/api/projects/${ids.p4}`)).json()) as { indicators: { id: number; level3: string }[] };
  const failureRate = p4.indicators.find((i) => i.level3 === '系统故障率')!.id;
  const lifetime = p4.indicators.find((i) => i.level3 === '延长设备使用寿命')!.id;
  for (const [value, asOf] of [
    [8, '2024-06-30'],
    [12, '2024-12-31'],
  ] as const) {
    const r = await t.app.request(`/api/indicators/${failureRate}/values`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value, asOf, note: '运维月报' }),
    });
    expect(r.status).toBe(201);
  }
  expect(
    (
      await t.app.request(`/api/indicators/${lifetime}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ by: '李科长' }),
      })
    ).status,
  ).toBe(200);
  const assessed = await t.app.request(`/api/indicators/${lifetime}/assessments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tier: '达成', score: 90, asOf: '2024-12-31', note: '设备均正常运行' }),
  });
  expect(assessed.status, await assessed.clone().text()).toBe(201);

  // Project 3: a person attests on 31 March that no 较大及以上 incident has happened (a manual 0 on a cap
  // measured from entries): one sample, so the cap is judged rather than 无数据.
  const p3 = (await (await t.app.request(`/api/projects/${ids.p3}`)).json()) as { indicators: { id: number; level3: string }[] };
  const incidents = p3.indicators.find((i) => i.level3 === '保护生态环境')!.id;
  const none = await post(`/api/indicators/${incidents}/values`, { value: 0, asOf: '2024-03-31', note: '一季度未发生较大及以上突发环境事件' });
  expect(none.status, await none.clone().text()).toBe(201);

  // Project 5: the collaboration plan reported on 25 June (before its 30 June deadline); the year-end summary
  // (due 20 December) never recorded; ranges measured by hand.
  const fifth = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('fifth.txt', FIFTH) });
  expect(fifth.status, await fifth.clone().text()).toBe(201);
  ids.p5 = ((await fifth.json()) as { projects: { id: number }[] }).projects[0]!.id;
  const p5 = (await (await t.app.request(`/api/projects/${ids.p5}`)).json()) as { indicators: { id: number; level3: string }[] };
  const p5id = (name: string) => p5.indicators.find((i) => i.level3 === name)!.id;
  const plan = await post(`/api/indicators/${p5id('协作方案报送')}/assessments`, { tier: '达成', score: 95, asOf: '2024-06-25', note: '方案已报送' });
  expect(plan.status, await plan.clone().text()).toBe(201);
  for (const [name, value, asOf] of [
    ['监测数据有效率', 92, '2024-03-31'],
    ['监测数据有效率', 97, '2024-06-30'],
    ['监测数据有效率', 94, '2024-12-31'],
    ['联合演练次数', 1, '2024-06-30'],
    ['联合演练次数', 4, '2024-12-31'],
  ] as const) {
    const r = await post(`/api/indicators/${p5id(name)}/values`, { value, asOf, note: '月报' });
    expect(r.status, await r.clone().text()).toBe(201);
  }
});

afterAll(async () => {
  await t?.close();
});

describe('scenario: the first days and the first quarter (early-year guard, whole units, caps with no facts)', () => {
  it('on 10 January (s = 10/366): nothing red from a forecast, caps with nothing logged are 无数据', async () => {
    // 维保 1 of 1 passed (10 Jan) → 100%. 故障: no fault yet → no_data. 成本: nothing spent → a cap with no fact
    // is 无数据, not 已完成. 巡检: 10 done, ⌊300 × 10/366⌋ = ⌊8.2⌋ = 8 → on track. 联通率: checks every 36 h from
    // 1 Jan 08:00 (Shanghai), 7 by the end of 10 Jan, the first failed → 6/7 = 85.7% ≯ 90% → off_track (a rate
    // has no early guard), still possible. 满意: no survey.
    expect(states(await progress(ids.p1!, '2024-01-10'))).toEqual({
      维保项目完成合格率: 'on_track certain',
      故障解决时效: 'no_data -',
      年度运维成本: 'no_data -',
      完成信息网设备和链路定时巡检任: 'on_track certain',
      保持环境监管网络联通率: 'off_track possible',
      主管部门满意: 'no_data -',
    });
    // 活动: the December 2023 one is outside the period → 0, and ⌊1 × 10/366⌋ = 0 → on track. 舆情: first report
    // due 1 Feb → no_data. 执行天数: 240 h ≥ 7200 × 10/366 = 196.7 h. 支出: nothing yet → no_data. 两微: posts
    // i < 2.4 × 10 = 24 → 24 ≥ ⌊800 × 10/366⌋ = 21. 阅读量: no snapshot known yet → 0 of 100000 × 10/366 =
    // 2732: behind, forecast 0 — but s < 0.25, so 预警 (warning), not 偏离.
    const p2 = await progress(ids.p2!, '2024-01-10');
    expect(states(p2)).toEqual({
      基层组织活动: 'on_track certain',
      及时提供舆情信息: 'no_data -',
      项目执行天数: 'on_track certain',
      项目支出控制: 'no_data -',
      全民参与: 'on_track certain',
      生态意识: 'warning possible',
      主管部门满意: 'no_data -',
    });
    expect(byName(p2, '环境宣传活动')).toMatchObject({ actual: 0, expected: 10 / 366 });
    expect(byName(p2, '在两微发表信息')).toMatchObject({ actual: 24 });
    // 工作目标: 0 reports, ⌊3 × 10/366⌋ = 0 → on track. 任务: none due yet. 支出: nothing yet → no_data. 事件:
    // nothing logged and the manual 0 is dated 31 March, not yet known → no_data.
    expect(states(await progress(ids.p3!, '2024-01-10'))).toEqual({
      完成工作目标: 'on_track certain',
      目标任务完成情况: 'no_data -',
      项目执行时间: 'on_track certain',
      项目支出经费: 'no_data -',
      保护生态环境: 'no_data -',
      主管部门满意: 'no_data -',
    });
    // 采购: 0, ⌊4 × 10/366⌋ = 0 → on track. 故障率: no manual value yet. 时效: no fault. 成本: nothing yet.
    // 使用寿命: confirmed, not yet assessed → 待确认.
    expect(states(await progress(ids.p4!, '2024-01-10'))).toEqual({
      '硬件采购（维护）数量': 'on_track certain',
      系统故障率: 'no_data -',
      故障解决时效: 'no_data -',
      项目成本控制: 'no_data -',
      延长设备使用寿命: 'needs_review -',
      主管部门满意: 'no_data -',
    });
  });

  it('project 1 on 10 January scores only what has a value (53.57 差, 3 unscored)', async () => {
    const p = await progress(ids.p1!, '2024-01-10');
    // 维保 12.5; 巡检 forecast 10 × 36.6 = 366 ≥ 300 → 12.5; 联通 30 × (600/7)/90 = 28.571 → 28.57;
    // 故障, 成本, 满意 unscored; budget: nothing spent → 0.
    expect(p.score).toMatchObject({ total: 53.57, grade: '差', unscored: 3, parts: { output: 25, effect: 28.57, satisfaction: 0, budget: 0 } });
  });

  it('on 31 March (s = 91/366 = 0.2486): caps running ahead warn, the guard still holds the readers back from red', async () => {
    // 维保 6 of 6 passed. 故障 max(2 h, 5 h) = 5 h < 24 h. 成本 1.0M of 3.2M = 31.25% > s = 24.86% → warning.
    // 巡检 91 ≥ 74.6. 联通率: 61 checks by the end of 31 March (k ≤ 2176 h / 36 h), 4 failed → 93.4% > 90%.
    const p1 = await progress(ids.p1!, '2024-03-31');
    expect(states(p1)).toEqual({
      维保项目完成合格率: 'on_track certain',
      故障解决时效: 'on_track certain',
      年度运维成本: 'warning possible',
      完成信息网设备和链路定时巡检任: 'on_track certain',
      保持环境监管网络联通率: 'on_track certain',
      主管部门满意: 'no_data -',
    });
    // 成本 scored on its forecast 1.0M × 366/91 = 4.022M: 12.5 × (1 − 0.822/3.2) = 9.289 → 9.29; 联通 30;
    // budget 0.3125 / 0.2486 > 1 → 10. 12.5 + 12.5 + 9.29 + 12.5 + 30 + 0 + 10 = 86.79 → 良.
    expect(p1.score).toMatchObject({ total: 86.79, grade: '良', unscored: 1, parts: { output: 46.79, effect: 30, satisfaction: 0, budget: 10 } });
    // 活动 1 (12 March) ≥ 1 → met for good. 舆情 2 of 2 on time. 支出: the first payment is 1 April → no_data.
    // 两微 219 posts ≥ ⌊198.9⌋. 阅读量 still 0 of 24863 expected: s = 0.2486 < 0.25 → warning.
    expect(states(await progress(ids.p2!, '2024-03-31'))).toEqual({
      基层组织活动: 'met certain',
      及时提供舆情信息: 'on_track certain',
      项目执行天数: 'on_track certain',
      项目支出控制: 'no_data -',
      全民参与: 'on_track certain',
      生态意识: 'warning possible',
      主管部门满意: 'no_data -',
    });
    // 工作目标 1 ≥ ⌊0.75⌋ = 0. 任务: 1 due (1 March), done → 100%. 支出 50000 of 200000 = 25% > 24.86% →
    // warning. 事件: see the next test (the manual 0 of 31 March).
    expect(states(await progress(ids.p3!, '2024-03-31'))).toMatchObject({
      完成工作目标: 'on_track certain',
      目标任务完成情况: 'on_track certain',
      项目执行时间: 'on_track certain',
      项目支出经费: 'warning possible',
      主管部门满意: 'no_data -',
    });
    // 采购 2 ≥ ⌊4 × 0.2486⌋ = 0. 时效 1.5 h ≤ 2 h. 成本 0.7M of 1.75M = 40% > 24.86% → warning.
    expect(states(await progress(ids.p4!, '2024-03-31'))).toEqual({
      '硬件采购（维护）数量': 'on_track certain',
      系统故障率: 'no_data -',
      故障解决时效: 'on_track certain',
      项目成本控制: 'warning possible',
      延长设备使用寿命: 'needs_review -',
      主管部门满意: 'no_data -',
    });
  });

  it('a manual 0 turns a cap with nothing logged from 无数据 into a judged one (project 3, 31 March)', async () => {
    // 0 incidents against <9件, ⌈9 × 91/366⌉ = 3 allowed so far → on track; unscored no longer.
    const p = await progress(ids.p3!, '2024-03-31');
    expect(byName(p, '防范较大及以上级别突发环境事件')).toMatchObject({ actual: 0, status: 'on_track', likelihood: 'certain' });
  });
});

describe('scenario: deadlines, whole-year elapsed caps, ranges and a not-applicable row (project 5)', () => {
  it.each([
    // 方案 due 30 June: grey until 31 May, 达成 recorded 25 June → met from then on. 总结 due 20 December:
    // grey until 20 November, then 预警, never recorded → 未完成 from 21 December. 执行天数 ≤365天 and 执行时间
    // ≤1年 compare with max(target, 366 days): on track all year, met on 31 December (8784 h, 366/365 年).
    // 演练 3-5次 paced against 3 (manual: 1 by 30 June → ⌊1.5⌋ = 1 on track; 4 by year end → met).
    // 有效率 90%-95%: 92 (31 March) inside; 97 (30 June) above → off_track; 94 at year end → met.
    // 协作机制 `/` → not applicable (无数据, not scored). 满意: no survey.
    [
      '2024-01-10',
      {
        协作方案报送: 'needs_review -',
        年度总结报送: 'needs_review -',
        项目执行天数: 'on_track certain',
        项目执行时间: 'on_track certain',
        联合演练次数: 'no_data -',
        监测数据有效率: 'no_data -',
        跨区域协作机制: 'no_data -',
        主管部门满意: 'no_data -',
      },
    ],
    [
      '2024-03-31',
      {
        协作方案报送: 'needs_review -',
        年度总结报送: 'needs_review -',
        项目执行天数: 'on_track certain',
        项目执行时间: 'on_track certain',
        联合演练次数: 'no_data -',
        监测数据有效率: 'on_track certain',
        跨区域协作机制: 'no_data -',
        主管部门满意: 'no_data -',
      },
    ],
    [
      '2024-06-01',
      {
        协作方案报送: 'warning possible',
        年度总结报送: 'needs_review -',
        项目执行天数: 'on_track certain',
        项目执行时间: 'on_track certain',
        联合演练次数: 'no_data -',
        监测数据有效率: 'on_track certain',
        跨区域协作机制: 'no_data -',
        主管部门满意: 'no_data -',
      },
    ],
    [
      '2024-07-01',
      {
        协作方案报送: 'met certain',
        年度总结报送: 'needs_review -',
        项目执行天数: 'on_track certain',
        项目执行时间: 'on_track certain',
        联合演练次数: 'on_track certain',
        监测数据有效率: 'off_track possible',
        跨区域协作机制: 'no_data -',
        主管部门满意: 'no_data -',
      },
    ],
    // On 1 December (s = 336/366) one drill of 3 is behind ⌊3 × 0.918⌋ = 2, forecast 1.09 < 2.7 → off_track.
    [
      '2024-12-01',
      {
        协作方案报送: 'met certain',
        年度总结报送: 'warning possible',
        项目执行天数: 'on_track certain',
        项目执行时间: 'on_track certain',
        联合演练次数: 'off_track possible',
        监测数据有效率: 'off_track possible',
        跨区域协作机制: 'no_data -',
        主管部门满意: 'no_data -',
      },
    ],
    [
      '2024-12-31',
      {
        协作方案报送: 'met certain',
        年度总结报送: 'failed impossible',
        项目执行天数: 'met certain',
        项目执行时间: 'met certain',
        联合演练次数: 'met certain',
        监测数据有效率: 'met certain',
        跨区域协作机制: 'no_data -',
        主管部门满意: 'no_data -',
      },
    ],
  ] as [string, Record<string, string>][])('as of %s', async (asOf, expected) => {
    expect(states(await progress(ids.p5!, asOf))).toEqual(expected);
  });

  it('shows 366 days of 2024 against ≤365天 and ≤1年 without breaking them', async () => {
    const p = await progress(ids.p5!, '2024-12-31');
    expect(byName(p, '项目执行天数')).toMatchObject({ actual: 8784, status: 'met' });
    expect(byName(p, '项目执行时间').actual).toBeCloseTo(366 / 365, 9);
    // The not-applicable row is left out of the points; the passed deadline with nothing recorded scores 0.
    expect(byName(p, '跨区域协作机制').score).toBeNull();
    expect(byName(p, '年度总结报送').score?.points).toBe(0);
  });
});

describe('scenario: the seed unit, one year of evidence', () => {
  it('project 1 at mid-year: rates on track, cost cap within time, inspections ahead of pace, no survey yet (score 88.75 良)', async () => {
    const p = await progress(ids.p1!, '2024-07-01');
    expect(p.timeShare).toBe(0.5);
    expect(byName(p, '维保项目完成合格率')).toMatchObject({ actual: 100, status: 'on_track', lamp: 'green' });
    expect(byName(p, '故障解决时效')).toMatchObject({ actual: 20, status: 'on_track' });
    // 1.4M of a 3.2M cap: share 0.4375 ≤ s = 0.5; forecast 2.8M.
    expect(byName(p, '年度运维成本')).toMatchObject({ actual: 1_400_000, expected: 1_600_000, forecast: 2_800_000, status: 'on_track' });
    expect(byName(p, '完成信息网设备和链路定时巡检任')).toMatchObject({ actual: 160, expected: 150, forecast: 320, status: 'on_track' });
    expect(byName(p, '保持环境监管网络联通率')).toMatchObject({ actual: 95, status: 'on_track' });
    expect(byName(p, '主管部门满意')).toMatchObject({ actual: null, status: 'no_data', lamp: 'grey' });
    // v = 0.4375 / 0.5 × 100 = 87.5 → green
    expect(p.budget).toMatchObject({ spent: 1_400_000, executionRate: 0.4375, lamp: 'green' });
    // 12.5 × 4 + 30 + 0 + 10 × 0.875
    expect(p.score).toMatchObject({ total: 88.75, grade: '良', forecast: true, parts: { output: 50, effect: 30, satisfaction: 0, budget: 8.75 }, unscored: 1 });
  });

  it('project 1 at year end: one maintenance failed, a 30 h fault, survey 90 (score 95.32 优)', async () => {
    const p = await progress(ids.p1!, '2024-12-31');
    expect(byName(p, '维保项目完成合格率')).toMatchObject({ actual: 95, status: 'failed', lamp: 'red', likelihood: 'impossible' });
    expect(byName(p, '故障解决时效')).toMatchObject({ actual: 30, status: 'failed' });
    expect(byName(p, '年度运维成本')).toMatchObject({ actual: 2_900_000, status: 'met' });
    expect(byName(p, '完成信息网设备和链路定时巡检任')).toMatchObject({ actual: 310, status: 'met' });
    expect(byName(p, '保持环境监管网络联通率')).toMatchObject({ actual: 95, status: 'met' });
    expect(byName(p, '主管部门满意')).toMatchObject({ actual: 90, status: 'met' });
    // 维保 12.5 × 0.95 = 11.875 → 11.88; 故障 12.5 × (1 − 6/24) = 9.375 → 9.38; budget 10 × 2.9/3.2 = 9.0625 → 9.06
    expect(p.score).toMatchObject({ total: 95.32, grade: '优', forecast: false, parts: { output: 46.26, effect: 30, satisfaction: 10, budget: 9.06 } });
  });

  it('project 2 at mid-year: posts and readers from the WeChat export, budget behind (yellow), score 96.67 优', async () => {
    const p = await progress(ids.p2!, '2024-07-01');
    // 3 activities against ≥1 (the December 2023 one is outside the period): met, and ≥ 130% → flagged as a
    // target set too low.
    expect(byName(p, '环境宣传活动')).toMatchObject({ actual: 3, status: 'met', overAchieved: true });
    expect(byName(p, '图文、信息公开')).toMatchObject({ actual: 100, status: 'on_track' });
    // 183 days = 4392 h against ≥ 7200 h: expected 3600
    expect(byName(p, '项目执行天数')).toMatchObject({ actual: 4392, expected: 3600, forecast: 8784, status: 'on_track' });
    expect(byName(p, '项目支出控制')).toMatchObject({ actual: 100_000, status: 'on_track' });
    // The year-end export adds posts 420–439, published by 1 July (day ⌊439 / 2.4⌋ = 182 = 1 July): 440 posts.
    expect(byName(p, '在两微发表信息')).toMatchObject({ actual: 440, expected: 400, forecast: 880, status: 'on_track' });
    // Readers as of 1 July come from snapshots taken by then: the July export's 420 × 200; posts 420–439 have
    // only a December snapshot, which is not known on 1 July.
    expect(byName(p, '阅读量')).toMatchObject({ actual: 84_000, expected: 50_000, forecast: 168_000, status: 'on_track' });
    expect(byName(p, '主管部门满意')).toMatchObject({ actual: 98, status: 'on_track' });
    // v = (1/3) / 0.5 × 100 = 66.7 → yellow
    expect(p.budget.lamp).toBe('yellow');
    // 50 + 30 + 10 + 10 × 0.6667 = 6.67
    expect(p.score).toMatchObject({ total: 96.67, grade: '优', parts: { output: 50, effect: 30, satisfaction: 10, budget: 6.67 } });
  });

  it('project 2 at year end: >95% with an average of exactly 95 is not met, yet scores full by direction (98.11 优)', async () => {
    const p = await progress(ids.p2!, '2024-12-31');
    expect(byName(p, '图文、信息公开')).toMatchObject({ actual: 87.5, status: 'failed' });
    expect(byName(p, '项目执行天数')).toMatchObject({ actual: 8784, status: 'met' });
    expect(byName(p, '在两微发表信息')).toMatchObject({ actual: 850, status: 'met' });
    // latest snapshots: 420 × 250 + 430 × 200
    expect(byName(p, '阅读量')).toMatchObject({ actual: 191_000, status: 'met' });
    expect(byName(p, '主管部门满意')).toMatchObject({ actual: 95, status: 'failed' });
    // 信息公开 12.5 × 0.875 = 10.9375 → 10.94; budget 10 × 290/300 = 9.667 → 9.67
    expect(p.score).toMatchObject({ total: 98.11, grade: '优', parts: { output: 48.44, effect: 30, satisfaction: 10, budget: 9.67 } });
  });

  it('project 3 at mid-year: tasks behind (75% < 90%), spending ahead of time (warning), score 85.42 良', async () => {
    const p = await progress(ids.p3!, '2024-07-01');
    expect(byName(p, '完成工作目标')).toMatchObject({ actual: 2, expected: 1.5, forecast: 4, status: 'on_track', likelihood: 'certain' });
    // due by 1 July: 4 tasks, 3 done by then. Still 有可能 (possible): a rate can recover before year end
    // (the old rule called every red status 完全不可能).
    expect(byName(p, '目标任务完成情况')).toMatchObject({ actual: 75, status: 'off_track', lamp: 'red', likelihood: 'possible' });
    // 120k of a 200k cap: share 0.6 > s → warning, still possible
    expect(byName(p, '项目支出经费')).toMatchObject({ actual: 120_000, status: 'warning', lamp: 'yellow', likelihood: 'possible' });
    // only the 较大 one counts among 较大及以上
    expect(byName(p, '防范较大及以上级别突发环境事件')).toMatchObject({ actual: 1, status: 'on_track' });
    expect(p.budget.lamp).toBe('green');
    // 任务 12.5 × 75/90 = 10.4167 → 10.42; 支出 forecast 240k → 12.5 × (1 − 0.2) = 10; budget min(0.6/0.5, 1) → 10
    expect(p.score).toMatchObject({ total: 85.42, grade: '良', parts: { output: 45.42, effect: 30, satisfaction: 0, budget: 10 } });
  });

  it('project 3 at year end: the cap broken for good, tasks reach 90% (99.38 优)', async () => {
    const p = await progress(ids.p3!, '2024-12-31');
    expect(byName(p, '完成工作目标')).toMatchObject({ actual: 3, status: 'met' });
    expect(byName(p, '目标任务完成情况')).toMatchObject({ actual: 90, status: 'met' });
    expect(byName(p, '项目执行时间')).toMatchObject({ actual: 8784, status: 'met' });
    // broken on 10 September (210k > 200k): 未完成 for good, 完全不可能
    expect(byName(p, '项目支出经费')).toMatchObject({ actual: 210_000, status: 'failed', likelihood: 'impossible' });
    expect(byName(p, '防范较大及以上级别突发环境事件')).toMatchObject({ actual: 2, status: 'met' });
    // 支出 12.5 × (1 − 10k/200k) = 11.875 → 11.88
    expect(p.score).toMatchObject({ total: 99.38, grade: '优', parts: { output: 49.38, effect: 30, satisfaction: 10, budget: 10 } });
  });

  it('project 4 at mid-year: the ambiguous target waits for a person, manual failure rate counts (68 中)', async () => {
    const p = await progress(ids.p4!, '2024-07-01');
    expect(byName(p, '硬件采购（维护）数量')).toMatchObject({ actual: 3, expected: 2, forecast: 6, status: 'on_track' });
    expect(byName(p, '系统故障率')).toMatchObject({ actual: 8, status: 'on_track' });
    expect(byName(p, '故障解决时效')).toMatchObject({ actual: 2, status: 'on_track' });
    expect(byName(p, '延长设备使用寿命')).toMatchObject({ status: 'needs_review', lamp: 'grey' });
    // v = 0.4 / 0.5 × 100 = 80 → green at the boundary
    expect(p.budget).toMatchObject({ executionRate: 0.4, lamp: 'green' });
    expect(p.score).toMatchObject({ total: 68, grade: '中', parts: { output: 50, effect: 0, satisfaction: 10, budget: 8 }, unscored: 1 });
  });

  it('project 4 at year end: an open fault counts with its age, the assessed target scores 90% of 30 (81.71 良)', async () => {
    const p = await progress(ids.p4!, '2024-12-31');
    expect(byName(p, '硬件采购（维护）数量')).toMatchObject({ actual: 5, status: 'met' });
    expect(byName(p, '系统故障率')).toMatchObject({ actual: 12, status: 'failed' });
    expect(byName(p, '故障解决时效')).toMatchObject({ actual: 4, status: 'failed' });
    expect(byName(p, '延长设备使用寿命')).toMatchObject({ status: 'met', lamp: 'green', score: { weight: 30, points: 27 } });
    // 故障率 12.5 × (1 − 2/10) = 10; 时效 A ≥ 2T → 0; budget 10 × 1.7/1.75 = 9.714 → 9.71
    expect(p.score).toMatchObject({ total: 81.71, grade: '良', parts: { output: 35, effect: 27, satisfaction: 10, budget: 9.71 } });
  });

  it('without asOf, a closed year is read at its last day', async () => {
    const body = (await (await t.app.request(`/api/projects/${ids.p1}/progress`)).json()) as Progress;
    expect(body.projects[0]!.score!.total).toBe(95.32);
  });

  it('the facts behind a value drill down to the entries, and the series climbs with them', async () => {
    const p = await progress(ids.p3!, '2024-07-01');
    const incidents = byName(p, '防范较大及以上级别突发环境事件');
    const facts = (await (await t.app.request(`/api/indicators/${incidents.id}/facts?asOf=2024-07-01`)).json()) as {
      source: string;
      total: number;
      items: { fields: { title: string } }[];
    };
    expect(facts).toMatchObject({ source: 'entries', total: 1 });
    expect(facts.items[0]!.fields.title).toBe('河道污染');

    const posts = byName(await progress(ids.p2!, '2024-07-01'), '在两微发表信息');
    const series = (await (await t.app.request(`/api/indicators/${posts.id}/series?from=2024-01-01&to=2024-12-31&step=month`)).json()) as {
      points: { date: string; actual: number; expected: number }[];
    };
    expect(series.points[0]).toMatchObject({ date: '2024-01-01', actual: 3 });
    expect(series.points.at(-1)).toMatchObject({ date: '2024-12-31', actual: 850, expected: 800 });
    const actuals = series.points.map((pt) => pt.actual);
    expect(actuals).toEqual([...actuals].sort((a, b) => a - b));
  });
});
