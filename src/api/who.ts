import type { Context } from 'hono';
import type { Authorship } from '../services/entries.ts';
import type { AppEnv } from './env.ts';

/** Who is writing: always the credential's user (docs/design.md "Access"), never a header or a body field. */
export function whoFrom(c: Context<AppEnv>, source: string): Authorship {
  const actor = c.get('actor');
  return { source, author: actor.name, now: c.get('deps').now(), actor };
}
