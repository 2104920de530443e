import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';

let t: TestApp;
let p2: number;
let p4: number;
const send = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const exportCsv = (rows: [string, string, number][]) =>
  [
    '内容标题,发表时间,总阅读人数,总阅读次数,内容url',
    ...rows.map(([title, at, readers], i) => `${title},${at},${readers},${readers + 5},https://mp.weixin.qq.com/s?__biz=Mz&mid=${100 + i}&idx=1&sn=z`),
  ].join('\n');

async function indicator(projectId: number, name: string) {
  const p = (await (await t.app.request(`/api/projects/${projectId}/progress?asOf=2024-07-01`)).json()) as {
    projects: {
      indicators: {
        id: number;
        level3: string;
        description: string | null;
        actual: number | null;
        status: string;
        measure: unknown;
        measureProposed: boolean;
      }[];
    }[];
  };
  return p.projects[0]!.indicators.find((i) => i.level3 === name || i.description === name)!;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const year of [2024, 2025]) {
    const res = await t.app.request(`/api/imports?year=${year}`, { method: 'POST', body: fileForm('seed.txt', seedText()) });
    expect(res.status).toBe(201);
  }
  const list = (await (await t.app.request('/api/projects?year=2024')).json()) as { id: number }[];
  p2 = list[1]!.id;
  p4 = list[3]!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('channels and the WeChat export', () => {
  it('refuses unknown and ambiguous projects, accepts ids', async () => {
    expect((await t.app.request('/api/channels', send('POST', { platform: 'wechat', name: 'x', projects: ['没有这个项目'] }))).status).toBe(404);
    const ambiguous = await t.app.request('/api/channels', send('POST', { platform: 'wechat', name: 'x', projects: ['环境应急与事故调查'] }));
    expect(ambiguous.status).toBe(409);
    expect(((await ambiguous.json()) as { error: { message: string } }).error.message).toContain('2024');
    expect((await t.app.request('/api/channels', send('POST', { platform: 'fax', name: 'x' }))).status).toBe(400);
  });

  it('imports an export once; re-importing changes nothing; a later export adds a snapshot and moves the readers', async () => {
    const created = await t.app.request('/api/channels', send('POST', { platform: 'wechat', name: '美丽天津', projects: [p2] }));
    expect(created.status).toBe(201);
    const channel = ((await created.json()) as { id: number }).id;
    const first = exportCsv([
      ['第一篇', '2024-03-01 10:00', 300],
      ['第二篇', '2024-04-01 10:00', 500],
    ]);
    const r1 = await t.app.request(`/api/channels/${channel}/wechat-export?asOf=2024-06-01`, { method: 'POST', body: fileForm('a.csv', first) });
    expect(await r1.json()).toMatchObject({ posts: 2, newPosts: 2, snapshotsWritten: 2 });
    const r2 = await t.app.request(`/api/channels/${channel}/wechat-export?asOf=2024-06-01`, { method: 'POST', body: fileForm('a.csv', first) });
    expect(await r2.json()).toMatchObject({ posts: 2, newPosts: 0, snapshotsWritten: 0 });
    expect(await indicator(p2, '阅读量')).toMatchObject({ actual: 800 });
    expect(await indicator(p2, '在两微发表信息')).toMatchObject({ actual: 2 });

    const later = exportCsv([
      ['第一篇', '2024-03-01 10:00', 450],
      ['第二篇', '2024-04-01 10:00', 500],
    ]);
    const r3 = await t.app.request(`/api/channels/${channel}/wechat-export?asOf=2024-06-20`, { method: 'POST', body: fileForm('b.csv', later) });
    expect(await r3.json()).toMatchObject({ newPosts: 0, snapshotsWritten: 2 });
    expect(await indicator(p2, '阅读量')).toMatchObject({ actual: 950 });

    const bad = exportCsv([['', '2024-03-01 10:00', 1]]);
    const r4 = await t.app.request(`/api/channels/${channel}/wechat-export`, { method: 'POST', body: fileForm('bad.csv', bad) });
    expect(r4.status).toBe(422);
    expect(((await r4.json()) as { error: { details: { row: number }[] } }).error.details[0]!.row).toBe(2);

    const weibo = (
      (await (await t.app.request('/api/channels', send('POST', { platform: 'weibo', name: '美丽天津微博', projects: [p2] }))).json()) as { id: number }
    ).id;
    expect((await t.app.request(`/api/channels/${weibo}/wechat-export`, { method: 'POST', body: fileForm('a.csv', first) })).status).toBe(400);
    expect(((await indicator(p2, '阅读量')) as unknown as { note: string | null }).note).toContain('微博阅读数未接入');
    const channels = (await (await t.app.request('/api/channels')).json()) as { name: string; postCount: number; projects: { id: number }[] }[];
    expect(channels.find((c) => c.name === '美丽天津')).toMatchObject({ postCount: 2, projects: [{ id: p2 }] });
  });
});

