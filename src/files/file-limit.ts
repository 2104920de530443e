import { AppError, said } from '../errors.ts';
import { formatFileSize } from '../format/index.ts';

/**
 * What a multipart form adds around its file (boundaries, part headers, a caption, the page's token): a body may be
 * this much over UPLOAD_LIMIT_MB, so a file of exactly the limit gets in; the file itself is then held to the limit.
 */
export const FORM_ENVELOPE_BYTES = 65_536;

/** A 413 naming the file and its size, beside the field `file` (docs/design.md "Supporting files"). */
export function fileTooLarge(name: string, size: number, limitBytes: number): AppError {
  const words = said('err.file.tooLarge', { name, size: formatFileSize(size), mb: Math.round(limitBytes / 1_048_576) });
  return new AppError(413, 'payload_too_large', words, [{ field: 'file', message: words }]);
}

/** The words of a 413 for a request body over the limit (a body is not one named file). */
export const bodyTooLargeWords = (limitBytes: number) => said('err.http.uploadTooLarge', { mb: Math.round(limitBytes / 1_048_576) });
