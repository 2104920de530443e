// Backup and restore (docs/operations.md "Backups"): one logical format for PGlite and PostgreSQL, so a
// backup of either restores into either. A backup is gzip'd JSON lines:
//   {"format":"jixiao-backup","formatVersion":1,"app":…,"migration":{index,tag,when},"createdAt":…,"source":…}
//   {"table":"units","columns":[{"name":"id","type":"integer"},…]}    then one JSON array per row, then
//   {"end":"units","rows":12}                                         … every table, parents before children …
//   {"done":true,"tables":23,"rows":4711}
// Cells keep their types exactly: integers and booleans as JSON, bigint and numeric as strings, dates as
// YYYY-MM-DD, timestamps as ISO UTC with microseconds, json/jsonb as the value wrapped in a one-element
// array (so a JSON null is not an SQL NULL), bytea as base64, arrays and anything else as PostgreSQL text.
// The lines are built by the database (json_build_array) and handed back to it on restore unparsed, so no
// number passes through a JavaScript double. Rows are read a page at a time, inside one read-only snapshot.
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { createWriteStream, readFileSync } from 'node:fs';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError, type Said, said } from '../errors.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { recordAudit } from './audit.ts';
import { codeLevel, codeMigrations, databaseLevel, type MigrationLevel } from './migration-level.ts';

export const BACKUP_FORMAT = 'jixiao-backup';
export const BACKUP_FORMAT_VERSION = 1;

/**
 * Tables whose rows are not kept: `access_tokens` caches the upstreams' short-lived tokens (sealed with the
 * AppSecret); they are fetched again on the next run and have no business in a file that outlives them.
 */
const NOT_BACKED_UP = new Set(['access_tokens']);

/** Rows read per query, and rows (or characters) written per insert. */
const PAGE_ROWS = 1000;
/**
 * Rows per query of a table with a bytea column (supporting files, up to UPLOAD_LIMIT_MB each): a page of a
 * thousand would hold gigabytes in memory at once.
 */
const PAGE_ROWS_BYTES = 4;
const BATCH_ROWS = 500;
const BATCH_CHARS = 2_000_000;
/**
 * A line longer than this is not one we wrote. A supporting file's row carries its bytes as base64 (4/3 of the
 * size): this admits files up to ~300 MB; larger installations keep their files under FILES_DIR.
 */
const MAX_LINE_CHARS = 400 * 1024 * 1024;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  app: { name: string; version: string };
  migration: MigrationLevel;
  createdAt: string;
  source: 'pglite' | 'postgres';
}

export interface TableCount {
  table: string;
  rows: number;
}

export interface BackupSummary {
  file: string;
  header: BackupHeader;
  tables: TableCount[];
  rows: number;
  bytes: number;
}

export interface RestoreSummary {
  file: string;
  header: BackupHeader;
  tables: TableCount[];
  rows: number;
}

interface Column {
  name: string;
  /** As format_type writes it (`numeric(18,2)`, `timestamp with time zone`, `text[]`): the cast on restore. */
  type: string;
  base: string;
  array: boolean;
  /** `a` GENERATED ALWAYS AS IDENTITY (restore must override it), `d` BY DEFAULT, '' none. */
  identity: string;
}

