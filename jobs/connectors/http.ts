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
  const target = redact(url);
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

function networkError(err: unknown, target: string): ConnectorError {
  if (err instanceof errors.ConnectTimeoutError) return new ConnectorError('retryable', 'connect_timeout', `连接 ${target} 超时`);
  if (err instanceof errors.HeadersTimeoutError) return new ConnectorError('retryable', 'headers_timeout', `等待 ${target} 响应头超时`);
  if (err instanceof errors.BodyTimeoutError) return new ConnectorError('retryable', 'body_timeout', `读取 ${target} 响应体超时`);
  if (err instanceof errors.RequestAbortedError || (err as Error)?.name === 'AbortError') {
    return new ConnectorError('retryable', 'aborted', `请求 ${target} 被中止`);
  }
  const code = (err as { code?: string })?.code ?? 'network';
  return new ConnectorError('retryable', code, `请求 ${target} 失败：${(err as Error)?.message ?? String(err)}`);
}

/** Error messages name the endpoint, never its credentials. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    for (const k of [...u.searchParams.keys()]) {
      if (/token|secret|key|sign|appid/i.test(k)) u.searchParams.set(k, '***');
    }
    return u.toString();
  } catch {
    return url;
  }
}

export function decodeJson<T>(res: HttpResponse, what: string): T {
  const text = Buffer.from(res.body).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    const snippet = text.slice(0, 80).replace(/\s+/g, ' ');
    throw new ConnectorError('retryable', 'bad_json', `${what} 返回的不是 JSON（HTTP ${res.status}）：${snippet}`);
  }
}
