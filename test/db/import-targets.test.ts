import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { importBatches, indicators, projects, units } from '../../db/schema/index.ts';
import { ImportRejectedError } from '../../src/errors.ts';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { seedBytes, seedText } from '../helpers/seed.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database?.close();
});

async function counts() {
  const db = database.db;
  const one = async (t: typeof units | typeof projects | typeof indicators | typeof importBatches) => (await db.select({ n: count() }).from(t))[0]!.n;
  return { units: await one(units), projects: await one(projects), indicators: await one(indicators), batches: await one(importBatches) };
}

describe('importTargetTable', () => {
  it('rolls the whole file back when a write fails half-way (later project fails → earlier ones not kept)', async () => {
    // A trigger makes the database refuse one indicator of the 4th project, after 3 projects were written.
    await database.db.execute(sql`
      create function refuse_boom() returns trigger language plpgsql as $$
      begin
        if new.level3 = '项目成本控制' then raise exception 'refused by test trigger'; end if;
        return new;
      end $$`);
    await database.db.execute(sql`create trigger refuse_boom before insert on indicators for each row execute function refuse_boom()`);
    try {
      const err = await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedBytes(), year: 2024, yearGiven: true }).then(
        () => null,
        (e: Error) => e,
      );
      expect(`${err} ${(err as { cause?: unknown } | null)?.cause}`).toMatch(/refused by test trigger/);
      expect(await counts()).toEqual({ units: 0, projects: 0, indicators: 0, batches: 0 });
    } finally {
      await database.db.execute(sql`drop trigger refuse_boom on indicators`);
    }
  });

  it('writes the seed once, and the same seed for another year as separate projects', async () => {
    const first = await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedBytes(), year: 2024, yearGiven: true });
    expect(first.projects).toHaveLength(4);
    expect(await counts()).toEqual({ units: 1, projects: 4, indicators: 25, batches: 1 });
    await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedBytes(), year: 2025, yearGiven: true });
    expect(await counts()).toEqual({ units: 1, projects: 8, indicators: 50, batches: 2 });
  });

  it('money is stored exactly as numeric (no float drift)', async () => {
    const rows = await database.db.execute(sql`select budget_total::text as t from projects where year = 2024 order by id`);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { t: string }[];
    expect(list.map((r) => r.t)).toEqual(['3200000.00', '300000.00', '200000.00', '1750000.00']);
  });

  it('a file with an unreadable table raises ImportRejectedError with line numbers and writes nothing', async () => {
    const before = await counts();
    const broken = seedText().split('\n').slice(0, 20).join('\n'); // header block only, no indicator table
    const err = await importTargetTable(database.db, { fileName: 'broken.txt', bytes: new TextEncoder().encode(broken), year: 2024, yearGiven: true }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ImportRejectedError);
    expect((err as ImportRejectedError).lines.length).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });
});
