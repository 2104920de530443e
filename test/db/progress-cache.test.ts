import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { systemActor } from '../../src/auth/actor.ts';
import { parseNote, startChangeFeed, type Change, type ChangeFeed } from '../../src/services/change-feed.ts';
import { createProgressCache } from '../../src/services/progress-cache.ts';
import { addEntries } from '../../src/services/entries.ts';
import { addManualValue } from '../../src/services/indicator-values.ts';
import { setBinding } from '../../src/services/measures.ts';
import { importSeed } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// Pushed invalidation (docs/design.md "Caches and invalidation"): the database notes which projects each
// committed transaction touched; the cache drops exactly those, at commit, and never asks the database
// whether it is current.

let database: TestDatabase;
let feed: ChangeFeed;
let p: number[];
/** This process's commit notes only (LISTEN brings the same notes again, later, on PostgreSQL). */
const changes: Change[] = [];
const who = { source: 'manual', author: null, now: new Date('2024-06-01T00:00:00Z') };

beforeAll(async () => {
  database = await createTestDb();
  feed = await startChangeFeed(database);
  database.onCommit((note) => changes.push(parseNote(note)));
  p = await importSeed(database.db, 2024);
});
afterAll(async () => {
  await feed?.close();
  await database?.close();
});

/** The projects the changes seen since `from` named. */
const touchedSince = (from: number) => {
  const out = new Set<number | 'all'>();
  for (const c of changes.slice(from)) {
    if (c.projects === 'all') out.add('all');
    else for (const id of c.projects) out.add(id);
  }
  return out;
};

describe('change notes', () => {
  it('parse project ids, auth and everything else as all', () => {
    expect(parseNote(',3,17,3')).toEqual({ projects: new Set([3, 17]), auth: false });
    expect(parseNote('auth')).toEqual({ projects: new Set(), auth: true });
    expect(parseNote('5,all')).toEqual({ projects: 'all', auth: true });
  });

  it('a committed write names its project at commit, before the write returns; a rolled-back one names nothing', async () => {
    const before = changes.length;
    await addEntries(database.db, p[2]!, [{ kind: 'report', fields: { date: '2024-03-01', title: 'r' } }], who);
    expect(touchedSince(before)).toEqual(new Set([p[2]]));

    const again = changes.length;
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`update projects set purpose = purpose where id = ${p[1]}`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // Only LISTEN could still bring it, and a rolled-back transaction notifies nobody.
    await new Promise((r) => setTimeout(r, 100));
    expect(touchedSince(again)).toEqual(new Set());
  });

  it('a write that reaches a project through an indicator, a binding or a value names that project', async () => {
    const [indicator] = (await database.db
      .execute(sql`select id from indicators where project_id = ${p[3]} and level3 = '系统故障率'`)
      .then((r) => (Array.isArray(r) ? r : (r as { rows: { id: number }[] }).rows))) as { id: number }[];
    const before = changes.length;
    await setBinding(database.db, indicator!.id, { type: 'manual' }, systemActor);
    await addManualValue(database.db, indicator!.id, { value: 7, asOf: '2024-05-01' }, { author: null, source: 'manual' });
    expect(touchedSince(before)).toEqual(new Set([p[3]]));
  });
});

describe('progress cache', () => {
  it('serves a held answer until a write touches its project; other projects keep theirs', async () => {
    const cache = createProgressCache(feed);
    let n = 0;
    const compute = async () => ++n;
    expect(await cache.get(p[0]!, 'a', compute)).toBe(1);
    expect(await cache.get(p[1]!, 'b', compute)).toBe(2);
    expect(await cache.get(p[0]!, 'a', compute)).toBe(1);
    await addEntries(database.db, p[0]!, [{ kind: 'inspection', fields: { date: '2024-04-01', target: '链路', result: 'ok' } }], who);
    expect(await cache.get(p[0]!, 'a', compute)).toBe(3);
    expect(await cache.get(p[1]!, 'b', compute)).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 3 });
  });

  it('a burst of writes to one project costs one recomputation at the next read', async () => {
    const cache = createProgressCache(feed);
    let n = 0;
    const compute = async () => ++n;
    await cache.get(p[2]!, 'burst', compute);
    for (let i = 0; i < 10; i++) {
      await addEntries(database.db, p[2]!, [{ kind: 'report', fields: { date: '2024-05-01', title: `报告 ${i}` } }], who);
    }
    expect(await cache.get(p[2]!, 'burst', compute)).toBe(2);
    expect(await cache.get(p[2]!, 'burst', compute)).toBe(2);
  });

  it('reads arriving during a computation share it; an answer computed across a write is served but not kept', async () => {
    const cache = createProgressCache(feed);
    let n = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async () => {
      n += 1;
      await gate;
      return n;
    };
    const first = cache.get(p[1]!, 'slow', slow);
    const second = cache.get(p[1]!, 'slow', slow);
    await addEntries(database.db, p[1]!, [{ kind: 'activity', fields: { date: '2024-05-02', title: '活动' } }], who);
    release();
    expect(await first).toBe(1);
    expect(await second).toBe(1);
    expect(n).toBe(1);
    // The write came while computing: that answer may predate it, so the next read computes again.
    expect(await cache.get(p[1]!, 'slow', async () => ++n)).toBe(2);
  });

  it('keeps at most its size, dropping the least recently used', async () => {
    const cache = createProgressCache(feed, 2);
    let n = 0;
    const compute = async () => ++n;
    await cache.get(1, 'a', compute);
    await cache.get(1, 'b', compute);
    await cache.get(1, 'a', compute);
    await cache.get(1, 'c', compute);
    expect(await cache.get(1, 'a', compute)).toBe(1);
    expect(await cache.get(1, 'b', compute)).toBe(4);
  });
});
