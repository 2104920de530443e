import { describe, expect, it } from 'vitest';
import { shanghaiMinute } from '../../src/clock.ts';

// One way to show a time on every face (UI.md "Numbers"): Asia/Shanghai wall clock to the minute.

describe('shanghaiMinute', () => {
  it.each([
    ['2024-07-01T01:00:00.000Z', '2024-07-01 09:00'],
    ['2024-06-30T16:30:59Z', '2024-07-01 00:30'],
    ['2024-07-01 01:00:00+00', '2024-07-01 09:00'],
    ['2024-06-30 16:30:05.123456+00', '2024-07-01 00:30'],
    ['2024-07-01 09:00:00+08:00', '2024-07-01 09:00'],
    ['2024-12-31T16:00:00Z', '2025-01-01 00:00'],
  ])('%s → %s', (at, want) => {
    expect(shanghaiMinute(at)).toBe(want);
  });

  it('takes a Date; nothing is a dash; a text it cannot read is shown as it is', () => {
    expect(shanghaiMinute(new Date('2024-02-29T15:59:00Z'))).toBe('2024-02-29 23:59');
    expect(shanghaiMinute(null)).toBe('—');
    expect(shanghaiMinute(undefined)).toBe('—');
    expect(shanghaiMinute(new Date(Number.NaN))).toBe('—');
    expect(shanghaiMinute('不是时间')).toBe('不是时间');
  });
});
