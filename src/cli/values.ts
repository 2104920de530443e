// Command-line values read with the same edge rules as the API (src/edge): days that exist within
// 2000–2100, ids as canonical digits within 1…2^31−1, text without NUL or control characters. Each
// failure is a UsageError naming the option, so nothing malformed reaches a query.
import { readDay } from '../edge/days.ts';
import { FIRST_DAY, ID_MAX, LAST_DAY, TEXT_MAX } from '../edge/limits.ts';
import { charLength, preview, textProblem } from '../edge/values.ts';
import type { ValueKind } from './specs.ts';
import { inLanguage, type Message, type Said, said, type Text } from '../errors.ts';
import { heard } from '../edge/words.ts';
import type { Language } from '../format/status-labels.ts';

/** A command line that cannot be run as written: exit 2 with the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The catalogue message, when there is one: `.message` is its Chinese. */
  readonly said: Text | null;
  constructor(message: Message) {
    super(inLanguage(message, 'zh'));
    this.said = typeof message === 'string' ? null : message;
  }
  messageIn(language: Language): string {
    return this.said ? this.said.in(language) : this.message;
  }
}

const ID_TEXT = /^[1-9]\d{0,9}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const FIRST_YEAR = Number(FIRST_DAY.slice(0, 4));
const LAST_YEAR = Number(LAST_DAY.slice(0, 4));
/** `--limit` and the like. */
const COUNT_LIMIT = 1000;
/** A measure definition on the command line. */
const JSON_MAX_CHARS = 10_000;

const got = (s: string): Said => said('err.cli.got', { value: preview(s) });

/** An id: canonical decimal digits (no `+1`, `0x10`, `007`) within 1…2^31−1. */
export function readId(value: string, label: Message): number {
  const n = ID_TEXT.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= ID_MAX)) throw new UsageError(said('err.cli.id', { label, max: ID_MAX, got: got(value) }));
  return n;
}

export function readYearValue(value: string, label: Message = '--year'): number {
  const n = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= FIRST_YEAR && n <= LAST_YEAR)) throw new UsageError(said('err.cli.year', { label, first: FIRST_YEAR, last: LAST_YEAR, got: got(value) }));
  return n;
}

export function readDayValue(value: string, label: Message): string {
  const r = readDay(value);
  if (!r.ok) throw new UsageError(said('err.cli.problem', { label, problem: heard(r.reason), got: r.reason.includes(value.trim()) ? '' : got(value) }));
  return r.value;
}

function readText(value: string, label: Message, max: number, multiline = false): string {
  const s = value.trim();
  const problem = textProblem(s, multiline);
  if (problem) throw new UsageError(said('err.cli.problem', { label, problem: heard(problem), got: '' }));
  if (s === '') throw new UsageError(said('err.cli.empty', { label }));
  if (charLength(s) > max) throw new UsageError(said('err.cli.tooLong', { label, max }));
  return s;
}

/**
 * A project: its id, or its exact name. All digits means an id (and must be a valid one: `99999999999`
 * is a typo, not a name); anything else is a name.
 */
export function readProject(value: string, label: Message): string {
  const s = readText(value, label, TEXT_MAX.title);
  if (/^\d+$/.test(s)) readId(s, said('err.cli.projectId', { label }));
  return s;
}

/** One value of `kind`, converted; a UsageError naming `label` when it does not fit. */
export function readValue(kind: ValueKind, value: string, label: Message, choices?: readonly string[]): string | number | string[] {
  if (choices && kind !== 'list') {
    if (!choices.includes(value)) throw new UsageError(said('err.cli.choice', { label, choices: choices.join(' / '), got: got(value) }));
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
      if (!(n <= COUNT_LIMIT)) throw new UsageError(said('err.cli.count', { label, max: COUNT_LIMIT, got: got(value) }));
      return n;
    }
    case 'days': {
      const n = /^[1-9]\d{0,3}$/.test(value) ? Number(value) : Number.NaN;
      if (!(n <= 3650)) throw new UsageError(said('err.cli.days', { label, max: 3650, got: got(value) }));
      return n;
    }
    case 'env':
      if (!ENV_NAME.test(value)) throw new UsageError(said('err.cli.env', { label, got: got(value) }));
      return value;
    case 'url': {
      const s = readText(value, label, TEXT_MAX.url);
      if (!URL.canParse(s)) throw new UsageError(said('err.cli.url', { label, got: got(value) }));
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
      if (items.length === 0 || bad.length > 0) throw new UsageError(said('err.cli.list', { label, choices: (choices ?? []).join(','), got: got(value) }));
      return [...new Set(items)];
    }
    case 'file':
      return readText(value, label, 4096);
    case 'text':
      return readText(value, label, TEXT_MAX.name);
  }
}
