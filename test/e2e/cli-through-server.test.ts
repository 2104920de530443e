import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { userInfo, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent, fetch } from 'undici';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { seedPath } from '../helpers/seed.ts';

// The CLI while `npm start` runs on PGlite (docs/design.md "Operations"): the server holds the data dir, so
// the real bin/jixiao.ts sends its command over DATA_DIR/jixiao.sock and the server runs it on its database.
// Files are named relative to the CLI's own directory, standard input is the CLI's, the actor is the CLI's
// user, and errors read as they do without a server. With the server stopped — or killed, leaving its socket —
// the CLI opens the database itself again. On PostgreSQL no socket is made: every CLI process connects itself.

const onPglite = process.env.TEST_DB_KIND !== 'postgres';
const repo = resolve('.');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'jixiao-cli-sock-'));
// Each test has a data dir of its own (they run in a shuffled order).
let dataDir = '';
let socketPath = '';
const elsewhere = join(dir, 'elsewhere');
mkdirSync(elsewhere);
copyFileSync(seedPath, join(elsewhere, 'targets.txt'));

const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', JIXIAO_LANG: 'zh' };
delete env.DATABASE_URL;

beforeEach((context) => {
  dataDir = join(dir, `data-${context.task.id}`);
  socketPath = join(dataDir, 'jixiao.sock');
  env.DATA_DIR = dataDir;
});
const servers: ChildProcess[] = [];

