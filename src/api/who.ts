import type { Context } from 'hono';
import type { Authorship } from '../services/entries.ts';
import type { AppEnv } from './env.ts';

/**
 * Who is writing. Until authentication lands (web issue) the caller names itself in `X-User`;
 * the header is the seam the auth middleware will fill.
 */
export function whoFrom(c: Context<AppEnv>, source: string): Authorship {
  const user = c.req.header('x-user');
  return { source, author: user ? decodeURIComponent(user).slice(0, 200) : null, now: c.get('deps').now() };
}
