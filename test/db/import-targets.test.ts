import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { importBatches, indicators, projects, units } from '../../db/schema/index.ts';
import { ImportRejectedError } from '../../src/errors.ts';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { seedText } from '../helpers/seed.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';

// One database for the file: each test imports the seed under a unit code of its own, so that the rows it
// counts (what an import adds, or leaves as it was) are its own.
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

/** How many rows of each table there are now beyond `before`. */
async function added(before: Awaited<ReturnType<typeof counts>>) {
  const now = await counts();
  return {
    units: now.units - before.units,
    projects: now.projects - before.projects,
    indicators: now.indicators - before.indicators,
    batches: now.batches - before.batches,
  };
}

/** The seed under a unit of the test's own, as the bytes of a file. */
const seedOf = (code: string) => new TextEncoder().encode(seedTextForUnit(code));

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
      // A unit no row names yet: kept, the unit and its first three projects would show in the counts.
      const before = await counts();
      const err = await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedOf('900401'), year: 2024, yearGiven: true }).then(
        () => null,
        (e: Error) => e,
      );
      expect(`${err} ${(err as { cause?: unknown } | null)?.cause}`).toMatch(/refused by test trigger/);
      expect(await added(before)).toEqual({ units: 0, projects: 0, indicators: 0, batches: 0 });
    } finally {
      await database.db.execute(sql`drop trigger refuse_boom on indicators`);
      await database.db.execute(sql`drop function refuse_boom()`);
    }
  });

  it('writes the seed once, and the same seed for another year as separate projects', async () => {
    const before = await counts();
    const first = await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedOf('900402'), year: 2024, yearGiven: true });
    expect(first.projects).toHaveLength(4);
    expect(await added(before)).toEqual({ units: 1, projects: 4, indicators: 25, batches: 1 });
    await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedOf('900402'), year: 2025, yearGiven: true });
    expect(await added(before)).toEqual({ units: 1, projects: 8, indicators: 50, batches: 2 });
  });

  it('money is stored exactly as numeric (no float drift)', async () => {
    await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedOf('900403'), year: 2024, yearGiven: true });
    const rows = await database.db.execute(
      sql`select p.budget_total::text as t from projects p join units u on u.id = p.unit_id where u.code = '900403' and p.year = 2024 order by p.id`,
    );
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { t: string }[];
    expect(list.map((r) => r.t)).toEqual(['3200000.00', '300000.00', '200000.00', '1750000.00']);
  });

  it('a file with an unreadable table raises ImportRejectedError with line numbers and writes nothing', async () => {
    // A database with a table stored already: the rejected file must add no row to it.
    await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedOf('900404'), year: 2024, yearGiven: true });
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
