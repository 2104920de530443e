import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, indicators, projects } from '../../db/schema/index.ts';
import type { Actor } from '../../src/auth/actor.ts';
import { AppError, ValidationError } from '../../src/errors.ts';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { addMonitoringNote, latestNotes, listMonitoringNotes } from '../../src/services/monitoring-notes.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// Monitoring notes (docs/design.md "Monitoring notes"): read once at the edge with Chinese errors per field,
// append-only with the newest as the current one, written only by who may record on the indicator.

let database: TestDatabase;
let unitA: number;
let unitB: number;
/** Indicators of unit A by their 三级 name; one of unit B. */
const ids: Record<string, number> = {};
let foreignIndicator: number;

const actor = (name: string, role: Actor['role'], unitId: number | null): Actor => ({ userId: null, name, role, unitId, via: 'api', address: null });
let admin: Actor;
let clerk: Actor;
let lead: Actor;
let stranger: Actor;

async function importUnit(code: string): Promise<number> {
  const s = await importTargetTable(database.db, {
    fileName: `${code}.txt`,
    bytes: new TextEncoder().encode(seedTextForUnit(code)),
    year: 2024,
    yearGiven: true,
  });
  const [p] = await database.db.select().from(projects).where(eq(projects.id, s.projects[0]!.id));
  return p!.unitId;
}

async function indicatorNamed(unitId: number, level3: string): Promise<number> {
  const [row] = await database.db
    .select({ id: indicators.id })
    .from(indicators)
    .innerJoin(projects, eq(projects.id, indicators.projectId))
    .where(and(eq(projects.unitId, unitId), eq(indicators.level3, level3)));
  if (!row) throw new Error(`no indicator ${level3}`);
  return row.id;
}

beforeAll(async () => {
  database = await createTestDb();
  unitA = await importUnit('910001');
  unitB = await importUnit('910002');
  for (const name of ['全民参与', '维保项目完成合格率', '保持环境监管网络联通率', '年度运维成本', '延长设备使用寿命'])
    ids[name] = await indicatorNamed(unitA, name);
  foreignIndicator = await indicatorNamed(unitB, '全民参与');
  admin = actor('boss', 'admin', null);
  clerk = actor('clerk', 'staff', unitA);
  lead = actor('lead', 'leader', unitA);
  stranger = actor('stranger', 'staff', unitB);
});
afterAll(async () => {
  await database?.close();
});

const good = { likelihood: 'possible', reasons: ['funding'], asOf: '2024-07-01' };

