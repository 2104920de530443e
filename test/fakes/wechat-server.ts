/**
 * A fake api.weixin.qq.com: a real HTTP server on 127.0.0.1 (random port) serving, in the real formats,
 *   POST /cgi-bin/stable_token                       {grant_type, appid, secret, force_refresh}
 *   POST /datacube/getarticletotaldetail?access_token {begin_date, end_date}   (days ≥ 2025-11-01)
 *   POST /datacube/getarticletotal?access_token       {begin_date, end_date}   (deprecated format)
 * from an in-memory set of articles whose cumulative figures grow per stat_date. Errors are HTTP 200
 * `{"errcode","errmsg":"… rid: …"}` like the real API (texts from formats/wechat/errors.jsonl).
 *
 * Usage:
 *   const fake = await startWechatFake({
 *     appId: 'wxfake', secret: 'fake-secret',
 *     articles: [growingArticle({ refDate: '2025-11-03', msgid: '2247490100_1', title: '标题', days: 3 })],
 *     today: '2025-11-10',          // optional: stat_dates ≥ today are hidden, asking for ≥ today → 61501
 *   });
 *   settings = { appId: 'wxfake', secretEnv: 'JIXIAO_SECRET_WECHAT', baseUrl: fake.url };   // a channel's baseUrl at
 *   // the fake needs OUTBOUND_HOSTS=127.0.0.1 (testJobDeps config); WECHAT_API_BASE=fake.url does not
 *   fake.setMode({ kind: 'errcode', errcode: 45009, times: 1 });       // next data call: quota
 *   fake.setMode({ kind: 'tokenExpires', afterDataCalls: 2 });          // 3rd data call: 42001, then new token
 *   fake.setMode();                                                     // back to normal
 *   fake.calls('getarticletotaldetail').length;  fake.requests;         // every request, in order
 *   fake.state.articles.push(...);  fake.state.today = '2025-11-11';    // change data at runtime
 *   await fake.close();
 *
 * Modes (`setMode(...modes)` replaces the active set; several may be active; each applies to the
 * requests of its scope `on` — 'data' (default: datacube endpoints), 'token' (stable_token) or 'any' —
 * for its next `times` requests (default: until changed)):
 *   slowHeaders {delayMs}      wait before sending status and headers
 *   slowBody {delayMs}         send half the body, wait, send the rest
 *   serverError {status=502}   HTML error page (nginx-like)
 *   httpStatus {status, body?} any other status (429, 404 …) with a text body
 *   malformedJson              HTTP 200 body that is not JSON
 *   truncatedJson {dropConnection?}  the first half of the JSON (clean end, or the socket cut mid-body)
 *   errcode {errcode, errmsg?} e.g. 45009 quota, -1 busy, 40164 IP, 40125/40013 secret/appid, 48001
 *   raw {body}                 answer exactly this JSON value (or string) with HTTP 200
 *   rejectToken {errcode=40001}  data calls refuse every token (also a freshly issued one)
 *   tokenExpires {afterDataCalls, errcode=42001}  after N more successful data calls the current token
 *                              dies: data calls with it get the errcode, stable_token issues a new one
 *   repeatItems                list items repeated and reordered
 *   delayed                    `is_delay: true`
 * A wrong secret / appid in stable_token gives 40125 / 40013 without any mode (set `state.secret`).
 * Tokens do not expire with time here (the client's clock is its own); force_refresh issues a new token.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Cumulative figures of one article as of `stat_date` (wire names). */
export interface FakeStat {
  stat_date: string;
  read_user: number;
  /** Reads (not readers); only the deprecated format carries it (int_page_read_count). */
  read_count?: number;
  share_user: number;
  share_count?: number;
  zaikan_user?: number;
  like_user?: number;
  comment_count?: number;
  collection_user?: number;
}

export interface FakeArticle {
  /** Publish day (Asia/Shanghai) */
  ref_date: string;
  /** `<appmsgid>_<idx>` */
  msgid: string;
  title: string;
  content_url?: string;
  /** 0 群发 (notified), 1 发布 (not notified) */
  publish_type?: 0 | 1;
  stats: FakeStat[];
}

export type FakeScope = 'data' | 'token' | 'any';
type TokenErrcode = 40001 | 40014 | 42001;

export type WechatFault =
  | { kind: 'slowHeaders'; delayMs: number }
  | { kind: 'slowBody'; delayMs: number }
  | { kind: 'serverError'; status?: number }
  | { kind: 'httpStatus'; status: number; body?: string }
  | { kind: 'malformedJson' }
  | { kind: 'truncatedJson'; dropConnection?: boolean }
  | { kind: 'errcode'; errcode: number; errmsg?: string }
  | { kind: 'raw'; body: unknown }
  | { kind: 'rejectToken'; errcode?: TokenErrcode }
  | { kind: 'tokenExpires'; afterDataCalls: number; errcode?: TokenErrcode }
  | { kind: 'repeatItems' }
  | { kind: 'delayed' };

