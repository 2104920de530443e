import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { importBatches, indicators, projects, units } from '../../db/schema/index.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';

// The tests share one database that never holds the seed's own unit (362207): the one test that imports it
// as it is does so on a database of its own, and the others import the seed under a unit code of their own
// and read only that unit's rows.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function tableCounts() {
  const db = t.database.db;
  const [[u], [p], [i], [b]] = await Promise.all([
    db.select({ n: count() }).from(units),
    db.select({ n: count() }).from(projects),
    db.select({ n: count() }).from(indicators),
    db.select({ n: count() }).from(importBatches),
  ]);
  return { units: u!.n, projects: p!.n, indicators: i!.n, batches: b!.n };
}

/** The rows of every unit, or of the unit with this code only. */
async function snapshot(unitCode?: string) {
  const db = t.database.db;
  const strip = <T extends { updatedAt?: unknown; createdAt?: unknown; importBatchId?: unknown }>(rows: T[]) =>
    rows.map(({ updatedAt: _u, createdAt: _c, importBatchId: _b, ...rest }) => rest);
  const unitRows = (await db.select().from(units).orderBy(units.id)).filter((u) => unitCode === undefined || u.code === unitCode);
  const projectRows = (await db.select().from(projects).orderBy(projects.id)).filter((p) => unitRows.some((u) => u.id === p.unitId));
  const indicatorRows = (await db.select().from(indicators).orderBy(indicators.id)).filter((i) => projectRows.some((p) => p.id === i.projectId));
  return { units: strip(unitRows), projects: strip(projectRows), indicators: strip(indicatorRows) };
}

/** The seed imported for 2024 under a unit of the test's own: the projects' ids, in table order. */
async function arrangeUnit(code: string): Promise<number[]> {
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm(`seed-${code}.txt`, seedTextForUnit(code)) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { projects: { id: number }[] }).projects.map((p) => p.id);
}

