import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgressCache } from '../../src/services/progress-cache.ts';
import { addEntries } from '../../src/services/entries.ts';
import { setBinding } from '../../src/services/measures.ts';
import { importSeed } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

let database: TestDatabase;
let p3: number;
beforeAll(async () => {
  database = await createTestDb();
  p3 = (await importSeed(database.db, 2024))[2]!;
});
afterAll(async () => {
  await database?.close();
});

describe('progress cache', () => {
  it('reuses an answer until any fact it depends on changes', async () => {
    const cache = createProgressCache();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.get(database.db, 'k', compute)).toBe(1);
    expect(await cache.get(database.db, 'k', compute)).toBe(1);
    await addEntries(database.db, p3, [{ kind: 'report', fields: { date: '2024-03-01', title: 'r' } }], { source: 'manual', author: null, now: new Date() });
    expect(await cache.get(database.db, 'k', compute)).toBe(2);
    expect(await cache.get(database.db, 'k', compute)).toBe(2);
    await setBinding(database.db, (await database.db.query.indicators.findFirst())!.id, { type: 'manual' }, 'x');
    expect(await cache.get(database.db, 'k', compute)).toBe(3);
  });

  it('with a freshness window, skips the version check inside it and sees writes after it', async () => {
    let clock = 0;
    const cache = createProgressCache(10, { freshMs: 1000, now: () => clock });
    let n = 0;
    const compute = async () => ++n;
    expect(await cache.get(database.db, 'w', compute)).toBe(1);
    await addEntries(database.db, p3, [{ kind: 'report', fields: { date: '2024-04-01', title: 'w' } }], { source: 'manual', author: null, now: new Date() });
    clock = 500;
    expect(await cache.get(database.db, 'w', compute)).toBe(1);
    clock = 1500;
    expect(await cache.get(database.db, 'w', compute)).toBe(2);
  });

  it('keeps at most its size, dropping the least recently used', async () => {
    const cache = createProgressCache(2);
    let n = 0;
    const compute = async () => ++n;
    await cache.get(database.db, 'a', compute);
    await cache.get(database.db, 'b', compute);
    await cache.get(database.db, 'a', compute);
    await cache.get(database.db, 'c', compute);
    expect(await cache.get(database.db, 'a', compute)).toBe(1);
    expect(await cache.get(database.db, 'b', compute)).toBe(4);
  });
});
