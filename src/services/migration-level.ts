// Which migrations the code carries (db/migrations/meta/_journal.json) and which a database has applied
// (drizzle's own ledger, drizzle.__drizzle_migrations). The backup header names the level its rows belong
// to, restore refuses a newer one, and the doctor says whether a database is current.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { migrationsFolder } from '../../db/migrate.ts';

export interface MigrationLevel {
  /** Position in the journal, from 0 (`0013_…` is 13). */
  index: number;
  tag: string;
  /** The journal's `when`: drizzle records it as the applied migration's created_at. */
  when: number;
}

let journal: MigrationLevel[] | undefined;

/** The code's migrations, in order. */
export function codeMigrations(): MigrationLevel[] {
  journal ??= (
    JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string; when: number }[] }
  ).entries.map((e) => ({ index: e.idx, tag: e.tag, when: e.when }));
  return journal;
}

export function codeLevel(): MigrationLevel {
  const all = codeMigrations();
  return all[all.length - 1]!;
}

export type DatabaseLevel =
  | { state: 'current'; level: MigrationLevel }
  /** Some of the code's migrations are not applied (a database no jixiao process of this version opened). */
  | { state: 'behind'; level: MigrationLevel | null; missing: number }
  /** The database was migrated by a newer jixiao: its last migration is not in this code's journal. */
  | { state: 'ahead'; appliedWhen: number };

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Record<string, unknown>[];
}

/** The database's level, read from drizzle's ledger (absent: nothing applied). */
export async function databaseLevel(db: Db): Promise<DatabaseLevel> {
  const all = codeMigrations();
  const [exists] = rowsOf(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`));
  const latest =
    exists?.present === true ? rowsOf(await db.execute(sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`))[0]?.latest : null;
  if (latest === null || latest === undefined) return { state: 'behind', level: null, missing: all.length };
  const when = Number(latest);
  const last = all[all.length - 1]!;
  if (when > last.when) return { state: 'ahead', appliedWhen: when };
  const applied = all.filter((m) => m.when <= when);
  const level = applied[applied.length - 1] ?? null;
  return level && level.when === last.when ? { state: 'current', level } : { state: 'behind', level, missing: all.length - applied.length };
}
