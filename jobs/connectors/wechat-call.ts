// One WeChat Official Account API call: HTTP status, JSON body and the `errcode` envelope, turned into
// either a body or a typed ConnectorError. WeChat answers errors with HTTP 200
// `{"errcode":N,"errmsg":"… rid: …"}`; a successful call has no errcode (or errcode 0).
import { decodeJson, httpRequest, redact, shortMessage } from './http.ts';
import { ConnectorError, type ConnectorContext } from './types.ts';

export interface WechatSettings {
  appId: string;
  /** Name of the environment variable holding the AppSecret (the database stores only the name). */
  secretEnv: string;
  /** Default https://api.weixin.qq.com; WECHAT_API_BASE is applied by the caller. */
  baseUrl?: string | null;
}

export const WECHAT_BASE = 'https://api.weixin.qq.com';

/** The access_token was rejected: refresh once and retry the call once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** Spent daily quota / frequency cap: stop, the next slot tries again. */
const QUOTA_ERRCODES: ReadonlySet<number> = new Set([45009]);

/** Transient on WeChat's side: the run retries with backoff. */
const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45011]);

/**
 * Wrong credentials, IP not whitelisted, no permission, or a request jixiao should never have built
 * (missing parameters, bad dates, wrong method): retrying cannot help, a person must act.
 * 40001/40014/42001 land here only after the one refresh-and-retry.
 */
const CONFIG_ERRCODES: ReadonlySet<number> = new Set([
  40001, 40002, 40013, 40014, 40097, 40125, 40164, 41001, 41002, 41004, 42001, 43002, 47001, 48001, 50001, 50002, 61500, 61501,
]);

export type WechatReply = { ok: true; body: Record<string, unknown> } | { ok: false; errcode: number; errmsg: string };

/** `<base><path>` with the base's own path prefix kept (a gateway may mount the API under one). */
export function wechatUrl(settings: WechatSettings, path: string, token?: string): string {
  const base = (settings.baseUrl?.trim() || WECHAT_BASE).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(base + path);
  } catch {
    throw new ConnectorError('config', 'bad_base_url', `微信接口地址无效：${redact(base)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConnectorError('config', 'bad_base_url', `微信接口地址无效：${redact(base)}`);
  }
  if (token !== undefined) url.searchParams.set('access_token', token);
  return url.toString();
}

/** Removes credentials from a message, whatever produced it. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('***');
  return out;
}

/**
 * The ConnectorError for an upstream errcode; the message keeps the upstream's errmsg (with its rid), one
 * line and short (shortMessage): WeChat's errcode and errmsg are all of its answer that is ever shown.
 */
export function wechatError(errcode: number, errmsg: string, secrets: readonly string[], suffix = ''): ConnectorError {
  const message = scrub(`微信接口错误 ${errcode}：${shortMessage(errmsg, secrets) || '（无说明）'}${suffix}`, secrets);
  const code = String(errcode);
  if (QUOTA_ERRCODES.has(errcode)) return new ConnectorError('quota', code, message);
  if (RETRYABLE_ERRCODES.has(errcode)) return new ConnectorError('retryable', code, message);
  if (CONFIG_ERRCODES.has(errcode)) return new ConnectorError('config', code, message);
  // Unknown codes: most undocumented ones are transient, and the run's retries are bounded, after which
  // it fails with this same message; a permanent one therefore still surfaces, only a few calls later.
  return new ConnectorError('retryable', code, message);
}

/**
 * POSTs JSON to a WeChat endpoint. Transport failures, non-JSON and bad HTTP statuses throw; an errcode
 * comes back as `{ ok: false }` so the caller can treat token errors specially.
 */
export async function postWechat(ctx: ConnectorContext, url: string, payload: unknown, secrets: readonly string[]): Promise<WechatReply> {
  const what = `微信 ${new URL(url).pathname}`;
  try {
    const res = await httpRequest(ctx, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
      maxBytes: 20 * 1024 * 1024,
    });
    if (res.status === 429) {
      throw new ConnectorError('retryable', 'http_429', `${what} 请求过于频繁（HTTP 429）`, retryAfterMs(res.headers['retry-after'], ctx.now()));
    }
    if (res.status >= 500) throw new ConnectorError('retryable', `http_${res.status}`, `${what} 服务端错误（HTTP ${res.status}）`);
    if (res.status < 200 || res.status >= 300) {
      // A 4xx/3xx from the API or a gateway in front of it: wrong base URL, proxy rules, a login page.
      throw new ConnectorError('config', `http_${res.status}`, `${what} 返回 HTTP ${res.status}，请检查接口地址和网关配置（${redact(url)}）`);
    }
    const body = decodeJson<unknown>(res, what);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ConnectorError('retryable', 'bad_payload', `微信返回的数据格式异常：${what} 的响应不是 JSON 对象`);
    }
    const record = body as Record<string, unknown>;
    if (record.errcode === undefined || record.errcode === null) return { ok: true, body: record };
    const errcode = typeof record.errcode === 'string' && /^-?\d+$/.test(record.errcode) ? Number(record.errcode) : record.errcode;
    if (typeof errcode !== 'number' || !Number.isInteger(errcode)) {
      throw new ConnectorError('retryable', 'bad_payload', `微信返回的数据格式异常：${what} 的 errcode 不是整数`);
    }
    if (errcode === 0) return { ok: true, body: record };
    return { ok: false, errcode, errmsg: typeof record.errmsg === 'string' ? record.errmsg : '' };
  } catch (err) {
    if (err instanceof ConnectorError) {
      const message = scrub(err.message, secrets);
      if (message === err.message) throw err;
      throw new ConnectorError(err.kind, err.code, message, err.retryAfterMs);
    }
    throw err;
  }
}

/** Retry-After in seconds or as an HTTP date → milliseconds, or null when absent or unreadable. */
function retryAfterMs(header: string | string[] | undefined, now: Date): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
