import type { Db } from '../../db/client.ts';
import { rebuildAggregates } from '../../src/services/rebuild-aggregates.ts';

// Runs the app's rebuildAggregates unchanged, on a database handle that times each statement of its
// first transaction (entry_daily, channel_daily, probe_daily) and the per-indicator measure_daily part
// that follows, so a slow bulk-load rebuild can be pinned on one statement.

export interface RebuildTiming {
  totalSeconds: number;
  /** Statement label → seconds, in order. */
  parts: { label: string; seconds: number }[];
  indicators: number;
}

function label(query: unknown): string {
  // drizzle's sql`` object keeps its text in queryChunks
  const chunks = (query as { queryChunks?: { value?: string[] }[] }).queryChunks ?? [];
  const text = chunks
    .flatMap((c) => c.value ?? [])
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const m = /^(delete from|insert into) (\w+)/.exec(text);
  return m ? `${m[1]!.split(' ')[0]} ${m[2]}` : text.slice(0, 40);
}

export function bindAll<T extends object>(target: T, override: (prop: PropertyKey) => unknown): T {
  return new Proxy(target, {
    get(t, prop) {
      const o = override(prop);
      if (o !== undefined) return o;
      const v = Reflect.get(t, prop, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

export async function rebuildAggregatesTimed(db: Db): Promise<RebuildTiming> {
  const parts: { label: string; seconds: number }[] = [];
  let transactions = 0;
  let measureStart = 0;
  const started = performance.now();
  const timedDb = bindAll(db, (prop) => {
    if (prop !== 'transaction') return undefined;
    return async (fn: (tx: Db) => Promise<unknown>, config?: unknown) => {
      transactions += 1;
      const first = transactions === 1;
      const txStart = performance.now();
      const run = (db.transaction as (f: (tx: Db) => Promise<unknown>, c?: unknown) => Promise<unknown>)(async (tx) => {
        if (!first) return fn(tx);
        const timedTx = bindAll(tx, (p) => {
          if (p !== 'execute') return undefined;
          return async (query: unknown) => {
            const s = performance.now();
            try {
              return await (tx.execute as (q: unknown) => Promise<unknown>)(query);
            } finally {
              parts.push({ label: label(query), seconds: (performance.now() - s) / 1000 });
            }
          };
        });
        return fn(timedTx);
      }, config);
      if (!first) return run;
      const out = await run;
      measureStart = performance.now();
      const inStatements = parts.reduce((a, x) => a + x.seconds, 0);
      parts.push({ label: 'commit', seconds: Math.max(0, (measureStart - txStart) / 1000 - inStatements) });
      return out;
    };
  });
  const result = await rebuildAggregates(timedDb);
  const end = performance.now();
  if (measureStart > 0) parts.push({ label: `measure_daily (${result.indicators} bindings, one by one)`, seconds: (end - measureStart) / 1000 });
  return { totalSeconds: (end - started) / 1000, parts, indicators: result.indicators };
}
