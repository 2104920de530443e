// Numbers and text read strictly at the edge (docs/design.md "Input at the edges"): no null → 0, no
// true → 1, no hex, no blank strings; no NUL or lone surrogates in text, which PostgreSQL refuses or stores
// as garbage. Pure; the zod schemas in schemas.ts wrap these.
import type { Read } from './days.ts';

// A plain decimal as people type it; `+1`, `0x1F`, `1e3`, `.5` and `1,000` are not.
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** A finite number, from a JSON number or a plain decimal string (spreadsheets send strings). */
export function readNumber(input: unknown): Read<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: '应为有限的数字' };
  }
  if (typeof input === 'string') {
    const s = input.trim();
    if (s === '') return { ok: false, reason: '应为数字，不能为空' };
    if (!DECIMAL.test(s)) return { ok: false, reason: `应为十进制数字，收到「${preview(s)}」` };
    const n = Number(s);
    return Number.isFinite(n) ? { ok: true, value: n === 0 ? 0 : n } : { ok: false, reason: '数字过大' };
  }
  if (typeof input === 'boolean') return { ok: false, reason: '应为数字，不能是 true/false' };
  if (input === null || input === undefined) return { ok: false, reason: '应为数字，不能为空' };
  return { ok: false, reason: '应为数字' };
}

/** Decimal places of a finite number as written in its shortest round-trip form (0.1 + 0.2 has 17). */
export function decimalPlaces(n: number): number {
  const s = String(n);
  if (s.includes('e-')) return Number(s.split('e-')[1]) + (s.split('e-')[0]!.split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

// Lone surrogates cannot be stored as UTF-8; NUL ends a C string in PostgreSQL.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Other C0 controls except tab and line breaks; DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The problem with a piece of text, or null. `multiline` admits line breaks (notes), not names. */
export function textProblem(s: string, multiline: boolean): string | null {
  if (s.includes('\u0000')) return '含有空字符（NUL），请删除后再提交';
  if (LONE_SURROGATE.test(s)) return '含有无效的 Unicode 字符';
  if (CONTROL.test(s)) return '含有不可见的控制字符';
  if (!multiline && /[\r\n]/.test(s)) return '不能换行';
  return null;
}

/** Length in characters as people count them (a CJK character or an emoji is one). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

export function preview(s: string, max = 20): string {
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}
