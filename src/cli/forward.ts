// The CLI while `npm start` holds a PGlite data dir (docs/design.md "Operations"): PGlite serves one process,
// so instead of refusing, the command goes to the running server over DATA_DIR/jixiao.sock, which runs the
// same runCli on its own open database and streams the output back. On PostgreSQL every CLI process
// connects itself and nothing here is used.
//
// The protocol is JSON lines. Client → server: one `run`, then `stdin` when asked. Server → client: `out` and
// `err` as the command writes, `stdin` when the command reads standard input, and `exit` last.
import { existsSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Language } from '../format/status-labels.ts';
import { translator } from '../i18n/messages.ts';
import { absoluteFileArgs } from './file-args.ts';
import { osUser, type Io } from './io.ts';
import type { CommandSpec } from './specs.ts';

export const CLI_SOCKET_NAME = 'jixiao.sock';

export function cliSocketPath(dataDir: string): string {
  return join(dataDir, CLI_SOCKET_NAME);
}

export interface RunRequest {
  type: 'run';
  /** The command's words and its arguments, file paths already absolute. */
  argv: string[];
  /** `--as NAME`, taken out of argv by the client. */
  as: string | null;
  /** The operating-system user running the client: the actor when there is no `--as`. */
  user: string | null;
  language: Language;
}

export type ClientMessage = RunRequest | { type: 'stdin'; base64: string };
export type ServerMessage = { type: 'out'; data: string } | { type: 'err'; data: string } | { type: 'stdin' } | { type: 'exit'; code: number };

/** Commands that never open the database run in the client even while a server runs. */
const LOCAL_COMMANDS = new Set(['parse', 'review', 'jobs list']);

/** A line longer than this ends the connection: standard input is capped by what a person pipes in. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** Splits a stream into lines of JSON, never holding more than `max` bytes of one line. */
export function jsonLines(onMessage: (message: unknown) => void, onBad: () => void, max = MAX_LINE_BYTES): (chunk: Buffer) => void {
  let pending: Buffer[] = [];
  let size = 0;
  return (chunk) => {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      pending.push(chunk.subarray(from, nl));
      const line = Buffer.concat(pending).toString('utf8');
      pending = [];
      size = 0;
      from = nl + 1;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        onBad();
        return;
      }
      onMessage(message);
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      size += chunk.length - from;
      if (size > max) onBad();
    }
  };
}

export function send(socket: Socket, message: ClientMessage | ServerMessage): void {
  if (socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}

/** Connects, or null when no server listens there (none started, a stale socket, another user's). */
function connect(path: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const fail = () => {
      socket.destroy();
      resolve(null);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/** Standard input as bytes, read only when the command asks for it. */
async function stdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Runs a parsed command through the server holding this PGlite data dir; null when there is none to go
 * through (PostgreSQL, no socket, nobody listening), and the caller runs the command itself.
 */
export async function forwardToServer(command: { spec: CommandSpec; rest: string[]; as: string | null }, io: Io): Promise<number | null> {
  if (LOCAL_COMMANDS.has(command.spec.name)) return null;
  const { loadConfig, languageFromEnv } = await import('../config.ts');
  let dataDir: string;
  try {
    const config = loadConfig();
    if (config.databaseUrl) return null;
    dataDir = config.dataDir;
  } catch {
    // A bad environment is reported by the command itself, in its words.
    return null;
  }
  const path = cliSocketPath(dataDir);
  if (!existsSync(path)) return null;
  const socket = await connect(path);
  if (!socket) return null;

  const language = languageFromEnv();
  const request: RunRequest = {
    type: 'run',
    argv: [...command.spec.name.split(' '), ...absoluteFileArgs(command.spec, command.rest, process.cwd())],
    as: command.as,
    user: osUser(),
    language,
  };
  return new Promise<number>((resolve) => {
    let finished = false;
    const lost = () => {
      if (finished) return;
      finished = true;
      socket.destroy();
      io.err(`${translator(language)('cliSocket.lost')}\n`);
      resolve(1);
    };
    socket.on(
      'data',
      jsonLines((m) => {
        const message = m as ServerMessage;
        if (message.type === 'out') io.out(message.data);
        else if (message.type === 'err') io.err(message.data);
        else if (message.type === 'stdin') stdinBytes().then((bytes) => send(socket, { type: 'stdin', base64: bytes.toString('base64') }), lost);
        else if (message.type === 'exit' && !finished) {
          finished = true;
          socket.end();
          resolve(message.code);
        }
      }, lost),
    );
    socket.on('error', lost);
    socket.on('close', lost);
    send(socket, request);
  });
}
