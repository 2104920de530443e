// The project and the caller's id a bulk row names, read with the edge rules (src/edge): a project is an id
// within 1…2^31−1 or a name; neither may hold NUL or control characters, and both have a length cap.
import type { Read } from '../edge/days.ts';
import { ID_MAX, TEXT_MAX } from '../edge/limits.ts';
import { charLength, textProblem } from '../edge/values.ts';

const ID_TEXT = /^[1-9]\d{0,9}$/;
const ID_PROBLEM = `项目编号应为 1 至 ${ID_MAX} 之间的整数`;

function cleanText(s: string, max: number): Read<string> {
  const problem = textProblem(s, false);
  if (problem) return { ok: false, reason: problem };
  if (charLength(s) > max) return { ok: false, reason: `过长（最多 ${max} 个字）` };
  return { ok: true, value: s };
}

/** A bare whole number is a project id; any other text is the project's exact name; blank is none. */
export function readProjectRef(value: unknown): Read<string | number | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 && value <= ID_MAX ? { ok: true, value } : { ok: false, reason: ID_PROBLEM };
  }
  if (typeof value !== 'string') return { ok: false, reason: '应为项目编号（整数）或项目名称' };
  const s = value.trim();
  if (s === '') return { ok: true, value: null };
  if (/^\d+$/.test(s)) {
    const n = ID_TEXT.test(s) ? Number(s) : Number.NaN;
    return n >= 1 && n <= ID_MAX ? { ok: true, value: n } : { ok: false, reason: ID_PROBLEM };
  }
  return cleanText(s, TEXT_MAX.title);
}

/** The caller's own id of an entry (text or a number), for idempotent re-imports; blank is none. */
export function readExternalId(value: unknown): Read<string | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value: String(value) } : { ok: false, reason: '应为文本或数字' };
  if (typeof value !== 'string') return { ok: false, reason: '应为文本或数字' };
  const s = value.trim();
  return s === '' ? { ok: true, value: null } : cleanText(s, TEXT_MAX.name);
}
