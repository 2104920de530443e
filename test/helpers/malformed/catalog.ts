// The malformed values, per meaning of a field, each classified: "reject" when it is definitely invalid
// (issue 7: an id out of 1…2^31−1 or not written canonically, a date that does not exist or lies outside
// 2000–2100, NUL or a lone surrogate in text, null/boolean/hex/blank where a number is needed, over-long
// text, deep nesting, negative money), "accept" when the API promised to take it (a date given as an ISO
// instant), and "may" otherwise — those only have to be answered without a 5xx or a leak.
import { type Expect, RawJson } from './draft.ts';
import type { Semantic } from './fields.ts';
import { KNOWN_ENUMS } from './fields.ts';
import type { Shape } from './openapi.ts';

export interface ValueVariant {
  label: string;
  value: unknown;
  expect: Expect;
}

/** A query or path value: `text` is percent-encoded when sent, `raw` goes into the URL as is. */
export interface TextVariant {
  label: string;
  text?: string;
  raw?: string;
  expect: Expect;
}

const R: Expect = 'reject';
const M: Expect = 'may';
const A: Expect = 'accept';

const ONE_MB = 'x'.repeat(1_000_000);
export const DEEP_OBJECT = new RawJson('{"a":'.repeat(3000) + '1' + '}'.repeat(3000));
export const DEEP_ARRAY = new RawJson('['.repeat(3000) + ']'.repeat(3000));
const SQL = "'; drop table projects; --";
const fullwidth = (n: number) => String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

export interface FieldInfo {
  name: string;
  shape?: Shape;
  required: boolean;
  nullable: boolean;
  /** The baseline's value of the field (undefined when the baseline leaves it out). */
  real: unknown;
  /** The manual value's indicator is a percent: -1 and 101 are then definitely wrong. */
  percent?: boolean;
  /** The route assesses a tier whose score band is [80, 100]. */
  tierBand?: boolean;
}

function idForms(real: unknown): ValueVariant[] {
  if (typeof real !== 'number') return [];
  return [
    { label: `"+${real}"`, value: `+${real}`, expect: R },
    { label: `"0x${real.toString(16)}"`, value: `0x${real.toString(16)}`, expect: R },
    { label: `"${real}e0"`, value: `${real}e0`, expect: R },
    { label: `" ${real}"`, value: ` ${real}`, expect: R },
    { label: `"0${real}"`, value: `0${real}`, expect: R },
    { label: `"${real}.0"`, value: `${real}.0`, expect: R },
    { label: `"${fullwidth(real)}" (fullwidth digits)`, value: fullwidth(real), expect: R },
    { label: `"${real}" (numeric string)`, value: String(real), expect: M },
    { label: `${real}.0 (JSON literal)`, value: new RawJson(`${real}.0`), expect: M },
  ];
}

const ID_JSON: ValueVariant[] = [
  { label: '0', value: 0, expect: R },
  { label: '-1', value: -1, expect: R },
  { label: '2147483648 (2^31)', value: 2147483648, expect: R },
  { label: '2147483647 (no such row)', value: 2147483647, expect: R },
  { label: '99999999999', value: 99999999999, expect: R },
  { label: '9007199254740993', value: new RawJson('9007199254740993'), expect: R },
  { label: '1.5', value: 1.5, expect: R },
  { label: '1e308', value: 1e308, expect: R },
  { label: '"+1"', value: '+1', expect: R },
  { label: '"0x10"', value: '0x10', expect: R },
  { label: '"1e3"', value: '1e3', expect: R },
  { label: '" 1"', value: ' 1', expect: R },
  { label: '"１" (fullwidth)', value: '１', expect: R },
  { label: '"abc"', value: 'abc', expect: R },
  { label: '""', value: '', expect: R },
];

