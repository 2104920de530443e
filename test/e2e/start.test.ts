import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPath } from '../helpers/seed.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// The real `npm start` path: a fresh DATA_DIR on PGlite (or TEST_DATABASE_URL's server on the postgres run).
const dir = mkdtempSync(join(tmpdir(), 'jixiao-start-'));
const base: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
delete base.DATABASE_URL;
let child: ChildProcess | undefined;
const onPglite = process.env.TEST_DB_KIND !== 'postgres';

// Each test starts on a database no other test has touched (the first start on one makes the admin): a
// DATA_DIR of its own on PGlite, a database of its own on PostgreSQL.
let env: NodeJS.ProcessEnv;
let database: TestDatabase | undefined;
let runs = 0;

beforeEach(async () => {
  env = { ...base, DATA_DIR: join(dir, `data-${++runs}`) };
  if (onPglite) return;
  database = await createTestDb();
  env.DATABASE_URL = database.url!;
});

afterEach(async () => {
  await database?.close();
  database = undefined;
});

/** Server pids seen, so a failed test leaves no server behind. */
const servers: number[] = [];

afterAll(async () => {
  child?.kill('SIGKILL');
  for (const pid of servers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function jixiao(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/jixiao.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

/** Spawns the server (or `npm start`) and waits for its listening line; `pid` is the server's own. */
function start(
  command: string[] = [process.execPath, '--import', 'tsx', 'bin/server.ts'],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ url: string; pid: number; proc: ChildProcess; stdout: () => string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command[0]!, command.slice(1), { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const timer = setTimeout(() => reject(new Error(`no listening line after 60 s:\n${log}`)), 60_000);
    proc.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const line = log.split('\n').find((l) => l.includes('listening on'));
      if (line) {
        clearTimeout(timer);
        const entry = JSON.parse(line) as { msg: string; pid: number };
        servers.push(entry.pid);
        resolve({ url: /listening on (\S+)/.exec(entry.msg)![1]!, pid: entry.pid, proc, stdout: () => out });
      }
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}:\n${log}`)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (!alive(pid)) return true;
  return !alive(pid);
}

describe('npm start', () => {
  it("serves /healthz on a fresh database, prints the first admin's password once, imports over HTTP with a token, guards a PGlite data dir, stops cleanly on SIGTERM", async () => {
    const { url, proc, stdout } = await start();
    child = proc;
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', database: onPglite ? 'pglite' : 'postgres' });

    // No account yet: the first start made `admin` and printed its password once, on stdout.
    const password = /密码：\s*(\S+)/.exec(stdout())?.[1];
    expect(password, stdout()).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await fetch(`${url}/api/projects`)).status).toBe(401);
    const signIn = await fetch(`${url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(signIn.status).toBe(201);
    const auth = { authorization: `Bearer ${((await signIn.json()) as { token: string }).token}` };

    const form = new FormData();
    form.append('file', new File([readFileSync(seedPath)], 'seed.txt'));
    const imported = await fetch(`${url}/api/imports?year=2024`, { method: 'POST', body: form, headers: auth });
    expect(imported.status).toBe(201);
    const list = (await (await fetch(`${url}/api/projects`, { headers: auth })).json()) as { indicatorCount: number }[];
    expect(list.map((p) => p.indicatorCount)).toEqual([6, 7, 6, 6]);

    // A second process must not open the same PGlite data dir: the CLI goes through the server instead
    // (test/e2e/cli-through-server.test.ts), and a second server is refused. On PostgreSQL it may share the server.
    const cli = jixiao('projects', '--all');
    expect(cli.status, cli.stderr).toBe(0);
    if (onPglite) {
      const second = spawnSync(process.execPath, ['--import', 'tsx', 'bin/server.ts'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('正被进程');
    }

    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
    expect(existsSync(join(env.DATA_DIR!, 'jixiao.lock'))).toBe(false);

    // The data survived the restart, and a second start prints no password: the admin exists.
    const again = jixiao('projects', '--year', '2024', '--json');
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toHaveLength(4);
    const second = await start();
    child = second.proc;
    const stopped = new Promise<number | null>((r) => second.proc.on('exit', (code) => r(code)));
    second.proc.kill('SIGTERM');
    expect(await stopped).toBe(0);
    child = undefined;
    expect(second.stdout()).not.toContain('密码');
  }, 120_000);

  it('a port in use is one clear line and exit 1, before the database opens or any job runs', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as AddressInfo).port;
    const dataDir = join(dir, 'port-in-use');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/server.ts'], {
        env: { ...env, PORT: String(port), JOBS_ENABLED: 'true', DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toBe(`端口 ${port} 已被占用：请停止占用它的程序，或设置 PORT=其他端口（如 PORT=${port + 1}）\n`);
      // Nothing was opened: no PGlite files, no lock, so no job could have run.
      expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
    } finally {
      holder.close();
    }
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to the pid of `npm start` stops the server: nothing is left listening or running',
    async (signal) => {
      const { url, pid, proc } = await start(['npm', 'start'], { JOBS_ENABLED: 'false' });
      child = proc;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      // npm runs the server itself (`exec` in the script): no shell in between to swallow the signal.
      if (existsSync(`/proc/${pid}/stat`)) {
        const ppid = Number(
          readFileSync(`/proc/${pid}/stat`, 'utf8')
            .replace(/^.*\) /s, '')
            .split(' ')[1],
        );
        expect(ppid).toBe(proc.pid);
      }
      const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
      proc.kill(signal);
      await exited;
      child = undefined;
      expect(await gone(pid)).toBe(true);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      if (onPglite) expect(existsSync(join(env.DATA_DIR!, 'jixiao.lock'))).toBe(false);
    },
    120_000,
  );
});
