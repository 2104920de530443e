import { describe, it, expect } from 'vitest';
import { dayNumber, daysBetween, daysInUnit, elapsedDays, isInPeriod, periodDays, timeShare } from '../../../src/evaluation/time-share.ts';

const Y2024 = { start: '2024-01-01', end: '2024-12-31' }; // 366 days
const Y2023 = { start: '2023-01-01', end: '2023-12-31' }; // 365 days
const FISCAL = { start: '2024-03-01', end: '2025-02-28' }; // 365 days, not a calendar year

describe('timeShare', () => {
  it.each([
    // name, period, asOf, elapsed, days, s, atPeriodEnd, beforeStart
    ['1 Jan of a 366-day year is 1/366', Y2024, '2024-01-01', 1, 366, 1 / 366, false, false],
    ['29 Feb 2024 is day 60', Y2024, '2024-02-29', 60, 366, 60 / 366, false, false],
    ['1 Jul 2024 is day 183 = exactly half', Y2024, '2024-07-01', 183, 366, 0.5, false, false],
    ['the last day is s = 1 and the period end', Y2024, '2024-12-31', 366, 366, 1, true, false],
    ['30 Dec is not yet the end', Y2024, '2024-12-30', 365, 366, 365 / 366, false, false],
    ['1 Jul 2023 is day 182 of 365', Y2023, '2023-07-01', 182, 365, 182 / 365, false, false],
    ['after the end clamps to s = 1', Y2024, '2025-03-15', 366, 366, 1, true, false],
    ['before the start is s = 0, flagged', Y2024, '2023-12-31', 0, 366, 0, false, true],
    ['a non-calendar period counts from its first day', FISCAL, '2024-03-01', 1, 365, 1 / 365, false, false],
    ['a non-calendar period crosses the year', FISCAL, '2025-01-01', 307, 365, 307 / 365, false, false],
    ['a one-day period is over on its day', { start: '2024-05-01', end: '2024-05-01' }, '2024-05-01', 1, 1, 1, true, false],
  ])('%s', (_name, period, asOf, elapsed, days, s, atPeriodEnd, beforeStart) => {
    expect(timeShare(period, asOf)).toEqual({
      timeShare: s,
      atPeriodEnd,
      asOf,
      elapsedDays: elapsed,
      periodDays: days,
      beforeStart,
    });
  });

  it.each([
    ['a malformed date', Y2024, '2024-7-1'],
    ['a date that does not exist', Y2024, '2024-02-30'],
    ['a timestamp instead of a day', Y2024, '2024-07-01T00:00:00+08:00'],
    ['an end before the start', { start: '2024-12-31', end: '2024-01-01' }, '2024-06-01'],
    ['a bad period bound', { start: '2023-02-29', end: '2023-12-31' }, '2023-06-01'],
  ])('refuses %s', (_name, period, asOf) => {
    expect(() => timeShare(period, asOf)).toThrow(RangeError);
  });
});

describe('elapsedDays (the elapsed_days measure)', () => {
  it.each([
    ['first day', '2024-01-01', 1],
    ['1 Jul', '2024-07-01', 183],
    ['last day', '2024-12-31', 366],
    ['after the end', '2025-06-30', 366],
    ['before the start', '2023-06-30', 0],
  ])('%s → %d days', (_name, asOf, days) => {
    expect(elapsedDays(Y2024, asOf)).toBe(days);
  });

  it('gives 8784 hours for the whole of 2024, the unit a `>300天` (7200 h) target is kept in', () => {
    expect(elapsedDays(Y2024, '2024-12-31') * 24).toBe(8784);
  });

  it('counts period days and UTC day numbers without any local-time shift', () => {
    expect(periodDays(Y2024)).toBe(366);
    expect(periodDays(Y2023)).toBe(365);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2024-03-31') - dayNumber('2024-03-30')).toBe(1); // a DST date elsewhere
  });
});

describe('isInPeriod (facts count only inside the project period)', () => {
  it.each([
    ['the first day', '2024-01-01', true],
    ['the last day', '2024-12-31', true],
    ['mid-year', '2024-07-01', true],
    ['the day before the start', '2023-12-31', false],
    ['a fact from 1999', '1999-05-04', false],
    ['the day after the end', '2025-01-01', false],
  ])('%s (%s) → %s', (_name, day, inside) => {
    expect(isInPeriod(day, Y2024)).toBe(inside);
  });

  it('works for a period that crosses the year', () => {
    expect(isInPeriod('2025-02-28', FISCAL)).toBe(true);
    expect(isInPeriod('2024-02-29', FISCAL)).toBe(false);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2024-06-01', '2024-06-30', 29],
    ['2024-06-30', '2024-06-30', 0],
    ['2024-07-01', '2024-06-30', -1],
    ['2024-02-28', '2024-03-01', 2], // across 29 Feb
  ])('%s → %s is %d days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe("daysInUnit (elapsed days in the target's unit)", () => {
  it.each<[number, string | null, number | null]>([
    [366, 'hours', 8784], // 天 normalises to hours
    [365, 'years', 1],
    [366, 'years', 366 / 365],
    [365, 'months', 12],
    [183, null, 183],
    [183, 'count', 183], // a bare `≥300`
    [10, 'yuan', null],
    [10, 'percent', null],
    [10, 'workdays', null], // needs a working calendar
    [10, 'yuan/人天', null],
  ])('%d days in %s → %s', (days, unit, out) => {
    const got = daysInUnit(days, unit);
    if (out === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(out, 12);
  });
});
