import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from 'postgres';
import type { Table } from './generate.ts';

// Bulk load by COPY … FROM STDIN (text format), streamed: rows are generated as PostgreSQL consumes them,
// in chunks of a few hundred kilobytes, so memory stays flat whatever the row count.

const CHUNK_ROWS = 4000;

function* chunks(rows: Iterable<string>): Generator<string> {
  let buf: string[] = [];
  for (const line of rows) {
    buf.push(line);
    if (buf.length >= CHUNK_ROWS) {
      yield buf.join('');
      buf = [];
    }
  }
  if (buf.length > 0) yield buf.join('');
}

export async function copyTable(sql: Sql, t: Table): Promise<number> {
  if (t.count === 0) return 0;
  const writable = await sql.unsafe(`copy ${t.table} (${t.columns.join(', ')}) from stdin`).writable();
  await pipeline(Readable.from(chunks(t.rows())), writable);
  return t.count;
}

/** Loads the tables in order (parents first) and returns seconds per table. */
export async function copyTables(sql: Sql, tables: Table[], log: (msg: string) => void): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  for (const t of tables) {
    const started = performance.now();
    await copyTable(sql, t);
    const s = (performance.now() - started) / 1000;
    seconds[t.table] = (seconds[t.table] ?? 0) + s;
    log(`  copy ${t.table}: ${t.count.toLocaleString('en-US')} rows in ${s.toFixed(1)} s`);
  }
  return seconds;
}

/** Explicit ids were loaded; move each serial past them so the app's own inserts keep working. */
export async function syncSequences(sql: Sql): Promise<void> {
  for (const [table, col] of [
    ['units', 'id'],
    ['projects', 'id'],
    ['indicators', 'id'],
    ['channels', 'id'],
    ['posts', 'id'],
    ['entries', 'id'],
  ] as const) {
    await sql.unsafe(`select setval(pg_get_serial_sequence('${table}', '${col}'), coalesce((select max(${col}) from ${table}), 0) + 1, false)`);
  }
}