interface Table {
  name: string;
  columns: Column[];
  key: string[];
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Record<string, unknown>[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

let appInfo: { name: string; version: string } | undefined;
function app(): { name: string; version: string } {
  appInfo ??= (() => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return { name: pkg.name ?? 'jixiao', version: pkg.version ?? '0.0.0' };
  })();
  return appInfo;
}

/**
 * The app's tables as the database has them (generated columns left out: they are computed again), with
 * primary keys, in foreign-key order: every table after the tables it references.
 */
async function readTables(db: Db): Promise<Table[]> {
  const columns = rowsOf(
    await db.execute(sql`
      select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type,
             t.typname as base, t.typcategory::text as category, a.attidentity::text as identity, a.attgenerated::text as generated
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type t on t.oid = a.atttypid
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`),
  );
  const keys = rowsOf(
    await db.execute(sql`
      select c.relname as table_name, a.attname as column_name
      from pg_catalog.pg_index i
      join pg_catalog.pg_class c on c.oid = i.indrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
      where i.indisprimary and n.nspname = 'public'
      order by c.relname, array_position(i.indkey::int2[], a.attnum)`),
  );
  const links = rowsOf(
    await db.execute(sql`
      select c.relname as child, p.relname as parent
      from pg_catalog.pg_constraint k
      join pg_catalog.pg_class c on c.oid = k.conrelid
      join pg_catalog.pg_class p on p.oid = k.confrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = 'public'`),
  );
  const tables = new Map<string, Table>();
  for (const c of columns) {
    const name = String(c.table_name);
    if (!tables.has(name)) tables.set(name, { name, columns: [], key: [] });
    if (c.generated === 's') continue;
    tables.get(name)!.columns.push({
      name: String(c.column_name),
      type: String(c.type),
      base: String(c.base),
      array: c.category === 'A',
      identity: String(c.identity ?? ''),
    });
  }
  for (const k of keys) tables.get(String(k.table_name))?.key.push(String(k.column_name));
  const parents = new Map<string, Set<string>>([...tables.keys()].map((t) => [t, new Set<string>()]));
  for (const l of links) if (l.child !== l.parent) parents.get(String(l.child))?.add(String(l.parent));
  // Kahn's order, alphabetical among equals, so two backups of one database list tables alike.
  const ordered: Table[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.size) {
    const next = [...tables.keys()].sort().find((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !tables.has(p)));
    if (!next) throw new Error(`backup: foreign keys form a cycle among ${[...tables.keys()].filter((t) => !placed.has(t)).join(', ')}`);
    placed.add(next);
    ordered.push(tables.get(next)!);
  }
  return ordered;
}

/** One cell of a backup line, as SQL over the table aliased `t` (see the format at the top). */
function cellSql(col: Column): string {
  const c = `t.${ident(col.name)}`;
  if (col.array) return `${c}::text`;
  switch (col.base) {
    case 'int2':
    case 'int4':
    case 'bool':
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'uuid':
      return c;
    case 'json':
    case 'jsonb':
      return `case when ${c} is null then null else json_build_array(${c}) end`;
    case 'bytea':
      return `translate(encode(${c}, 'base64'), E'\\n', '')`;
    case 'timestamptz':
      return `case when isfinite(${c}) then to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') else ${c}::text end`;
    case 'timestamp':
      return `case when isfinite(${c}) then to_char(${c}, 'YYYY-MM-DD"T"HH24:MI:SS.US') else ${c}::text end`;
    case 'date':
      return `case when isfinite(${c}) then to_char(${c}, 'YYYY-MM-DD') else ${c}::text end`;
    default:
      // int8, numeric, floats and anything else: PostgreSQL's own text, read back by the same type.
      return `${c}::text`;
  }
}

/** The value of cell `i` of the row `r` (a JSON array) as its column's type. */
function valueSql(col: Column, i: number): string {
  if (!col.array && (col.base === 'json' || col.base === 'jsonb')) return `(r->${i}->0)::${col.type}`;
  if (!col.array && col.base === 'bytea') return `decode(r->>${i}, 'base64')`;
  return `(r->>${i})::${col.type}`;
}

/** A table's rows as backup lines, a page at a time in key order. */
async function* tableLines(db: Db, table: Table): AsyncGenerator<string> {
  // json_build_array takes at most 100 arguments.
  if (table.columns.length > 100) throw new Error(`backup: ${table.name} has more than 100 columns`);
  const line = `json_build_array(${table.columns.map(cellSql).join(', ')})::text`;
  const from = `from ${ident(table.name)} as t`;
  if (table.key.length === 0) {
    for (const r of rowsOf(await db.execute(sql.raw(`select ${line} as line ${from}`)))) yield String(r.line);
    return;
  }
  const keyCols = table.key.map((k) => `t.${ident(k)}`);
  const keyTypes = table.key.map((k) => table.columns.find((c) => c.name === k)?.type ?? 'text');
  const head = `select ${line} as line, ${keyCols.map((k, i) => `${k}::text as k${i}`).join(', ')} ${from}`;
  const pageRows = table.columns.some((c) => c.base === 'bytea') ? PAGE_ROWS_BYTES : PAGE_ROWS;
  const tail = sql.raw(` order by ${keyCols.join(', ')} limit ${pageRows}`);
  let after: string[] | null = null;
  for (;;) {
    const where: SQL = after
      ? sql`${sql.raw(` where (${keyCols.join(', ')}) > (`)}${sql.join(
          after.map((v, i) => sql`${v}::${sql.raw(keyTypes[i]!)}`),
          sql.raw(', '),
        )})`
      : sql``;
    const page = rowsOf(await db.execute(sql`${sql.raw(head)}${where}${tail}`));
    for (const r of page) yield String(r.line);
    if (page.length < pageRows) return;
    const last = page[page.length - 1]!;
    after = table.key.map((_, i) => String(last[`k${i}`]));
  }
}

/**
 * Writes a backup of the whole database to `file`, from one consistent snapshot. The file appears only
 * when complete (written beside it, then renamed over it).
 */
export async function backupDatabase(db: Db, file: string, options: { now: Date; source: 'pglite' | 'postgres' }): Promise<BackupSummary> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const counts: TableCount[] = [];
  let header: BackupHeader | null = null;
  try {
    await db.transaction(
      async (tx) => {
        const level = await databaseLevel(tx);
        if (level.state === 'ahead') throw new AppError(409, 'backup_newer_database', said('ops.backup.databaseAhead'));
        if (level.state === 'behind') throw new AppError(409, 'backup_database_behind', said('ops.backup.databaseBehind'));
        const tables = (await readTables(tx)).filter((t) => !NOT_BACKED_UP.has(t.name));
        const h: BackupHeader = {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          app: app(),
          migration: level.level,
          createdAt: options.now.toISOString(),
          source: options.source,
        };
        header = h;
        async function* lines(): AsyncGenerator<string> {
          yield JSON.stringify(h) + '\n';
          let total = 0;
          for (const table of tables) {
            yield JSON.stringify({ table: table.name, columns: table.columns.map((c) => ({ name: c.name, type: c.type })) }) + '\n';
            let rows = 0;
            // Lines are joined into chunks of a few hundred (or a few MB, for rows carrying file bytes): one gzip
            // write per row would cost more than the query.
            let chunk: string[] = [];
            let chars = 0;
            for await (const line of tableLines(tx, table)) {
              chunk.push(line);
              chars += line.length;
              rows++;
              if (chunk.length >= 200 || chars >= BATCH_CHARS) {
                yield chunk.join('\n') + '\n';
                chunk = [];
                chars = 0;
              }
            }
            if (chunk.length > 0) yield chunk.join('\n') + '\n';
            yield JSON.stringify({ end: table.name, rows }) + '\n';
            counts.push({ table: table.name, rows });
            total += rows;
          }
          yield JSON.stringify({ done: true, tables: tables.length, rows: total }) + '\n';
        }
        await pipeline(Readable.from(lines()), createGzip(), createWriteStream(temp));
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw writeProblem(err, file) ?? err;
  }
  const { size } = await (await import('node:fs/promises')).stat(file);
  return { file, header: header!, tables: counts, rows: counts.reduce((s, c) => s + c.rows, 0), bytes: size };
}

/** A file that cannot be written, in words; null for anything else. */
function writeProblem(err: unknown, file: string): AppError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const why: MessageKey | null =
    code === 'ENOENT'
      ? 'ops.file.noDirectory'
      : code === 'EISDIR'
        ? 'ops.file.isDirectory'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'ops.file.noPermission'
          : code === 'ENOSPC'
            ? 'ops.file.noSpace'
            : null;
  return why ? new AppError(400, 'file_unwritable', said('ops.file.unwritable', { file, why: said(why) })) : null;
}

/** The file's lines, decoded as UTF-8; gzip and encoding failures become `BackupDamaged`. */
async function* fileLines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of source) {
    rest += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      yield rest.slice(start, nl);
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE_CHARS) throw new BackupDamaged('ops.restore.lineTooLong');
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

/** A backup file that cannot be restored: what is wrong, and where. Turned into an AppError at the edge of restore. */
class BackupDamaged extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

function gzipProblem(err: unknown): BackupDamaged | null {
  if (err instanceof BackupDamaged) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_NEED_DICT') return new BackupDamaged('ops.restore.notGzip');
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(String((err as Error | null)?.message))) return new BackupDamaged('ops.restore.truncated');
  if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return new BackupDamaged('ops.restore.notUtf8');
  return null;
}