describe('POST /api/imports', () => {
  it('dryRun=1 returns the parse of the seed and writes nothing', async () => {
    const before = { counts: await tableCounts(), rows: await snapshot() };
    const res = await t.app.request('/api/imports?year=2024&dryRun=1', { method: 'POST', body: fileForm('seed.txt', seedText()) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { unit: { code: string }; projects: { indicators: unknown[]; year: number }[] };
    expect(body.unit.code).toBe('362207');
    expect(body.projects).toHaveLength(4);
    expect(body.projects.flatMap((p) => p.indicators)).toHaveLength(25);
    expect(body.projects.every((p) => p.year === 2024)).toBe(true);
    // The shared database has no unit 362207: a dry run that wrote the unit, a project or a batch shows here.
    expect({ counts: await tableCounts(), rows: await snapshot() }).toEqual(before);
  });

  it('imports the seed (multipart): 4 projects, 25 indicators, budgets 320/30/20/175 万元', async () => {
    // The first import of the seed's unit, and the only projects listed: a database of its own.
    const own = await createTestApp();
    try {
      const res = await own.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
      expect(res.status).toBe(201);
      const summary = (await res.json()) as { batchId: number; projects: { created: boolean; indicators: { total: number; created: number } }[] };
      expect(summary.projects.map((p) => p.created)).toEqual([true, true, true, true]);
      expect(summary.projects.map((p) => p.indicators.created)).toEqual([6, 7, 6, 6]);

      const list = (await (await own.app.request('/api/projects')).json()) as {
        id: number;
        name: string;
        year: number;
        indicatorCount: number;
        unit: { code: string; name: string };
        budget: { total: number; fiscal: number; other: number | null };
      }[];
      expect(list).toHaveLength(4);
      expect(list.map((p) => p.indicatorCount)).toEqual([6, 7, 6, 6]);
      expect(list.map((p) => p.budget.total)).toEqual([3_200_000, 300_000, 200_000, 1_750_000]);
      expect(list.map((p) => p.budget.fiscal)).toEqual([3_200_000, 300_000, 200_000, 1_750_000]);
      expect(list.every((p) => p.budget.other === null && p.year === 2024)).toBe(true);
      expect(list[0]!.unit).toEqual({ id: expect.any(Number), code: '362207', name: '天津市生态环境综合保障中心' });
      expect(list[2]!.name).toBe('环境应急与事故调查');
    } finally {
      await own.close();
    }
  });

  it('GET /api/projects/:id gives indicators in table order with parsed targets', async () => {
    const list = await arrangeUnit('900301');
    const res = await t.app.request(`/api/projects/${list[0]}`);
    expect(res.status).toBe(200);
    const p = (await res.json()) as {
      goals: string[];
      period: { start: string; end: string };
      indicators: {
        position: number;
        level1: string;
        level2: string;
        level3: string;
        target: { comparator: string; normalized: { value: number; unit: string } | null };
      }[];
    };
    expect(p.period).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    expect(p.goals).toHaveLength(1);
    expect(p.indicators.map((i) => i.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(p.indicators.map((i) => i.level3)).toEqual([
      '维保项目完成合格率',
      '故障解决时效',
      '年度运维成本',
      '完成信息网设备和链路定时巡检任',
      '保持环境监管网络联通率',
      '主管部门满意',
    ]);
    expect(p.indicators[1]!.target).toMatchObject({ comparator: '<', normalized: { value: 24, unit: 'hours' } });
    expect(p.indicators[2]!.target).toMatchObject({ comparator: '<=', normalized: { value: 3_200_000, unit: 'yuan' } });
    expect(p.indicators[4]!.level1).toBe('效益指标');

    const last = (await (await t.app.request(`/api/projects/${list[3]}`)).json()) as {
      indicators: { level3: string; needsReview: boolean; warnings: string[] }[];
    };
    const ambiguous = last.indicators.find((i) => i.level3 === '延长设备使用寿命')!;
    expect(ambiguous.needsReview).toBe(true);
    expect(ambiguous.warnings.length).toBeGreaterThan(0);
  });

  it('importing the same file again (as a text body) leaves the same rows and records a second batch', async () => {
    await arrangeUnit('900302');
    const before = await snapshot('900302');
    const batches = (await tableCounts()).batches;
    const res = await t.app.request('/api/imports?year=2024&fileName=seed.txt', {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: seedTextForUnit('900302'),
    });
    expect(res.status).toBe(201);
    const summary = (await res.json()) as { projects: { created: boolean; indicators: { unchanged: number; updated: number; created: number } }[] };
    expect(summary.projects.every((p) => !p.created && p.indicators.created === 0 && p.indicators.updated === 0)).toBe(true);
    expect(await snapshot('900302')).toEqual(before);
    expect((await tableCounts()).batches).toBe(batches + 1);
  });

  it('a changed table updates indicators in place, retires removed rows and adds new ones', async () => {
    await arrangeUnit('900303');
    const before = await snapshot('900303');
    const changed = seedTextForUnit('900303')
      .replace('≥300次', '≥320次')
      .replace('\t完成工作目标\n\t完成工作目标\n\t3份', '\t完成调查报告\n\t完成调查报告\n\t4份');
    const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed-v2.txt', changed) });
    expect(res.status).toBe(201);
    const after = await snapshot('900303');
    expect(after.projects.map((p) => p.id)).toEqual(before.projects.map((p) => p.id));
    const inspection = after.indicators.find((i) => i.level3 === '完成信息网设备和链路定时巡检任')!;
    expect(inspection.id).toBe(before.indicators.find((i) => i.level3 === '完成信息网设备和链路定时巡检任')!.id);
    expect(inspection.targetRaw).toBe('≥320次');
    expect(Number(inspection.normalizedValue)).toBe(320);
    expect(after.indicators.find((i) => i.level3 === '完成工作目标')!.active).toBe(false);
    expect(after.indicators.find((i) => i.level3 === '完成调查报告')!.active).toBe(true);
    const project3 = before.projects[2]!.id;
    const detail = (await (await t.app.request(`/api/projects/${project3}`)).json()) as { indicators: { level3: string }[]; indicatorCount: number };
    expect(detail.indicators.map((i) => i.level3)).not.toContain('完成工作目标');
    expect(detail.indicators[0]!.level3).toBe('完成调查报告');
    expect(detail.indicatorCount).toBe(6);
  });

  it('rejects a file that is not a target table (422, line-numbered details) and writes nothing', async () => {
    // With a table stored, "writes nothing" also covers rows a rejected import could have changed.
    await arrangeUnit('900304');
    const rowsBefore = await snapshot();
    const before = await tableCounts();
    const res = await t.app.request('/api/imports?year=2024', {
      method: 'POST',
      body: fileForm('notes.txt', '会议纪要\n今天讨论了明年的工作安排。\n散会。\n'),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; details: { line: number; message: string }[] } };
    expect(body.error.code).toBe('import_rejected');
    expect(body.error.details.length).toBeGreaterThan(0);
    expect(body.error.details[0]).toEqual({ line: expect.any(Number), message: expect.any(String) });
    expect(await tableCounts()).toEqual(before);
    expect(await snapshot()).toEqual(rowsBefore);
  });

  it('rejects a request without a file (400) and an oversized upload (413)', async () => {
    const empty = await t.app.request('/api/imports', { method: 'POST', body: new FormData() });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { details: { field: string } } }).error.details.field).toBe('file');
    const noBody = await t.app.request('/api/imports', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '' });
    expect(noBody.status).toBe(400);

    const small = await createTestApp({ uploadLimitMb: 0.01 });
    try {
      const big = await small.app.request('/api/imports', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(20_000) });
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    } finally {
      await small.close();
    }
  });

  it('rejects a bad year with the field named (400)', async () => {
    const res = await t.app.request('/api/imports?year=24', { method: 'POST', body: fileForm('seed.txt', seedText()) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details[0]!.field).toBe('year');
  });

  it("a corrupt .docx or .xlsx is refused (422) with what to do, not the library's internal text", async () => {
    for (const name of ['targets.docx', 'targets.xlsx']) {
      const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Array.from({ length: 64 }, (_, i) => (i * 37) % 256)]);
      const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm(name, bytes, 'application/octet-stream') });
      expect(res.status, name).toBe(422);
      const message = JSON.stringify(await res.json());
      expect(message).toContain('已损坏');
      expect(message).not.toMatch(/zip|central directory|Error:|at /i);
    }
  });

  it('unit= and projectName= fill what the table leaves out; a cut project is skipped by line, strict=1 refuses the file (422) and writes nothing', async () => {
    const real = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/tables/real/${name}`, import.meta.url)));
    const dry = await t.app.request(`/api/imports?dryRun=1&unit=${encodeURIComponent('4207 鄂州市机关事务服务中心')}`, {
      method: 'POST',
      body: fileForm('03-ezhou.txt', real('03-ezhou.txt')),
    });
    expect(dry.status).toBe(200);
    const parsed = (await dry.json()) as {
      unit: unknown;
      unitSource: string;
      projects: { truncated: { line: number }; confidence: { level: string }; rows: unknown[] }[];
    };
    expect(parsed).toMatchObject({ unit: { code: '4207', name: '鄂州市机关事务服务中心' }, unitSource: 'option' });
    expect(parsed.projects[0]).toMatchObject({ truncated: { line: 15 }, confidence: { level: 'low' } });

    const before = await tableCounts();
    const strict = await t.app.request('/api/imports?strict=1', { method: 'POST', body: fileForm('04.txt', real('04-jingyan-mata.txt')) });
    expect(strict.status).toBe(422);
    const refused = (await strict.json()) as { error: { details: { line: number; message: string }[] } };
    expect(refused.error.details).toEqual([{ line: 18, message: expect.stringContaining('--strict') }]);
    expect(await tableCounts()).toEqual(before);

    const done = await t.app.request('/api/imports', { method: 'POST', body: fileForm('04.txt', real('04-jingyan-mata.txt')) });
    expect(done.status).toBe(201);
    const summary = (await done.json()) as {
      unit: { code: string };
      projects: { name: string; indicators: { total: number } }[];
      warnings: { line: number; message: string }[];
    };
    expect(summary.unit.code).toBe('820001');
    expect(summary.projects.map((p) => [p.name, p.indicators.total])).toEqual([['村组干部报酬', 8]]);
    expect(summary.warnings).toContainEqual({ line: 18, message: expect.stringContaining('基层组织活动经费」不完整') });

    const nameless = ['一级指标 | 二级指标 | 三级指标 | 指标值', '产出指标 | 数量指标 | 巡河次数 | ≥365次'].join('\n');
    const named = await t.app.request(
      `/api/imports?dryRun=1&year=2024&unit=${encodeURIComponent('某区水务局')}&projectName=${encodeURIComponent('河道巡查')}`,
      {
        method: 'POST',
        body: fileForm('nameless.txt', nameless),
      },
    );
    expect(named.status).toBe(200);
    expect(await named.json()).toMatchObject({
      unit: { code: null, name: '某区水务局' },
      projects: [{ name: '河道巡查', indicators: [{ level3: '巡河次数' }] }],
    });

    const badUnit = await t.app.request('/api/imports?unit=4207', { method: 'POST', body: fileForm('03.txt', real('03-ezhou.txt')) });
    expect(badUnit.status).toBe(400);
    const refusedUnit = (await badUnit.json()) as { error: { details: { field: string; message: string }[] } };
    expect(refusedUnit.error.details).toEqual([expect.objectContaining({ field: 'unit', message: expect.stringContaining('指定的单位「4207」无效') })]);
  });
});
