import { describe, expect, it } from 'vitest';
import { readDay, readDeadline, readInstant } from '../../../src/edge/days.ts';

describe('readDay', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    [' 2024-07-01 ', '2024-07-01'],
    ['2000-01-01', '2000-01-01'],
    ['2100-12-31', '2100-12-31'],
    // a pasted timestamp takes its Asia/Shanghai day
    ['2024-07-01 23:30', '2024-07-01'],
    ['2024-06-30T16:30:00Z', '2024-07-01'],
    ['2024-06-30T23:59:59+08:00', '2024-06-30'],
    ['2024-07-01T00:00:00.123456-05:00', '2024-07-01'],
  ])('%j → %s', (input, day) => {
    expect(readDay(input)).toEqual({ ok: true, value: day });
  });

  it.each([
    ['2024-02-30', '日期不存在'],
    ['2023-02-29', '日期不存在'],
    ['2024-13-01', '日期不存在'],
    ['2024-00-10', '日期不存在'],
    ['0000-01-01', '日期不存在'],
    ['1999-12-31', '2000-01-01 至 2100-12-31'],
    ['2101-01-01', '2000-01-01 至 2100-12-31'],
    ['9999-12-31', '2000-01-01 至 2100-12-31'],
    ['2024-2-3', '应为日期'],
    ['20240701', '应为日期'],
    ['', '应为日期'],
    ['yesterday', '应为日期'],
    ['2024-07-01 25:00', '时间不存在'],
    ['2024-07-01T10:00:00+15:00', '时区无效'],
  ])('%j is refused (%s)', (input, reason) => {
    const r = readDay(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('readInstant and readDeadline', () => {
  it('reads local Shanghai time and zoned ISO as the same instant', () => {
    expect(readInstant('2024-05-01 14:30')).toEqual({ ok: true, value: '2024-05-01T06:30:00.000Z' });
    expect(readInstant('2024-05-01T14:30:00+08:00')).toEqual({ ok: true, value: '2024-05-01T06:30:00.000Z' });
    expect(readInstant('2024-05-01T06:30Z')).toEqual({ ok: true, value: '2024-05-01T06:30:00.000Z' });
    // a bare day is its start
    expect(readInstant('2024-05-01')).toEqual({ ok: true, value: '2024-04-30T16:00:00.000Z' });
  });

  it('a deadline given as a bare day means the end of that day in Shanghai', () => {
    expect(readDeadline('2024-12-10')).toEqual({ ok: true, value: '2024-12-10T15:59:59.999Z' });
    expect(readDeadline('2024-12-10 18:00')).toEqual({ ok: true, value: '2024-12-10T10:00:00.000Z' });
  });

  it.each(['0000-01-01', '2024-02-30T10:00:00Z', '2024-02-30 10:00', '1999-12-31T10:00:00Z', 'now'])('refuses %j', (input) => {
    expect(readInstant(input).ok).toBe(false);
  });
});
