// Numbers and text read strictly at the edge (docs/design.md "Input at the edges"): no null → 0, no
// true → 1, no hex, no blank strings; no NUL or lone surrogates in text, which PostgreSQL refuses or stores
// as garbage. Pure; the zod schemas in schemas.ts wrap these.
import type { Read } from './days.ts';
import { said } from '../errors.ts';
import { say } from './words.ts';

// A plain decimal as people type it; `+1`, `0x1F`, `1e3`, `.5` and `1,000` are not.
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** A finite number, from a JSON number or a plain decimal string (spreadsheets send strings). */
export function readNumber(input: unknown): Read<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: say(said('err.value.finite')) };
  }
  if (typeof input === 'string') {
    const s = input.trim();
    if (s === '') return { ok: false, reason: say(said('err.value.numberEmpty')) };
    if (!DECIMAL.test(s)) return { ok: false, reason: say(said('err.value.decimal', { got: preview(s) })) };
    const n = Number(s);
    return Number.isFinite(n) ? { ok: true, value: n === 0 ? 0 : n } : { ok: false, reason: say(said('err.value.tooBig')) };
  }
  if (typeof input === 'boolean') return { ok: false, reason: say(said('err.value.boolean')) };
  if (input === null || input === undefined) return { ok: false, reason: say(said('err.value.numberEmpty')) };
  return { ok: false, reason: say(said('err.value.number')) };
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
  if (s.includes('\u0000')) return say(said('err.text.nul'));
  if (LONE_SURROGATE.test(s)) return say(said('err.text.surrogate'));
  if (CONTROL.test(s)) return say(said('err.text.control'));
  if (!multiline && /[\r\n]/.test(s)) return say(said('err.text.lineBreak'));
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