const DATES: [string, string, Expect][] = [
  ['2024-02-30', '2024-02-30', R],
  ['2024-13-01', '2024-13-01', R],
  ['0000-01-01', '0000-01-01', R],
  ['9999-12-31', '9999-12-31', R],
  ['1999-12-31 (before 2000)', '1999-12-31', R],
  ['2101-01-01 (after 2100)', '2101-01-01', R],
  ['2023-02-29', '2023-02-29', R],
  ['2024-04-31', '2024-04-31', R],
  ['2024-00-10', '2024-00-10', R],
  ['2024-01-00', '2024-01-00', R],
  ['garbage "昨天"', '昨天', R],
  ['garbage "not-a-date"', 'not-a-date', R],
  ['2024-03-01 + NUL', '2024-03-01\u0000', R],
  ['2024-2-3', '2024-2-3', M],
  ['2024/03/01', '2024/03/01', M],
  ['20240301', '20240301', M],
  ['ISO instant 2024-03-01T16:30:00Z', '2024-03-01T16:30:00Z', A],
  ['ISO instant 2024-03-01T10:00:00+08:00', '2024-03-01T10:00:00+08:00', A],
  ['2024-02-29 (leap day)', '2024-02-29', A],
];

const INSTANTS: [string, string, Expect][] = [
  ['2024-02-30 10:00', '2024-02-30 10:00', R],
  ['2024-13-01 10:00', '2024-13-01 10:00', R],
  ['0000-01-01', '0000-01-01', R],
  ['0000-01-01 00:00', '0000-01-01 00:00', R],
  ['9999-12-31 23:59', '9999-12-31 23:59', R],
  ['1999-12-31 23:00', '1999-12-31 23:00', R],
  ['2024-03-01 24:30', '2024-03-01 24:30', R],
  ['2024-03-01 10:61', '2024-03-01 10:61', R],
  ['garbage "昨天下午"', '昨天下午', R],
  ['2024-03-01T10:00:00Z + NUL', '2024-03-01T10:00:00Z\u0000', R],
  ['2024-02-30T10:00:00Z', '2024-02-30T10:00:00Z', R],
  ['2024-03-01T10:00:00Z', '2024-03-01T10:00:00Z', M],
  ['2024-03-01 10:00', '2024-03-01 10:00', M],
  ['2024-03-01 (a day)', '2024-03-01', M],
  ['2024-03-01T10:00:00.123+08:00', '2024-03-01T10:00:00.123+08:00', M],
];

