import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { probeEndpoints, projects } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp } from '../../src/app.ts';
import { cliActor, systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { AppError } from '../../src/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { createToken } from '../../src/services/api-tokens.ts';
import { backupDatabase, restoreDatabase } from '../../src/services/backup.ts';
import { startChangeFeed } from '../../src/services/change-feed.ts';
import { writeCursor } from '../../src/services/channel-cursors.ts';
import { addEntries } from '../../src/services/entries.ts';
import { codeLevel } from '../../src/services/migration-level.ts';
import { recordProbeResults } from '../../src/services/probes.ts';
import { progressReport } from '../../src/services/progress-report.ts';
import { addUser } from '../../src/services/users.ts';
import { startSession } from '../../src/services/web-sessions.ts';
import { call, seedThroughApi } from '../helpers/malformed/seed.ts';
import { TEST_PASSWORD } from '../helpers/test-app.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// Backup → restore (docs/operations.md "Backups"): a realistic database, backed up and restored into an empty
// one, answers every progress question the same and holds the same rows, on PGlite and PostgreSQL and across
// them; a restore refuses a database that is not empty, a damaged file and a backup from a newer jixiao, and
// changes nothing when it refuses.

vi.setConfig({ testTimeout: 180_000 });

type Kind = 'pglite' | 'postgres';
const projectKind: Kind = process.env.TEST_DB_KIND === 'postgres' ? 'postgres' : 'pglite';
const NOW = new Date('2026-07-01T04:00:00Z');
const actor = cliActor('restorer', 'test-host');

let dir: string;
const opened: Database[] = [];

/** A fresh, migrated, empty database of a kind: the project's own, or (on the postgres project) a PGlite beside it. */
async function emptyDb(kind: Kind): Promise<TestDatabase> {
  let database: TestDatabase;
  if (kind === projectKind) database = await createTestDb();
  else if (kind === 'pglite') {
    const pg = await openDatabase({ pglite: new PGlite() });
    await runMigrations(pg);
    database = { ...pg, url: null };
  } else throw new Error('PostgreSQL is only available on the postgres project');
  opened.push(database);
  return database;
}

/** Everything a year of use leaves behind, written through the API (audit rows included) and a few services. */
async function seed(database: Database): Promise<void> {
  const config = loadConfig({});
  const feed = await startChangeFeed(database);
  const app = createApp({ db: database.db, databaseKind: database.kind, config, now: () => NOW, logger: silentLogger, feed, jobs: jobCatalog });
  const { user } = await addUser(database.db, { name: 'admin', role: 'admin', password: TEST_PASSWORD }, systemActor);
  const token = (await createToken(database.db, { user: user.id }, systemActor, NOW)).token;
  const request = {
    request: ((input, init) =>
      app.request(input, { ...init, headers: { ...(init?.headers as object), authorization: `Bearer ${token}` } })) as typeof app.request,
  };
  const state = await seedThroughApi(request);
  // Monitoring notes (a text[] of reasons, a numeric forecast), a correction, a job run with its probe results.
  const must = async (method: string, path: string, json?: unknown) => {
    const r = await call(request, method, path, json === undefined ? {} : { json });
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${r.text}`);
    return r.json;
  };
  await must('POST', `/api/indicators/${state.indicators.counted}/monitoring-notes`, {
    likelihood: 'possible',
    reasons: ['funding', 'other'],
    reasonText: '第三季度经费到位晚',
    measures: '加快采购',
    forecast: 40,
    asOf: '2024-07-01',
  });
  await must('POST', `/api/indicators/${state.indicators.manual}/monitoring-notes`, { likelihood: 'certain', reasons: [], asOf: '2024-08-01' });
  await must('POST', `/api/entries/${state.entryHead}/corrections`, { fields: { title: '更正后的调查报告' }, reason: '标题写错' });
  // The ledger and the probe results, from a run of the probe job (its endpoint is a closed local port).
  const runs = await jobCatalog.run({ db: database.db, config, logger: silentLogger, now: () => NOW }, 'probes', { slot: NOW, dataDay: '2024-06-30' });
  expect(runs.length).toBeGreaterThan(0);
  // More rows than one page of the backup's reader, under a two-column key (endpoint, instant).
  const [endpoint] = await database.db.select({ id: probeEndpoints.id }).from(probeEndpoints).limit(1);
  const start = Date.parse('2024-03-01T00:00:00Z');
  const results = Array.from({ length: 2600 }, (_, i) => ({
    checkedAt: new Date(start + i * 300_000 + (i % 7)).toISOString(),
    ok: i % 13 !== 0,
    latencyMs: i % 13 === 0 ? null : 5 + (i % 40),
    error: i % 13 === 0 ? '连接被拒绝（ECONNREFUSED）' : null,
  }));
  expect((await recordProbeResults(database.db, endpoint!.id, results)).inserted).toBe(2600);
  await writeCursor(database.db, state.channel.id, { sinceId: '4990000000000001' });
  await startSession(database.db, 'admin', TEST_PASSWORD, '127.0.0.1', NOW);
  await startSession(database.db, 'admin', 'not-the-password', '10.0.0.9', NOW).catch(() => null);
  await feed.close();
}

/** Rows per table, and a digest of each table's rows in a fixed text form (UTC, ISO), the restore's own audit row left out. */
async function snapshot(database: Database): Promise<{ counts: Record<string, number>; digests: Record<string, string> }> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone to 'UTC'`);
    await tx.execute(sql`set local datestyle to 'ISO, YMD'`);
    await tx.execute(sql`set local extra_float_digits to 1`);
    const names = rows(await tx.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)).map((r) => String(r.tablename));
    const counts: Record<string, number> = {};
    const digests: Record<string, string> = {};
    for (const name of names) {
      const where = name === 'audit_log' ? ` where action <> 'database.restore'` : '';
      const [r] = rows(
        await tx.execute(sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from "${name}" t${where}`)),
      );
      counts[name] = Number(r!.n);
      digests[name] = String(r!.digest);
    }
    return { counts, digests };
  });
}

function rows(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Record<string, unknown>[];
}

/** The progress answers for every project, as of two fixed days. */
async function answers(database: Database) {
  const list = await database.db.select().from(projects).orderBy(asc(projects.id));
  return {
    midYear: await progressReport(database.db, list, { asOf: '2024-09-30', today: '2024-09-30' }),
    yearEnd: await progressReport(database.db, list, { asOf: '2024-12-31', today: '2024-12-31' }),
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const sources = new Map<
  Kind,
  Promise<{ database: Database; file: string; before: Awaited<ReturnType<typeof snapshot>>; progress: Awaited<ReturnType<typeof answers>> }>
>();

/** One seeded database per kind, backed up once. */
function sourceOf(kind: Kind) {
  if (!sources.has(kind)) {
    sources.set(
      kind,
      (async () => {
        const database = await emptyDb(kind);
        await seed(database);
        const file = join(dir, `${kind}.jsonl.gz`);
        const done = await backupDatabase(database.db, file, { now: NOW, source: kind });
        expect(done.rows).toBeGreaterThan(2600);
        return { database, file, before: await snapshot(database), progress: await answers(database) };
      })(),
    );
  }
  return sources.get(kind)!;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jixiao-backup-'));
});
afterAll(async () => {
  for (const d of opened) await d.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const routes: [Kind, Kind][] =
  projectKind === 'postgres'
    ? [
        ['postgres', 'postgres'],
        ['postgres', 'pglite'],
        ['pglite', 'postgres'],
      ]
    : [['pglite', 'pglite']];

describe.each(routes)('backup on %s, restore into an empty %s', (from, to) => {
  it('gives the same progress answers and the same rows, and new rows follow the restored ids', async () => {
    const source = await sourceOf(from);
    const target = await emptyDb(to);
    const done = await restoreDatabase(target.db, source.file, { actor });
    expect(done.header.source).toBe(from);

    expect(await answers(target)).toEqual(source.progress);
    const after = await snapshot(target);
    // Every table the seed filled came back (the upstream token cache is never backed up: it stays empty).
    const filled = Object.entries(source.before.counts).filter(([, n]) => n > 0);
    expect(filled.map(([t]) => t)).toEqual(
      expect.arrayContaining(['audit_log', 'entries', 'posts', 'monitoring_notes', 'job_runs', 'probe_results', 'users', 'web_sessions']),
    );
    expect(after.digests).toEqual(source.before.digests);
    expect(after.counts).toEqual({ ...source.before.counts, audit_log: source.before.counts.audit_log! });
    const [restoreRows] = rows(await target.db.execute(sql`select count(*)::int as n from audit_log where action = 'database.restore'`));
    expect(Number(restoreRows!.n)).toBe(1);

    // Sequences were set past the restored ids: a new entry gets the next id, not a duplicate.
    const [p] = await target.db.select().from(projects).orderBy(asc(projects.id)).limit(1);
    const [maxId] = rows(await target.db.execute(sql`select max(id)::int as id from entries`));
    const added = await addEntries(target.db, p!.id, [{ kind: 'report', fields: { date: '2024-10-01', title: '恢复后的第一条' } }], {
      source: 'manual',
      author: 'restorer',
      now: NOW,
    });
    expect(added.inserted[0]).toBeGreaterThan(Number(maxId!.id));
  });
});

describe('the backup file', () => {
  it('is gzip JSON lines: a header with the format, app and migration level, tables in foreign-key order, no secret', async () => {
    const source = await sourceOf(projectKind);
    const text = gunzipSync(readFileSync(source.file)).toString('utf8');
    const lines = text.trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'jixiao-backup', formatVersion: 1, app: { name: 'jixiao' }, migration: codeLevel(), createdAt: NOW.toISOString() });
    const tables = lines.filter((l) => l.startsWith('{"table"')).map((l) => JSON.parse(l).table as string);
    expect(tables.indexOf('units')).toBeLessThan(tables.indexOf('projects'));
    expect(tables.indexOf('projects')).toBeLessThan(tables.indexOf('indicators'));
    expect(tables.indexOf('indicators')).toBeLessThan(tables.indexOf('monitoring_notes'));
    expect(tables.indexOf('users')).toBeLessThan(tables.indexOf('api_tokens'));
    expect(tables).not.toContain('access_tokens');
    expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({ done: true, tables: tables.length });
    // Password hashes are the database's own; the password itself is nowhere.
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).toContain('scrypt');
  });
});

describe('a restore refuses, and changes nothing', () => {
  it('into a database that holds rows, naming its tables', async () => {
    const source = await sourceOf(projectKind);
    const target = await emptyDb(projectKind);
    await addUser(target.db, { name: 'someone', role: 'staff', password: TEST_PASSWORD }, systemActor);
    const before = await snapshot(target);
    const err = await refusal(restoreDatabase(target.db, source.file, { actor }));
    expect(err.code).toBe('restore_not_empty');
    expect(err.message).toContain('空数据库');
    expect(err.message).toContain('users');
    expect(await snapshot(target)).toEqual(before);
  });

  it('a file cut short, garbage, or not a backup, naming the problem', async () => {
    const source = await sourceOf(projectKind);
    const bytes = readFileSync(source.file);
    const plain = gunzipSync(bytes).toString('utf8').split('\n');
    const cases: [string, Uint8Array, string][] = [
      ['cut.jsonl.gz', bytes.subarray(0, Math.floor(bytes.length / 2)), '文件不完整（压缩数据在中途结束'],
      // Valid gzip that stops after some rows were written: the transaction takes them back.
      ['lines.jsonl.gz', gzipSync(plain.slice(0, Math.floor(plain.length * 0.8)).join('\n') + '\n'), '文件不完整：在第'],
      ['garbage.jsonl.gz', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), '不是 gzip 压缩的 jixiao 备份文件'],
      ['other.jsonl.gz', gzipSync('{"hello":"world"}\n'), '不是 jixiao 备份文件'],
      ['text.jsonl.gz', gzipSync(`${plain[0]}\n${plain[1]}\nnot json at all\n`), '第 3 行不是 JSON'],
      ['empty.jsonl.gz', gzipSync(''), '文件是空的'],
    ];
    const target = await emptyDb(projectKind);
    const before = await snapshot(target);
    for (const [name, content, words] of cases) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const err = await refusal(restoreDatabase(target.db, file, { actor }));
      expect(err.code, name).toBe('backup_damaged');
      expect(err.message, name).toContain(words);
      expect(err.message, name).toContain('数据库未作任何改动');
    }
    expect(await snapshot(target)).toEqual(before);
    expect(Object.values(before.counts).every((n) => n === 0)).toBe(true);
    const missing = await refusal(restoreDatabase(target.db, join(dir, 'nothing-here.gz'), { actor }));
    expect(missing.message).toContain('文件不存在');
  });

  it('a backup from a newer migration level, or an older one', async () => {
    const source = await sourceOf(projectKind);
    const lines = gunzipSync(readFileSync(source.file)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0]!);
    const level = codeLevel();
    const target = await emptyDb(projectKind);
    const before = await snapshot(target);

    const future = join(dir, 'future.jsonl.gz');
    const newer = {
      ...header,
      migration: { index: level.index + 1, tag: `${String(level.index + 1).padStart(4, '0')}_from_the_future`, when: level.when + 1000 },
    };
    writeFileSync(future, gzipSync([JSON.stringify(newer), ...lines.slice(1)].join('\n')));
    const err = await refusal(restoreDatabase(target.db, future, { actor }));
    expect(err.code).toBe('backup_newer');
    expect(err.message).toContain('请先升级 jixiao');
    expect(err.message).toContain('from_the_future');

    const past = join(dir, 'past.jsonl.gz');
    const older = { ...header, migration: { index: 0, tag: '0000_init', when: 1795888376059 } };
    writeFileSync(past, gzipSync([JSON.stringify(older), ...lines.slice(1)].join('\n')));
    expect((await refusal(restoreDatabase(target.db, past, { actor }))).code).toBe('backup_older');
    expect(await snapshot(target)).toEqual(before);
  });
});
