import type { Context } from 'hono';
import { ValidationError } from '../errors.ts';
import type { AppEnv } from './env.ts';

/** A file sent as multipart field `file`, or as the raw body (named by `fileName`). */
export async function readUpload(c: Context<AppEnv>, fileName: string | undefined): Promise<{ fileName: string; bytes: Uint8Array }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.formData().catch(() => {
      throw new ValidationError('无法解析 multipart 表单');
    });
    const file = form.get('file');
    if (!(file instanceof File)) throw new ValidationError('表单中缺少文件字段 file', { field: 'file' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length === 0) throw new ValidationError('上传的文件为空', { field: 'file' });
    return { fileName: fileName ?? (file.name || 'upload'), bytes };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new ValidationError('请求体为空：请上传文件（multipart 字段 file）或直接提交文本', { field: 'body' });
  return { fileName: fileName ?? (type.startsWith('text/') ? 'pasted.txt' : 'upload'), bytes };
}
