/**
 * A real local HTTP server (node:http on 127.0.0.1, random port) playing both group robots of
 * docs/design.md "Data sources", for connector tests and end-to-end job tests.
 *
 *   WeCom     POST /cgi-bin/webhook/send?key=K                      → fake.wecomUrl(K)
 *   DingTalk  POST /robot/send?access_token=T[&timestamp=&sign=]     → fake.dingtalkUrl(T)
 *
 * Both answer HTTP 200 `{"errcode":0,"errmsg":"ok"}` for an accepted message, and like the real ones:
 * - unknown/missing WeCom key → 93000 `invalid webhook url, …`; unknown DingTalk token → 300005
 *   `token is not exist`; missing access_token → 40035;
 * - DingTalk token configured with a secret: missing or stale (> 1 h from the fake's clock) timestamp
 *   → 310000 `invalid timestamp`; wrong sign → 310000 `sign not match`; with `dingtalkKeywords`, a
 *   message containing none of them → 310000 `keywords not in content`; a non-JSON Content-Type → 43004;
 * - more than `perMinute` (20) accepted messages within 60 s per key/token, on the injectable clock →
 *   WeCom 45009 `api freq out of limit`, DingTalk 130101 `send too fast, exceed 20 times per minute`;
 * - WeCom markdown content over 4096 UTF-8 bytes → 40058; empty content → 44004; unknown msgtype → 40008;
 *   a body that is not JSON → 40035 (both; the fake's choice).
 * Fault modes, set with `setMode(mode, { times })` (for the next `times` requests, default: until reset):
 *   'slow_headers' (holds the response head `delayMs`, default 2000, then answers normally unless the
 *   client has gone), 'server_error' (HTTP `status`, default 502, with an HTML page), 'garbage' (HTTP 200,
 *   an HTML body, or `body` as given), 'errcode' (HTTP 200 `{errcode, errmsg}` as given), 'normal'.
 * Records every request in `requests` and every accepted message in `messages` (with its title/content).
 *
 * Example:
 *   let clock = Date.parse('2024-06-30T02:00:00Z');
 *   const fake = await startRobotFake({ wecomKeys: ['k1'], dingtalkTokens: { t1: 'SECabc' }, now: () => clock });
 *   const env = { JIXIAO_SECRET_WECOM: fake.wecomUrl('k1'), JIXIAO_SECRET_DING: fake.dingtalkUrl('t1'), JIXIAO_SECRET_DING_SIGN: 'SECabc' };
 *   // … run the job with ctx.env = env, ctx.outboundHosts = ['127.0.0.1'] (the fake is no robot host) and
 *   // ctx.now = () => new Date(clock); through testJobDeps: { env, config: { OUTBOUND_HOSTS: '127.0.0.1' } } …
 *   expect(fake.messages.map((m) => m.content)).toEqual([...]);
 *   fake.setMode('server_error', { times: 1 });   // the next request gets HTTP 502, then back to normal
 *   await fake.close();
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RobotKind = 'wecom' | 'dingtalk';
export type RobotFakeMode = 'normal' | 'slow_headers' | 'server_error' | 'garbage' | 'errcode';

export interface RobotFakeOptions {
  /** WeCom keys that exist; any other key gets 93000. */
  wecomKeys?: string[];
  /** DingTalk access tokens that exist, each with its 加签 secret (null = the robot does not sign). */
  dingtalkTokens?: Record<string, string | null>;
  /** DingTalk 自定义关键词: a message must contain one of them (title or text). */
  dingtalkKeywords?: string[];
  /** Clock in epoch ms for rate limits and signature timestamps (default Date.now). */
  now?: () => number;
  /** Accepted messages per key per 60 s (default 20). */
  perMinute?: number;
}

export interface SetModeOptions {
  /** slow_headers: how long the head is held (ms, default 2000). */
  delayMs?: number;
  /** server_error: the HTTP status (default 502). */
  status?: number;
  /** garbage: the body to send instead of the default HTML (e.g. JSON without an errcode). */
  body?: string;
  /** errcode mode: the answer. */
  errcode?: number;
  errmsg?: string;
  /** Apply to the next `times` requests only, then back to 'normal'. */
  times?: number;
}

