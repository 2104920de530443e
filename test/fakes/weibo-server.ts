/**
 * A fake Weibo Open API: a real HTTP server on 127.0.0.1 (random port) speaking the real wire format,
 * switchable at runtime into the faults the connector must survive.
 *
 *   const weibo = await startWeiboFake({ token: 'tok', uid: '1195230310', statuses: [
 *     weiboStatus({ id: '5100000000000001', at: '2025-01-14T16:00:00+08:00', text: '通知', reposts: 3, comments: 1, likes: 9, reads: 120 }),
 *   ] });
 *   const settings = { uid: '1195230310', tokenEnv: 'JIXIAO_SECRET_WEIBO', baseUrl: weibo.url, countUrl: weibo.countUrl };
 *   // ctx.env = { JIXIAO_SECRET_WEIBO: 'tok' }; a job run needs OUTBOUND_HOSTS=127.0.0.1 for these URLs
 *   weibo.setMode({ kind: 'rate_limited' }, { times: 1 });   // next timeline/count request only
 *   weibo.requests;  weibo.calls('timeline');               // [{ method, path, query, headers, at }]
 *   await weibo.close();
 *
 * Endpoints
 * - `GET /2/statuses/user_timeline.json?access_token&uid&since_id&max_id&count&page` → `{"statuses":[…],
 *   "total_number"}`: `state.statuses` newest first (BigInt order of idstr), `since_id` exclusive,
 *   `max_id` inclusive, count default 20 / max 100, page from 1. `id` is written as a bare int64 number
 *   (JSON.parse rounds it above 2^53), `idstr` as a string, like Weibo. An `access_token` other than
 *   `options.token` (default 'test-token'; null accepts any) → 21332 invalid_access_token (HTTP 400);
 *   `uid` other than `options.uid` (default '1195230310') → 20003 (HTTP 400).
 * - `GET /2/statuses/count_biz.json?access_token&ids=1,2,…` (`countUrl`) → `[{"id","comments","reposts",
 *   "attitudes","reads"}]` for the known ids (reads = status.reads ?? 0); more than 100 ids → 10017.
 * - anything else → 10020 (HTTP 404).
 *
 * Modes (`setMode(mode, { times?, after?, endpoint? })`: `after` = serve the next N matching requests
 * normally first; `times` = then apply to N matching requests and return to `ok` (default: until
 * changed); `endpoint` = 'timeline' | 'count' | 'any' (default 'any')):
 *   ok · slow_headers {delayMs} · slow_body {delayMs} (half the body, a stall, the rest) ·
 *   http_error {status=502} (nginx HTML page) · truncated_json · garbage (200 with an HTML page) ·
 *   rate_limited {code=10023} (HTTP 403) · expired_token (21327) · invalid_token (21332) ·
 *   string_error_code (`"error_code":"10006"`) · weibo_error {code, error, status=400} ·
 *   duplicates (pages after the first shifted back by one, so the previous page's last post comes
 *   again; a short first page repeats its first post) ·
 *   reordered (each page oldest first) · ignore_since_id · huge {bytes} (valid JSON padded to `bytes`) ·
 *   raw {status, headers?, body} (anything else).
 *
 * undici runs its header/body timeouts on ~0.5 s ticks: a 300 ms timeout fires after 0.5–1 s, so make
 * slow_* delays ≥ 3 s when a timeout is the point.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timerSet } from './timers.ts';

export interface WeiboFakeStatus {
  idstr: string;
  /** Weibo format, e.g. "Tue Jan 14 16:00:00 +0800 2025" */
  created_at: string;
  text: string;
  reposts_count: number;
  comments_count: number;
  attitudes_count: number;
  /** Served only by the count endpoint. */
  reads?: number | null;
}

export type WeiboFakeMode =
  | { kind: 'ok' }
  | { kind: 'slow_headers'; delayMs: number }
  | { kind: 'slow_body'; delayMs: number }
  | { kind: 'http_error'; status?: number }
  | { kind: 'truncated_json' }
  | { kind: 'garbage' }
  | { kind: 'rate_limited'; code?: 10022 | 10023 | 10024 }
  | { kind: 'expired_token' }
  | { kind: 'invalid_token' }
  | { kind: 'string_error_code' }
  | { kind: 'weibo_error'; code: number | string; error: string; status?: number }
  | { kind: 'duplicates' }
  | { kind: 'reordered' }
  | { kind: 'ignore_since_id' }
  | { kind: 'huge'; bytes: number }
  | { kind: 'raw'; status: number; headers?: Record<string, string>; body: string };

