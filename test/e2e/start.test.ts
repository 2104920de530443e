import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPath } from '../helpers/seed.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// The real `npm start` path: a fresh DATA_DIR on PGlite (or TEST_DATABASE_URL's server on the postgres run).
const dir = mkdtempSync(join(tmpdir(), 'jixiao-start-'));
const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data') };
delete env.DATABASE_URL;
let child: ChildProcess | undefined;
let database: TestDatabase | undefined;
const onPglite = process.env.TEST_DB_KIND !== 'postgres';

beforeAll(async () => {
  if (onPglite) return;
  database = await createTestDb();
  env.DATABASE_URL = database.url!;
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

function jixiao(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

function start(): Promise<{ url: string; proc: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => reject(new Error(`no listening line after 60 s:\n${log}`)), 60_000);
    proc.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /listening on (http:\/\/[^"\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, proc });
      }
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}:\n${log}`)));
  });
}

describe('npm start', () => {
  it(
    'serves /healthz on a fresh database, imports over HTTP, guards a PGlite data dir, stops cleanly on SIGTERM',
    async () => {
      const { url, proc } = await start();
      child = proc;
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: onPglite ? 'pglite' : 'postgres' });

      const form = new FormData();
      form.append('file', new File([readFileSync(seedPath)], 'seed.txt'));
      const imported = await fetch(`${url}/api/imports?year=2024`, { method: 'POST', body: form });
      expect(imported.status).toBe(201);
      const list = (await (await fetch(`${url}/api/projects`)).json()) as { indicatorCount: number }[];
      expect(list.map((p) => p.indicatorCount)).toEqual([6, 7, 6, 6]);

      // A second process must not open the same PGlite data dir; on PostgreSQL it may share the server.
      const cli = jixiao('projects', '--all');
      if (onPglite) {
        expect(cli.status).toBe(1);
        expect(cli.stderr).toContain('正被进程');
      } else {
        expect(cli.status, cli.stderr).toBe(0);
      }

      const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      child = undefined;
      expect(existsSync(join(dir, 'data', 'jixiao.lock'))).toBe(false);

      // The data survived the restart.
      const again = jixiao('projects', '--year', '2024', '--json');
      expect(again.status, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toHaveLength(4);
    },
    120_000,
  );
});