/** Variants of a JSON field, by what the field means. */
export function jsonVariants(sem: Semantic, f: FieldInfo): ValueVariant[] {
  const need: Expect = f.required && !f.nullable ? R : M;
  const out: ValueVariant[] = [];
  const shape = f.shape;
  switch (sem) {
    case 'id':
    case 'ref':
      out.push(...ID_JSON, ...idForms(f.real));
      break;
    case 'year':
      out.push(
        { label: '1999', value: 1999, expect: R },
        { label: '2101', value: 2101, expect: R },
        { label: '2024.5', value: 2024.5, expect: R },
        { label: '"0x7E8"', value: '0x7E8', expect: R },
      );
      break;
    case 'count':
      out.push(
        // A count is whole unless the document says `number` (a quantity may then be 0.5 台套).
        { label: '-1', value: -1, expect: R },
        { label: '1.5', value: 1.5, expect: shape?.t === 'number' ? M : R },
        { label: '1e308', value: 1e308, expect: R },
        { label: '"1e308"', value: '1e308', expect: R },
        { label: '9007199254740993', value: new RawJson('9007199254740993'), expect: R },
        { label: '"0x1F"', value: '0x1F', expect: R },
        { label: '"" (blank)', value: '', expect: need },
        { label: '" " (blank)', value: ' ', expect: need },
        { label: '"NaN"', value: 'NaN', expect: R },
        { label: '"Infinity"', value: 'Infinity', expect: R },
        { label: 'false', value: false, expect: R },
        { label: '"12" (numeric string)', value: '12', expect: M },
        { label: '0', value: 0, expect: M },
        { label: '-0 (literal)', value: new RawJson('-0'), expect: M },
        { label: '1E2 (literal)', value: new RawJson('1E2'), expect: M },
      );
      break;
    case 'money':
      out.push(
        { label: '-1 (negative money)', value: -1, expect: R },
        { label: '-0.01 (negative money)', value: -0.01, expect: R },
        { label: '1.005 (3 decimals)', value: 1.005, expect: R },
        { label: '1e12', value: 1e12, expect: R },
        { label: '1e308', value: 1e308, expect: R },
        { label: '"1e308"', value: '1e308', expect: R },
        { label: '"0x1F"', value: '0x1F', expect: R },
        { label: '9007199254740993', value: new RawJson('9007199254740993'), expect: R },
        { label: '"" (blank)', value: '', expect: need },
        { label: '" " (blank)', value: ' ', expect: need },
        { label: '"NaN"', value: 'NaN', expect: R },
        { label: '"Infinity"', value: 'Infinity', expect: R },
        { label: 'false', value: false, expect: R },
        { label: '"12.50" (numeric string)', value: '12.50', expect: M },
        { label: '0', value: 0, expect: M },
        { label: '"1,000"', value: '1,000', expect: M },
        { label: '999999999999.99', value: 999999999999.99, expect: M },
      );
      break;
    case 'score':
      out.push(
        { label: '-1', value: -1, expect: R },
        { label: '101', value: 101, expect: R },
        { label: '1e308', value: 1e308, expect: R },
        { label: '"1e308"', value: '1e308', expect: R },
        { label: '"0x1F"', value: '0x1F', expect: R },
        { label: '"" (blank)', value: '', expect: need },
        { label: '" " (blank)', value: ' ', expect: need },
        { label: '"NaN"', value: 'NaN', expect: R },
        { label: 'false', value: false, expect: R },
        { label: '"95" (numeric string)', value: '95', expect: M },
        { label: '99.5', value: 99.5, expect: M },
      );
      if (f.tierBand) out.push({ label: '50 (outside the tier 达成 band 80–100)', value: 50, expect: R });
      break;
    case 'number':
      out.push(
        { label: '1e308', value: 1e308, expect: R },
        { label: '"1e308"', value: '1e308', expect: R },
        { label: '1e16', value: 1e16, expect: R },
        { label: '"0x1F"', value: '0x1F', expect: R },
        { label: '"" (blank)', value: '', expect: need },
        { label: '" " (blank)', value: ' ', expect: need },
        { label: '"NaN"', value: 'NaN', expect: R },
        { label: '"Infinity"', value: 'Infinity', expect: R },
        { label: 'false', value: false, expect: R },
        { label: '"8" (numeric string)', value: '8', expect: M },
        { label: '8.5', value: 8.5, expect: M },
        { label: '0', value: 0, expect: M },
        { label: '-1', value: -1, expect: f.percent ? R : M },
        { label: '-5', value: -5, expect: f.percent ? R : M },
        { label: '101', value: 101, expect: f.percent ? R : M },
      );
      break;
    case 'date':
      out.push(
        ...DATES.map(([label, value, expect]) => ({ label, value, expect })),
        { label: '"" (blank)', value: '', expect: need },
        { label: '" " (blank)', value: ' ', expect: need },
        { label: '20240301 (number)', value: 20240301, expect: R },
      );
      break;
    case 'instant':
      out.push(
        ...INSTANTS.map(([label, value, expect]) => ({ label, value, expect })),
        { label: '"" (blank)', value: '', expect: need },
        { label: '" " (blank)', value: ' ', expect: need },
      );
      break;
    case 'text':
    case 'envName': {
      const real = typeof f.real === 'string' ? f.real : '名称';
      out.push(
        { label: 'NUL only', value: '\u0000', expect: R },
        { label: 'NUL inside', value: `${real}\u0000尾`, expect: R },
        { label: 'lone surrogate \\ud800', value: '\ud800', expect: R },
        { label: 'lone surrogate \\udc00 inside', value: `${real}\udc00`, expect: R },
        { label: '1 MB string', value: ONE_MB, expect: R },
        { label: '"" (empty)', value: '', expect: need },
        { label: '"   " (whitespace only)', value: '   ', expect: need },
        { label: '"\\t\\n" (whitespace only)', value: '\t\n', expect: need },
        { label: 'zero-width space only', value: '\u200b', expect: M },
        { label: 'RTL override + text', value: `\u202e${real}`, expect: M },
        { label: 'SQL-looking text', value: SQL, expect: M },
        { label: 'emoji', value: '😀🌏', expect: M },
        { label: 'HTML', value: '<script>alert(1)</script>', expect: M },
      );
      if (shape?.t === 'string' && shape.maxLength !== undefined)
        out.push({ label: `${shape.maxLength + 1} chars (over maxLength)`, value: 'x'.repeat(shape.maxLength + 1), expect: R });
      if (sem === 'envName') out.push({ label: 'lower-case-name', value: 'lower-case-name', expect: M });
      break;
    }
    case 'enum': {
      const values = (shape?.t === 'string' && shape.enum) || KNOWN_ENUMS[f.name] || [];
      const first = values[0] ?? 'x';
      out.push(
        { label: '"__bogus__"', value: '__bogus__', expect: R },
        { label: '"" (empty)', value: '', expect: R },
        { label: 'NUL', value: '\u0000', expect: R },
      );
      if (first.toUpperCase() !== first) out.push({ label: `"${first.toUpperCase()}"`, value: first.toUpperCase(), expect: M });
      out.push({ label: `" ${first} " (padded)`, value: ` ${first} `, expect: M });
      for (const v of values.slice(1, 4)) out.push({ label: `"${v}"`, value: v, expect: M });
      break;
    }
    case 'flag':
      out.push(
        { label: '"yes"', value: 'yes', expect: M },
        { label: '"是"', value: '是', expect: M },
        { label: '1', value: 1, expect: M },
        { label: '"maybe"', value: 'maybe', expect: R },
        { label: '2', value: 2, expect: R },
        { label: '"" (blank)', value: '', expect: need },
      );
      break;
    case 'array':
      out.push({ label: 'nested 3,000 levels', value: DEEP_ARRAY, expect: R });
      out.push({ label: '[] (empty)', value: [], expect: shape?.t === 'array' && (shape.minItems ?? 0) > 0 ? R : M });
      break;
    case 'object':
      out.push({ label: 'object nested 3,000 levels', value: new RawJson('{"a":' + DEEP_OBJECT.text + '}'), expect: R });
      if (f.real && typeof f.real === 'object' && !Array.isArray(f.real))
        out.push({ label: 'with an unknown key', value: { ...(f.real as object), __unknown__: 1 }, expect: M });
      break;
    default:
      break;
  }
  out.push(...wrongTypes(sem, f, need).filter((w) => !out.some((o) => o.label === w.label)));
  return out;
}

