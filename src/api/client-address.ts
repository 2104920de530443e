import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env.ts';

/**
 * The client's address for throttling and the audit log: the socket's peer, or — only when TRUST_PROXY is
 * set, because anyone can send the header — the last hop X-Forwarded-For names. Null off a real socket
 * (in-process test requests).
 */
// biome-ignore lint/suspicious/noExplicitAny: any context whose variables include the app's deps (the API's and the pages')
export function clientAddress<E extends AppEnv = AppEnv>(c: Context<E, any>): string | null {
  if ((c as unknown as Context<AppEnv>).get('deps').config.trustProxy) {
    const forwarded = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (forwarded && forwarded.length <= 64) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}
