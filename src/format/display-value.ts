// A normalised value (docs/design.md "Targets": yuan, hours, percent 0–100, workdays, months, years, a count noun) shown
// in the unit its target was written in: `≥300天` with 8784 hours → `366天`, `>10万条` with 125000 →
// `12.5万条`, `≤320万元` with 3456789 yuan → `345.68万元`. The one formatter behind every display string
// (API, CLI, robots, pages, workbooks). Rules:
// - at most 2 decimals, trimmed; percent and 百分点 at most 1; no thousands separators (decimal-text.ts);
// - durations keep the written unit (`天`, `周`, `h`) and step down only when under one of it:
//   周 → 天 → 小时 → 分钟 → 秒 (`<1天` with 18 hours → `18小时`); 个工作日/月/年 are shown as written;
// - counts: under 10,000 as is (`812条`, `1.5份`), from 10,000 in 万 (`1.2万条`), from 1亿 in 亿 only
//   when the target was written in 亿 (`12亿条`); the noun as written (`千米`, `个标段`), none for a bare number;
// - money in the written unit (see formatWrittenMoney); `%` and `百分比` as `%`, `百分点`/`个百分点` as written,
//   `‰` as ‰; per-unit rates (`150元/人天`, `2万元/公里`) in their written unit;
// - null, NaN and ±Infinity → `—`.
import { formatDecimal, NO_VALUE, roundHalfAway } from './decimal-text.ts';
import { formatWrittenMoney } from './money.ts';
import { perBaseUnit, readWrittenUnit, toWritten, type WrittenUnit } from './written-unit.ts';

/** What the formatter needs of a target (a `Target` from src/targets/types.ts fits). */
export interface DisplayTarget {
  /** The unit as written in the table, multiplier included (`万条`, `天`, `%`); null when none. */
  unit: string | null;
  /** The parser's normalised unit; null for a qualitative target. */
  normalized: { unit: string } | null;
}

/**
 * `value` (in `target.normalized.unit`) in the unit the target was written in. Without a quantitative
 * target the bare number is shown; a written unit that disagrees with the normalised one (a stale
 * row) falls back to formatNormalized.
 */
export function formatValue(value: number | null | undefined, target: DisplayTarget | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  if (!target?.normalized) return formatDecimal(value);
  const written = readWrittenUnit(target.unit);
  if (!written || written.reading.unit !== target.normalized.unit) return formatNormalized(value, target.normalized.unit);
  return formatInWritten(value, written);
}

// The spelling used when only the normalised unit is known.
const DEFAULT_SPELLING = new Map([
  ['hours', '小时'],
  ['percent', '%'],
  ['workdays', '个工作日'],
  ['months', '个月'],
  ['years', '年'],
  ['count', ''],
  ['yuan', '元'],
]);

/**
 * `value` in its normalised unit when no written unit is known (a figure with no target): yuan in 元,
 * from 10,000 in 万元; hours in 小时 (分钟 under one); percent as `%`; a count noun as is.
 */
export function formatNormalized(value: number | null | undefined, unit: string | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  const name = unit ?? 'count';
  const [numerator = '', ...per] = name.split('/');
  let spelling = (DEFAULT_SPELLING.get(numerator) ?? numerator) + per.map((p) => `/${p}`).join('');
  if (name === 'yuan' && roundHalfAway(Math.abs(value), 2) >= 10_000) spelling = '万元';
  const written = readWrittenUnit(spelling);
  if (written && written.reading.unit === name) return formatInWritten(value, written);
  // A noun the parser would not read back (a measure's own unit): still a count.
  return formatCount(value, name === 'count' ? '' : name, 0);
}

function formatInWritten(value: number, w: WrittenUnit): string {
  const { unit } = w.reading;
  if (unit.includes('/')) return `${formatDecimal(toWritten(value, w.reading))}${w.written}`;
  switch (unit) {
    case 'yuan':
      return formatWrittenMoney(value, w.prefix, w.reading.exponent);
    case 'hours':
      return formatDuration(value, w);
    case 'percent':
      return formatPercentLike(value, w);
    case 'workdays':
    case 'months':
    case 'years':
      return `${formatDecimal(toWritten(value, w.reading))}${w.written}`;
    default:
      return formatCount(value, w.base, w.reading.exponent);
  }
}

function formatPercentLike(percent: number, w: WrittenUnit): string {
  // ‰ is finer than %: two decimals keep `0.25‰` readable.
  if (w.written === '‰') return `${formatDecimal(toWritten(percent, w.reading))}‰`;
  const word = w.written === '百分点' || w.written === '个百分点' ? w.written : '%';
  return `${formatDecimal(percent, { decimals: 1 })}${word}`;
}

/** Hours in each unit a duration steps down through, largest first. */
const DURATION_STEPS: [string, number][] = [
  ['周', 168],
  ['天', 24],
  ['小时', 1],
  ['分钟', 1 / 60],
  ['秒', 1 / 3600],
];

function formatDuration(hours: number, w: WrittenUnit): string {
  const inWritten = toWritten(hours, w.reading);
  if (hours === 0 || shows(inWritten)) return `${formatDecimal(inWritten)}${w.written}`;
  const perBase = perBaseUnit(w.reading);
  // Under one written unit: the written base without its multiplier (`万小时` → `小时`), then smaller units.
  const steps: [string, number][] = [
    ...(w.prefix ? [[w.base, perBase] as [string, number]] : []),
    ...DURATION_STEPS.filter(([, size]) => size < perBase * (1 - 1e-9)),
  ];
  for (const [name, size] of steps) {
    if (shows(hours / size)) return `${formatDecimal(hours / size)}${name}`;
  }
  const last = steps.at(-1);
  return last ? `${formatDecimal(hours / last[1])}${last[0]}` : `${formatDecimal(inWritten)}${w.written}`;
}

/** At least one whole unit once rounded to 2 decimals. */
const shows = (x: number): boolean => roundHalfAway(Math.abs(x), 2) >= 1;

/**
 * A count with its noun: 万 from 10,000; 亿 from 1亿 when written in 亿 or above, 万亿 likewise. Other
 * written multipliers (千, 百, 十万, 百万, 千万) are not kept: `12千条` reads `1.2万条`.
 */
function formatCount(value: number, noun: string, writtenExponent: number): string {
  const size = roundHalfAway(Math.abs(value), 2);
  const scale: [string, number] =
    writtenExponent >= 12 && size >= 1e12 ? ['万亿', 1e12] : writtenExponent >= 8 && size >= 1e8 ? ['亿', 1e8] : size >= 1e4 ? ['万', 1e4] : ['', 1];
  return `${formatDecimal(value / scale[1])}${scale[0]}${noun}`;
}
