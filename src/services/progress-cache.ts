import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { factVersions } from '../../db/schema/index.ts';

/**
 * Progress answers computed once per (project, day) and reused while no fact has changed. Validity is
 * checked against the database's fact version on every read, so the cache never serves stale data and
 * several processes need no coordination; it only saves recomputing.
 */
export interface ProgressCache {
  get<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T>;
}

export function createProgressCache(maxEntries = 2000, options: { freshMs?: number; now?: () => number } = {}): ProgressCache {
  const entries = new Map<string, { version: number; value: unknown }>();
  const freshMs = options.freshMs ?? 0;
  const now = options.now ?? Date.now;
  // With a freshness window (PROGRESS_FRESH_MS), the version read is reused for that long: answers may
  // then lag another process's write by up to the window. 0 (the default) checks on every read.
  let checked: { version: number; at: number } | null = null;
  const versionNow = async (db: Db) => {
    if (freshMs > 0 && checked && now() - checked.at < freshMs) return checked.version;
    const version = await currentVersion(db);
    checked = { version, at: now() };
    return version;
  };
  return {
    async get<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
      const version = await versionNow(db);
      const hit = entries.get(key);
      if (hit && hit.version === version) {
        // Map order is insertion order: re-inserting keeps the most recently used last.
        entries.delete(key);
        entries.set(key, hit);
        return hit.value as T;
      }
      const value = await compute();
      // A write between the version read and the computation bumps the version past this one, so the
      // entry is stored under the version read first and can only be too old, never too new.
      entries.set(key, { version, value });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return value;
    },
  };
}

async function currentVersion(db: Db): Promise<number> {
  const [row] = await db.select({ v: factVersions.version }).from(factVersions).where(eq(factVersions.id, 1));
  return Number(row?.v ?? 0);
}