const NUMERIC: Semantic[] = ['id', 'ref', 'year', 'count', 'money', 'score', 'number'];

/** Each JSON type the field is not: an object or array for a scalar is always wrong. */
function wrongTypes(sem: Semantic, f: FieldInfo, need: Expect): ValueVariant[] {
  if (sem === 'any') return [];
  const own = NUMERIC.includes(sem) ? 'number' : sem === 'flag' ? 'boolean' : sem === 'array' ? 'array' : sem === 'object' ? 'object' : 'string';
  const out: ValueVariant[] = [];
  out.push({ label: 'null', value: null, expect: need });
  if (own !== 'boolean') out.push({ label: 'true', value: true, expect: sem === 'text' || sem === 'envName' ? M : R });
  if (own !== 'number') out.push({ label: '42 (number)', value: 42, expect: own === 'string' && sem !== 'date' && sem !== 'enum' ? M : R });
  if (own !== 'string') out.push({ label: '"abc" (string)', value: 'abc', expect: R });
  if (own !== 'array') out.push({ label: '[] (array)', value: [], expect: R });
  if (own !== 'object') out.push({ label: '{} (object)', value: {}, expect: R });
  if (own === 'array' && f.real !== undefined) out.push({ label: '"1" (string for an array)', value: '1', expect: R });
  return out;
}

