import type { Context } from 'hono';
import { said, ValidationError } from '../errors.ts';
import { fileTooLarge } from '../files/file-limit.ts';
import type { AppEnv } from './env.ts';

/** A file sent as multipart field `file` (with the form's other text fields), or as the raw body (named by `fileName`). */
export async function readUpload(
  c: Context<AppEnv>,
  fileName: string | undefined,
): Promise<{ fileName: string; bytes: Uint8Array; fields: Record<string, string> }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.formData().catch(() => {
      throw new ValidationError(said('err.upload.form'));
    });
    const file = form.get('file');
    if (!(file instanceof File)) throw new ValidationError(said('err.upload.noFile'), { field: 'file' });
    // The body limit let the form's envelope through; the file itself is held to the limit, as a raw body is.
    const limit = c.get('deps').config.uploadLimitBytes;
    if (file.size > limit) throw fileTooLarge(file.name || 'upload', file.size, limit);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length === 0) throw new ValidationError(said('err.upload.emptyFile'), { field: 'file' });
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === 'string') fields[k] = v;
    return { fileName: fileName ?? (file.name || 'upload'), bytes, fields };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new ValidationError(said('err.upload.emptyBody'), { field: 'body' });
  return { fileName: fileName ?? (type.startsWith('text/') ? 'pasted.txt' : 'upload'), bytes, fields: {} };
}

/** The request body of a file upload (multipart `file`, or the bytes themselves), for a route's OpenAPI. */
export const uploadBody = {
  required: true,
  content: {
    'multipart/form-data': { schema: { type: 'object' as const, properties: { file: { type: 'string' as const, format: 'binary' } }, required: ['file'] } },
    'text/plain': { schema: { type: 'string' as const } },
    'application/octet-stream': { schema: { type: 'string' as const, format: 'binary' } },
  },
};