export type WechatFakeMode = WechatFault & { times?: number; on?: FakeScope };

export interface WechatFakeOptions {
  appId?: string;
  secret?: string;
  /** seconds, default 7200 */
  expiresIn?: number;
  articles?: FakeArticle[];
  today?: string | null;
}

export interface WechatFakeState {
  appId: string;
  secret: string;
  expiresIn: number;
  articles: FakeArticle[];
  /** The fake's "today" (Asia/Shanghai): null = every day and stat_date is available. */
  today: string | null;
  /** The token stable_token hands out now (null before the first call). */
  currentToken: string | null;
  tokensIssued: number;
  /** Tokens that died, with the errcode data calls using them get. */
  deadTokens: Map<string, TokenErrcode>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** access_token of the query string, if any. */
  token: string | null;
  /** What the fake answered: `ok`, `errcode 45009`, `http 502`, `malformed`, … (set once answered). */
  answer: string;
}

export type WechatEndpoint = 'stable_token' | 'getarticletotaldetail' | 'getarticletotal';

export interface WechatFake {
  /** Base URL to use as the connector's baseUrl, e.g. `http://127.0.0.1:40123`. */
  url: string;
  state: WechatFakeState;
  requests: RecordedRequest[];
  /** Replaces the active modes; no argument = normal behaviour. */
  setMode(...modes: WechatFakeMode[]): void;
  /** Requests to one endpoint, in order. */
  calls(endpoint: WechatEndpoint): RecordedRequest[];
  close(): Promise<void>;
}

const DETAIL_FROM = '2025-11-01';
const DATA_PATHS = new Set(['/datacube/getarticletotaldetail', '/datacube/getarticletotal']);

/** An article with `days` stat_dates from its publish day on, each day's figures cumulative. */
export function growingArticle(o: {
  refDate: string;
  msgid: string;
  title: string;
  days?: number;
  readersPerDay?: number;
  contentUrl?: string;
  publishType?: 0 | 1;
}): FakeArticle {
  const perDay = o.readersPerDay ?? 100;
  const stats: FakeStat[] = [];
  for (let i = 0; i < (o.days ?? 3); i++) {
    const readers = perDay * (i + 1);
    stats.push({
      stat_date: addDays(o.refDate, i),
      read_user: readers,
      read_count: readers + Math.floor(readers / 5),
      share_user: Math.floor(readers / 10),
      share_count: Math.floor(readers / 8),
      zaikan_user: Math.floor(readers / 20),
      like_user: Math.floor(readers / 15),
      comment_count: Math.floor(readers / 100),
      collection_user: Math.floor(readers / 30),
    });
  }
  const [mid, idx] = o.msgid.split('_');
  return {
    ref_date: o.refDate,
    msgid: o.msgid,
    title: o.title,
    content_url: o.contentUrl ?? `https://mp.weixin.qq.com/s?__biz=MzFake&mid=${mid}&idx=${idx}&sn=fake`,
    publish_type: o.publishType ?? 0,
    stats,
  };
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001:
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40097: 'invalid args hint: [0yQ4dA0296d234]',
  40125: 'invalid appsecret,',
  40164: 'invalid ip 47.94.148.108 ipv6 ::ffff:47.94.148.108, not in whitelist',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  42001: 'access_token expired',
  43002: 'require POST method',
  45009: 'reach max api daily quota limit',
  47001: 'data format error',
  48001: 'api unauthorized',
  61500: 'date format error',
  61501: 'date range error',
};

/** The real texts end in ` rid: <hex>-<hex>-<hex>`, different on every answer (except -1's). */
export function wechatErrmsg(errcode: number): string {
  const text = ERRMSG[errcode] ?? 'unknown error';
  if (errcode === -1) return text;
  const hex = () => randomBytes(4).toString('hex');
  return `${text} rid: ${hex()}-${hex()}-${hex()}`;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
  label: string;
}

const json = (value: unknown, label = 'ok'): Answer => ({ status: 200, contentType: 'application/json; encoding=utf-8', body: JSON.stringify(value), label });
const errcode = (code: number, errmsg?: string): Answer => json({ errcode: code, errmsg: errmsg ?? wechatErrmsg(code) }, `errcode ${code}`);