/** Variants of a path or query value. */
export function textVariants(sem: Semantic, f: { name: string; shape?: Shape; required: boolean; real?: string; inPath: boolean }): TextVariant[] {
  const need: Expect = f.required ? R : M;
  const shape = f.shape;
  const out: TextVariant[] = [];
  // Undecodable bytes may be kept verbatim (`%ED%A0%80` is then harmless text); in an id or a date never valid.
  const textual = sem === 'text' || sem === 'envName' || sem === 'any';
  const common: TextVariant[] = [
    { label: 'NUL (%00)', raw: '%00', expect: R },
    { label: 'lone surrogate (%ED%A0%80)', raw: '%ED%A0%80', expect: textual && !f.inPath ? M : R },
    { label: 'malformed percent-encoding %ZZ', raw: '%ZZ', expect: f.inPath ? R : M },
  ];
  switch (sem) {
    case 'id':
    case 'ref': {
      const ids = ['0', '-1', '2147483648', '2147483647', '99999999999', '9007199254740993', '+1', '0x10', '1e3', ' 1', '1.5', '', 'abc', '１', '01'];
      out.push(...ids.map((v) => ({ label: v === '' ? '"" (empty)' : JSON.stringify(v), text: v, expect: v === '' && !f.required && !f.inPath ? M : R })));
      const n = Number(f.real);
      if (Number.isInteger(n) && n > 0) {
        for (const v of [`+${n}`, `0x${n.toString(16)}`, `${n}e0`, ` ${n}`, `${n} `, `0${n}`, `${n}.0`, fullwidth(n)])
          out.push({ label: `${JSON.stringify(v)} (the real id, not canonical)`, text: v, expect: R });
      }
      break;
    }
    case 'year':
      for (const [v, e] of [
        ['1999', R],
        ['2101', R],
        ['0', R],
        ['-1', R],
        ['2024.5', R],
        ['0x7E8', R],
        ['2e3', R],
        ['+2024', R],
        [' 2024', R],
        ['２０２４', R],
        ['abc', R],
        ['99999999999', R],
        ['', M],
      ] as [string, Expect][]) {
        out.push({ label: v === '' ? '"" (empty)' : JSON.stringify(v), text: v, expect: e });
      }
      break;
    case 'count': {
      const min = shape?.t === 'integer' || shape?.t === 'number' ? shape.minimum : undefined;
      const max = shape?.t === 'integer' || shape?.t === 'number' ? shape.maximum : undefined;
      out.push(
        { label: '"-1"', text: '-1', expect: min !== undefined && min >= 0 ? R : M },
        { label: '"1.5"', text: '1.5', expect: R },
        { label: '"0x10"', text: '0x10', expect: R },
        { label: '"abc"', text: 'abc', expect: R },
        { label: '"NaN"', text: 'NaN', expect: R },
        { label: '"true"', text: 'true', expect: R },
        { label: '"１" (fullwidth)', text: '１', expect: R },
        { label: '"" (empty)', text: '', expect: need },
        { label: '" " (blank)', text: ' ', expect: need },
        { label: '"1e3"', text: '1e3', expect: max !== undefined && max < 1000 ? R : M },
        { label: '"+1"', text: '+1', expect: M },
        { label: '"99999999999"', text: '99999999999', expect: max !== undefined ? R : M },
      );
      if (max !== undefined) out.push({ label: `"${max + 1}" (over maximum)`, text: String(max + 1), expect: R });
      if (min !== undefined) out.push({ label: `"${min - 1}" (under minimum)`, text: String(min - 1), expect: R });
      break;
    }
    case 'date':
      out.push(...DATES.map(([label, text, expect]) => ({ label, text, expect })), { label: '"" (empty)', text: '', expect: need });
      break;
    case 'enum': {
      const values = (shape?.t === 'string' && shape.enum) || [];
      const first = values[0] ?? 'x';
      out.push({ label: '"__bogus__"', text: '__bogus__', expect: R }, { label: '"" (empty)', text: '', expect: need });
      if (first.toUpperCase() !== first) out.push({ label: `"${first.toUpperCase()}"`, text: first.toUpperCase(), expect: M });
      break;
    }
    default: {
      out.push(
        { label: '"" (empty)', text: '', expect: need },
        { label: 'SQL-looking text', text: SQL, expect: M },
        { label: 'RTL override', text: '\u202e名称', expect: M },
        { label: '"../../etc/passwd"', text: '../../etc/passwd', expect: M },
        { label: '2,000 chars', text: 'x'.repeat(2000), expect: M },
      );
      if (shape?.t === 'string' && shape.maxLength !== undefined)
        out.push({ label: `${shape.maxLength + 1} chars (over maxLength)`, text: 'x'.repeat(shape.maxLength + 1), expect: R });
    }
  }
  return [...out, ...common.filter((c) => !(f.inPath && c.raw === '%ED%A0%80' && sem === 'id'))];
}
