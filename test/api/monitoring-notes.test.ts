import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm } from '../helpers/seed.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';

// POST/GET /api/indicators/{id}/monitoring-notes (docs/design.md "Monitoring notes"): the round trip, Chinese
// errors naming each field, and who may write (record on the indicator's unit) or read.

let t: TestApp;
const tokens: Record<string, string> = {};
/** 全民参与 (>800条) of unit A, and the same indicator of unit B. */
let indicatorA: number;
let indicatorB: number;

async function importUnit(code: string): Promise<{ unitId: number; indicator: number }> {
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm(`${code}.txt`, seedTextForUnit(code)) });
  expect(res.status).toBe(201);
  const { projects } = (await res.json()) as { projects: { id: number }[] };
  const detail = (await (await t.app.request(`/api/projects/${projects[1]!.id}`)).json()) as {
    unit: { id: number };
    indicators: { id: number; level3: string }[];
  };
  return { unitId: detail.unit.id, indicator: detail.indicators.find((i) => i.level3 === '全民参与')!.id };
}

const post = (id: number, body: unknown, token?: string) =>
  t.app.request(`/api/indicators/${id}/monitoring-notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const get = (id: number | string, token?: string) =>
  t.app.request(`/api/indicators/${id}/monitoring-notes`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2024-07-01T04:00:00Z') });
  const a = await importUnit('920001');
  const b = await importUnit('920002');
  indicatorA = a.indicator;
  indicatorB = b.indicator;
  tokens.clerk = await t.tokenFor('clerk', 'staff', a.unitId);
  tokens.lead = await t.tokenFor('lead', 'leader', a.unitId);
  tokens.stranger = await t.tokenFor('stranger', 'staff', b.unitId);
});
afterAll(async () => {
  await t?.close();
});

describe('monitoring notes over the API', () => {
  it('round trip: a note posted by staff comes back first in the list, with the forecast as the target writes it', async () => {
    const first = await post(indicatorA, { likelihood: 'certain', asOf: '2024-04-01' }, tokens.clerk);
    expect(first.status).toBe(201);
    const res = await post(
      indicatorA,
      { likelihood: '有可能', reasons: ['staff', 'other', 'staff'], reasonText: '编辑调岗', measures: '招聘兼职编辑', forecast: 700, asOf: '2024-07-01' },
      tokens.clerk,
    );
    expect(res.status).toBe(201);
    const note = (await res.json()) as Record<string, unknown>;
    expect(note).toMatchObject({
      indicatorId: indicatorA,
      likelihood: 'possible',
      reasons: ['staff', 'other'],
      reasonText: '编辑调岗',
      measures: '招聘兼职编辑',
      forecast: 700,
      forecastDisplay: '700条',
      author: 'clerk',
      warnings: [],
    });
    const list = (await (await get(indicatorA, tokens.lead)).json()) as { id: number; likelihood: string }[];
    expect(list[0]).toMatchObject({ id: note.id, likelihood: 'possible' });
    expect(list.map((n) => n.likelihood)).toContain('certain');
    expect(list.findIndex((n) => n.likelihood === 'certain')).toBeGreaterThan(0);
  });

  it('a refused note names every field in Chinese, 其他 without words included', async () => {
    const res = await post(indicatorA, { likelihood: 'maybe', reasons: ['other'], forecast: -5, asOf: '2024-13-01' }, tokens.clerk);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string; details: { field: string; message: string }[] } };
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('完成目标可能性（likelihood）');
    expect(error.message).toContain('全年预计完成值（forecast）：不能为负数');
    expect(error.message).toContain('偏差原因说明（reasonText）：选择了“其他”，请写明偏差原因');
    expect(error.details.map((d) => d.field).sort()).toEqual(['asOf', 'forecast', 'likelihood', 'reasonText']);
    const only = await post(indicatorA, { likelihood: 'possible', reasons: ['other'], asOf: '2024-07-01' }, tokens.clerk);
    expect(only.status).toBe(400);
    expect(((await only.json()) as { error: { details: { field: string }[] } }).error.details).toEqual([
      expect.objectContaining({ field: 'reasonText', message: '选择了“其他”，请写明偏差原因' }),
    ]);
    const unknown = await post(indicatorA, { likelihood: 'possible', asOf: '2024-07-01', author: 'x' }, tokens.clerk);
    expect(unknown.status).toBe(400);
    // English on request (docs/design.md "Languages").
    const english = await t.app.request(`/api/indicators/${indicatorA}/monitoring-notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.clerk}`, 'accept-language': 'en' },
      body: JSON.stringify({ reasons: ['other'], asOf: '2024-07-01' }),
    });
    const en = ((await english.json()) as { error: { message: string } }).error.message;
    expect(en).toContain('Invalid monitoring note');
    expect(en).toContain('Choose the likelihood of meeting the target');
    expect(en).toContain('You chose “other”: say what the reason is');
  });

  it('a leader reads but may not write; staff of another unit get 403; a missing indicator is 404', async () => {
    const good = { likelihood: 'possible', asOf: '2024-07-01' };
    expect((await post(indicatorA, good, tokens.lead)).status).toBe(403);
    expect((await get(indicatorA, tokens.lead)).status).toBe(200);
    expect((await post(indicatorA, good, tokens.stranger)).status).toBe(403);
    expect((await get(indicatorA, tokens.stranger)).status).toBe(403);
    expect((await post(indicatorB, good, tokens.stranger)).status).toBe(201);
    expect((await post(2_000_000_000, good)).status).toBe(404);
    expect((await get(2_000_000_000)).status).toBe(404);
    expect((await get('01')).status).toBe(400);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/indicators/{id}/monitoring-notes'] ?? {}).sort()).toEqual(['get', 'post']);
  });
});
