import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';

// Regression tests for the "numbers that are wrong" of issue 7, each through the real API on the seed's
// projects (2024): project 2 is the publicity campaign, project 3 emergency response, project 4 equipment.

let t: TestApp;
const p: number[] = [];

interface Indicator {
  id: number;
  level3: string;
  description: string | null;
  actual: number | null;
  expected: number | null;
  status: string;
  lamp: string;
  likelihood: string | null;
  score: { weight: number; points: number } | null;
  display: Record<string, string>;
}

const post = (url: string, body: unknown) =>
  t.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function indicator(project: number, level3: string, asOf: string): Promise<Indicator> {
  const res = await t.app.request(`/api/projects/${project}/progress?asOf=${asOf}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { projects: { indicators: Indicator[] }[] };
  const found = body.projects[0]!.indicators.find((i) => i.level3 === level3 || i.description === level3);
  if (!found) throw new Error(`no indicator ${level3}`);
  return found;
}

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2025-01-15T02:00:00Z') });
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  expect(res.status).toBe(201);
  p.push(...((await res.json()) as { projects: { id: number }[] }).projects.map((x) => x.id));
});
afterAll(async () => {
  await t?.close();
});

describe('facts count only inside the project period', () => {
  it('an activity dated 2023 is stored with a warning, does not count toward 2024, and shows as not counted', async () => {
    const res = await post(`/api/projects/${p[1]}/entries`, { kind: 'activity', date: '2023-05-01', title: '去年的宣传活动' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { inserted: number[]; outsidePeriod: { index: number; day: string; message: string }[] };
    expect(body.inserted).toHaveLength(1);
    expect(body.outsidePeriod).toEqual([{ index: 0, day: '2023-05-01', message: expect.stringContaining('不计入') }]);

    const activity = await indicator(p[1]!, '基层组织活动', '2024-12-31');
    expect(activity.actual).toBe(0);
    const facts = (await (await t.app.request(`/api/indicators/${activity.id}/facts?asOf=2024-12-31`)).json()) as {
      items: { day: string; counted: boolean }[];
    };
    expect(facts.items).toEqual([expect.objectContaining({ day: '2023-05-01', counted: false })]);
  });

  it('a day before 2000 is refused as a typo, naming the field', async () => {
    const res = await post(`/api/projects/${p[1]}/entries`, { kind: 'activity', date: '1999-05-01', title: '活动' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('日期（date）');
  });
});

describe('deadlines and units', () => {
  it('a report due 2024-12-10 (a bare date) and delivered 2024-12-10 10:00 is on time', async () => {
    const res = await post(`/api/projects/${p[1]}/entries`, {
      kind: 'opinion_report',
      date: '2024-12-10',
      title: '舆情专报',
      due_at: '2024-12-10',
      delivered_at: '2024-12-10 10:00',
    });
    expect(res.status).toBe(201);
    expect(await indicator(p[1]!, '及时提供舆情信息', '2024-12-31')).toMatchObject({ actual: 100, status: 'met' });
  });

  it('项目执行天数 shows its actual in days as the target is written (366天 against ≥300天), not in hours', async () => {
    const days = await indicator(p[1]!, '项目执行天数', '2024-12-31');
    expect(days.actual).toBe(8784); // hours, the normalised unit
    expect(days.display).toMatchObject({ target: '≥300天', actual: '366天' });
  });
});

describe('monitoring states a leader would question', () => {
  it('a cost cap with nothing spent is 无数据 (grey) and scores nothing, not 已完成 with full points', async () => {
    const cap = await indicator(p[3]!, '项目成本控制', '2024-12-31');
    expect(cap).toMatchObject({ actual: null, status: 'no_data', lamp: 'grey' });
    expect(cap.score!.points).toBe(0);
  });

  it('1 of 3 reports at mid-year is on track (whole units: ⌊3 × 183/366⌋ = 1), likely to be met', async () => {
    expect((await post(`/api/projects/${p[2]}/entries`, { kind: 'report', date: '2024-03-01', title: '调查报告' })).status).toBe(201);
    expect(await indicator(p[2]!, '完成工作目标', '2024-07-01')).toMatchObject({ actual: 1, status: 'on_track', likelihood: 'certain' });
  });

  it('a cumulative target with nothing yet is at worst 预警 in the first quarter, never red from 2 January', async () => {
    // >800条 with no post by 2 January: behind ⌊800 × 2/366⌋ = 4 and forecast 0, yet only a warning until s = 0.25.
    const channel = await post('/api/channels', { platform: 'wechat', name: '美丽天津', projects: [p[1]] });
    expect(channel.status).toBe(201);
    expect(await indicator(p[1]!, '在两微发表信息', '2024-01-02')).toMatchObject({ actual: 0, status: 'warning', lamp: 'yellow', likelihood: 'possible' });
    // From the second quarter the same figure is off track.
    expect(await indicator(p[1]!, '在两微发表信息', '2024-04-01')).toMatchObject({ actual: 0, status: 'off_track', lamp: 'red' });
    // ≥4台套 with none on 2 January: ⌊4 × 2/366⌋ = 0 are due, so it is on track.
    expect(await indicator(p[3]!, '硬件采购（维护）数量', '2024-01-02')).toMatchObject({ actual: 0, status: 'on_track' });
  });
});

describe('manual values fit their indicator', () => {
  it('a manual value on an indicator measured by survey average is refused (409, saying how to change the measure)', async () => {
    const satisfaction = await indicator(p[1]!, '主管部门满意', '2024-12-31');
    const res = await post(`/api/indicators/${satisfaction.id}/values`, { value: 96, asOf: '2024-12-31' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('measure_not_manual');
    expect(body.error.message).toContain('{"type":"manual"}');
    expect((await (await t.app.request(`/api/indicators/${satisfaction.id}/values`)).json()) as unknown[]).toHaveLength(0);
  });

  it('a percent outside 0–100 is refused; a value inside is recorded with its display string', async () => {
    const failureRate = await indicator(p[3]!, '系统故障率', '2024-12-31');
    for (const value of [-5, 101]) {
      const res = await post(`/api/indicators/${failureRate.id}/values`, { value, asOf: '2024-06-30' });
      expect(res.status, String(value)).toBe(400);
    }
    const ok = await post(`/api/indicators/${failureRate.id}/values`, { value: 8.5, asOf: '2024-06-30' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ value: 8.5, display: '8.5%', warnings: [] });
  });

  it('a manual 0 on a cap measured from facts attests that nothing happened: the cap is judged again', async () => {
    const incidents = await indicator(p[2]!, '防范较大及以上级别突发环境事件', '2024-03-31');
    expect(incidents.status).toBe('no_data');
    expect((await post(`/api/indicators/${incidents.id}/values`, { value: 1, asOf: '2024-03-31' })).status).toBe(409);
    expect((await post(`/api/indicators/${incidents.id}/values`, { value: 0, asOf: '2024-03-31', note: '一季度未发生' })).status).toBe(201);
    expect(await indicator(p[2]!, '防范较大及以上级别突发环境事件', '2024-03-31')).toMatchObject({ actual: 0, status: 'on_track' });
  });
});
