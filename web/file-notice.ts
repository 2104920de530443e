import type { Context } from 'hono';
import { IdText } from '../src/edge/schemas.ts';
import { getFile } from '../src/services/supporting-files.ts';
import type { WebEnv } from './env.ts';

// What the last post on a supporting file did, said on the page it redirected to (post/redirect/get): the query
// names the file and the outcome, the words come from the file itself (its name), read with the viewer's access.

export type FileOutcome = 'uploaded' | 'duplicate' | 'removed';

/** `?file=ID&did=…` for the redirect after a post. */
export const outcomeQuery = (fileId: number, did: FileOutcome) => `file=${fileId}&did=${did}`;

/** The notice for `?file=ID&did=…`, or null (none, or a file this viewer may not read). */
export async function fileNotice(c: Context<WebEnv>): Promise<string | null> {
  const id = IdText.safeParse(c.req.query('file') ?? '');
  const did = c.req.query('did');
  if (!id.success || (did !== 'uploaded' && did !== 'duplicate' && did !== 'removed')) return null;
  const file = await getFile(c.get('deps').db, id.data, c.var.actor).catch(() => null);
  if (!file) return null;
  const key = did === 'uploaded' ? 'files.uploaded' : did === 'duplicate' ? 'files.duplicate' : 'files.removedDone';
  return c.var.t(key, { name: file.fileName });
}
