import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

// A throw-away PostgreSQL started the way .ci/run does (initdb + pg_ctl as the postgres user, on a temp
// dir and a free port, fsync off), or a fresh database on BENCH_DATABASE_URL's server. Either way the
// bench gets a URL to an empty database and a stop() that removes everything it made.

export interface BenchDatabase {
  url: string;
  /** Where it came from, for the report. */
  origin: 'temporary' | 'BENCH_DATABASE_URL';
  settings: string[];
  /** The postmaster's pid when the bench started the server (for its CPU time); null otherwise. */
  postmasterPid: number | null;
  stop(): Promise<void>;
  /** Synchronous best effort, for signal handlers. */
  stopSync(): void;
}

export class MissingPostgresError extends Error {
  override name = 'MissingPostgresError';
}

/**
 * Server settings of the temporary instance. fsync off as in CI (a throw-away server); memory sized for a
 * 24 GiB machine, as an operator of a city-scale deployment would; WAL large enough that the bulk load
 * does not checkpoint every few seconds. work_mem stays at the default: the app's queries should not need more.
 */
export const TEMP_SERVER_SETTINGS = [
  'fsync=off',
  'max_connections=200',
  'shared_buffers=2GB',
  'maintenance_work_mem=512MB',
  'max_wal_size=8GB',
  'checkpoint_timeout=30min',
];

export function findPgBin(root = '/usr/lib/postgresql'): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (['pg_ctl', 'initdb', 'postgres'].every((f) => existsSync(join(bin, f)))) return bin;
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function openBenchDatabase(externalUrl: string | undefined): Promise<BenchDatabase> {
  return externalUrl ? createDatabaseOn(externalUrl) : startTemporaryServer();
}

async function startTemporaryServer(): Promise<BenchDatabase> {
  const root = process.env.BENCH_PG_ROOT || '/usr/lib/postgresql';
  const bin = findPgBin(root);
  if (!bin) {
    throw new MissingPostgresError(
      `No PostgreSQL server binaries under ${root}/*/bin (initdb, pg_ctl, postgres).\n` +
        'Either install the PostgreSQL server, or point the bench at a server you run:\n' +
        '  BENCH_DATABASE_URL=postgres://user:password@host:5432/postgres npm run bench\n' +
        '(the bench creates its own database there and drops it at the end; the role needs CREATEDB).',
    );
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-pg.'));
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? (['runuser', ['-u', 'postgres', '--', cmd, ...args]] as const) : ([cmd, args] as const);
    const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0) throw new MissingPostgresError('running as root but there is no `postgres` OS user to run the server as');
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  chmodSync(dir, 0o700);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stopSync = () => {
    if (started) {
      try {
        run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', 'stop']);
      } catch {
        // already stopped
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    const opts = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...TEMP_SERVER_SETTINGS.map((s) => `-c ${s}`)].join(' ');
    started = true;
    run(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start', '-o', opts]);
  } catch (err) {
    stopSync();
    throw err;
  }
  let postmasterPid: number | null = null;
  try {
    postmasterPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    postmasterPid = null;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    origin: 'temporary',
    settings: TEMP_SERVER_SETTINGS,
    postmasterPid,
    stop: async () => stopSync(),
    stopSync,
  };
}

/** A fresh database on the given server, so the bench never touches existing data; dropped at the end. */
async function createDatabaseOn(url: string): Promise<BenchDatabase> {
  const name = `jixiao_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (err) {
    await admin.end({ timeout: 5 });
    throw new Error(`cannot create the bench database on BENCH_DATABASE_URL (needs CREATEDB): ${String(err)}`);
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  let dropped = false;
  const stop = async () => {
    if (dropped) return;
    dropped = true;
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  return {
    url: u.toString(),
    origin: 'BENCH_DATABASE_URL',
    settings: [],
    postmasterPid: null,
    stop,
    stopSync: () => {
      // A signal handler cannot wait for the drop; say what is left behind.
      if (!dropped) process.stderr.write(`bench: database ${name} left on the BENCH_DATABASE_URL server; drop it by hand\n`);
    },
  };
}
