import type { ChangeFeed } from './change-feed.ts';

// Progress answers kept per project and day (docs/design.md "Caches and invalidation"). A hit costs no
// database round trip: instead of asking the database whether anything changed, the cache is told — a write
// in this process drops the projects it touched at commit, another process's through LISTEN. So a burst of
// writes to one project costs one recomputation at the next read, not one per write; reads that arrive
// while an answer is being computed share that computation.

export interface ProgressCache {
  /** The value for `key` (an answer of `projectId`), computed by `compute` unless a current one is held. */
  get<T>(projectId: number, key: string, compute: () => Promise<T>): Promise<T>;
  /** Hits and misses so far (for the bench and the tests). */
  stats(): { hits: number; misses: number; size: number };
}

/** A cache that never holds anything: every read computes (no feed, or the bench's uncached reads). */
export const noProgressCache: ProgressCache = {
  get: (_projectId, _key, compute) => compute(),
  stats: () => ({ hits: 0, misses: 0, size: 0 }),
};

export function createProgressCache(feed: ChangeFeed, maxEntries = 2000): ProgressCache {
  const entries = new Map<string, { projectId: number; value: unknown }>();
  const keysOf = new Map<number, Set<string>>();
  const inflight = new Map<string, { generation: number; promise: Promise<unknown> }>();
  /** Bumped per project by each change; a computation that saw an older one must not be kept. */
  const generations = new Map<number, number>();
  let epoch = 0;
  let hits = 0;
  let misses = 0;

  const generationOf = (projectId: number) => epoch * 1e9 + (generations.get(projectId) ?? 0);
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    keysOf.get(entry.projectId)?.delete(key);
  };

  feed.subscribe((change) => {
    if (change.projects === 'all') {
      epoch += 1;
      entries.clear();
      keysOf.clear();
      inflight.clear();
      return;
    }
    for (const id of change.projects) {
      generations.set(id, (generations.get(id) ?? 0) + 1);
      for (const key of keysOf.get(id) ?? []) {
        entries.delete(key);
        inflight.delete(key);
      }
      keysOf.delete(id);
    }
  });

  return {
    async get<T>(projectId: number, key: string, compute: () => Promise<T>): Promise<T> {
      // While another process's writes could be missed, nothing held can be trusted.
      if (!feed.trusted()) return compute();
      const hit = entries.get(key);
      if (hit) {
        hits += 1;
        // Map order is insertion order: re-inserting keeps the most recently used last.
        entries.delete(key);
        entries.set(key, hit);
        return hit.value as T;
      }
      const generation = generationOf(projectId);
      const running = inflight.get(key);
      if (running && running.generation === generation) return running.promise as Promise<T>;
      misses += 1;
      const promise = compute();
      inflight.set(key, { generation, promise });
      try {
        const value = await promise;
        // A change during the computation means it may predate that change: serve it, keep it not.
        if (generationOf(projectId) === generation && feed.trusted()) {
          entries.set(key, { projectId, value });
          let keys = keysOf.get(projectId);
          if (!keys) keysOf.set(projectId, (keys = new Set()));
          keys.add(key);
          while (entries.size > maxEntries) drop(entries.keys().next().value as string);
        }
        return value;
      } finally {
        if (inflight.get(key)?.promise === promise) inflight.delete(key);
      }
    },
    stats: () => ({ hits, misses, size: entries.size }),
  };
}
