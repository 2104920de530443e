// `jixiao backup FILE`, `jixiao restore FILE` and `jixiao doctor` (docs/operations.md). The database comes
// from withDb only, files from the paths given, output goes to ctx.io: the same command runs in this process
// or in the server that holds the PGlite data directory.
import { connect } from 'node:net';
import { languageFromEnv, loadConfig } from '../config.ts';
import { said } from '../errors.ts';
import { backupDatabase, restoreDatabase } from '../services/backup.ts';
import { runDoctor, summarize, type Reach, type Reacher } from '../services/doctor.ts';
import type { Handler } from './args.ts';
import { cliActorOf, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const backupCommand: Handler<Specs['backup']> = async ({ args }, ctx) => {
  const source = loadConfig().databaseUrl ? 'postgres' : 'pglite';
  const done = await withDb((db) => backupDatabase(db, args.file, { now: ctx.now(), source }));
  const language = languageFromEnv();
  const line = said('ops.backup.done', {
    tables: done.tables.length,
    rows: done.rows,
    file: done.file,
    size: size(done.bytes),
    tag: done.header.migration.tag,
  });
  ctx.io.out(`${line.in(language)}\n`);
  return 0;
};

export const restoreCommand: Handler<Specs['restore']> = async ({ args }, ctx) => {
  const done = await withDb((db) => restoreDatabase(db, args.file, { actor: cliActorOf(ctx) }));
  const language = languageFromEnv();
  const line = said('ops.restore.done', {
    tables: done.tables.length,
    rows: done.rows,
    createdAt: done.header.createdAt,
    source: done.header.source,
    version: done.header.app.version,
    tag: done.header.migration.tag,
  });
  ctx.io.out(`${line.in(language)}\n`);
  return 0;
};

const MARKS = { ok: '✓', warn: '!', fail: '✗' } as const;

export const doctorCommand: Handler<Specs['doctor']> = async ({ options }, ctx) => {
  const language = languageFromEnv();
  const results = await runDoctor({ loadConfig: () => loadConfig(), withDb, reach: reachTarget, now: ctx.now });
  const counts = summarize(results);
  if (options.json) {
    const checks = results.map((r) => ({ check: r.check, status: r.status, message: r.message.in(language) }));
    ctx.io.out(JSON.stringify({ ok: counts.fail === 0, summary: counts, checks }, null, 2) + '\n');
  } else {
    for (const r of results) ctx.io.out(`${MARKS[r.status]} ${r.message.in(language)}\n`);
    ctx.io.out(`${said('ops.doctor.summary', { total: results.length, ...counts }).in(language)}\n`);
  }
  return counts.fail > 0 ? 1 : 0;
};

/**
 * Whether `target` answers: an http(s) origin answers with any HTTP status (a 404 from an API's root is a
 * server that is there); `tcp://host:port` when a connection opens. Nothing of a body is read or shown.
 */
export const reachTarget: Reacher = async (target, timeoutMs) => {
  if (target.startsWith('tcp://')) {
    const u = new URL(target.replace(/^tcp:/, 'http:'));
    return new Promise<Reach>((resolve) => {
      const socket = connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) });
      const done = (r: Reach) => {
        socket.destroy();
        resolve(r);
      };
      socket.setTimeout(timeoutMs, () => done({ reachable: false, detail: `timeout ${timeoutMs} ms` }));
      socket.once('connect', () => done({ reachable: true, detail: 'TCP' }));
      socket.once('error', (err) => done({ reachable: false, detail: errorCode(err) }));
    });
  }
  try {
    const res = await fetch(target, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => {});
    return { reachable: true, detail: `HTTP ${res.status}` };
  } catch (err) {
    const name = (err as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { reachable: false, detail: `timeout ${timeoutMs} ms` };
    return { reachable: false, detail: errorCode(err) };
  }
};

/** The error's code (ECONNREFUSED, ENOTFOUND, a TLS code), looked for in its causes; never its text. */
function errorCode(err: unknown): string {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
  }
  return 'error';
}
