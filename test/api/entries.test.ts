import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { entries, measureDaily, entryDaily } from '../../db/schema/index.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';

let t: TestApp;
let p3: number;
// Authors come from the credential: each name here is a staff account with its own token.
const tokens: Record<string, string> = {};
const json = (body: unknown, user = '张三') => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[user]}` },
  body: JSON.stringify(body),
});

async function entryCount() {
  return (await t.database.db.select({ n: count() }).from(entries))[0]!.n;
}

async function spentAsOf(asOf: string, project = p3) {
  const body = (await (await t.app.request(`/api/projects/${project}/progress?asOf=${asOf}`)).json()) as {
    projects: { budget: { spent: number }; indicators: { level3: string; actual: number | null }[] }[];
  };
  return body.projects[0]!;
}

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  p3 = ((await res.json()) as { projects: { id: number }[] }).projects[2]!.id;
  for (const name of ['张三', '李四']) tokens[name] = await t.tokenFor(name, 'staff');
});
afterAll(async () => {
  await t?.close();
});

let units = 0;

/**
 * Project 3 of the seed imported again under a unit of its own: for a test whose assertions count every
 * expenditure of its project or what was spent, so that no other test's entries are there.
 */
async function arrangeProject(): Promise<number> {
  units += 1;
  const table = seedTextForUnit(String(900100 + units), `登记测试第${units}单位`);
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm(`unit-${units}.txt`, table) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { projects: { id: number }[] }).projects[2]!.id;
}

/** 张三's expenditure of 12,345.68 yuan on 1 March, the entry the correction test corrects. */
async function arrangeExpenditure(project: number): Promise<number> {
  const res = await t.app.request(`/api/projects/${project}/entries`, json({ kind: 'expenditure', date: '2024-03-01', amount: '12345.68', voucher: '记-001' }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { inserted: number[] }).inserted[0]!;
}

describe('log entries', () => {
  it('POST one entry (201) records its author and source, and moves the measure', async () => {
    const p3 = await arrangeProject();
    const cents = await t.app.request(`/api/projects/${p3}/entries`, json({ kind: 'expenditure', date: '2024-03-01', amount: '12345.678', voucher: '记-001' }));
    expect(cents.status).toBe(400);
    expect(((await cents.json()) as { error: { message: string } }).error.message).toContain('金额（amount）：最多 2 位小数');
    const res = await t.app.request(`/api/projects/${p3}/entries`, json({ kind: 'expenditure', date: '2024-03-01', amount: '12345.68', voucher: '记-001' }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { inserted: number[] }).inserted).toHaveLength(1);
    const list = (await (await t.app.request(`/api/projects/${p3}/entries?kind=expenditure`)).json()) as {
      total: number;
      items: { fields: { amount: number }; author: string; source: string; day: string }[];
    };
    expect(list.total).toBe(1);
    // yuan, rounded to 2 decimals
    expect(list.items[0]).toMatchObject({ fields: { amount: 12345.68 }, author: '张三', source: 'manual', day: '2024-03-01' });
    expect((await spentAsOf('2024-07-01', p3)).budget.spent).toBe(12345.68);
  });

  it('a batch with any bad entry is a 400 naming each entry and field, and writes nothing', async () => {
    const before = await entryCount();
    const res = await t.app.request(
      `/api/projects/${p3}/entries`,
      json([
        { kind: 'report', date: '2024-04-01', title: '好的报告' },
        { kind: 'survey', date: '2024-13-01', respondent: '处长', score: 150 },
        { kind: 'incident', occurred_at: '昨天', level: '特大', title: 'x' },
        { kind: 'unicorn', date: '2024-01-01' },
      ]),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { field: string; message: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    const where = body.error.details.map((d) => d.field);
    expect(where).toEqual(expect.arrayContaining(['1.date', '1.score', '2.occurred_at', '2.level', '3.kind']));
    expect(where.some((w) => w.startsWith('0.'))).toBe(false);
    expect(body.error.details.find((d) => d.field === '2.level')!.message).toContain('特别重大');
    expect(await entryCount()).toBe(before);
  });

  it('re-sending the same entry, or the same caller id, is a no-op', async () => {
    const first = await t.app.request(
      `/api/projects/${p3}/entries`,
      json([
        { kind: 'report', date: '2024-04-01', title: '报告A' },
        { kind: 'report', id: 'ext-1', date: '2024-04-02', title: '报告B' },
      ]),
    );
    expect(((await first.json()) as { inserted: number[] }).inserted).toHaveLength(2);
    const again = await t.app.request(
      `/api/projects/${p3}/entries`,
      json([
        { kind: 'report', date: '2024-04-01', title: '报告A' },
        { kind: 'report', id: 'ext-1', date: '2024-04-03', title: '报告B（改）' },
      ]),
    );
    expect(await again.json()).toEqual({ inserted: [], duplicates: 2, outsidePeriod: [] });
  });

  it('a correction supersedes the entry, keeps it as history, and the aggregates follow', async () => {
    const p3 = await arrangeProject();
    const id = await arrangeExpenditure(p3);
    const noReason = await t.app.request(`/api/entries/${id}/corrections`, json({ fields: { amount: 1 } }));
    expect(noReason.status).toBe(400);
    const res = await t.app.request(`/api/entries/${id}/corrections`, json({ fields: { amount: 20000, date: '2024-08-01' }, reason: '凭证金额录错' }, '李四'));
    expect(res.status).toBe(201);
    const corrected = (await res.json()) as { id: number; supersedesId: number; author: string; reason: string };
    expect(corrected).toMatchObject({ supersedesId: id, author: '李四', reason: '凭证金额录错' });

    // moved to August: nothing spent as of July any more
    expect((await spentAsOf('2024-07-01', p3)).budget.spent).toBe(0);
    expect((await spentAsOf('2024-12-31', p3)).budget.spent).toBe(20000);

    const current = (await (await t.app.request(`/api/projects/${p3}/entries?kind=expenditure`)).json()) as { total: number };
    expect(current.total).toBe(1);
    const history = (await (await t.app.request(`/api/projects/${p3}/entries?kind=expenditure&history=1`)).json()) as {
      total: number;
      items: { id: number; supersededBy: number | null }[];
    };
    expect(history.total).toBe(2);
    expect(history.items.find((i) => i.id === id)!.supersededBy).toBe(corrected.id);

    const twice = await t.app.request(`/api/entries/${id}/corrections`, json({ fields: { amount: 3 }, reason: '再改' }));
    expect(twice.status).toBe(409);

    const withdrawn = await t.app.request(`/api/entries/${corrected.id}/corrections`, json({ voided: true, reason: '重复录入' }));
    expect(withdrawn.status).toBe(201);
    expect((await spentAsOf('2024-12-31', p3)).budget.spent).toBe(0);
  });

  it('GET filters by kind and dates and pages', async () => {
    await t.app.request(
      `/api/projects/${p3}/entries`,
      json(Array.from({ length: 7 }, (_, i) => ({ kind: 'activity', date: `2024-0${i + 1}-10`, title: `活动${i}` }))),
    );
    const page = (await (await t.app.request(`/api/projects/${p3}/entries?kind=activity&from=2024-02-01&to=2024-06-30&limit=2&offset=1`)).json()) as {
      total: number;
      items: { day: string }[];
    };
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.day)).toEqual(['2024-05-10', '2024-04-10']);
    expect((await t.app.request(`/api/projects/${p3}/entries?kind=nope`)).status).toBe(400);
    expect((await t.app.request(`/api/projects/99999/entries`)).status).toBe(404);
  });

  it('bulk CSV with Chinese headers: any bad row rejects the file with every row and field, nothing written', async () => {
    const before = await entryCount();
    const csv = ['日期,企业,发现问题,是否整改', '2024-05-01,甲化工,储罐无围堰,是', '2024-05-32,乙制药,,否', '2024-06-01,丙电镀,废水直排,也许'].join('\n');
    const res = await t.app.request(`/api/entries/import?project=${p3}`, { method: 'POST', body: fileForm('risk.csv', csv) });
    expect(res.status).toBe(422);
    const details = ((await res.json()) as { error: { details: { row: number; field: string }[] } }).error.details;
    expect(details.map((d) => `${d.row}:${d.field}`)).toEqual(expect.arrayContaining(['3:date', '3:findings', '4:rectified']));
    expect(await entryCount()).toBe(before);

    const good = ['日期,企业,发现问题,是否整改', '2024-05-01,甲化工,储罐无围堰,是', '2024-06-01,丙电镀,废水直排,否'].join('\n');
    const ok = await t.app.request(`/api/entries/import?project=${p3}`, { method: 'POST', body: fileForm('risk.csv', good) });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ rows: 2, inserted: 2, duplicates: 0 });
    const again = await t.app.request(`/api/entries/import?project=${p3}`, { method: 'POST', body: fileForm('risk.csv', good) });
    expect(await again.json()).toMatchObject({ rows: 2, inserted: 0, duplicates: 2 });
  });

  it('bulk JSONL naming an unknown project is rejected by row', async () => {
    const res = await t.app.request('/api/entries/import', {
      method: 'POST',
      body: fileForm('x.jsonl', '{"kind":"report","project":"不存在的项目","date":"2024-01-01","title":"t"}\n'),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { details: { row: number; field: string }[] } }).error.details[0]).toMatchObject({ row: 1, field: 'project' });
  });

  it('per-day aggregates kept incrementally equal a rebuild from the facts', async () => {
    // The history the aggregates were kept through: entries of several kinds, a duplicate, a bulk file, a
    // correction that moves a payment to another day, and a withdrawal.
    const project = await arrangeProject();
    const paid = await arrangeExpenditure(project);
    const batch = await t.app.request(
      `/api/projects/${project}/entries`,
      json([
        { kind: 'report', date: '2024-04-01', title: '报告A' },
        { kind: 'report', date: '2024-04-01', title: '报告A' },
        ...Array.from({ length: 3 }, (_, i) => ({ kind: 'activity', date: `2024-0${i + 1}-10`, title: `活动${i}` })),
      ]),
    );
    expect(batch.status).toBe(201);
    const bulk = ['日期,企业,发现问题,是否整改', '2024-05-01,甲化工,储罐无围堰,是', '2024-06-01,丙电镀,废水直排,否'].join('\n');
    expect((await t.app.request(`/api/entries/import?project=${project}`, { method: 'POST', body: fileForm('risk.csv', bulk) })).status).toBe(201);
    const moved = await t.app.request(
      `/api/entries/${paid}/corrections`,
      json({ fields: { amount: 20000, date: '2024-08-01' }, reason: '凭证金额录错' }, '李四'),
    );
    expect(moved.status).toBe(201);
    const withdrawn = await t.app.request(
      `/api/entries/${((await moved.json()) as { id: number }).id}/corrections`,
      json({ voided: true, reason: '重复录入' }),
    );
    expect(withdrawn.status).toBe(201);

    const { rebuildAggregates } = await import('../../src/services/rebuild-aggregates.ts');
    const snapshot = async () => ({
      entryDaily: (await t.database.db.select().from(entryDaily))
        .map((r) => `${r.projectId}|${r.kind}|${r.day}|${r.n}|${Number(r.amount)}`)
        .filter((r) => !/\|0\|0$/.test(r))
        .sort(),
      measureDaily: (await t.database.db.select().from(measureDaily))
        .map((r) => `${r.indicatorId}|${r.day}|${Number(r.n)}|${Number(r.hits)}|${Number(r.sum)}`)
        .filter((r) => !/\|0\|0\|0$/.test(r))
        .sort(),
    });
    const incremental = await snapshot();
    await rebuildAggregates(t.database.db);
    expect(await snapshot()).toEqual(incremental);
    expect(incremental.measureDaily.length).toBeGreaterThan(0);
  });
});
