// The server process (`npm start` runs bin/server.ts, which hands this the job catalogue): config → listen →
// database (migrated) → first admin → change feed → app → scheduler. The port is taken first, so a port in use
// ends the process (one line, exit 1) before the database opens or a catch-up run could touch anything.
// SIGTERM and SIGINT stop taking requests and slots, let running work finish, close the database and exit.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './database.ts';
import type { Database } from '../db/client.ts';
import { errorBody } from './errors.ts';
import { createLogger } from './logger.ts';
import { REQUEST_ID_HEADER, requestIdFor } from './api/request-log.ts';
import { serveCliSocket } from './cli-socket.ts';
import { createReadiness } from './services/readiness.ts';
import { ensureFirstAdmin } from './services/users.ts';
import { startChangeFeed } from './services/change-feed.ts';
import type { JobCatalog, JobScheduler } from './services/jobs.ts';

type Server = ReturnType<typeof createAdaptorServer>;

/** Resolves once the server listens; rejects with the listen error (EADDRINUSE, EACCES). */
function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** What a person should read when the port cannot be taken; null for anything else. */
function listenProblem(err: unknown, port: number, host: string): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return `端口 ${port} 已被占用：请停止占用它的程序，或设置 PORT=其他端口（如 PORT=${port === 65535 ? 3000 : port + 1}）`;
  if (code === 'EACCES') return `没有权限监听端口 ${port}：1024 以下的端口需要管理员权限，请设置 PORT=3000 等`;
  if (code === 'EADDRNOTAVAIL') return `本机没有地址 ${host}：请检查 HOST`;
  return null;
}

/** Until the database is open and migrated, every request is answered 503 with the usual error body (and its id). */
function starting(request: Request): Response {
  return Response.json(errorBody('starting', '服务正在启动，请稍后再试'), {
    status: 503,
    headers: { 'retry-after': '5', [REQUEST_ID_HEADER]: requestIdFor(request.headers.get('x-request-id')) },
  });
}

async function main(jobCatalog: JobCatalog): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  // A signal during start-up is honoured once the step in progress (opening or migrating the database) ends.
  let stop: ((signal: string) => void) | null = null;
  let stopRequested: string | null = null;
  const onSignal = (signal: string) => (stop ? stop(signal) : (stopRequested = signal));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  // The port first: a port in use must not cost a PGlite boot, take the data dir's lock or run a job.
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = starting;
  const server = createAdaptorServer({ fetch: (request, env) => handle(request, env) });
  let address: AddressInfo;
  try {
    address = await listen(server, config.port, config.host);
  } catch (err) {
    const problem = listenProblem(err, config.port, config.host);
    if (!problem) throw err;
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  server.on('error', (err) => logger.error('server error', { error: String(err) }));

  let database: Database;
  try {
    database = await openConfiguredDatabase(config);
  } catch (err) {
    server.close();
    throw err;
  }
  if (stopRequested) {
    server.close();
    await database.close();
    process.exit(0);
  }
  // README's two commands must lead somewhere: with no account yet, an admin with a random password,
  // printed once on the console (docs/design.md "Access").
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const first = await ensureFirstAdmin(database.db);
  if (first) {
    process.stdout.write(
      `\n已创建首个管理员账号（只显示这一次，请妥善保存）：\n  用户名：${first.name}\n  密码：  ${first.password}\n` +
        `用它签发令牌：curl -H 'content-type: application/json' -d '{"username":"admin","password":"…"}' http://${host}:${address.port}/api/auth/token\n` +
        '修改密码：POST /api/me/password，或运行 npm run -s jixiao -- users reset-password admin\n\n',
    );
  }
  // Caches are told what changed: this process's commits at once, other processes' through LISTEN.
  const feed = await startChangeFeed(database);
  // The app is built before the scheduler; GET /readyz learns the scheduler's state from this holder.
  const readiness = createReadiness();
  const app = createApp({ db: database.db, databaseKind: database.kind, config, now: () => new Date(), logger, feed, jobs: jobCatalog, readiness });
  handle = (request, env) => app.fetch(request, env as never);
  logger.info(`jixiao listening on http://${host}:${address.port}`, { database: database.kind, location: database.location, pid: process.pid });

  const scheduler: JobScheduler | null = config.jobs.enabled ? jobCatalog.startScheduler({ db: database.db, config, logger, now: () => new Date() }) : null;
  if (!scheduler) logger.info('scheduler disabled (JOBS_ENABLED=false)');
  readiness.scheduler = scheduler ? 'running' : 'disabled';
  // PGlite is this process's alone: the CLI goes through it instead of refusing (docs/design.md "Operations").
  const cliSocket = database.kind === 'pglite' ? await serveCliSocket({ dataDir: config.dataDir, db: database.db, jobs: jobCatalog, logger }) : null;

  let stopping = false;
  stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    readiness.scheduler = 'stopped';
    // Stop taking slots and CLI commands, let running jobs and commands finish (or abort their requests), then close.
    const schedulerStopped = scheduler ? scheduler.stop() : Promise.resolve();
    const cliStopped = cliSocket ? cliSocket.close() : Promise.resolve();
    server.close(() => {
      Promise.all([schedulerStopped, cliStopped])
        .then(() => feed.close())
        .then(() => database.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    // Idle keep-alive connections would hold close() open; busy ones get 15 s to finish.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  if (stopRequested) stop(stopRequested);
}

/** Runs the server until a signal stops it; `jobs` is the job catalogue (jobs/catalog.ts, passed in by bin/server.ts). */
export function serve(jobs: JobCatalog): void {
  main(jobs).catch(startFailed);
}

function startFailed(err: unknown): never {
  // Errors written for people (a locked PGlite data dir, a bad environment) are shown as they are; anything
  // else (a migration or driver failure) goes to the log, and the line says so. Never a stack.
  const name = err instanceof Error ? err.name : '';
  if (name === 'DataDirLockedError' || name === 'ConfigError') {
    process.stderr.write(`jixiao 启动失败：${(err as Error).message}\n`);
  } else {
    createLogger('error').error('start-up failed', { error: err instanceof Error ? err.message : String(err) });
    process.stderr.write('jixiao 启动失败：内部错误，详情见上面的日志\n');
  }
  process.exit(1);
}
