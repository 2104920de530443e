// The server's side of the CLI socket (docs/design.md "Operations"; the client is src/cli/forward.ts). When the
// server runs on PGlite it holds the data dir, so a CLI process cannot open it: the server listens on
// DATA_DIR/jixiao.sock (mode 0600 — only its own OS user, and root, may connect) and runs each command it is
// sent with the same runCli as bin/jixiao.ts, on its own open database, streaming the output back.
import { chmodSync, lstatSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { Db } from '../db/client.ts';
import { runCli } from './cli.ts';
import { cliSocketPath, jsonLines, type RunRequest, send } from './cli/forward.ts';
import { useProcessDatabase } from './cli/io.ts';
import { textProblem } from './edge/values.ts';
import { commandSpecs } from './cli/specs.ts';
import { translator } from './i18n/messages.ts';
import type { Logger } from './logger.ts';
import type { JobCatalog } from './services/jobs.ts';

export interface CliSocket {
  path: string;
  /** Stops taking commands, waits for those running, removes the socket. */
  close(): Promise<void>;
}

/** A client that connects and says nothing is let go after this long. */
const FIRST_LINE_MS = 10_000;
const ARGV_MAX = 200;
const ARG_MAX_CHARS = 8192;
const USER_MAX_CHARS = 100;

function readRunRequest(m: unknown): RunRequest | null {
  if (!m || typeof m !== 'object') return null;
  const r = m as Partial<RunRequest>;
  const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max && textProblem(v, false) === null;
  if (r.type !== 'run' || !Array.isArray(r.argv) || r.argv.length === 0 || r.argv.length > ARGV_MAX) return null;
  if (!r.argv.every((a) => typeof a === 'string' && a.length <= ARG_MAX_CHARS)) return null;
  if (!(r.as === null || text(r.as, USER_MAX_CHARS)) || !(r.user === null || text(r.user, USER_MAX_CHARS))) return null;
  return { type: 'run', argv: r.argv, as: r.as ?? null, user: r.user ?? null, language: r.language === 'en' ? 'en' : 'zh' };
}

/** The command's name for the log line (its arguments may name files or people, and stay out). */
function commandName(argv: string[]): string | null {
  const two = `${argv[0]} ${argv[1]}`;
  if (two in commandSpecs) return two;
  return argv[0]! in commandSpecs ? argv[0]! : null;
}

/** A socket left by a server that was killed is replaced; anything else at that path is left alone. */
function clearStale(path: string): boolean {
  try {
    if (!lstatSync(path).isSocket()) return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
  // This process holds the data dir's lock (db/client.ts), so no live jixiao serves this socket.
  rmSync(path, { force: true });
  return true;
}

/** Listens on DATA_DIR/jixiao.sock; null (with a warning) when it cannot, and the CLI then refuses as before. */
export async function serveCliSocket(options: { dataDir: string; db: Db; jobs: JobCatalog; logger: Logger }): Promise<CliSocket | null> {
  const { db, jobs, logger } = options;
  const path = cliSocketPath(options.dataDir);
  if (!clearStale(path)) {
    logger.warn('cli socket not served: the path is taken by something that is not a socket', { path });
    return null;
  }
  const running = new Set<Promise<void>>();

  const server = createServer((socket: Socket) => {
    let started = false;
    let stdin: Promise<string> | null = null;
    let answerStdin: { resolve: (s: string) => void; reject: (e: Error) => void } | null = null;
    const idle = setTimeout(() => socket.destroy(), FIRST_LINE_MS);
    const refuse = () => {
      if (!started) {
        started = true;
        send(socket, { type: 'err', data: `${translator('zh')('cliSocket.badRequest')}\n` });
        send(socket, { type: 'exit', code: 2 });
      }
      socket.end();
    };
    const askStdin = () => {
      stdin ??= new Promise<string>((resolve, reject) => {
        answerStdin = { resolve, reject };
        logger.debug('cli request reads standard input');
        send(socket, { type: 'stdin' });
      });
      return stdin;
    };
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(idle);
      answerStdin?.reject(new Error('the client went away before sending standard input'));
    });
    socket.on(
      'data',
      jsonLines((m) => {
        const message = m as { type?: unknown; base64?: unknown };
        if (started) {
          if (message.type === 'stdin' && answerStdin && typeof message.base64 === 'string') {
            answerStdin.resolve(Buffer.from(message.base64, 'base64').toString('utf8'));
            answerStdin = null;
          }
          return;
        }
        clearTimeout(idle);
        const request = readRunRequest(m);
        if (!request) return refuse();
        started = true;
        const begun = performance.now();
        const io = { out: (data: string) => send(socket, { type: 'out', data }), err: (data: string) => send(socket, { type: 'err', data }) };
        const argv = request.as === null ? request.argv : [`--as=${request.as}`, ...request.argv];
        const run = runCli(argv, io, { jobs: () => Promise.resolve(jobs), language: request.language, user: request.user, stdin: askStdin })
          .catch((err: unknown) => {
            logger.error('cli request failed', { error: err instanceof Error ? err.message : String(err) });
            return 1;
          })
          .then((code) => {
            send(socket, { type: 'exit', code });
            socket.end();
            logger.info('cli request', {
              command: commandName(request.argv),
              user: request.user,
              as: request.as,
              exitCode: code,
              ms: Math.round(performance.now() - begun),
            });
          });
        running.add(run);
        void run.finally(() => running.delete(run));
      }, refuse),
    );
  });

  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (err) => {
      logger.warn('cli socket not served', { path, error: String(err) });
      resolve(false);
    });
    // Created owner-only from the start (umask), not chmod-ed after a moment open to everyone.
    const umask = process.umask(0o177);
    try {
      server.listen(path, () => resolve(true));
    } finally {
      process.umask(umask);
    }
  });
  if (!listening) return null;
  chmodSync(path, 0o600);
  useProcessDatabase(db);
  logger.info('cli socket listening', { path });

  return {
    path,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...running]);
      await closed;
      useProcessDatabase(null);
      rmSync(path, { force: true });
    },
  };
}
