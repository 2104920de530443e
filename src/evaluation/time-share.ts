// Time share s (docs/design.md, Monitoring rules): whole days from the period's first day through the as-of date, inclusive.
// Dates are ISO `YYYY-MM-DD` strings that already name days in Asia/Shanghai (the caller converts a
// timestamp); arithmetic is on UTC day numbers so no local time zone or DST can shift a day.
import type { PeriodPosition } from './types.ts';

export interface Period {
  /** First day, ISO `YYYY-MM-DD`. */
  start: string;
  /** Last day (inclusive), ISO `YYYY-MM-DD`. */
  end: string;
}

export interface TimeShare extends PeriodPosition {
  /** Whole days of the period through the as-of date: 0 before the start, periodDays after the end. */
  elapsedDays: number;
  periodDays: number;
  /**
   * The as-of date lies before the period: s = 0, which no pace rule can use (forecast = actual / s).
   * Callers refuse such a date; the rules return null forecasts if they get one anyway.
   */
  beforeStart: boolean;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO calendar date; throws RangeError for anything else (2024-02-30). */
export function dayNumber(iso: string): number {
  const m = ISO_DAY.exec(iso);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`日期无效：${iso}`);
  }
  return ms / MS_PER_DAY;
}

function periodBounds(period: Period): { first: number; last: number } {
  const first = dayNumber(period.start);
  const last = dayNumber(period.end);
  if (last < first) throw new RangeError(`期间结束日 ${period.end} 早于开始日 ${period.start}`);
  return { first, last };
}

/** Days in the period, both ends included (366 for 2024). */
export function periodDays(period: Period): number {
  const { first, last } = periodBounds(period);
  return last - first + 1;
}

/**
 * Whole days of the period elapsed as of `asOf`, inclusive: 1 on the first day, periodDays on the last day
 * and after it, 0 before the start. The `elapsed_days` measure converts this into the target's unit.
 */
export function elapsedDays(period: Period, asOf: string): number {
  const { first, last } = periodBounds(period);
  const today = dayNumber(asOf);
  if (today < first) return 0;
  return Math.min(today, last) - first + 1;
}

/** s = elapsed / period days, in (0, 1] inside the period; clamped to 1 after it; 0 (beforeStart) before it. */
export function timeShare(period: Period, asOf: string): TimeShare {
  const { first, last } = periodBounds(period);
  const today = dayNumber(asOf);
  const days = last - first + 1;
  const elapsed = elapsedDays(period, asOf);
  return {
    timeShare: elapsed / days,
    atPeriodEnd: today >= last,
    asOf,
    elapsedDays: elapsed,
    periodDays: days,
    beforeStart: today < first,
  };
}

/**
 * Whether a fact dated `day` (ISO `YYYY-MM-DD`) counts for the period: facts count only inside it, both ends
 * included (docs/design.md, Monitoring rules). String order is day order for ISO dates, so no parsing.
 */
export function isInPeriod(day: string, period: Period): boolean {
  return day >= period.start && day <= period.end;
}

/** Days from `from` to `to` (ISO dates): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

const DAYS_PER_YEAR = 365;

/**
 * A number of calendar days in a target's normalised unit: hours (天 normalises to hours), years of 365 days,
 * months of 365/12 days, or plain days for a count (`≥300`) or a noun; null for units days cannot become
 * (yuan, percent, workdays — which need a working calendar). Elapsed-day measures and the whole-year rule
 * both convert through here, so the two always agree.
 */
export function daysInUnit(days: number, unit: string | null): number | null {
  switch (unit) {
    case 'hours':
      return days * 24;
    case 'years':
      return days / DAYS_PER_YEAR;
    case 'months':
      return (days * 12) / DAYS_PER_YEAR;
    case 'yuan':
    case 'percent':
    case 'workdays':
      return null;
    default:
      return unit?.includes('/') ? null : days;
  }
}

/** A day moved into the period: before it → its first day, after it → its last. */
export function clampToPeriod(day: string, period: Period): string {
  return day < period.start ? period.start : day > period.end ? period.end : day;
}

/**
 * The day a progress read is as of when none is asked for: today, or the period's last day once it is over
 * (a closed year is read at its end). Null before the period starts: there is nothing to read yet.
 */
export function readingDay(period: Period, today: string): string | null {
  if (today < period.start) return null;
  return today > period.end ? period.end : today;
}
