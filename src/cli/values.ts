// Command-line values read with the same edge rules as the API (src/edge): days that exist within
// 2000–2100, ids as canonical digits within 1…2^31−1, text without NUL or control characters. Each
// failure is a UsageError naming the option, so nothing malformed reaches a query.
import { readDay } from '../edge/days.ts';
import { FIRST_DAY, ID_MAX, LAST_DAY, TEXT_MAX } from '../edge/limits.ts';
import { charLength, preview, textProblem } from '../edge/values.ts';
import type { ValueKind } from './specs.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

const ID_TEXT = /^[1-9]\d{0,9}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const FIRST_YEAR = Number(FIRST_DAY.slice(0, 4));
const LAST_YEAR = Number(LAST_DAY.slice(0, 4));
/** `--limit` and the like. */
const COUNT_LIMIT = 1000;
/** A measure definition on the command line. */
const JSON_MAX_CHARS = 10_000;

const got = (s: string): string => `，收到「${preview(s)}」`;

/** An id: canonical decimal digits (no `+1`, `0x10`, `007`) within 1…2^31−1. */
export function readId(value: string, label: string): number {
  const n = ID_TEXT.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= ID_MAX)) throw new UsageError(`${label} 应为 1 至 ${ID_MAX} 之间的整数编号${got(value)}`);
  return n;
}

export function readYearValue(value: string, label = '--year'): number {
  const n = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= FIRST_YEAR && n <= LAST_YEAR)) throw new UsageError(`${label} 应为 ${FIRST_YEAR}–${LAST_YEAR} 之间的四位年份${got(value)}`);
  return n;
}

export function readDayValue(value: string, label: string): string {
  const r = readDay(value);
  if (!r.ok) throw new UsageError(`${label}：${r.reason}${r.reason.includes(value.trim()) ? '' : got(value)}`);
  return r.value;
}

function readText(value: string, label: string, max: number, multiline = false): string {
  const s = value.trim();
  const problem = textProblem(s, multiline);
  if (problem) throw new UsageError(`${label}：${problem}`);
  if (s === '') throw new UsageError(`${label} 不能为空`);
  if (charLength(s) > max) throw new UsageError(`${label} 过长（最多 ${max} 个字）`);
  return s;
}

/**
 * A project: its id, or its exact name. All digits means an id (and must be a valid one: `99999999999`
 * is a typo, not a name); anything else is a name.
 */
export function readProject(value: string, label: string): string {
  const s = readText(value, label, TEXT_MAX.title);
  if (/^\d+$/.test(s)) readId(s, `${label}（项目编号）`);
  return s;
}

/** One value of `kind`, converted; a UsageError naming `label` when it does not fit. */
export function readValue(kind: ValueKind, value: string, label: string, choices?: readonly string[]): string | number | string[] {
  if (choices && kind !== 'list') {
    if (!choices.includes(value)) throw new UsageError(`${label} 应为 ${choices.join(' / ')} 之一${got(value)}`);
    return value;
  }
  switch (kind) {
    case 'year':
      return readYearValue(value, label);
    case 'day':
      return readDayValue(value, label);
    case 'id':
      return readId(value, label);
    case 'project':
      return readProject(value, label);
    case 'count': {
      const n = /^[1-9]\d{0,6}$/.test(value) ? Number(value) : Number.NaN;
      if (!(n <= COUNT_LIMIT)) throw new UsageError(`${label} 应为 1 至 ${COUNT_LIMIT} 之间的整数${got(value)}`);
      return n;
    }
    case 'days': {
      const n = /^[1-9]\d{0,3}$/.test(value) ? Number(value) : Number.NaN;
      if (!(n <= 3650)) throw new UsageError(`${label} 应为 1 至 3650 之间的天数${got(value)}`);
      return n;
    }
    case 'env':
      if (!ENV_NAME.test(value)) throw new UsageError(`${label} 应为环境变量名（大写字母、数字、下划线，如 JIXIAO_SECRET_WX），机密本身不入库${got(value)}`);
      return value;
    case 'url': {
      const s = readText(value, label, TEXT_MAX.url);
      if (!URL.canParse(s)) throw new UsageError(`${label} 应为网址，如 https://example.org/feed 或 tcp://10.0.0.1:443${got(value)}`);
      return s;
    }
    case 'json':
      return readText(value, label, JSON_MAX_CHARS, true);
    case 'list': {
      const items = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const bad = items.filter((s) => choices && !choices.includes(s));
      if (items.length === 0 || bad.length > 0) throw new UsageError(`${label} 应为 ${(choices ?? []).join(',')} 中的一项或多项（逗号分隔）${got(value)}`);
      return [...new Set(items)];
    }
    case 'file':
      return readText(value, label, 4096);
    case 'text':
      return readText(value, label, TEXT_MAX.name);
  }
}
