import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { foreignIds } from '../../db/change-notes.ts';
import { startChangeFeed, type Change, type ChangeFeed } from '../../src/services/change-feed.ts';
import { addEntries } from '../../src/services/entries.ts';
import { importSeed } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// A process announces its own commits at commit (docs/design.md "Caches and invalidation"); the same note
// coming back through LISTEN must not drop its cache a second time. Writes it did not announce itself (outside
// a transaction) still reach it through LISTEN.

let database: TestDatabase;
let feed: ChangeFeed;
let projects: number[];
const who = { source: 'manual', author: null, now: new Date('2024-06-01T00:00:00Z') };

beforeAll(async () => {
  database = await createTestDb();
  projects = await importSeed(database.db, 2024);
  feed = await startChangeFeed(database);
});
afterAll(async () => {
  await feed?.close();
  await database?.close();
});

/** Every change the feed emits from now on, until `stop()`. */
function record() {
  const seen: Change[] = [];
  const stop = feed.subscribe((c) => seen.push(c));
  const naming = (id: number) => seen.filter((c) => c.projects === 'all' || c.projects.has(id)).length;
  return { seen, stop, naming };
}

/** Resolves when a change naming `id` arrives (LISTEN is asynchronous), or fails after 10 s. */
function arrival(id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no note for project ${id} within 10 s`)), 10_000);
    const stop = feed.subscribe((c) => {
      if (c.projects !== 'all' && c.projects.has(id)) {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  });
}

describe('change notes and their echo', () => {
  it('tell a payload of this process from one of another process or an unmarked one', () => {
    expect(foreignIds('a1b2c3|3,17', 'a1b2c3')).toBeNull();
    expect(foreignIds('ffffff|3,17', 'a1b2c3')).toBe('3,17');
    expect(foreignIds('3,17', 'a1b2c3')).toBe('3,17');
    expect(foreignIds('auth', 'a1b2c3')).toBe('auth');
  });

  it('a transaction this process commits is announced once, not again by its LISTEN echo; an unmarked write arrives through LISTEN', async () => {
    const [a, b] = [projects[0]!, projects[1]!];
    const r = record();
    await addEntries(database.db, a, [{ kind: 'report', fields: { date: '2024-03-01', title: 'echo check' } }], who);
    // Announced at commit, before the write returned.
    expect(r.naming(a)).toBe(1);
    // A statement outside any transaction is not announced at commit: only LISTEN brings it. Notes arrive in
    // commit order, so once it is here an echo of the first write would have arrived before it.
    const unmarked = arrival(b);
    await database.db.execute(sql`update projects set purpose = purpose where id = ${b}`);
    await unmarked;
    r.stop();
    expect(r.naming(a)).toBe(1);
    expect(r.naming(b)).toBe(1);
  });
});
