import { describe, expect, it } from 'vitest';
import { MINUS, formatDecimal, roundHalfAway } from '../../../src/format/decimal-text.ts';
import { formatMoney } from '../../../src/format/money.ts';
import { formatDeviation, formatPercent, formatShare } from '../../../src/format/percent.ts';

describe('formatDecimal: half away from zero, trimmed, no separators, no -0', () => {
  it.each<[number | null, Parameters<typeof formatDecimal>[1], string]>([
    [2.675, {}, '2.68'],
    [1.005, {}, '1.01'],
    [-2.675, {}, `${MINUS}2.68`],
    [0.149, { decimals: 1 }, '0.1'],
    [0.15, { decimals: 1 }, '0.2'],
    [0.25, { decimals: 1 }, '0.3'],
    [12.5, { decimals: 0 }, '13'],
    [-12.5, { decimals: 0 }, `${MINUS}13`],
    [320, { fixed: true }, '320.00'],
    [0.5, { decimals: 1, fixed: true }, '0.5'],
    [12.3, {}, '12.3'],
    [12, {}, '12'],
    [1234567.891, {}, '1234567.89'],
    [1e21, {}, '1000000000000000000000'],
    [0.004, {}, '0'],
    [-0.004, {}, '0'],
    [-0, { fixed: true }, '0.00'],
    [30, { signed: true }, '+30'],
    [0, { signed: true }, '0'],
    [-0.001, { signed: true }, '0'],
    [null, {}, '—'],
    [Number.NaN, {}, '—'],
  ])('%s %j → %s', (x, options, expected) => {
    expect(formatDecimal(x, options)).toBe(expected);
  });

  it('roundHalfAway matches round2 on paper cases and never returns -0', () => {
    expect(roundHalfAway(2.675, 2)).toBe(2.68);
    expect(roundHalfAway(-0.05, 1)).toBe(-0.1);
    expect(Object.is(roundHalfAway(-0.004, 2), 0)).toBe(true);
    expect(roundHalfAway(87.45, 1)).toBe(87.5);
  });
});

describe('formatMoney: a figure in yuan in a chosen unit', () => {
  it.each<[number | null, Parameters<typeof formatMoney>[1], Parameters<typeof formatMoney>[2], string]>([
    [3_200_000, '万元', { fixed: true }, '320.00万元'],
    [3_456_789, '万元', { fixed: true }, '345.68万元'],
    [3_200_000, '万元', {}, '320万元'],
    [3_500, '万元', {}, '0.35万元'],
    [1234.5, '元', {}, '1234.5元'],
    [1234.5, '元', { fixed: true }, '1234.50元'],
    [150_000_000, '亿元', {}, '1.5亿元'],
    [12_000, '千元', {}, '12千元'],
    [3_200_000, '万元', { fixed: true, bare: true }, '320.00'],
    [null, '万元', {}, '—'],
  ])('%s in %s %j → %s', (yuan, unit, options, expected) => {
    expect(formatMoney(yuan, unit, options)).toBe(expected);
  });

  it('defaults to 万元, trimmed', () => {
    expect(formatMoney(125_000)).toBe('12.5万元');
  });
});

describe('percent, share and deviation', () => {
  it('a percent value: one decimal, trimmed unless fixed', () => {
    expect([95, 87.5, 87.46, 100, 0].map((p) => formatPercent(p))).toEqual(['95%', '87.5%', '87.5%', '100%', '0%']);
    expect(formatPercent(95, { fixed: true })).toBe('95.0%');
    expect(formatPercent(null)).toBe('—');
  });

  it('a share 0–1: one fixed decimal', () => {
    expect([0.5, 0.49589, 1.2, 1 / 366, 0].map((s) => formatShare(s))).toEqual(['50.0%', '49.6%', '120.0%', '0.3%', '0.0%']);
    expect(formatShare(0.352, { fixed: false })).toBe('35.2%');
    expect(formatShare(undefined)).toBe('—');
  });

  it('a deviation: signed with U+2212 or +, zero unsigned', () => {
    expect([-0.125, 0.3, 0, -0.00001, 0.00049, -1].map(formatDeviation)).toEqual([`${MINUS}12.5%`, '+30%', '0%', '0%', '0%', `${MINUS}100%`]);
    expect(formatDeviation(null)).toBe('—');
    expect(formatDeviation(Number.POSITIVE_INFINITY)).toBe('—');
  });
});