export type WeiboFakeEndpoint = 'timeline' | 'count' | 'any';

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  at: Date;
}

export interface WeiboFakeState {
  statuses: WeiboFakeStatus[];
  /** Accepted access_token; null accepts any. */
  token: string | null;
  uid: string;
  mode: WeiboFakeMode;
  /** Requests the mode still applies to; null = until changed. */
  remaining: number | null;
  /** Matching requests still served normally before the mode starts. */
  skip: number;
  endpoint: WeiboFakeEndpoint;
}

export interface WeiboFake {
  /** Base URL for `WeiboSettings.baseUrl`, e.g. http://127.0.0.1:5123/2 */
  url: string;
  /** For `WeiboSettings.countUrl`. */
  countUrl: string;
  state: WeiboFakeState;
  requests: FakeRequest[];
  setMode(mode: WeiboFakeMode, opts?: { times?: number; after?: number; endpoint?: WeiboFakeEndpoint }): void;
  setStatuses(statuses: WeiboFakeStatus[]): void;
  /** The recorded requests of one endpoint. */
  calls(endpoint: 'timeline' | 'count'): FakeRequest[];
  close(): Promise<void>;
}

export interface WeiboFakeOptions {
  statuses?: WeiboFakeStatus[];
  token?: string | null;
  uid?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** An instant in Weibo's created_at format, written in +0800 as Weibo does for Chinese accounts. */
export function toWeiboDate(at: Date | string): string {
  const d = new Date(new Date(at).getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0800 ${d.getUTCFullYear()}`;
}

export function weiboStatus(s: {
  id: string;
  at: Date | string;
  text?: string;
  reposts?: number;
  comments?: number;
  likes?: number;
  reads?: number | null;
}): WeiboFakeStatus {
  return {
    idstr: s.id,
    created_at: toWeiboDate(s.at),
    text: s.text ?? `微博 ${s.id}`,
    reposts_count: s.reposts ?? 0,
    comments_count: s.comments ?? 0,
    attitudes_count: s.likes ?? 0,
    reads: s.reads ?? null,
  };
}

export async function startWeiboFake(options: WeiboFakeOptions = {}): Promise<WeiboFake> {
  const state: WeiboFakeState = {
    statuses: options.statuses ?? [],
    token: options.token === undefined ? 'test-token' : options.token,
    uid: options.uid ?? '1195230310',
    mode: { kind: 'ok' },
    remaining: null,
    skip: 0,
    endpoint: 'any',
  };
  const requests: FakeRequest[] = [];
  const timers = timerSet();
  const later = timers.later;

  const server = createServer((req, res) => {
    res.on('error', () => {});
    const u = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(u.searchParams);
    requests.push({ method: req.method ?? 'GET', path: u.pathname, query, headers: req.headers, at: new Date() });
    const endpoint = u.pathname === '/2/statuses/user_timeline.json' ? 'timeline' : u.pathname === '/2/statuses/count_biz.json' ? 'count' : null;
    let mode: WeiboFakeMode = { kind: 'ok' };
    if (endpoint && (state.endpoint === 'any' || state.endpoint === endpoint)) {
      if (state.skip > 0) state.skip -= 1;
      else {
        mode = state.mode;
        if (state.remaining !== null && --state.remaining <= 0) {
          state.mode = { kind: 'ok' };
          state.remaining = null;
        }
      }
    }
    const reply = (status: number, body: string, type = 'application/json;charset=UTF-8', extra: Record<string, string> = {}) => {
      const buf = Buffer.from(body);
      const headers = { 'content-type': type, 'content-length': String(buf.length), ...extra };
      if (mode.kind === 'slow_headers') return later(mode.delayMs, () => res.writeHead(status, headers).end(buf));
      if (mode.kind === 'slow_body') {
        res.writeHead(status, headers).write(buf.subarray(0, buf.length >> 1));
        return later(mode.delayMs, () => res.end(buf.subarray(buf.length >> 1)));
      }
      res.writeHead(status, headers).end(buf);
    };
    const error = (status: number, code: number | string, text: string) =>
      reply(status, JSON.stringify({ error: text, error_code: code, request: u.pathname }));

    if (!endpoint) return error(404, 10020, 'Request Api not found!');
    switch (mode.kind) {
      case 'http_error': {
        const status = mode.status ?? 502;
        return reply(
          status,
          `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
          'text/html',
        );
      }
      case 'garbage':
        return reply(200, '<!DOCTYPE html><html><head><title>新浪通行证</title></head><body>请登录</body></html>', 'text/html; charset=utf-8');
      case 'rate_limited': {
        const code = mode.code ?? 10023;
        const text =
          code === 10022
            ? 'IP requests out of rate limit!'
            : code === 10023
              ? 'User requests out of rate limit!'
              : 'User requests for (statuses/user_timeline) out of rate limit!';
        return error(403, code, text);
      }
      case 'expired_token':
        return error(400, 21327, 'expired_token');
      case 'invalid_token':
        return error(400, 21332, 'invalid_access_token');
      case 'string_error_code':
        return error(400, '10006', 'Source paramter (appkey) is missing.');
      case 'weibo_error':
        return error(mode.status ?? 400, mode.code, mode.error);
      case 'raw':
        return reply(mode.status, mode.body, mode.headers?.['content-type'] ?? 'application/json', mode.headers ?? {});
      default:
    }
    if (state.token !== null && query.access_token !== state.token) return error(400, 21332, 'invalid_access_token');

    let body: string;
    if (endpoint === 'count') {
      const ids = (query.ids ?? '').split(',').filter(Boolean);
      if (ids.length > 100) return error(400, 10017, "Parameter (ids)'s value invalid, expect (ids count <= 100)");
      const byId = new Map(state.statuses.map((s) => [s.idstr, s]));
      const rows = ids.flatMap((id) => {
        const s = byId.get(id);
        return s ? [`{"id":${id},"comments":${s.comments_count},"reposts":${s.reposts_count},"attitudes":${s.attitudes_count},"reads":${s.reads ?? 0}}`] : [];
      });
      body = `[${rows.join(',')}]`;
    } else {
      if (query.uid !== undefined && query.uid !== state.uid) return error(400, 20003, 'User does not exists!');
      body = timelinePage(state, query, mode);
    }
    if (mode.kind === 'truncated_json') body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    if (mode.kind === 'huge') body = body.replace(/}$/, `,"padding":"${'x'.repeat(Math.max(0, mode.bytes - body.length))}"}`);
    reply(200, body);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/2`,
    countUrl: `${origin}/2/statuses/count_biz.json`,
    state,
    requests,
    setMode(mode, opts = {}) {
      state.mode = mode;
      state.remaining = opts.times ?? null;
      state.skip = opts.after ?? 0;
      state.endpoint = opts.endpoint ?? 'any';
    },
    setStatuses(statuses) {
      state.statuses = statuses;
    },
    calls: (endpoint) => requests.filter((r) => r.path === (endpoint === 'timeline' ? '/2/statuses/user_timeline.json' : '/2/statuses/count_biz.json')),
    close: () =>
      new Promise<void>((resolve) => {
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function timelinePage(state: WeiboFakeState, query: Record<string, string>, mode: WeiboFakeMode): string {
  const since = query.since_id && mode.kind !== 'ignore_since_id' ? BigInt(query.since_id) : null;
  const max = query.max_id ? BigInt(query.max_id) : null;
  const all = [...state.statuses]
    .sort((a, b) => (BigInt(b.idstr) > BigInt(a.idstr) ? 1 : BigInt(b.idstr) < BigInt(a.idstr) ? -1 : 0))
    .filter((s) => (since === null || BigInt(s.idstr) > since) && (max === null || BigInt(s.idstr) <= max));
  const count = Math.min(100, Math.max(1, Number(query.count ?? 20) || 20));
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  let rows = all.slice((page - 1) * count, page * count);
  if (mode.kind === 'duplicates') {
    // A post published while paging shifts later pages back by one: the previous page's last post
    // comes again first. A short first page repeats its first post within the page.
    if (page > 1) rows = all.slice((page - 1) * count - 1, page * count - 1);
    else if (rows.length > 0 && rows.length < count) rows = [...rows, rows[0]!];
  }
  if (mode.kind === 'reordered') rows = [...rows].reverse();
  const statuses = rows.map((s) => statusJson(s, state.uid));
  return `{"statuses":[${statuses.join(',')}],"hasvisible":false,"previous_cursor":0,"next_cursor":0,"total_number":${all.length}}`;
}

/** The status as Weibo writes it, `id`/`mid` as bare int64 numbers. */
function statusJson(s: WeiboFakeStatus, uid: string): string {
  const { reads: _, ...wire } = s;
  const rest = JSON.stringify({
    ...wire,
    source: '<a href="https://weibo.com/" rel="nofollow">微博网页版</a>',
    favorited: false,
    truncated: false,
    pic_urls: [],
    geo: null,
    user: { id: Number(uid), idstr: uid, screen_name: '某单位', name: '某单位' },
    visible: { type: 0, list_id: 0 },
  });
  return `{"id":${s.idstr},"mid":"${s.idstr}",${rest.slice(1)}`;
}