function parseLine(text: string, n: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupDamaged('ops.restore.notJson', { line: n });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The header, checked: our format, a version we read, a migration level this code has. */
function readHeader(value: unknown): BackupHeader {
  if (!isObject(value) || value.format !== BACKUP_FORMAT) throw new BackupDamaged('ops.restore.notBackup');
  const version = value.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new BackupDamaged('ops.restore.badHeader', { field: 'formatVersion' });
  if (version > BACKUP_FORMAT_VERSION) throw new BackupDamaged('ops.restore.newerFormat', { version, known: BACKUP_FORMAT_VERSION });
  const m = value.migration;
  if (!isObject(m) || typeof m.tag !== 'string' || typeof m.when !== 'number' || typeof m.index !== 'number') {
    throw new BackupDamaged('ops.restore.badHeader', { field: 'migration' });
  }
  if (typeof value.createdAt !== 'string' || !isObject(value.app) || typeof value.app.version !== 'string') {
    throw new BackupDamaged('ops.restore.badHeader', { field: isObject(value.app) ? 'createdAt' : 'app' });
  }
  return value as unknown as BackupHeader;
}

/** A backup restores only into the code's own migration level: its rows have that level's columns. */
function checkLevel(header: BackupHeader): void {
  const current = codeLevel();
  const known = codeMigrations().find((m) => m.tag === header.migration.tag && m.when === header.migration.when);
  const params = { tag: header.migration.tag, current: current.tag, version: header.app.version };
  if (!known) {
    if (header.migration.when > current.when || header.migration.index > current.index)
      throw new AppError(409, 'backup_newer', said('ops.restore.newerMigration', params));
    throw new AppError(409, 'backup_unknown_level', said('ops.restore.unknownMigration', params));
  }
  if (known.index < current.index) throw new AppError(409, 'backup_older', said('ops.restore.olderMigration', params));
}

/** Tables holding rows, by name; an empty list means the database may take a restore. */
async function tablesWithRows(db: Db, tables: Table[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const query = tables.map((t) => `select ${sqlString(t.name)} as name where exists (select 1 from ${ident(t.name)})`).join(' union all ');
  return rowsOf(await db.execute(sql.raw(query))).map((r) => String(r.name));
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Every serial and identity column's sequence set to the column's max, so the next insert follows the restored rows. */
async function resetSequences(db: Db, tables: Table[]): Promise<void> {
  for (const table of tables) {
    for (const col of table.columns) {
      const [row] = rowsOf(await db.execute(sql`select pg_get_serial_sequence(${`public.${ident(table.name)}`}, ${col.name}) as seq`));
      if (typeof row?.seq !== 'string') continue;
      await db.execute(
        sql.raw(`select setval(${sqlString(row.seq)}, coalesce(max(${ident(col.name)}), 1), max(${ident(col.name)}) is not null) from ${ident(table.name)}`),
      );
    }
  }
}

/**
 * Restores a backup into this database, which must be migrated to the same level and hold no rows: in one
 * transaction (a damaged file, or a refusal anywhere, leaves the database as it was), every serial sequence
 * then set past the restored ids, and the restore itself written to the audit log.
 */
export async function restoreDatabase(db: Db, file: string, options: { actor: Actor }): Promise<RestoreSummary> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'err.file.missing' : code === 'EISDIR' ? 'err.file.directory' : code === 'EACCES' ? 'err.file.denied' : 'err.file.failed';
    throw new AppError(400, 'file_unreadable', said('err.file.unreadable', { file, why: said(why) }));
  }
  const raw = handle.createReadStream();
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  raw.pipe(gunzip);
  const lines = fileLines(gunzip)[Symbol.asyncIterator]();
  let lineNo = 0;
  const nextLine = async (): Promise<string | null> => {
    const r = await lines.next();
    if (r.done) return null;
    lineNo++;
    return r.value;
  };
  try {
    const first = await nextLine();
    if (first === null) throw new BackupDamaged('ops.restore.empty');
    const header = readHeader(parseLine(first, 1));
    checkLevel(header);
    const counts: TableCount[] = [];
    await db.transaction(async (tx) => {
      const tables = await readTables(tx);
      const busy = await tablesWithRows(tx, tables);
      if (busy.length > 0) throw new AppError(409, 'restore_not_empty', said('ops.restore.notEmpty', { tables: busy.join(', ') }));
      const byName = new Map(tables.map((t) => [t.name, t]));
      let done = false;
      let current: { table: Table; columns: Column[]; insert: string; rows: number; batch: string[]; chars: number; firstLine: number } | null = null;
      const restored = new Set<string>();
      const flush = async () => {
        if (!current || current.batch.length === 0) return;
        const from = current.firstLine;
        try {
          await tx.execute(sql`${sql.raw(current.insert)}${`[${current.batch.join(',')}]`}${sql.raw('::json) as x(r)')}`);
        } catch (err) {
          throw new AppError(
            422,
            'backup_rows_refused',
            said('ops.restore.rowsRefused', { table: current.table.name, from, to: lineNo, reason: driverReason(err) }),
          );
        }
        current.batch = [];
        current.chars = 0;
        current.firstLine = lineNo + 1;
      };
      for (let text = await nextLine(); text !== null; text = await nextLine()) {
        if (done) {
          if (text.trim() === '') continue;
          throw new BackupDamaged('ops.restore.afterEnd', { line: lineNo });
        }
        if (current && text.startsWith('[')) {
          // A row: checked for its shape here, its values by the columns' types in the database.
          const row = parseLine(text, lineNo);
          if (!Array.isArray(row) || row.length !== current.columns.length) {
            throw new BackupDamaged('ops.restore.badRow', { line: lineNo, table: current.table.name, n: current.columns.length });
          }
          current.batch.push(text);
          current.chars += text.length;
          current.rows++;
          if (current.batch.length >= BATCH_ROWS || current.chars >= BATCH_CHARS) await flush();
          continue;
        }
        const item = parseLine(text, lineNo);
        if (!isObject(item))
          throw new BackupDamaged(current ? 'ops.restore.badRow' : 'ops.restore.unexpected', {
            line: lineNo,
            table: current?.table.name ?? '',
            n: current?.columns.length ?? 0,
          });
        if (typeof item.table === 'string' && !current) {
          current = startTable(item, byName, restored, lineNo);
          continue;
        }
        if (typeof item.end === 'string' && current && item.end === current.table.name) {
          await flush();
          if (item.rows !== current.rows)
            throw new BackupDamaged('ops.restore.countMismatch', { line: lineNo, table: current.table.name, said: String(item.rows), found: current.rows });
          restored.add(current.table.name);
          counts.push({ table: current.table.name, rows: current.rows });
          current = null;
          continue;
        }
        if (item.done === true && !current) {
          const total = counts.reduce((s, c) => s + c.rows, 0);
          if (item.rows !== total || item.tables !== counts.length) {
            throw new BackupDamaged('ops.restore.countMismatch', { line: lineNo, table: '*', said: String(item.rows), found: total });
          }
          done = true;
          continue;
        }
        throw new BackupDamaged('ops.restore.unexpected', { line: lineNo });
      }
      if (!done) throw new BackupDamaged('ops.restore.truncatedAt', { line: lineNo, table: current?.table.name ?? '—' });
      await resetSequences(tx, tables);
      await recordAudit(tx, options.actor, {
        action: 'database.restore',
        targetType: 'database',
        after: {
          file: basename(file),
          createdAt: header.createdAt,
          app: header.app.version,
          migration: header.migration.tag,
          source: header.source,
          rows: counts.reduce((s, c) => s + c.rows, 0),
        },
      });
    });
    return { file, header, tables: counts, rows: counts.reduce((s, c) => s + c.rows, 0) };
  } catch (err) {
    const damaged = gzipProblem(err);
    if (damaged) throw new AppError(422, 'backup_damaged', said('ops.restore.damaged', { file, problem: said(damaged.key, damaged.params) }));
    throw err;
  } finally {
    gunzip.destroy();
    await handle.close().catch(() => {});
  }

  function startTable(item: Record<string, unknown>, byName: Map<string, Table>, restored: Set<string>, line: number) {
    const name = item.table as string;
    const table = byName.get(name);
    if (!table || NOT_BACKED_UP.has(name)) throw new BackupDamaged('ops.restore.unknownTable', { line, table: name });
    if (restored.has(name)) throw new BackupDamaged('ops.restore.tableTwice', { line, table: name });
    const given = Array.isArray(item.columns) ? item.columns : null;
    const columns: Column[] = [];
    for (const c of given ?? []) {
      const col = isObject(c) ? table.columns.find((t) => t.name === c.name) : undefined;
      if (!col || !isObject(c) || c.type !== col.type) {
        throw new BackupDamaged('ops.restore.columnMismatch', { line, table: name, column: isObject(c) ? String(c.name) : '?' });
      }
      columns.push(col);
    }
    if (!given || columns.length === 0) throw new BackupDamaged('ops.restore.columnMismatch', { line, table: name, column: '?' });
    const override = columns.some((c) => c.identity === 'a') ? ' overriding system value' : '';
    const insert =
      `insert into ${ident(name)} (${columns.map((c) => ident(c.name)).join(', ')})${override} ` +
      `select ${columns.map(valueSql).join(', ')} from json_array_elements(`;
    return { table, columns, insert, rows: 0, batch: [] as string[], chars: 0, firstLine: line + 1 };
  }
}

/** Why the database refused rows, in words from its SQLSTATE, never its text: that may quote the row. */
function driverReason(err: unknown): Said {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) continue;
    if (code === '23505') return said('ops.reason.duplicate');
    if (code === '23503') return said('ops.reason.parent');
    if (code === '23502') return said('ops.reason.missing');
    if (code.startsWith('22')) return said('ops.reason.value', { code });
    return said('ops.reason.other', { code });
  }
  return said('ops.reason.other', { code: '—' });
}