export async function startWechatFake(options: WechatFakeOptions = {}): Promise<WechatFake> {
  const state: WechatFakeState = {
    appId: options.appId ?? 'wxfake0000000001',
    secret: options.secret ?? 'fake-app-secret-0001',
    expiresIn: options.expiresIn ?? 7200,
    articles: options.articles ?? [],
    today: options.today ?? null,
    currentToken: null,
    tokensIssued: 0,
    deadTokens: new Map(),
  };
  const requests: RecordedRequest[] = [];
  let modes: { mode: WechatFakeMode; left: number }[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  /** The first active mode of `kind` for this scope, consumed once. */
  function take<K extends WechatFault['kind']>(kind: K, scope: 'data' | 'token'): Extract<WechatFakeMode, { kind: K }> | null {
    for (const m of modes) {
      const on = m.mode.on ?? 'data';
      if (m.mode.kind !== kind || m.left <= 0 || (on !== 'any' && on !== scope)) continue;
      m.left -= 1;
      return m.mode as Extract<WechatFakeMode, { kind: K }>;
    }
    return null;
  }

  function issueToken(): string {
    state.tokensIssued += 1;
    state.currentToken = `FAKE_${state.tokensIssued}_${randomBytes(24).toString('base64url')}`;
    return state.currentToken;
  }

  function answerToken(method: string, body: unknown): Answer {
    if (method !== 'POST') return errcode(43002);
    if (!isRecord(body)) return errcode(47001);
    if (body.grant_type !== 'client_credential') return errcode(40002);
    if (!body.appid) return errcode(41002);
    if (!body.secret) return errcode(41004);
    if (body.appid !== state.appId) return errcode(40013);
    if (body.secret !== state.secret) return errcode(40125);
    const token = body.force_refresh === true || !state.currentToken || state.deadTokens.has(state.currentToken) ? issueToken() : state.currentToken;
    return json({ access_token: token, expires_in: state.expiresIn });
  }

  function answerData(endpoint: 'getarticletotaldetail' | 'getarticletotal', method: string, token: string | null, body: unknown): Answer {
    if (!token) return errcode(41001);
    const dead = state.deadTokens.get(token);
    if (dead) return errcode(dead);
    if (token !== state.currentToken) return errcode(40001);
    const reject = take('rejectToken', 'data');
    if (reject) return errcode(reject.errcode ?? 40001);
    const expiry = modes.find((m) => m.mode.kind === 'tokenExpires' && m.left > 0);
    if (expiry && expiry.mode.kind === 'tokenExpires') {
      if (expiry.mode.afterDataCalls <= 0) {
        expiry.left = 0;
        const code = expiry.mode.errcode ?? 42001;
        state.deadTokens.set(token, code);
        return errcode(code);
      }
      expiry.mode.afterDataCalls -= 1;
    }
    if (method !== 'POST') return errcode(43002);
    if (!isRecord(body)) return errcode(47001);
    const { begin_date: begin, end_date: end } = body;
    if (typeof begin !== 'string' || typeof end !== 'string' || !isDay(begin) || !isDay(end)) return errcode(61500);
    if (begin !== end) return errcode(61501);
    if (endpoint === 'getarticletotaldetail' && begin < DETAIL_FROM) return errcode(61501);
    if (state.today && end >= state.today) return errcode(61501);
    let items = state.articles.filter((a) => a.ref_date === begin);
    if (take('repeatItems', 'data')) items = [...items].reverse().concat(items, items.slice(0, 1));
    const visible = (s: FakeStat) => !state.today || s.stat_date < state.today;
    const list = items.map((a) => (endpoint === 'getarticletotaldetail' ? detailItem(a, visible) : legacyItem(a, visible)));
    return json({ list, is_delay: take('delayed', 'data') !== null });
  }

  /** Faults that replace the answer come first, in this order; then the endpoint's own behaviour. */
  function answerFor(scope: 'data' | 'token', name: string, record: RecordedRequest): Answer {
    const broken = take('serverError', scope);
    if (broken) {
      const status = broken.status ?? 502;
      return { status, contentType: 'text/html', body: htmlPage(status, status === 502 ? 'Bad Gateway' : 'Server Error'), label: `http ${status}` };
    }
    const other = take('httpStatus', scope);
    if (other) return { status: other.status, contentType: 'text/plain', body: other.body ?? `HTTP ${other.status}`, label: `http ${other.status}` };
    if (take('malformedJson', scope)) {
      return { status: 200, contentType: 'application/json', body: '{"list":[{"ref_date":"2025-11-01" "msgid":"2247490098_1",}],', label: 'malformed' };
    }
    const raw = take('raw', scope);
    if (raw) return { ...json(null, 'raw'), body: typeof raw.body === 'string' ? raw.body : JSON.stringify(raw.body) };
    const fault = take('errcode', scope);
    if (fault) return errcode(fault.errcode, fault.errmsg);
    if (scope === 'token') return answerToken(record.method, record.body);
    return answerData(name === 'getarticletotal' ? 'getarticletotal' : 'getarticletotaldetail', record.method, record.token, record.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = await readBody(req);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // keep the raw text
    }
    const token = url.searchParams.get('access_token');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      token,
      answer: '',
    };
    requests.push(record);
    const name = url.pathname.split('/').pop() ?? '';
    const scope = url.pathname === '/cgi-bin/stable_token' ? 'token' : DATA_PATHS.has(url.pathname) ? 'data' : null;
    const answer = scope ? answerFor(scope, name, record) : { status: 404, contentType: 'text/html', body: htmlPage(404, 'Not Found'), label: 'http 404' };
    record.answer = answer.label;
    if (!scope) {
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.body);
      return;
    }

    const slowHeaders = take('slowHeaders', scope);
    const slowBody = take('slowBody', scope);
    const truncated = take('truncatedJson', scope);
    if (slowHeaders) {
      record.answer += ' slow-headers';
      await sleep(slowHeaders.delayMs);
    }
    if (res.destroyed) return;
    const bytes = Buffer.from(answer.body, 'utf8');
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    if (truncated) {
      record.answer += truncated.dropConnection ? ' truncated+dropped' : ' truncated';
      res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': truncated.dropConnection ? bytes.length : half.length });
      if (truncated.dropConnection) res.write(half, () => res.destroy());
      else res.end(half);
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': bytes.length });
    if (slowBody) {
      record.answer += ' slow-body';
      res.write(half);
      await sleep(slowBody.delayMs);
      if (!res.destroyed) res.end(bytes.subarray(half.length));
      return;
    }
    res.end(bytes);
  }

  const server = createServer((req, res) => {
    res.on('error', () => {});
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('fake failure');
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    setMode(...next: WechatFakeMode[]) {
      modes = next.map((mode) => ({ mode: { ...mode }, left: mode.times ?? Number.POSITIVE_INFINITY }));
    },
    calls(endpoint: WechatEndpoint) {
      return requests.filter((r) => r.path.endsWith(`/${endpoint}`));
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function detailItem(a: FakeArticle, visible: (s: FakeStat) => boolean) {
  return {
    ref_date: a.ref_date,
    msgid: a.msgid,
    publish_type: a.publish_type ?? 0,
    title: a.title,
    content_url: a.content_url ?? '',
    detail_list: a.stats.filter(visible).map((s) => ({
      stat_date: s.stat_date,
      read_user: s.read_user,
      read_user_source: [
        { user_count: s.read_user, scene_desc: '全部' },
        { user_count: Math.floor(s.read_user / 2), scene_desc: '公众号消息' },
      ],
      share_user: s.share_user,
      zaikan_user: s.zaikan_user ?? 0,
      like_user: s.like_user ?? 0,
      comment_count: s.comment_count ?? 0,
      collection_user: s.collection_user ?? 0,
      praise_money: 0,
      read_subscribe_user: Math.floor(s.read_user * 0.8),
      read_delivery_rate: 0.0271002,
      read_finish_rate: 0.6304348,
      read_avg_activetime: 1.0588236,
      read_jump_position: [{ position: 1, rate: 0.5304147 }],
    })),
  };
}

function legacyItem(a: FakeArticle, visible: (s: FakeStat) => boolean) {
  const zeros = Object.fromEntries(
    ['session', 'hist_msg', 'feed', 'friends', 'other'].flatMap((k) => [
      [`int_page_from_${k}_read_user`, 0],
      [`int_page_from_${k}_read_count`, 0],
    ]),
  );
  const feedZeros = Object.fromEntries(
    ['session', 'feed', 'other'].flatMap((k) => [
      [`feed_share_from_${k}_user`, 0],
      [`feed_share_from_${k}_cnt`, 0],
    ]),
  );
  return {
    ref_date: a.ref_date,
    msgid: a.msgid,
    title: a.title,
    user_source: 0,
    details: a.stats.filter(visible).map((s) => ({
      stat_date: s.stat_date,
      target_user: s.read_user * 10,
      int_page_read_user: s.read_user,
      int_page_read_count: s.read_count ?? s.read_user,
      ori_page_read_user: 0,
      ori_page_read_count: 0,
      share_user: s.share_user,
      share_count: s.share_count ?? s.share_user,
      add_to_fav_user: s.collection_user ?? 0,
      add_to_fav_count: s.collection_user ?? 0,
      ...zeros,
      ...feedZeros,
    })),
  };
}

function htmlPage(status: number, text: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
