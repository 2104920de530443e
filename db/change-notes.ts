// The database's notes of what changed (migration 0007): triggers append the touched project ids (or `auth`,
// `all`) to the transaction-local setting `jixiao.touched` and NOTIFY them on `jixiao_changes`. This module
// reads both: the writer's own note just before its commit (so its process can invalidate at commit), and
// everyone's notes through LISTEN (so other processes learn of writes). db/ imports nothing from the app.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

export const CHANGE_CHANNEL = 'jixiao_changes';

export type NoteListener = (note: string) => void;

/**
 * Who this process is, in its NOTIFY payloads (migration 0009): `origin|ids`. A transaction this process
 * committed through noteCommits was already announced at commit; its LISTEN echo is skipped, or every write
 * would drop the cache twice (the second time after the read that followed the write had refilled it).
 */
export function newOrigin(): string {
  return randomBytes(6).toString('hex');
}

/** A LISTEN payload's ids, or null when it is this process's own echo. Unmarked payloads are everyone's. */
export function foreignIds(payload: string, origin: string): string | null {
  const bar = payload.indexOf('|');
  if (bar < 0) return payload;
  return payload.slice(0, bar) === origin ? null : payload.slice(bar + 1);
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Record<string, unknown>[];
}

/**
 * Wraps `db.transaction` so that, after a commit, listeners get the transaction's note (the ids its
 * statements touched). Nested transactions (savepoints) are part of their outer one and are not wrapped.
 */
export function noteCommits(db: Db, origin: string): (listener: NoteListener) => () => void {
  const listeners = new Set<NoteListener>();
  const original = db.transaction.bind(db) as Db['transaction'];
  const wrapped = (async (fn: Parameters<Db['transaction']>[0], config?: Parameters<Db['transaction']>[1]) => {
    let note = '';
    const noted = listeners.size > 0;
    const result = await original(async (tx) => {
      // Marks this transaction's NOTIFYs as ours: we announce it at commit ourselves. Writes outside a
      // transaction (or with no listener) stay unmarked, and this process learns of them through LISTEN.
      if (noted) await tx.execute(sql`select set_config('jixiao.origin', ${origin}, true)`);
      const value = await fn(tx);
      if (noted) {
        const [row] = rowsOf(await tx.execute(sql`select current_setting('jixiao.touched', true) as note`));
        note = typeof row?.note === 'string' ? row.note : '';
      }
      return value;
    }, config);
    if (note !== '') for (const l of listeners) l(note);
    return result;
  }) as Db['transaction'];
  (db as { transaction: Db['transaction'] }).transaction = wrapped;
  return (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}

/** What a driver needs to LISTEN: start, and stop. `onState(false)` while notes may be missed. */
export type Listen = (onNote: NoteListener, onState: (up: boolean) => void) => Promise<() => Promise<void>>;

/**
 * LISTEN on PostgreSQL over a dedicated connection. When it drops, `onState(false)` at once (the caller stops
 * trusting what it cached), then it reconnects with backoff and says `onState(true)` once LISTEN is back.
 */
export function listenPostgres(url: string, origin: string): Listen {
  return async (onNote, onState) => {
    const { default: postgres } = await import('postgres');
    let stopped = false;
    let retry: NodeJS.Timeout | null = null;
    // `onnotify` is postgres.js's own (its listen() uses it) but missing from its types.
    const options = {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      fetch_types: false,
      onnotice: () => {},
      onnotify: (channel: string, payload: string) => {
        if (channel !== CHANGE_CHANNEL) return;
        const ids = foreignIds(payload, origin);
        if (ids !== null) onNote(ids);
      },
      onclose: () => {
        if (stopped) return;
        onState(false);
        schedule(250);
      },
    };
    const client = postgres(url, options as Parameters<typeof postgres>[1]);
    const start = async (): Promise<boolean> => {
      try {
        await client.unsafe(`listen "${CHANGE_CHANNEL}"`);
        onState(true);
        return true;
      } catch {
        return false;
      }
    };
    const schedule = (delay: number) => {
      if (stopped || retry) return;
      retry = setTimeout(async () => {
        retry = null;
        if (!(await start())) schedule(Math.min(delay * 2, 10_000));
      }, delay);
      retry.unref();
    };
    if (!(await start())) {
      onState(false);
      schedule(250);
    }
    return async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client.end({ timeout: 1 });
    };
  };
}