/** The refusal's `{ field, message }` lines. */
async function refusal(input: Record<string, unknown>, indicatorId = ids.全民参与!): Promise<{ message: string; fields: Record<string, string> }> {
  const err = await addMonitoringNote(database.db, indicatorId, input, { actor: clerk }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  const e = err as ValidationError;
  const fields = Object.fromEntries((e.details as { field: string; message: string }[]).map((d) => [d.field, d.message]));
  return { message: e.message, fields };
}

describe('a note is read once at the edge, every field refused in Chinese', () => {
  it('likelihood is required and must be one of the three', async () => {
    const missing = await refusal({ asOf: '2024-07-01' });
    expect(missing.fields.likelihood).toBe('请选择完成目标可能性：确定能 / 有可能 / 完全不可能');
    expect(missing.message).toContain('完成目标可能性（likelihood）');
    const wrong = await refusal({ ...good, likelihood: '也许' });
    expect(wrong.fields.likelihood).toContain('应为 确定能 / 有可能 / 完全不可能');
  });

  it('reasons must come from the list, as a list', async () => {
    const unknown = await refusal({ ...good, reasons: ['funding', '天气'] });
    expect(unknown.fields.reasons).toContain('「天气」不是偏差原因');
    expect(unknown.fields.reasons).toContain('经费保障 / 制度保障 / 人员保障 / 硬件保障 / 其他');
    expect(unknown.message).toContain('偏差原因（reasons）');
    const notList = await refusal({ ...good, reasons: 'funding' });
    expect(notList.fields.reasons).toContain('应为列表');
  });

  it('其他 needs words of its own, said together with the other problems', async () => {
    const alone = await refusal({ ...good, reasons: ['other'] });
    expect(alone.fields).toEqual({ reasonText: '选择了“其他”，请写明偏差原因' });
    expect(alone.message).toContain('偏差原因说明（reasonText）');
    const blank = await refusal({ ...good, reasons: ['其他'], reasonText: '   ' });
    expect(blank.fields.reasonText).toBe('选择了“其他”，请写明偏差原因');
    const withOthers = await refusal({ likelihood: 'x', reasons: ['other'], asOf: '2024-02-30' });
    expect(Object.keys(withOthers.fields).sort()).toEqual(['asOf', 'likelihood', 'reasonText']);
  });

  it('reasonText and measures are capped at 2000 characters and may not hold control characters', async () => {
    const long = '字'.repeat(2001);
    const r = await refusal({ ...good, reasons: ['other'], reasonText: long, measures: long });
    expect(r.fields.reasonText).toBe('过长（最多 2000 个字）');
    expect(r.fields.measures).toBe('过长（最多 2000 个字）');
    expect(r.message).toContain('整改措施（measures）');
    const nul = await refusal({ ...good, measures: 'a\u0000b' });
    expect(nul.fields.measures).toBeDefined();
  });

  it('forecast is a finite number ≥ 0, a percent at most 100, and only for a numeric target', async () => {
    expect((await refusal({ ...good, forecast: -1 })).fields.forecast).toBe('不能为负数');
    expect((await refusal({ ...good, forecast: 'abc' })).fields.forecast).toBeDefined();
    expect((await refusal({ ...good, forecast: true })).fields.forecast).toBeDefined();
    const nan = await refusal({ ...good, forecast: 'NaN' });
    expect(nan.message).toContain('全年预计完成值（forecast）');
    expect((await refusal({ ...good, forecast: 120 }, ids.维保项目完成合格率)).fields.forecast).toBe('百分比应在 0 至 100 之间');
    expect((await refusal({ ...good, forecast: 1 }, ids.延长设备使用寿命)).fields.forecast).toBe('这个指标的目标不是数值，不需要填写全年预计完成值');
  });

  it('asOf is a day that exists, within 2000–2100, and required', async () => {
    expect((await refusal({ ...good, asOf: '2024-02-30' })).fields.asOf).toBe('日期不存在：2024-02-30');
    expect((await refusal({ ...good, asOf: '' })).fields.asOf).toBe('请填写截至日期，如 2024-07-01');
    expect((await refusal({ likelihood: 'certain' })).fields.asOf).toBe('请填写截至日期，如 2024-07-01');
    const far = await refusal({ ...good, asOf: '9999-12-31' });
    expect(far.fields.asOf).toBeDefined();
    expect(far.message).toContain('截至日期（asOf）');
  });

  it('unknown fields are refused, not dropped', async () => {
    expect((await refusal({ ...good, author: 'someone else' })).fields.author).toBe('未知字段，请删除或检查拼写');
  });

  it('takes the words as well as the codes, keeps each reason once in the table’s order, trims text', async () => {
    const note = await addMonitoringNote(
      database.db,
      ids.年度运维成本!,
      {
        likelihood: '有可能',
        reasons: ['其他', 'hardware', '经费保障', 'funding'],
        reasonText: '  设备到货晚 ',
        measures: ' 催促供应商 ',
        forecast: '3000000',
        asOf: '2024-07-01',
      },
      { actor: clerk },
    );
    expect(note).toMatchObject({
      likelihood: 'possible',
      reasons: ['funding', 'hardware', 'other'],
      reasonText: '设备到货晚',
      measures: '催促供应商',
      forecast: 3000000,
      forecastDisplay: '300万元',
      author: 'clerk',
      warnings: [],
    });
  });
});

describe('history', () => {
  it('is append-only, newest first; latestNotes gives each indicator its current note', async () => {
    const id = ids.保持环境监管网络联通率!;
    await addMonitoringNote(database.db, id, { likelihood: 'certain', asOf: '2024-03-01' }, { actor: clerk });
    await addMonitoringNote(database.db, id, { likelihood: 'possible', reasons: ['staff'], asOf: '2024-06-01', forecast: 88.5 }, { actor: admin });
    // Written last but dated earlier: still the current note (the newest written is current).
    await addMonitoringNote(database.db, id, { likelihood: 'impossible', reasons: ['rules'], measures: '修订制度', asOf: '2024-05-01' }, { actor: clerk });
    const list = await listMonitoringNotes(database.db, id);
    expect(list.map((n) => n.likelihood)).toEqual(['impossible', 'possible', 'certain']);
    expect(list[1]).toMatchObject({ author: 'boss', forecast: 88.5, forecastDisplay: '88.5%' });
    // No test writes a note on 生态意识.
    const quiet = await indicatorNamed(unitA, '生态意识');
    const latest = await latestNotes(database.db, [id, quiet]);
    expect(latest.get(id)?.likelihood).toBe('impossible');
    expect(latest.has(quiet)).toBe(false);
    expect((await latestNotes(database.db, [])).size).toBe(0);
  });

  it('every note writes its audit row with who and what', async () => {
    const id = ids.全民参与!;
    const note = await addMonitoringNote(database.db, id, { ...good, measures: '加大发稿频次' }, { actor: clerk });
    const rows = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'monitoring_note.add'), eq(auditLog.targetId, String(id))));
    const row = rows.find((r) => (r.after as { id?: number }).id === note.id);
    expect(row).toMatchObject({ actor: 'clerk', via: 'api', targetType: 'indicator' });
    expect(row!.after).toMatchObject({ likelihood: 'possible', reasons: ['funding'], measures: '加大发稿频次' });
  });

  it('a note dated outside the project period is kept, with a warning', async () => {
    const note = await addMonitoringNote(database.db, ids.全民参与!, { ...good, asOf: '2025-01-10' }, { actor: clerk });
    expect(note.warnings).toEqual(['2025-01-10 在项目期间（2024-01-01 至 2024-12-31）之外：已记录，请确认日期']);
  });
});

describe('access', () => {
  const status = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof AppError ? e.status : e),
    );

  it('a leader may read but not write', async () => {
    expect(await status(addMonitoringNote(database.db, ids.全民参与!, good, { actor: lead }))).toBe(403);
    expect(await status(listMonitoringNotes(database.db, ids.全民参与!, { actor: lead }))).toBe('ok');
  });

  it('staff of another unit get 403 for an indicator that exists, 404 for one that does not', async () => {
    expect(await status(addMonitoringNote(database.db, ids.全民参与!, good, { actor: stranger }))).toBe(403);
    expect(await status(listMonitoringNotes(database.db, ids.全民参与!, { actor: stranger }))).toBe(403);
    expect(await status(addMonitoringNote(database.db, foreignIndicator, good, { actor: stranger }))).toBe('ok');
    expect(await status(addMonitoringNote(database.db, 2_000_000_000, good, { actor: stranger }))).toBe(404);
    expect(await status(addMonitoringNote(database.db, 2_000_000_000, good, { actor: admin }))).toBe(404);
  });

  it('a refused writer learns nothing of the input: access is checked before the body', async () => {
    expect(await status(addMonitoringNote(database.db, ids.全民参与!, { likelihood: 'nonsense' }, { actor: lead }))).toBe(403);
    expect(unitA).not.toBe(unitB);
  });
});