afterAll(() => {
  for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Server {
  url: string;
  proc: ChildProcess;
  log: () => string;
}

function start(): Promise<Server> {
  return new Promise((resolveStart, reject) => {
    const proc = spawn(process.execPath, ['--import', tsx, join(repo, 'bin/server.ts')], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    servers.push(proc);
    let log = '';
    proc.stdout!.resume();
    const timer = setTimeout(() => reject(new Error(`no cli socket line after 90 s:\n${log}`)), 90_000);
    proc.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const listening = log.split('\n').find((l) => l.includes('listening on'));
      // The socket comes up right after the app: wait for both.
      if (listening && log.includes('cli socket listening')) {
        clearTimeout(timer);
        resolveStart({ url: /listening on (\S+)/.exec((JSON.parse(listening) as { msg: string }).msg)![1]!.replace(/\/$/, ''), proc, log: () => log });
      }
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}:\n${log}`)));
  });
}

async function stop(server: Server, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const exited = new Promise<number | null>((r) => server.proc.on('exit', (code) => r(code)));
  server.proc.kill(signal);
  return exited;
}

/** The real CLI, run from `cwd` (not the repository), with `input` on standard input. */
function jixiao(args: string[], options: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, ['--import', tsx, join(repo, 'bin/jixiao.ts'), ...args], {
    cwd: options.cwd ?? elsewhere,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cliRequests = (server: Server) =>
  server
    .log()
    .split('\n')
    .filter((l) => l.includes('"cli request"')).length;

/** The server writes its line for a command as it answers; the pipe may bring it a moment later. */
async function requestsLogged(server: Server, n: number): Promise<number> {
  for (const end = Date.now() + 5_000; Date.now() < end && cliRequests(server) < n; ) await new Promise((r) => setTimeout(r, 50));
  return cliRequests(server);
}

// A connection per request: a kept-alive one can be closed by the server while a long test runs CLI commands.
const dispatcher = new Agent({ pipelining: 0 });
const get = (url: string) => fetch(url, { dispatcher });

async function signIn(url: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/auth/token`, {
    dispatcher,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

describe.runIf(onPglite)('the CLI while the server runs on PGlite', () => {
  it('goes through the running server: files relative to its own directory, its standard input (waited for without holding up HTTP), its user; errors as without the server', async () => {
    // Debug lines say when a forwarded command waits for its standard input (the last step below).
    env.LOG_LEVEL = 'debug';
    const server = await start().finally(() => delete env.LOG_LEVEL);
    // Owner-only: another OS user cannot send commands.
    expect(statSync(socketPath).isSocket()).toBe(true);
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    const ready = await get(`${server.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'current', scheduler: 'disabled' } });

    const empty = jixiao(['projects']);
    expect(empty.stderr).not.toContain('正被进程');
    expect(empty.status, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('还没有导入任何项目');
    expect(await requestsLogged(server, 1)).toBe(1);

    // A relative path from a directory the server knows nothing of.
    const imported = jixiao(['import', 'targets.txt', '--year', '2024']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('已导入 targets.txt');
    const list = jixiao(['projects', '--year', '2024', '--json']);
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { indicatorCount: number }[]).map((p) => p.indicatorCount)).toEqual([6, 7, 6, 6]);

    // Standard input reaches the command: the password piped in signs in over HTTP.
    const added = jixiao(['users', 'add', 'clerk', '--role', 'staff', '--password-stdin'], { input: 'Tall!river-2024\n' });
    expect(added.status, added.stderr).toBe(0);
    expect(await signIn(server.url, 'clerk', 'Tall!river-2024')).toBe(201);

    // The actor is the CLI's: --as, else the OS user of the CLI process.
    expect(jixiao(['--as', '审计员', 'users', 'disable', 'clerk']).status).toBe(0);
    const audit = JSON.parse(jixiao(['audit', '--json']).stdout) as { items: { actor: string; via: string; action: string }[] };
    expect(audit.items.find((r) => r.action === 'user.disable')).toMatchObject({ actor: '审计员', via: 'cli' });
    expect(audit.items.find((r) => r.action === 'user.add')).toMatchObject({ actor: userInfo().username, via: 'cli' });

    // Job commands have the job catalogue in the server too.
    const alerts = jixiao(['jobs', 'run', 'alerts']);
    expect(alerts.status, alerts.stderr).toBe(0);

    // Errors: the same exit code and words as a CLI that opened the database itself (compared after the stop).
    const errorsThrough = {
      unknownProject: jixiao(['progress', '--project', '9999']),
      unknownUser: jixiao(['users', 'reset-password', 'nobody']),
      usage: jixiao(['progress', '--as-of', '2024-02-30']),
    };
    expect(errorsThrough.unknownProject.status).toBe(1);
    expect(errorsThrough.unknownProject.stderr).toContain('9999');
    // A missing file is named by its absolute path (the client resolved it), with the same exit code.
    const missing = jixiao(['import', 'missing.txt']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(join(elsewhere, 'missing.txt'));
    expect(await requestsLogged(server, 10)).toBe(10);

    // A command waiting for its standard input holds up nobody's HTTP requests.
    const cli = spawn(process.execPath, ['--import', tsx, join(repo, 'bin/jixiao.ts'), 'users', 'add', 'slow', '--role', 'leader', '--password-stdin'], {
      cwd: elsewhere,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let err = '';
    cli.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const done = new Promise<number | null>((r) => cli.on('exit', (code) => r(code)));
    // Wait until the server runs the command and has asked for its input, then ask it over HTTP meanwhile.
    for (const end = Date.now() + 30_000; Date.now() < end && !server.log().includes('cli request reads standard input'); ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(server.log()).toContain('cli request reads standard input');
    const began = Date.now();
    const meanwhile = await get(`${server.url}/readyz`);
    expect(meanwhile.status).toBe(200);
    expect(Date.now() - began).toBeLessThan(1_000);
    cli.stdin!.end('Quiet!lake-2024\n');
    expect(await done, err).toBe(0);
    expect(await signIn(server.url, 'slow', 'Quiet!lake-2024')).toBe(201);

    expect(await stop(server)).toBe(0);
    expect(existsSync(socketPath), 'the socket is removed on stop').toBe(false);
    expect(existsSync(join(dataDir, 'jixiao.lock'))).toBe(false);

    // Stopped: the CLI opens the database itself, and answers as it did through the server.
    const local = jixiao(['projects', '--year', '2024', '--json']);
    expect(local.status, local.stderr).toBe(0);
    expect(JSON.parse(local.stdout)).toEqual(JSON.parse(list.stdout));
    for (const [what, through] of Object.entries(errorsThrough)) {
      const args = {
        unknownProject: ['progress', '--project', '9999'],
        unknownUser: ['users', 'reset-password', 'nobody'],
        usage: ['progress', '--as-of', '2024-02-30'],
      }[what]!;
      const itself = jixiao(args);
      expect({ status: through.status, stdout: through.stdout, stderr: through.stderr }, what).toEqual(itself);
    }
  }, 240_000);

  it('after a killed server (socket and lock left behind) the CLI opens the database itself, and the next start replaces the socket', async () => {
    const killed = await start();
    await stop(killed, 'SIGKILL');
    expect(statSync(socketPath).isSocket(), 'a killed server leaves its socket').toBe(true);
    const local = jixiao(['projects', '--year', '2024', '--json']);
    expect(local.status, local.stderr).toBe(0);

    const again = await start();
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    const through = jixiao(['projects', '--year', '2024', '--json']);
    expect(through.status, through.stderr).toBe(0);
    expect(through.stdout).toBe(local.stdout);
    expect(await requestsLogged(again, 1)).toBe(1);
    expect(await stop(again)).toBe(0);
  }, 240_000);
});

describe.runIf(!onPglite)('the CLI while the server runs on PostgreSQL', () => {
  it('needs no socket: the server makes none', async () => {
    const { createTestDb } = await import('../helpers/test-db.ts');
    const database = await createTestDb();
    try {
      const proc = spawn(process.execPath, ['--import', tsx, join(repo, 'bin/server.ts')], {
        cwd: repo,
        env: { ...env, DATABASE_URL: database.url! },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      servers.push(proc);
      let log = '';
      await new Promise<void>((r, reject) => {
        proc.stderr!.on('data', (c: Buffer) => {
          log += c.toString();
          if (log.includes('listening on')) r();
        });
        proc.on('exit', (code) => reject(new Error(`exited ${code}:\n${log}`)));
      });
      const cli = spawnSync(process.execPath, ['--import', tsx, join(repo, 'bin/jixiao.ts'), 'projects'], {
        cwd: elsewhere,
        env: { ...env, DATABASE_URL: database.url! },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(cli.status, cli.stderr).toBe(0);
      expect(existsSync(socketPath)).toBe(false);
      expect(log).not.toContain('cli socket');
      const exited = new Promise((r) => proc.on('exit', r));
      proc.kill('SIGTERM');
      await exited;
    } finally {
      await database.close();
    }
  }, 120_000);
});
