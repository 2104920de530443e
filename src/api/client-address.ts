import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env.ts';

/**
 * The client's address for throttling and the audit log: the socket's peer, or — only when TRUST_PROXY is
 * set, because anyone can send the header — the last hop X-Forwarded-For names. Null off a real socket
 * (in-process test requests).
 */
export function clientAddress(c: Context<AppEnv>): string | null {
  if (c.get('deps').config.trustProxy) {
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