export interface RecordedRequest {
  robot: RobotKind | null;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** Fake clock, epoch ms. */
  at: number;
  /** What the fake answered: HTTP status (0 if the client left first) and errcode when JSON. */
  status: number;
  errcode: number | null;
}

export interface ReceivedMessage {
  robot: RobotKind;
  /** WeCom key or DingTalk access token. */
  key: string;
  msgtype: string;
  /** DingTalk markdown title; null for WeCom and text messages. */
  title: string | null;
  /** WeCom markdown.content / text.content, DingTalk markdown.text / text.content. */
  content: string;
  body: unknown;
  at: number;
}

export interface RobotFake {
  /** `http://127.0.0.1:<port>` */
  url: string;
  wecomUrl(key: string): string;
  dingtalkUrl(token: string): string;
  setMode(mode: RobotFakeMode, options?: SetModeOptions): void;
  /** Forget recorded requests, messages and rate-limit windows; mode back to normal. */
  reset(): void;
  close(): Promise<void>;
  readonly messages: ReceivedMessage[];
  readonly requests: RecordedRequest[];
}

type Answer = { status: number; errcode: number; errmsg: string };

const MINUTE = 60_000;
const SIGN_WINDOW_MS = 3_600_000;
const WECOM_MARKDOWN_MAX = 4096;

