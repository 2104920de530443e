import type { Context } from 'hono';
import { said, ValidationError } from '../errors.ts';
import type { AppEnv } from './env.ts';

/** A file sent as multipart field `file`, or as the raw body (named by `fileName`). */
export async function readUpload(c: Context<AppEnv>, fileName: string | undefined): Promise<{ fileName: string; bytes: Uint8Array }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.formData().catch(() => {
      throw new ValidationError(said('err.upload.form'));
    });
    const file = form.get('file');
    if (!(file instanceof File)) throw new ValidationError(said('err.upload.noFile'), { field: 'file' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length === 0) throw new ValidationError(said('err.upload.emptyFile'), { field: 'file' });
    return { fileName: fileName ?? (file.name || 'upload'), bytes };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new ValidationError(said('err.upload.emptyBody'), { field: 'body' });
  return { fileName: fileName ?? (type.startsWith('text/') ? 'pasted.txt' : 'upload'), bytes };
}