describe('measures, manual values and assessments', () => {
  it('every imported indicator gets a proposed binding; a person can confirm or change it', async () => {
    expect((await t.app.request('/api/projects/2147483647/measures')).status).toBe(404);
    const bindings = (await (await t.app.request(`/api/projects/${p2}/measures`)).json()) as {
      indicatorId: number;
      level3: string;
      proposed: boolean;
      measure: { type: string } | null;
    }[];
    expect(bindings).toHaveLength(7);
    expect(bindings.every((b) => b.proposed && b.measure !== null)).toBe(true);
    const activity = bindings.find((b) => b.level3 === '基层组织活动')!;

    const bad = await t.app.request(
      `/api/indicators/${activity.indicatorId}/measure`,
      send('PUT', { measure: { type: 'count', source: 'entries', kind: 'parade' } }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field)).toContain('measure.kind');
    expect((await t.app.request(`/api/indicators/${activity.indicatorId}/measure`, send('PUT', { measure: { type: 'sometimes' } }))).status).toBe(400);

    await t.app.request(
      `/api/projects/${p2}/entries`,
      send('POST', [
        { kind: 'activity', date: '2024-03-01', title: '进社区' },
        { kind: 'report', date: '2024-03-02', title: '活动总结' },
        { kind: 'report', date: '2024-03-03', title: '活动总结二' },
      ]),
    );
    expect(await indicator(p2, '基层组织活动')).toMatchObject({ actual: 1, measureProposed: true });
    const rebound = await t.app.request(
      `/api/indicators/${activity.indicatorId}/measure`,
      send('PUT', { measure: { type: 'count', source: 'entries', kind: 'report' } }),
    );
    expect(rebound.status).toBe(200);
    expect(await rebound.json()).toMatchObject({ proposed: false, measure: { type: 'count', kind: 'report' } });
    // the aggregates were rebuilt for the new binding from the entries already stored
    expect(await indicator(p2, '基层组织活动')).toMatchObject({ actual: 2, measureProposed: false });

    expect((await t.app.request(`/api/indicators/${activity.indicatorId}/measure`, send('PUT', { measure: null }))).status).toBe(200);
    expect(await indicator(p2, '基层组织活动')).toMatchObject({ actual: null, status: 'no_measure', measure: null });
  });

  it('manual values are corrected by superseding, and only the latest counts', async () => {
    const failure = await indicator(p4, '系统故障率');
    const first = await t.app.request(`/api/indicators/${failure.id}/values`, send('POST', { value: 9, asOf: '2024-06-30' }));
    const firstId = ((await first.json()) as { id: number }).id;
    expect((await t.app.request(`/api/indicators/${failure.id}/values`, send('POST', { value: 'abc', asOf: '2024-06-30' }))).status).toBe(400);
    const fix = await t.app.request(
      `/api/indicators/${failure.id}/values`,
      send('POST', { value: 7, asOf: '2024-06-30', supersedes: firstId, note: '月报更正' }),
    );
    expect(fix.status).toBe(201);
    expect(await indicator(p4, '系统故障率')).toMatchObject({ actual: 7, status: 'on_track' });
    expect((await t.app.request(`/api/indicators/${failure.id}/values`, send('POST', { value: 5, asOf: '2024-06-30', supersedes: firstId }))).status).toBe(409);
    const history = (await (await t.app.request(`/api/indicators/${failure.id}/values`)).json()) as unknown[];
    expect(history).toHaveLength(2);
  });

  it('assessments are for qualitative targets only, and a score outside its tier band is refused', async () => {
    const lifetime = await indicator(p4, '延长设备使用寿命');
    const failure = await indicator(p4, '系统故障率');
    // A quantitative indicator takes no tier: its value comes from its measure (a conflict with the indicator, 409).
    expect((await t.app.request(`/api/indicators/${failure.id}/assessments`, send('POST', { tier: '达成', score: 90, asOf: '2024-06-30' }))).status).toBe(409);
    const outOfBand = await t.app.request(`/api/indicators/${lifetime.id}/assessments`, send('POST', { tier: '部分达成', score: 85, asOf: '2024-06-30' }));
    expect(outOfBand.status).toBe(400);
    expect(((await outOfBand.json()) as { error: { message: string } }).error.message).toContain('部分达成');
    expect((await t.app.request(`/api/indicators/${lifetime.id}/assessments`, send('POST', { tier: '很好', score: 85, asOf: '2024-06-30' }))).status).toBe(400);
    expect((await t.app.request(`/api/indicators/${lifetime.id}/assessments`, send('POST', { tier: '部分达成', score: 70, asOf: '2024-06-30' }))).status).toBe(
      201,
    );
    // still waiting for a person to confirm how the target reads
    expect(await indicator(p4, '延长设备使用寿命')).toMatchObject({ status: 'needs_review' });
    await t.app.request(`/api/indicators/${lifetime.id}/confirm`, send('POST', { by: '王处长' }));
    expect(await indicator(p4, '延长设备使用寿命')).toMatchObject({ status: 'warning' });
  });
});
