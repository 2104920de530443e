import { connect } from 'node:net';
import { Agent, request } from 'undici';
import { networkReason } from './http.ts';

export interface ProbeOutcome {
  ok: boolean;
  latencyMs: number | null;
  error: string | null;
}

/**
 * One check of a monitored endpoint: `tcp://host:port` succeeds when a TCP connection opens,
 * `http(s)://…` when a GET answers with a status below 400, both within the timeout.
 */
export async function probeEndpoint(target: string, timeoutMs: number): Promise<ProbeOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (target.startsWith('tcp://')) {
    const u = new URL(target.replace(/^tcp:/, 'http:'));
    return new Promise((resolve) => {
      const socket = connect({ host: u.hostname, port: Number(u.port) });
      const done = (outcome: ProbeOutcome) => {
        socket.destroy();
        resolve(outcome);
      };
      socket.setTimeout(timeoutMs, () => done({ ok: false, latencyMs: null, error: `连接超时（${timeoutMs} ms）` }));
      socket.once('connect', () => done({ ok: true, latencyMs: elapsed(), error: null }));
      socket.once('error', (err) => done({ ok: false, latencyMs: null, error: probeError(err) }));
    });
  }
  const agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  try {
    const res = await request(target, { method: 'GET', dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
    await res.body.dump();
    return res.statusCode < 400 ? { ok: true, latencyMs: elapsed(), error: null } : { ok: false, latencyMs: elapsed(), error: `HTTP ${res.statusCode}` };
  } catch (err) {
    return { ok: false, latencyMs: null, error: probeError(err, timeoutMs) };
  } finally {
    await agent.close().catch(() => {});
  }
}

/**
 * What probe_results.error keeps of a failure: our words and the error code, never the library's or the
 * peer's text (a TLS error lists the certificate's names; a URL may carry credentials).
 */
function probeError(err: unknown, timeoutMs?: number): string {
  const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `超时（${timeoutMs ?? '?'} ms）`;
  const { code, reason } = networkReason(err, '连接失败');
  return code ? `${reason}（${code}）` : reason;
}
