// What every command shares: output streams, reading the input file, opening the database. Kept free of
// heavy imports (the database, drizzle, zod): `--help` and usage errors load only this and the specs.
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../../db/client.ts';
import { AppError, said } from '../errors.ts';
import type { Language } from '../format/status-labels.ts';
import { type MessageKey, translator } from '../i18n/messages.ts';
import { cliActor, type Actor } from '../auth/actor.ts';
import type { Logger } from '../logger.ts';

export { UsageError } from './values.ts';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface CliContext {
  io: Io;
  now: () => Date;
  /** `--as NAME`: who the change is recorded as; else the operating-system user. */
  as?: string | null;
  /** Standard input, for `--password-stdin`. */
  stdin?: () => Promise<string>;
  /** The operating-system user of a command run for another process (the server's socket); else this process's. */
  user?: string | null;
}

/**
 * Who a CLI command acts as (docs/design.md "Access"): the CLI opens the database itself, so it has every
 * permission, and records `--as NAME` or the operating-system user, from this host.
 */
export function cliActorOf(ctx: CliContext): Actor {
  return cliActor(ctx.as ?? ctx.user ?? osUser() ?? 'cli', hostname());
}

export async function readInput(file: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  try {
    return { fileName: basename(file), bytes: new Uint8Array(await readFile(file)) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'err.file.missing' : code === 'EISDIR' ? 'err.file.directory' : code === 'EACCES' ? 'err.file.denied' : 'err.file.failed';
    throw new AppError(400, 'file_unreadable', said('err.file.unreadable', { file, why: said(why) }));
  }
}

/** Connection failures a person can fix (server down, wrong host, password, database name), in words. */
function unavailable(err: unknown): AppError | null {
  const codes: string[] = [];
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    for (const inner of (e as { errors?: unknown[] }).errors ?? []) {
      const c = (inner as { code?: unknown })?.code;
      if (typeof c === 'string') codes.push(c);
    }
  }
  const reasons: Record<string, MessageKey> = {
    ECONNREFUSED: 'err.dbConnect.refused',
    ENOTFOUND: 'err.dbConnect.noHost',
    EAI_AGAIN: 'err.dbConnect.dns',
    ETIMEDOUT: 'err.dbConnect.timeout',
    ECONNRESET: 'err.dbConnect.reset',
    '28P01': 'err.dbConnect.password',
    '28000': 'err.dbConnect.denied',
    '3D000': 'err.dbConnect.noDatabase',
  };
  const code = codes.find((c) => c in reasons);
  return code ? new AppError(503, 'database_unavailable', said('err.dbConnect.failed', { reason: said(reasons[code]!) })) : null;
}

/**
 * The database of the process when it is the server running commands for the CLI (src/cli-socket.ts): the
 * server holds the PGlite data dir, so its commands use its open database instead of opening one.
 */
let processDatabase: Db | null = null;

export function useProcessDatabase(db: Db | null): void {
  processDatabase = db;
}

/** Opens the configured database (migrated), runs `fn`, closes it; in the server, runs `fn` on its database. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  if (processDatabase) return fn(processDatabase);
  const [{ loadConfig }, { openConfiguredDatabase }] = await Promise.all([import('../config.ts'), import('../database.ts')]);
  const config = loadConfig();
  let database: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    database = await openConfiguredDatabase(config);
  } catch (err) {
    const known = unavailable(err);
    if (!known) throw err;
    (await cliLogger()).logger.error('database unavailable', { error: String(err) });
    throw known;
  }
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

/**
 * The CLI's log: JSON lines appended to DATA_DIR/logs/cli.log (or, when that cannot be written, the system
 * temp dir), so that job summaries and the detail of an internal error (which may hold SQL or a stack)
 * never reach the terminal. `path` is where they went.
 */
export async function cliLogger(): Promise<{ logger: Logger; path: string }> {
  const [{ loadConfig }, { createLogger }] = await Promise.all([import('../config.ts'), import('../logger.ts')]);
  let level: Parameters<typeof createLogger>[0] = 'info';
  let dataDir = 'data';
  try {
    const config = loadConfig();
    level = config.logLevel;
    dataDir = config.dataDir;
  } catch {
    // A bad environment is reported on its own; the log still goes somewhere.
  }
  const path = [join(dataDir, 'logs', 'cli.log'), join(tmpdir(), 'jixiao', 'cli.log')].find(writable) ?? null;
  const write = (line: string) => {
    try {
      if (path) appendFileSync(path, line + '\n');
    } catch {
      // Losing a log line must not turn a clear message into a crash.
    }
  };
  return { logger: createLogger(level, write), path: path ?? '（无法写入日志文件）' };
}

function writable(path: string): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, '');
    return true;
  } catch {
    return false;
  }
}

export function formatLines(lines: { line?: number; row?: number; field?: string | null; message: string }[], language: Language = 'zh'): string {
  const t = translator(language);
  return lines
    .map((l) => {
      const where =
        l.line !== undefined
          ? t('err.cli.line', { n: l.line })
          : l.row !== undefined
            ? l.row === 0
              ? t('err.cli.file')
              : t('err.cli.line', { n: l.row })
            : '';
      const field = l.field ? ` ${l.field}` : '';
      // Reader messages often name their line already; do not say it twice.
      if (/^(第\s*\d+\s*行|Line \d+)/.test(l.message) && !field) return `  ${l.message}`;
      return `  ${where}${field}${language === 'en' ? ': ' : '：'}${l.message}`;
    })
    .join('\n');
}

/** The operating-system user running the command (not read from the environment, which anyone can set). */
export function osUser(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

/** Reads standard input to its end (a password piped in: `echo … | jixiao users add …`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
