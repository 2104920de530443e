import type { MiddlewareHandler } from 'hono';
import { JSON_MAX_BYTES, JSON_MAX_DEPTH } from '../edge/limits.ts';
import { AppError, said, ValidationError } from '../errors.ts';
import type { AppEnv } from './env.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Deepest `[`/`{` nesting outside strings; stops counting once past the limit. */
export function jsonDepth(text: string, limit = JSON_MAX_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (ch === 93 || ch === 125) depth--;
  }
  return max;
}

/**
 * JSON bodies are valid UTF-8, at most JSON_MAX_BYTES and nest no deeper than JSON_MAX_DEPTH, checked before anything parses them
 * (a 3,000-level object would otherwise reach the validators and the database). The decoded text is left in
 * Hono's body cache, so `c.req.json()` parses it once.
 */
export const jsonGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type');
  if (!type || !JSON_TYPE.test(type) || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > JSON_MAX_BYTES) {
    throw new AppError(413, 'payload_too_large', said('err.json.tooLarge', { mb: JSON_MAX_BYTES / 1048576 }), [
      { field: '(body)', message: said('err.json.tooLargeShort') },
    ]);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ValidationError(said('err.json.utf8'), [{ field: '(body)', message: said('err.json.utf8Short') }]);
  }
  if (jsonDepth(text) > JSON_MAX_DEPTH) {
    throw new ValidationError(said('err.json.depth', { max: JSON_MAX_DEPTH }), [
      { field: '(body)', message: said('err.json.depthShort', { max: JSON_MAX_DEPTH }) },
    ]);
  }
  // Hono keeps body promises in this cache (its type names the methods); json() then parses this text.
  (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
  return next();
};
