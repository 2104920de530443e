import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { channels, entries, indicators } from '../../db/schema/index.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';

// Issue 7 regression: the malformed writes that used to be stored (null → 0, true → 1, hex, 1e308, +1, year 0,
// a 1 MB name, a 3,000-level object) and the 422 that carried SQL. Each is now a 4xx naming its field, and
// nothing is written.
let t: TestApp;
let project: number;
let survey: number;

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function rows() {
  const [e] = await t.database.db.select({ n: count() }).from(entries);
  const [c] = await t.database.db.select({ n: count() }).from(channels);
  return { entries: e!.n, channels: c!.n };
}

async function refused(res: Response, field: string) {
  expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  const text = await res.text();
  expect(text).toContain(field);
  expect(text).not.toMatch(/select |insert |Failed query|params:/i);
}

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  project = ((await res.json()) as { projects: { id: number }[] }).projects[1]!.id;
  const [i] = await t.database.db.select({ id: indicators.id }).from(indicators).limit(1);
  survey = i!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('issue 7 regression: malformed writes that used to be accepted', () => {
  it('a survey score of null or true is refused, not stored as 0 or 1', async () => {
    const before = await rows();
    await refused(await post(`/api/projects/${project}/entries`, { kind: 'survey', date: '2024-06-01', respondent: '处长', score: null }), 'score');
    await refused(await post(`/api/projects/${project}/entries`, { kind: 'survey', date: '2024-06-01', respondent: '处长', score: true }), 'score');
    expect(await rows()).toEqual(before);
  });

  it('an amount "0x1F" and a quantity 1e308 are refused, not stored as 31 yuan or a huge count', async () => {
    const before = await rows();
    await refused(await post(`/api/projects/${project}/entries`, { kind: 'expenditure', date: '2024-06-01', amount: '0x1F' }), 'amount');
    await refused(await post(`/api/projects/${project}/entries`, { kind: 'procurement', date: '2024-06-01', item: '交换机', quantity: 1e308 }), 'quantity');
    expect(await rows()).toEqual(before);
  });

  it('ids written as +1 or 0x10 are refused on paths', async () => {
    for (const id of ['+1', '0x10', '1e0', '01']) {
      await refused(await t.app.request(`/api/projects/${encodeURIComponent(id)}`), 'id');
    }
  });

  it('an incident on 0000-01-01 is refused, not stored as 1900', async () => {
    const before = await rows();
    await refused(await post(`/api/projects/${project}/entries`, { kind: 'incident', occurred_at: '0000-01-01', level: '一般', title: '泄漏' }), 'occurred_at');
    expect(await rows()).toEqual(before);
  });

  it('a 1 MB note and a 3,000-level channel settings object are refused', async () => {
    const before = await rows();
    await refused(await post(`/api/indicators/${survey}/values`, { value: 1, asOf: '2024-06-30', note: '王'.repeat(1_000_000) }), 'note');
    const deep = `{"platform":"website","name":"深","settings":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`;
    await refused(await post('/api/channels', deep), '(body)');
    expect(await rows()).toEqual(before);
  });

  it('a bulk file naming project 2147483648 is a 422 naming the row, without SQL in the body', async () => {
    const csv = 'project,kind,date,title\n2147483648,report,2024-03-01,报告\n';
    const res = await t.app.request('/api/entries/import', { method: 'POST', body: fileForm('e.csv', csv, 'text/csv') });
    await refused(res, 'project');
  });
});
