import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';
import { CHANGE_CHANNEL, foreignIds, listenPostgres, newOrigin, noteCommits, type Listen, type NoteListener } from './change-notes.ts';

export type Schema = typeof schema;
/** Either driver: services only use what PgDatabase offers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for the start-up log line (URL without password, or the PGlite data dir). */
  location: string;
  /** The note (touched project ids, `auth`, `all`) of each transaction this process commits, at commit. */
  onCommit(listener: NoteListener): () => void;
  /** The notes of every process's commits (LISTEN); see db/change-notes.ts. */
  listen: Listen;
  close(): Promise<void>;
}

export type DatabaseOptions = { url: string; maxConnections?: number } | { dataDir: string } | { pglite: PGlite; location?: string };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('url' in options) {
    const [{ default: postgres }, { drizzle: drizzlePostgres }] = await Promise.all([import('postgres'), import('drizzle-orm/postgres-js')]);
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    const origin = newOrigin();
    return {
      db,
      kind: 'postgres',
      location: redactUrl(options.url),
      onCommit: noteCommits(db, origin),
      listen: listenPostgres(options.url, origin),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if ('pglite' in options) {
    const client = options.pglite;
    const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    const origin = newOrigin();
    return {
      db,
      kind: 'pglite',
      location: options.location ?? 'memory',
      onCommit: noteCommits(db, origin),
      listen: listenPglite(client, origin),
      close: () => client.close(),
    };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const releaseLock = lockDataDir(options.dataDir);
  try {
    const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
    const client = new PGlite(join(options.dataDir, 'pglite'));
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    const origin = newOrigin();
    return {
      db,
      kind: 'pglite',
      location: options.dataDir,
      onCommit: noteCommits(db, origin),
      listen: listenPglite(client, origin),
      close: async () => {
        try {
          await client.close();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/** PGlite is one process's: LISTEN there only catches writes that went around the commit hook. Always up. */
function listenPglite(client: PGlite, origin: string): Listen {
  return async (onNote, onState) => {
    const unlisten = await client.listen(CHANGE_CHANNEL, (payload) => {
      const ids = foreignIds(payload, origin);
      if (ids !== null) onNote(ids);
    });
    onState(true);
    return unlisten;
  };
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被进程 ${pid} 使用（嵌入式 PGlite 只允许一个进程打开）。` +
        `请先停止该进程，或通过正在运行的服务的 API 操作，或设置 DATABASE_URL 使用 PostgreSQL。`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** PGlite corrupts its files when two processes open one data dir, so a pid file guards it. */
function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, 'jixiao.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid);
      }
      // Stale lock from a process that died without cleaning up.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`cannot lock ${lockPath}`);
}

/** Whether a process of this machine still exists (a lock held by a dead one is stale). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A connection URL fit for logs and messages: its password replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
