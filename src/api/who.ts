import type { Context, MiddlewareHandler } from 'hono';
import { TEXT_MAX } from '../edge/limits.ts';
import { charLength, textProblem } from '../edge/values.ts';
import { ValidationError } from '../errors.ts';
import type { Authorship } from '../services/entries.ts';
import type { AppEnv } from './env.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * `X-User` as sent: Node hands header bytes over as Latin-1 code units, so a raw UTF-8 name
 * (`宣传科小王`) arrives as mojibake and is decoded here; a percent-encoded name is decoded too. Anything else
 * (bad percent escapes, bytes that are not UTF-8, control characters, over-long) is the caller's error.
 */
export function readUserHeader(value: string | undefined): string | null {
  if (value === undefined) return null;
  let name = value;
  if ([...name].some((ch) => ch.charCodeAt(0) > 0x7f)) {
    if ([...name].some((ch) => ch.charCodeAt(0) > 0xff)) throw badUser('含有无法识别的字符');
    try {
      name = strictUtf8.decode(Uint8Array.from(name, (ch) => ch.charCodeAt(0)));
    } catch {
      throw badUser('不是有效的 UTF-8 编码');
    }
  }
  if (name.includes('%')) {
    try {
      name = decodeURIComponent(name);
    } catch {
      throw badUser('百分号编码无效（如 %ZZ）');
    }
  }
  name = name.trim();
  const problem = textProblem(name, false);
  if (problem) throw badUser(problem);
  if (charLength(name) > TEXT_MAX.person) throw badUser(`过长（最多 ${TEXT_MAX.person} 个字）`);
  return name === '' ? null : name;
}

function badUser(message: string): ValidationError {
  return new ValidationError(`操作人（X-User）：${message}`, [{ field: 'x-user', message }]);
}

/**
 * Who is writing. Until authentication lands the caller names itself in `X-User`; the header is the seam
 * the auth middleware will fill.
 */
export function whoFrom(c: Context<AppEnv>, source: string): Authorship {
  return { source, author: c.get('user') ?? null, now: c.get('deps').now() };
}

/** Reads `X-User` once per request, so a badly encoded one is a 400 on any route, read or write. */
export const userHeader: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('user', readUserHeader(c.req.header('x-user')));
  await next();
};