export async function startRobotFake(options: RobotFakeOptions = {}): Promise<RobotFake> {
  const now = options.now ?? Date.now;
  const perMinute = options.perMinute ?? 20;
  const wecomKeys = new Set(options.wecomKeys ?? []);
  const dingtalk = new Map(Object.entries(options.dingtalkTokens ?? {}));
  const messages: ReceivedMessage[] = [];
  const requests: RecordedRequest[] = [];
  const windows = new Map<string, number[]>();
  const timers = new Set<NodeJS.Timeout>();
  let mode: { mode: RobotFakeMode; options: SetModeOptions; left: number } = { mode: 'normal', options: {}, left: Infinity };

  function takeMode() {
    const current = mode;
    if (current.mode !== 'normal' && --current.left <= 0) mode = { mode: 'normal', options: {}, left: Infinity };
    return current;
  }

  function rateLimited(robot: RobotKind, key: string): boolean {
    const id = `${robot}:${key}`;
    const t = now();
    const recent = (windows.get(id) ?? []).filter((at) => t - at < MINUTE);
    windows.set(id, recent);
    return recent.length >= perMinute;
  }

  function accept(robot: RobotKind, key: string, msg: Omit<ReceivedMessage, 'robot' | 'key' | 'at'>): Answer {
    const at = now();
    const id = `${robot}:${key}`;
    windows.set(id, [...(windows.get(id) ?? []), at]);
    messages.push({ robot, key, at, ...msg });
    return { status: 200, errcode: 0, errmsg: 'ok' };
  }

  function wecom(query: URLSearchParams, body: unknown): Answer {
    const key = query.get('key') ?? '';
    if (!wecomKeys.has(key)) {
      return err(
        93000,
        'invalid webhook url, hint: [1708397705432012366598976], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000',
      );
    }
    if (!isObject(body)) return err(40035, 'invalid parameter: body is not json');
    const msgtype = String(body.msgtype ?? '');
    if (msgtype !== 'markdown' && msgtype !== 'text') return err(40008, 'invalid message type');
    const part = body[msgtype];
    const content = isObject(part) && typeof part.content === 'string' ? part.content : '';
    if (content === '') return err(44004, 'empty content');
    if (msgtype === 'markdown' && Buffer.byteLength(content, 'utf8') > WECOM_MARKDOWN_MAX) {
      return err(40058, `markdown.content exceed max length ${WECOM_MARKDOWN_MAX}`);
    }
    if (rateLimited('wecom', key)) return err(45009, 'api freq out of limit');
    return accept('wecom', key, { msgtype, title: null, content, body });
  }

  function dingtalkAnswer(query: URLSearchParams, headers: IncomingHttpHeaders, body: unknown): Answer {
    const token = query.get('access_token');
    if (!token) return err(40035, '缺少参数 access_token');
    if (!dingtalk.has(token)) return err(300005, 'token is not exist');
    if (!/application\/json/i.test(headers['content-type'] ?? '')) return err(43004, '无效的HTTP HEADER Content-Type');
    const secret = dingtalk.get(token) ?? null;
    if (secret !== null) {
      const timestamp = query.get('timestamp') ?? '';
      if (!/^\d+$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > SIGN_WINDOW_MS) return err(310000, 'invalid timestamp');
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
      if (query.get('sign') !== expected) return err(310000, 'sign not match');
    }
    if (!isObject(body)) return err(40035, '缺少参数 json');
    const msgtype = String(body.msgtype ?? '');
    const part = body[msgtype];
    let title: string | null = null;
    let content: string;
    if (msgtype === 'markdown' && isObject(part)) {
      if (typeof part.title !== 'string' || part.title === '') return err(40035, '缺少参数 markdown.title');
      if (typeof part.text !== 'string' || part.text === '') return err(40035, '缺少参数 markdown.text');
      title = part.title;
      content = part.text;
    } else if (msgtype === 'text' && isObject(part) && typeof part.content === 'string' && part.content !== '') {
      content = part.content;
    } else {
      return err(40035, '缺少参数 msgtype');
    }
    const keywords = options.dingtalkKeywords ?? [];
    if (keywords.length > 0 && !keywords.some((k) => `${title ?? ''}\n${content}`.includes(k))) {
      return err(310000, 'keywords not in content');
    }
    if (rateLimited('dingtalk', token)) return err(130101, 'send too fast, exceed 20 times per minute');
    return accept('dingtalk', token, { msgtype, title, content, body });
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const robot: RobotKind | null = u.pathname === '/cgi-bin/webhook/send' ? 'wecom' : u.pathname === '/robot/send' ? 'dingtalk' : null;
    const record: RecordedRequest = {
      robot,
      method: req.method ?? '',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: req.headers,
      body: raw,
      at: now(),
      status: 0,
      errcode: null,
    };
    requests.push(record);
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const send = (status: number, type: string, text: string, errcode: number | null = null) => {
      if (closed || res.destroyed) return;
      record.status = status;
      record.errcode = errcode;
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const answer = () => {
      if (robot === null) return send(404, 'text/plain', 'not found');
      if (req.method !== 'POST') return send(405, 'text/plain', 'method not allowed');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      const a = robot === 'wecom' ? wecom(u.searchParams, body) : dingtalkAnswer(u.searchParams, req.headers, body);
      send(a.status, 'application/json; charset=utf-8', JSON.stringify({ errcode: a.errcode, errmsg: a.errmsg }), a.errcode);
    };

    const { mode: m, options: o } = takeMode();
    switch (m) {
      case 'slow_headers': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!closed) answer();
        }, o.delayMs ?? 2000);
        timers.add(timer);
        return;
      }
      case 'server_error':
        send(o.status ?? 502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
        return;
      case 'garbage':
        send(200, 'text/html', o.body ?? '<!DOCTYPE html><html>系统维护中</html>');
        return;
      case 'errcode': {
        const errcode = o.errcode ?? -1;
        send(200, 'application/json', JSON.stringify({ errcode, errmsg: o.errmsg ?? 'system busy' }), errcode);
        return;
      }
      default:
        answer();
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1024 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      if (size > 1024 * 1024) {
        res.writeHead(413).end();
        return;
      }
      handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    wecomUrl: (key) => `${url}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    dingtalkUrl: (token) => `${url}/robot/send?access_token=${encodeURIComponent(token)}`,
    setMode(next, opts = {}) {
      mode = { mode: next, options: opts, left: opts.times ?? Infinity };
    },
    reset() {
      messages.length = 0;
      requests.length = 0;
      windows.clear();
      mode = { mode: 'normal', options: {}, left: Infinity };
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    messages,
    requests,
  };
}

function err(errcode: number, errmsg: string): Answer {
  return { status: 200, errcode, errmsg };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
