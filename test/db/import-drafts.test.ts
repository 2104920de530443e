import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditLog, importBatches, importDrafts, indicators, projects, units } from '../../db/schema/index.ts';
import type { Actor } from '../../src/auth/actor.ts';
import { AppError, ImportRejectedError } from '../../src/errors.ts';
import { confirmDraft, createDraft, discardDraft, fixCell, fixCells, getDraft, listImports } from '../../src/services/import-drafts.ts';
import type { ParsedTable } from '../../src/targets/types.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';

// Import drafts (docs/design.md "Import preview"): read, fix cells, confirm once. Each test imports the seed
// under a unit code of its own, so what it counts is its own.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database?.close();
});

const admin: Actor = { userId: null, name: 'boss', role: 'admin', unitId: null, via: 'web', address: '127.0.0.1' };
const staff: Actor = { ...admin, name: 'clerk', role: 'staff' };
const leader: Actor = { ...admin, name: 'lead', role: 'leader' };

const seedOf = (code: string) => new TextEncoder().encode(seedTextForUnit(code));
const draftOf = (code: string) => createDraft(database.db, { fileName: `${code}.txt`, bytes: seedOf(code), year: 2024, yearGiven: true, actor: admin });

async function unitRows(code: string) {
  const [unit] = await database.db.select().from(units).where(eq(units.key, code));
  if (!unit) return { projects: [], indicators: [] };
  const ps = await database.db.select().from(projects).where(eq(projects.unitId, unit.id));
  const is = ps.length === 0 ? [] : (await database.db.select().from(indicators)).filter((i) => ps.some((p) => p.id === i.projectId));
  return { projects: ps, indicators: is };
}

const draftCount = async () => (await database.db.select({ n: count() }).from(importDrafts))[0]!.n;
const batchCount = async () => (await database.db.select({ n: count() }).from(importBatches))[0]!.n;

const indicatorsOf = (t: ParsedTable) => t.projects.flatMap((p) => p.indicators);

describe('createDraft', () => {
  it('stores the reading of every row and imports nothing', async () => {
    const draft = await draftOf('810001');
    expect(draft.status).toBe('open');
    expect(draft.year).toBe(2024);
    expect(draft.reading.projects).toHaveLength(4);
    expect(indicatorsOf(draft.reading)).toHaveLength(25);
    expect(draft.fixes).toEqual([]);
    expect(draft.fixed).toEqual(draft.reading);
    expect((await unitRows('810001')).projects).toHaveLength(0);
  });

  it('refuses an unreadable file with its line errors and stores nothing', async () => {
    const before = await draftCount();
    const err = await createDraft(database.db, {
      fileName: 'x.txt',
      bytes: new TextEncoder().encode('随便写的一段话\n没有表格'),
      year: 2024,
      yearGiven: false,
      actor: admin,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejectedError);
    expect((err as ImportRejectedError).lines.length).toBeGreaterThan(0);
    expect((err as ImportRejectedError).lines[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    const after = await draftCount();
    expect(after).toBe(before);
  });

  it('is for admins only', async () => {
    for (const actor of [staff, leader]) {
      const err = await createDraft(database.db, { fileName: 's.txt', bytes: seedOf('810002'), year: 2024, yearGiven: true, actor }).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(403);
    }
    await expect(listImports(database.db, staff)).rejects.toMatchObject({ status: 403 });
  });
});

describe('fixCell', () => {
  it('stores the fix, and the fixed reading shows how the new cell reads', async () => {
    const { id } = await draftOf('810003');
    const draft = await fixCell(database.db, id, { line: 265, field: 'target', value: '≥1年' }, admin, new Date('2024-03-01T02:00:00Z'));
    expect(draft.fixes).toEqual([{ line: 265, field: 'target', read: '>1保障各项业务正常运行', fixed: '≥1年', by: 'boss', at: '2024-03-01T02:00:00.000Z' }]);
    const fixed = indicatorsOf(draft.fixed).find((i) => i.line === 265)!;
    expect(fixed.target).toMatchObject({ comparator: '>=', value: 1, unit: '年', kind: 'quantitative' });
    expect(fixed.needsReview).toBe(false);
    // the parser's reading is kept as it was
    expect(indicatorsOf(draft.reading).find((i) => i.line === 265)!.target.raw).toBe('>1保障各项业务正常运行');
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'targets.draft_fix'), eq(auditLog.targetId, String(id))));
    expect(audit?.after).toMatchObject({ line: 265, target: '≥1年' });
  });

  it('refuses a target that cannot be read, naming the row, and keeps the draft as it was', async () => {
    const { id } = await draftOf('810004');
    const err = await fixCell(database.db, id, { line: 265, field: 'target', value: '>1保障运行' }, admin).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).message).toMatch(/^第265行 指标「延长设备使用寿命」：/);
    expect((err as AppError).details).toEqual([{ field: 'target', message: (err as AppError).message }]);
    expect((await getDraft(database.db, id, admin)).fixes).toEqual([]);
  });

  it('one fix per cell: fixing again replaces it, typing back the original drops it', async () => {
    const { id } = await draftOf('810005');
    await fixCells(database.db, id, 37, { level3: '故障处理时效', target: '<2天' }, admin);
    let draft = await fixCell(database.db, id, { line: 37, field: 'target', value: '<3天' }, admin);
    expect(draft.fixes.map((f) => [f.field, f.read, f.fixed])).toEqual([
      ['level3', '故障解决时效', '故障处理时效'],
      ['target', '<1天', '<3天'],
    ]);
    draft = await fixCell(database.db, id, { line: 37, field: 'target', value: '<1天' }, admin);
    expect(draft.fixes.map((f) => f.field)).toEqual(['level3']);
  });

  it('a row that does not exist, or a closed draft, is refused', async () => {
    const { id } = await draftOf('810006');
    await expect(fixCell(database.db, id, { line: 3, field: 'target', value: '≥1次' }, admin)).rejects.toMatchObject({ status: 400 });
    await discardDraft(database.db, id, admin);
    await expect(fixCell(database.db, id, { line: 265, field: 'target', value: '≥1年' }, admin)).rejects.toMatchObject({ status: 409 });
    await expect(fixCell(database.db, 999_999, { line: 265, field: 'target', value: '≥1年' }, admin)).rejects.toMatchObject({ status: 404 });
  });
});

