import { Agent, errors, request } from 'undici';
import { ConnectorError, type ConnectorContext, type HttpTimeouts } from './types.ts';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export interface HttpOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Largest body accepted, in bytes (default 10 MiB); larger is a retryable error, not a crash. */
  maxBytes?: number;
  /** How messages name the endpoint (default: the URL, redacted), e.g. when the URL came from a redirect. */
  label?: string;
}

const agents = new Map<string, Agent>();

/** One keep-alive agent per timeout setting, so connect/headers/body timeouts are undici's own. */
function agentFor(t: HttpTimeouts): Agent {
  const key = `${t.connectMs}/${t.headersMs}/${t.bodyMs}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { timeout: t.connectMs }, headersTimeout: t.headersMs, bodyTimeout: t.bodyMs, keepAliveTimeout: 4_000 });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * The only HTTP client of the connectors: timeouts and size cap enforced, network failures turned into
 * retryable ConnectorErrors that say what happened (no stack traces in run logs).
 */
export async function httpRequest(ctx: ConnectorContext, url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const target = options.label ?? redact(url);
  try {
    const res = await request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      dispatcher: agentFor(ctx.timeouts),
      signal: ctx.signal,
    });
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.body.destroy();
      throw new ConnectorError('retryable', 'too_large', `${target} 响应过大（${declared} 字节，上限 ${maxBytes}）`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > maxBytes) {
        res.body.destroy();
        throw new ConnectorError('retryable', 'too_large', `${target} 响应超过 ${maxBytes} 字节上限`);
      }
      chunks.push(chunk);
    }
    return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) };
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    throw networkError(err, target);
  }
}

/** Network failures in our words, by code: a library's or a peer's own text (a certificate's names …) stays out. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝',
  ECONNRESET: '连接被重置',
  ENOTFOUND: '找不到主机',
  EAI_AGAIN: '无法解析主机名',
  ETIMEDOUT: '连接超时',
  EHOSTUNREACH: '主机不可达',
  ENETUNREACH: '网络不可达',
  EPIPE: '连接已断开',
  UND_ERR_CONNECT_TIMEOUT: '连接超时',
  UND_ERR_HEADERS_TIMEOUT: '等待响应超时',
  UND_ERR_BODY_TIMEOUT: '读取响应超时',
  UND_ERR_SOCKET: '连接被对方关闭',
  UND_ERR_CLOSED: '连接已关闭',
};

/** A network error's code (only a plain `A-Z0-9_` one) and the reason in our words; null code when it has none. */
export function networkReason(err: unknown, fallback: string): { code: string | null; reason: string } {
  const raw = (err as { code?: unknown; cause?: { code?: unknown } })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  const code = typeof raw === 'string' && /^[A-Z0-9_]{1,40}$/.test(raw) ? raw : null;
  if (code === null) return { code, reason: fallback };
  return { code, reason: NETWORK_REASONS[code] ?? (/CERT|TLS|SSL/.test(code) ? '证书或加密连接校验失败' : fallback) };
}

function networkError(err: unknown, target: string): ConnectorError {
  if (err instanceof errors.ConnectTimeoutError) return new ConnectorError('retryable', 'connect_timeout', `连接 ${target} 超时`);
  if (err instanceof errors.HeadersTimeoutError) return new ConnectorError('retryable', 'headers_timeout', `等待 ${target} 响应头超时`);
  if (err instanceof errors.BodyTimeoutError) return new ConnectorError('retryable', 'body_timeout', `读取 ${target} 响应体超时`);
  if (err instanceof errors.RequestAbortedError || (err as Error)?.name === 'AbortError') {
    return new ConnectorError('retryable', 'aborted', `请求 ${target} 被中止`);
  }
  const { code, reason } = networkReason(err, '网络错误');
  return new ConnectorError('retryable', code ?? 'network', `请求 ${target} 失败：${reason}（${code ?? 'network'}）`);
}

/**
 * Error messages name the endpoint, never its credentials: credential-looking query parameters become
 * `***`, and a user name, password or fragment is dropped.
 */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) {
      if (/token|secret|key|sign|appid|pass|auth|code|ticket/i.test(k)) u.searchParams.set(k, '***');
    }
    return u.toString();
  } catch {
    return '（无效的网址）';
  }
}

/** The JSON of a body; anything else is a retryable error that says so without repeating the body. */
export function decodeJson<T>(res: HttpResponse, what: string): T {
  const text = Buffer.from(res.body).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ConnectorError('retryable', 'bad_json', `${what} 返回的不是 JSON（HTTP ${res.status}，${res.body.length} 字节）`);
  }
}

/**
 * An upstream's own short message (WeChat errmsg, Weibo error, a robot's errmsg) as it may be shown: one
 * line, control characters removed, at most `max` characters, and every known secret masked.
 */
export function shortMessage(text: unknown, secrets: readonly (string | null | undefined)[] = [], max = 240): string {
  if (typeof text !== 'string') return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: upstream text is flattened to one printable line
  const controls = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
  let out = text.replace(controls, ' ').replace(/\s+/g, ' ').trim();
  out = out.replace(/((?:access_token|token|key|sign|secret|appsecret|password)=)[^&\s"']+/gi, '$1***');
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  const chars = Array.from(out);
  return chars.length <= max ? out : `${chars.slice(0, max - 1).join('')}…`;
}
