import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileForm, seedText } from '../helpers/seed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Tallies (docs/design.md "Tallies"): another kind of unit's counts (人次, 批次, 门, a bare number) logged toward
// one indicator each, proposed as the sum of its tallies at import, and a rate bound as the ratio of two of them.

let t: TestApp;
let seedProject: number;
let staff: string;
let units = 0;

const training = () => readFileSync(new URL('../fixtures/tables/styles/training.txt', import.meta.url), 'utf8');
const post = (path: string, body: unknown, token = staff, method = 'POST') =>
  t.app.request(path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
/**
 * The training table imported under a unit of this test's own (tests run in a shuffled order): its project, its
 * indicators' ids by name, and helpers bound to it.
 */
async function arrange() {
  units += 1;
  const res = await t.app.request(`/api/imports?unit=${encodeURIComponent(`90020${units} 培训中心${units}`)}`, {
    method: 'POST',
    body: fileForm('training.txt', training()),
  });
  expect(res.status).toBe(201);
  const project = ((await res.json()) as { projects: { id: number }[] }).projects[0]!.id;
  const bindings = (await (await t.app.request(`/api/projects/${project}/measures`)).json()) as { indicatorId: number; level3: string; measure: unknown }[];
  const ids: Record<string, number> = Object.fromEntries(bindings.map((b) => [b.level3, b.indicatorId]));
  const tally = (fields: Record<string, unknown>) => post(`/api/projects/${project}/entries`, { kind: 'tally', ...fields });
  return { project, ids, bindings, tally, actuals: (asOf: string) => actuals(project, asOf) };
}

async function actuals(project: number, asOf: string): Promise<Record<string, number | null>> {
  const res = await t.app.request(`/api/projects/${project}/progress?asOf=${asOf}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { projects: { indicators: { level3: string; actual: number | null }[] }[] };
  return Object.fromEntries(body.projects[0]!.indicators.map((i) => [i.level3, i.actual]));
}

beforeAll(async () => {
  t = await createTestApp();
  const seed = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  seedProject = ((await seed.json()) as { projects: { id: number }[] }).projects[0]!.id;
  staff = await t.tokenFor('培训科小李', 'staff');
});
afterAll(async () => {
  await t?.close();
});

describe('tallies', () => {
  it('an import proposes the sum of its tallies for every count no rule knows; rates, levels and phrases stay manual', async () => {
    const { bindings, ids } = await arrange();
    const byName = Object.fromEntries(bindings.map((b) => [b.level3, b.measure]));
    for (const name of ['培训人次', '结业人次', '举办培训批次', '开设课程', '编印培训教材']) {
      expect(byName[name], name).toEqual({
        type: 'sum',
        source: 'entries',
        kind: 'tally',
        field: 'quantity',
        where: [{ op: 'eq', field: 'indicator', value: ids[name] }],
      });
    }
    for (const name of ['培训完成率', '培训完成时间', '人均培训成本', '干部履职能力']) expect(byName[name], name).toEqual({ type: 'manual' });
  });

  it('a tally counts toward the indicator it names (by name or id), a quantity left out counts 1, and nothing else moves', async () => {
    const { ids, tally, actuals } = await arrange();
    expect((await tally({ date: '2024-03-05', indicator: '培训人次', quantity: 120, title: '第一期处级干部培训班' })).status).toBe(201);
    expect((await tally({ date: '2024-03-20', indicator: ids.培训人次, quantity: '80', title: '第二期' })).status).toBe(201);
    expect((await tally({ date: '2024-03-05', indicator: '举办培训批次', title: '第一期处级干部培训班' })).status).toBe(201);
    expect((await tally({ date: '2024-03-20', indicator: '举办培训批次', title: '第二期' })).status).toBe(201);
    const at = await actuals('2024-03-31');
    expect([at.培训人次, at.举办培训批次, at.结业人次, at.开设课程]).toEqual([200, 2, 0, 0]);
    // Drill-down: the facts behind the figure are the tallies themselves.
    const facts = (await (await t.app.request(`/api/indicators/${ids.培训人次}/facts?asOf=2024-03-31`)).json()) as {
      total: number;
      items: { fields: { quantity: number } }[];
    };
    expect(facts.total).toBe(2);
    expect(facts.items.map((i) => i.fields.quantity)).toEqual([80, 120]);
  });

  it('a tally naming no indicator of its project, another project’s indicator, or a qualitative one is refused naming the field; nothing is written', async () => {
    const { tally, actuals } = await arrange();
    const before = await actuals('2024-12-31');
    const [otherIndicator] = (await (await t.app.request(`/api/projects/${seedProject}/measures`)).json()) as { indicatorId: number }[];
    const refusals: [Record<string, unknown>, string][] = [
      [{ indicator: '培训人数' }, '项目中没有指标「培训人数」'],
      [{ indicator: otherIndicator!.indicatorId }, `项目中没有指标「${otherIndicator!.indicatorId}」`],
      [{ indicator: '干部履职能力' }, '是定性或不适用的指标'],
      [{ indicator: '培训人次', quantity: 0 }, '数量应大于 0'],
      [{ indicator: '培训人次', quantity: -3 }, '数量'],
      // Counted in whole things: half a 人次 or a fraction of the bare 2000 (copies) is a slip, not a figure.
      [{ indicator: '培训人次', quantity: 1.5 }, '「培训人次」以“人次”计，应为整数，不能填 1.5'],
      [{ indicator: '编印培训教材', quantity: 2.5 }, '「编印培训教材」计的是个数，应为整数，不能填 2.5'],
    ];
    for (const [fields, said] of refusals) {
      const res = await tally({ date: '2024-04-01', title: '登记', ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const body = (await res.json()) as { error: { details: { field: string | null; message: string }[] } };
      expect(JSON.stringify(body.error.details), JSON.stringify(fields)).toContain(said);
      expect(body.error.details.some((d) => d.field === 'indicator' || d.field === 'quantity' || d.field === 'fields.quantity')).toBe(true);
    }
    expect(await actuals('2024-12-31')).toEqual(before);
  });

  it('a bulk file of tallies names each wrong row and writes nothing; a good one adds every row', async () => {
    const { project, actuals } = await arrange();
    const before = await actuals('2024-12-31');
    const bad = ['类型,日期,指标,数量,标题', '计数登记,2024-05-10,开设课程,2,春季课程', '计数登记,2024-05-11,培训人数,30,第三期'].join('\n');
    const refused = await t.app.request(`/api/entries/import?project=${project}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}` },
      body: fileForm('tallies.csv', bad, 'text/csv'),
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()) as unknown).toMatchObject({
      error: { details: [{ row: 3, field: 'indicator', message: expect.stringContaining('培训人数') }] },
    });
    expect(await actuals('2024-12-31')).toEqual(before);

    const good = ['类型,日期,指标,数量,标题', '计数登记,2024-05-10,开设课程,2,春季课程', '计数登记,2024-05-11,结业人次,190,第一、二期结业'].join('\n');
    const done = await t.app.request(`/api/entries/import?project=${project}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}` },
      body: fileForm('tallies.csv', good, 'text/csv'),
    });
    expect(done.status).toBe(201);
    const at = await actuals('2024-05-31');
    expect([at.开设课程, at.结业人次]).toEqual([2, 190]);
  });

  it('a road project: 公里, 座, 万平方米, 批次, 期 and 万人 are tallied in the target’s unit, fractions only where the unit is a measure', async () => {
    const road = readFileSync(new URL('../fixtures/tables/styles/road.txt', import.meta.url), 'utf8');
    const res = await t.app.request(`/api/imports?unit=${encodeURIComponent('402001 公路事务中心')}`, { method: 'POST', body: fileForm('road.txt', road) });
    expect(res.status).toBe(201);
    const project = ((await res.json()) as { projects: { id: number }[] }).projects[0]!.id;
    const bindings = (await (await t.app.request(`/api/projects/${project}/measures`)).json()) as {
      level3: string;
      measure: { type: string; kind?: string };
    }[];
    const how = Object.fromEntries(bindings.map((b) => [b.level3, b.measure.kind ?? b.measure.type]));
    expect(how).toMatchObject({
      提档升级里程: 'tally',
      危桥改造: 'tally',
      路面修补面积: 'tally',
      安装安防设施: 'tally',
      开展质量抽检: 'tally',
      施工安全培训: 'tally',
      受益群众: 'tally',
      // A road's acceptance rate is no IT maintenance ratio; rates, levels and per-unit costs stay with a person.
      工程验收合格率: 'manual',
      每公里建设成本: 'manual',
      道路使用年限: 'manual',
      完工时间: 'manual',
    });
    const tally = (fields: Record<string, unknown>) => post(`/api/projects/${project}/entries`, { kind: 'tally', ...fields });
    expect((await tally({ date: '2024-03-10', indicator: '提档升级里程', quantity: 2.5, title: 'K12+000至K14+500' })).status).toBe(201);
    expect((await tally({ date: '2024-04-20', indicator: '提档升级里程', quantity: 12.75, title: '第二标段' })).status).toBe(201);
    // ≥1.2万平方米 is read in 平方米: 3500 平方米 logged, 0.35万 shown.
    expect((await tally({ date: '2024-03-20', indicator: '路面修补面积', quantity: 3500.5, title: '春季修补' })).status).toBe(201);
    expect((await tally({ date: '2024-04-01', indicator: '危桥改造', title: '石桥村危桥' })).status).toBe(201);
    const half = await tally({ date: '2024-04-02', indicator: '危桥改造', quantity: 0.5, title: '半座' });
    expect(half.status).toBe(400);
    expect(JSON.stringify(await half.json())).toContain('「危桥改造」以“座”计，应为整数');
    const people = await tally({ date: '2024-04-02', indicator: '受益群众', quantity: 1.2, title: '误填万人' });
    expect(people.status).toBe(400);
    const at = await actuals(project, '2024-04-30');
    expect([at.提档升级里程, at.路面修补面积, at.危桥改造, at.受益群众]).toEqual([15.25, 3500.5, 1, 0]);
  });

  it('a rate bound by a person as the ratio of two tallied indicators reads done ÷ planned; a pair that is not is refused', async () => {
    const { ids, tally, actuals } = await arrange();
    expect((await tally({ date: '2024-03-05', indicator: '培训人次', quantity: 200, title: '第一、二期' })).status).toBe(201);
    expect((await tally({ date: '2024-05-11', indicator: '结业人次', quantity: 190, title: '第一、二期结业' })).status).toBe(201);
    const admin = await t.tokenFor('培训中心管理员', 'admin');
    const bind = (measure: unknown) => post(`/api/indicators/${ids.培训完成率}/measure`, { measure }, admin, 'PUT');
    const wrong = await bind({ type: 'ratio', source: 'tallies', numerator: ids.结业人次, denominator: ids.培训完成时间 });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain('不是按计数登记合计的指标');
    const self = await bind({ type: 'ratio', source: 'tallies', numerator: ids.培训完成率, denominator: ids.培训人次 });
    expect(self.status).toBe(400);
    const ok = await bind({ type: 'ratio', source: 'tallies', numerator: ids.结业人次, denominator: ids.培训人次 });
    expect(ok.status).toBe(200);
    // 190 of 200 finished by the end of May: 95%.
    expect((await actuals('2024-05-31')).培训完成率).toBe(95);
    expect((await actuals('2024-03-31')).培训完成率).toBe(0);
    // The chart's series reads the same two sums.
    const series = (await (await t.app.request(`/api/indicators/${ids.培训完成率}/series?from=2024-03-31&to=2024-05-31&step=month`)).json()) as {
      points: { date: string; actual: number | null }[];
    };
    expect(series.points.map((p) => p.actual)).toEqual([0, 0, 95]);
  });

  it('a figure typed for a count still only proposed as its tallies (none logged) makes it measured by hand; once tallied it is refused', async () => {
    const { ids, tally, actuals, project } = await arrange();
    const typed = await post(`/api/indicators/${ids.开设课程}/values`, { value: 3, asOf: '2024-04-30', note: '月报' });
    expect(typed.status, await typed.clone().text()).toBe(201);
    expect(((await typed.json()) as { warnings: string[] }).warnings).toEqual([expect.stringContaining('录入人工数值后已改为人工填报')]);
    const bindings = (await (await t.app.request(`/api/projects/${project}/measures`)).json()) as { level3: string; measure: unknown; proposed: boolean }[];
    expect(bindings.find((b) => b.level3 === '开设课程')).toMatchObject({ measure: { type: 'manual' }, proposed: false });
    expect((await actuals('2024-04-30')).开设课程).toBe(3);

    expect((await tally({ date: '2024-03-05', indicator: '培训人次', quantity: 50, title: '第一期' })).status).toBe(201);
    const refused = await post(`/api/indicators/${ids.培训人次}/values`, { value: 60, asOf: '2024-04-30' });
    expect(refused.status).toBe(409);
    expect((await actuals('2024-04-30')).培训人次).toBe(50);
  });

  it('coverage says, at import, how many indicators are computed, tallied, typed, assessed or unmeasured', async () => {
    const { project } = await arrange();
    const res = await t.app.request(`/api/projects/${project}/coverage`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { coverage: Record<string, number>; indicators: { level3: string; coverage: string | null }[] };
    // 5 counts by tallies; 培训完成率 and the per-unit cost typed; the deadline and 干部履职能力 assessed; 满意度 from surveys.
    expect(body.coverage).toEqual({ automatic: 1, tallies: 5, manual: 2, assessment: 2, none: 0, notApplicable: 0 });
    expect(body.indicators.find((i) => i.level3 === '开设课程')?.coverage).toBe('tallies');
    expect((await t.app.request('/api/projects/999999/coverage')).status).toBe(404);
  });
});