describe('confirmDraft', () => {
  it('imports the fixed reading; the batch keeps the fixes, the draft the original', async () => {
    const { id } = await draftOf('810007');
    await fixCell(database.db, id, { line: 265, field: 'target', value: '≥1年' }, admin);
    const { summary, draft } = await confirmDraft(database.db, id, admin);
    expect(summary?.projects).toHaveLength(4);
    expect(draft.status).toBe('imported');
    expect(draft.batch?.projects.map((p) => p.id)).toEqual(summary!.projects.map((p) => p.id));
    const rows = await unitRows('810007');
    expect(rows.projects).toHaveLength(4);
    expect(rows.indicators).toHaveLength(25);
    const stored = rows.indicators.find((i) => i.sourceLine === 265)!;
    expect(stored).toMatchObject({ targetRaw: '≥1年', comparator: '>=', targetKind: 'quantitative', needsReview: false, normalizedUnit: 'years' });
    const [batch] = await database.db.select().from(importBatches).where(eq(importBatches.id, summary!.batchId));
    expect(batch!.result.draftId).toBe(id);
    expect(batch!.result.fixes).toEqual([expect.objectContaining({ line: 265, field: 'target', read: '>1保障各项业务正常运行', fixed: '≥1年' })]);
    expect(batch!.result.warnings.some((w) => w.line === 265)).toBe(false);
    const [row] = await database.db.select().from(importDrafts).where(eq(importDrafts.id, id));
    expect(row!.batchId).toBe(summary!.batchId);
    expect(indicatorsOf(row!.reading as ParsedTable).find((i) => i.line === 265)!.target.raw).toBe('>1保障各项业务正常运行');
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'targets.import'), eq(auditLog.targetId, String(summary!.batchId))));
    expect(audit?.after).toMatchObject({ draftId: id, fixes: [expect.objectContaining({ line: 265, fixed: '≥1年' })] });
  });

  it('confirming twice imports once, also when both arrive together', async () => {
    const { id } = await draftOf('810008');
    const before = await batchCount();
    const results = await Promise.all([confirmDraft(database.db, id, admin), confirmDraft(database.db, id, admin)]);
    const again = await confirmDraft(database.db, id, admin);
    expect(results.filter((r) => r.summary !== null)).toHaveLength(1);
    expect(again.summary).toBeNull();
    expect(again.draft.status).toBe('imported');
    const after = await batchCount();
    expect(after - before).toBe(1);
    expect((await unitRows('810008')).projects).toHaveLength(4);
  });

  it('a discarded draft imports nothing; an imported one cannot be discarded', async () => {
    const discarded = await draftOf('810009');
    await discardDraft(database.db, discarded.id, admin);
    await discardDraft(database.db, discarded.id, admin);
    await expect(confirmDraft(database.db, discarded.id, admin)).rejects.toMatchObject({ status: 409 });
    expect((await unitRows('810009')).projects).toHaveLength(0);
    const imported = await draftOf('810010');
    await confirmDraft(database.db, imported.id, admin);
    await expect(discardDraft(database.db, imported.id, admin)).rejects.toMatchObject({ status: 409 });
    await expect(confirmDraft(database.db, imported.id, staff)).rejects.toMatchObject({ status: 403 });
  });

  it('lists the latest drafts and batches', async () => {
    const { id } = await draftOf('810011');
    await fixCell(database.db, id, { line: 265, field: 'target', value: '≥1年' }, admin);
    const { summary } = await confirmDraft(database.db, id, admin);
    const list = await listImports(database.db, admin);
    expect(list.drafts.find((d) => d.id === id)).toMatchObject({ status: 'imported', fixes: 1, batchId: summary!.batchId });
    expect(list.batches.find((b) => b.id === summary!.batchId)?.result.projects).toEqual({ created: 4, updated: 0 });
  });
});
