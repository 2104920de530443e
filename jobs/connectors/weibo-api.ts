// One Weibo API call: request, parse (int64 ids kept exact), and map Weibo's error bodies
// `{"error","error_code","request"}` — error_code is a number or a string — to ConnectorErrors.
import { decodeJson, httpRequest, redact, shortMessage, type HttpResponse } from './http.ts';
import { shownName } from '../../src/services/outbound-rules.ts';
import { secretValue } from './outbound.ts';
import { ConnectorError, type ConnectorContext } from './types.ts';

/** Token family and request errors retrying cannot fix: fail the run with Weibo's code and text. */
const CONFIG_CODES = new Set([10006, 21301, 21314, 21315, 21316, 21317, 21318, 21319, 21327, 21332]);
/** Hourly rate limits: IP (10022), user (10023), user per API (10024). */
const RATE_LIMIT_CODES = new Set([10022, 10023, 10024]);
/** System error, service unavailable, remote service error, busy, job expired, RPC error. */
const TRANSIENT_CODES = new Set([10001, 10002, 10003, 10009, 10010, 10011]);
/** Weibo's rate-limit windows are an hour long; retrying sooner only spends the next window. */
export const WEIBO_RATE_LIMIT_WAIT_MS = 60 * 60 * 1000;

/** The access_token, from the `JIXIAO_SECRET_*` variable the channel names (no other name is read). */
export function weiboToken(ctx: ConnectorContext, tokenEnv: string): string {
  const token = secretValue(ctx, tokenEnv, '微博渠道的设置 tokenEnv');
  if (!token) throw new ConnectorError('config', 'missing_token', `未设置环境变量 ${shownName(tokenEnv)}（微博 access_token）`);
  return token;
}

/** `base` + `path` with query parameters; a malformed configured URL is a configuration error. */
export function weiboUrl(base: string, path: string, params: Record<string, string | null>): string {
  let url: URL;
  try {
    url = new URL(base.replace(/\/+$/, '') + path);
  } catch {
    throw new ConnectorError('config', 'bad_url', `微博接口地址无效：${redact(base)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConnectorError('config', 'bad_url', `微博接口地址无效：${redact(base)}`);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * GET a Weibo endpoint and return its parsed JSON. An error body wins over the HTTP status (Weibo sends
 * its errors with 4xx statuses); without one, 5xx/408/429 are retryable, other non-2xx are configuration
 * (wrong base URL), and a 2xx that is not JSON (HTML, truncated) is retryable.
 */
export async function getWeiboJson(ctx: ConnectorContext, url: string, what: string, secrets: readonly string[] = []): Promise<unknown> {
  const res = await httpRequest(ctx, url, { headers: { accept: 'application/json' } });
  const text = Buffer.from(res.body).toString('utf8');
  let body: unknown;
  let parsed = true;
  try {
    body = JSON.parse(quoteBigIds(text));
  } catch {
    parsed = false;
  }
  if (parsed && isErrorBody(body)) throw weiboError(body, res, secrets);
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    throw new ConnectorError('retryable', `http_${res.status}`, `${what}（${redact(url)}）返回 HTTP ${res.status}`, retryAfter(res));
  }
  if (res.status < 200 || res.status >= 300) {
    throw new ConnectorError('config', `http_${res.status}`, `${what}（${redact(url)}）返回 HTTP ${res.status}，请检查接口地址`);
  }
  if (!parsed) decodeJson(res, what); // throws the shared retryable bad_json error
  return body;
}

interface WeiboErrorBody {
  error_code: unknown;
  error?: unknown;
  request?: unknown;
}

function isErrorBody(body: unknown): body is WeiboErrorBody {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'error_code' in body;
}

/**
 * Weibo's error_code and error are all of its answer that is shown: a code that is not a short word
 * (`21327`, `201XX`) is `unknown`, the text one short line (shortMessage), never the `request` it echoes (it carries the query).
 */
export function weiboError(body: WeiboErrorBody, res?: HttpResponse, secrets: readonly string[] = []): ConnectorError {
  const given = typeof body.error_code === 'number' || typeof body.error_code === 'string' ? String(body.error_code).trim() : '';
  const code = /^[0-9A-Za-z_]{1,16}$/.test(given) ? given : 'unknown';
  const text = shortMessage(body.error, secrets, 160) || '未知错误';
  const message = `微博接口错误 ${code}：${text}`;
  const n = /^\d+$/.test(code) ? Number(code) : NaN;
  if (RATE_LIMIT_CODES.has(n)) {
    return new ConnectorError('retryable', code, message, (res && retryAfter(res)) ?? WEIBO_RATE_LIMIT_WAIT_MS);
  }
  if (TRANSIENT_CODES.has(n)) return new ConnectorError('retryable', code, message);
  if (CONFIG_CODES.has(n)) return new ConnectorError('config', code, message);
  // Codes we do not know (permissions, bad parameters, '201XX'…) fail at once too: a person has to read
  // the message, and retrying would only spend the hourly rate limit.
  return new ConnectorError('config', code, message);
}

function retryAfter(res: HttpResponse): number | null {
  const raw = res.headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/**
 * Weibo sends int64 ids as bare JSON numbers (`"id":3468865533114224`); above 2^53 JSON.parse rounds
 * them. Quote long `id`/`mid` numbers before parsing so they arrive as exact strings.
 */
export function quoteBigIds(text: string): string {
  return text.replace(/("(?:id|mid)"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}
