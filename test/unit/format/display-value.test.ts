import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatNormalized, formatValue } from '../../../src/format/display-value.ts';
import { parseTarget } from '../../../src/targets/parse-target.ts';
import { isKnownUnit } from '../../../src/targets/target-units.ts';

/** Formats `value` against the target parsed from `raw`, as the API and the robots do. */
const shown = (value: number | null, raw: string, context?: Parameters<typeof parseTarget>[1]) => formatValue(value, parseTarget(raw, context).target);

// Every unit the parser knows, read from its own table so a unit added there is checked here too.
const unitsSource = readFileSync(new URL('../../../src/targets/target-units.ts', import.meta.url), 'utf8');
const table = /const BASE_UNITS = new Map[\s\S]*?\n\]\);/.exec(unitsSource)?.[0] ?? '';
const KNOWN_UNITS = [...new Set([...table.matchAll(/'([^'\n]+)'/g)].map((m) => m[1] ?? ''))].filter(isKnownUnit);

// Written units whose display differs from the spelling on purpose.
const SHOWN_AS: Record<string, string> = { 百分比: '12%' };

describe('formatValue gives back what the table says', () => {
  it('reads the parser’s unit table (a sanity check on the extraction)', () => {
    expect(KNOWN_UNITS.length).toBeGreaterThan(80);
    expect(KNOWN_UNITS).toEqual(expect.arrayContaining(['元', '天', '周', '个工作日', '个月', '年', '%', '‰', '百分点', '条', '台套', 'km']));
  });

  it.each(KNOWN_UNITS)('≥12%s', (unit) => {
    const { target, needsReview } = parseTarget(`≥12${unit}`);
    expect(needsReview).toBe(false);
    expect(formatValue(target.normalized?.value ?? null, target)).toBe(SHOWN_AS[unit] ?? `12${unit}`);
  });

  it.each([
    // Multipliers before scalable units, as written; the count rule (万 from 10,000) re-spells 千/百/十万/百万/千万.
    ['≥12万元', '12万元'],
    ['≥12亿元', '12亿元'],
    ['≥12千元', '12千元'],
    ['≥12百万元', '12百万元'],
    ['≥12千万元', '12千万元'],
    ['≥0.35万元', '0.35万元'],
    ['≥12万条', '12万条'],
    ['≥12亿条', '12亿条'],
    ['≥12万亿条', '12万亿条'],
    ['≥12万', '12万'],
    ['≥12亿', '12亿'],
    ['≥12', '12'],
    ['≥12万人次', '12万人次'],
    ['≥12万小时', '12万小时'],
    ['≥12万公里', '12万公里'],
    ['≥12千条', '1.2万条'],
    ['≥12百条', '1200条'],
    ['≥12十万条', '120万条'],
    ['≥12百万条', '1200万条'],
    ['≥12千万条', '12000万条'],
    // Rates, ranges and other spellings.
    ['150元/人天', '150元/人天'],
    ['≤2万元/公里', '2万元/公里'],
    ['≤12元/次', '12元/次'],
    ['90%-95%', '90%'],
    ['≥12个标段', '12个标段'],
    ['≥12.5％', '12.5%'],
    ['≤0.25‰', '0.25‰'],
    ['达到95%', '95%'],
    ['≤3个百分点', '3个百分点'],
  ])('%s → %s', (raw, expected) => {
    const { target } = parseTarget(raw);
    expect(formatValue(target.normalized?.value ?? null, target)).toBe(expected);
  });
});

describe('formatValue shows a measured value in the written unit', () => {
  it.each<[string, number, string]>([
    // durations: the written unit, stepping down under one of it
    ['≥300天', 8784, '366天'],
    ['≥300天', 100, '4.17天'],
    ['<1天', 18, '18小时'],
    ['<1天', 0.5, '30分钟'],
    ['≤24小时', 0.25, '15分钟'],
    ['≤2小时', 1.5, '1.5小时'],
    ['≤1周', 84, '3.5天'],
    ['≤1周', 12, '12小时'],
    ['≤2周', 504, '3周'],
    ['≤5日', 36, '1.5日'],
    ['≤2h', 0.5, '30分钟'],
    ['≤30分钟', 0.005, '18秒'],
    ['≤1天', 0, '0天'],
    ['≤10个工作日', 3, '3个工作日'],
    ['≤3个月', 2.5, '2.5个月'],
    ['≤1年', 1, '1年'],
    // counts: 万 from 10,000, 亿 only when written in 亿
    ['>10万条', 125_000, '12.5万条'],
    ['>10万条', 5000, '5000条'],
    ['>800条', 812, '812条'],
    ['>800条', 12_000, '1.2万条'],
    ['>800条', 9_999, '9999条'],
    ['≥3份', 1.5, '1.5份'],
    ['≥3份', 1.333333, '1.33份'],
    ['≥12次', 0, '0次'],
    ['>1亿条', 123_456_789, '1.23亿条'],
    ['>1亿条', 5_000_000, '500万条'],
    ['>100万条', 123_456_789, '12345.68万条'],
    ['>10万', 123_456, '12.35万'],
    ['≥12', 7, '7'],
    ['≥42千米', 40.5, '40.5千米'],
    // money: the written unit; 亿元 steps down to 万元 under 1亿
    ['≤320万元', 3_200_000, '320万元'],
    ['≤320万元', 125_000, '12.5万元'],
    ['≤320万元', 3_500, '0.35万元'],
    ['≤320万元', 3_456_789, '345.68万元'],
    ['≤320万元', 26_750, '2.68万元'],
    ['≤5000元', 3_456_789.5, '3456789.5元'],
    ['≤5000元', 12.345, '12.35元'],
    ['≤1亿元', 3_200_000, '320万元'],
    ['≤1亿元', 150_000_000, '1.5亿元'],
    ['≤50千元', 500, '500元'],
    ['150元/人天', 162.5, '162.5元/人天'],
    // percent-like
    ['≥95%', 95, '95%'],
    ['≥95%', 87.5, '87.5%'],
    ['≥95%', 87.46, '87.5%'],
    ['≥95%', 99.95, '100%'],
    ['≥90百分比', 92, '92%'],
    ['≤3个百分点', 1.25, '1.3个百分点'],
    ['≤5‰', 0.25, '2.5‰'],
  ])('%s with %s → %s', (raw, value, expected) => {
    expect(shown(value, raw)).toBe(expected);
  });

  it('the seed’s 项目执行天数 as of 2024-12-31 reads in days', () => {
    expect(shown(366 * 24, '≥300天', { level1: '产出指标', level2: '时效指标', level3: '项目执行天数' })).toBe('366天');
  });

  it('no value → —; no quantitative target → the bare number; a stale written unit → the normalised unit', () => {
    expect(shown(null, '≥300天')).toBe('—');
    expect(shown(Number.NaN, '≥300天')).toBe('—');
    expect(shown(Number.POSITIVE_INFINITY, '≥300天')).toBe('—');
    expect(shown(3.456, '优良')).toBe('3.46');
    expect(formatValue(3, null)).toBe('3');
    expect(formatValue(36, { unit: null, normalized: { unit: 'hours' } })).toBe('36小时');
    expect(formatValue(36, { unit: '条', normalized: { unit: 'hours' } })).toBe('36小时');
  });

  it('never shows -0 and signs negatives with U+2212', () => {
    expect(shown(-0, '≥12次')).toBe('0次');
    expect(shown(-0.001, '≥95%')).toBe('0%');
    expect(shown(-1.5, '≤3个百分点')).toBe('\u22121.5个百分点');
    expect(shown(-25_000, '≤1万元')).toBe('\u22122.5万元');
  });
});

describe('formatNormalized (no written unit known)', () => {
  it.each<[number | null, string | null, string]>([
    [9_999, 'yuan', '9999元'],
    [10_000, 'yuan', '1万元'],
    [3_456_789, 'yuan', '345.68万元'],
    [3_200_000_000, 'yuan', '320000万元'],
    [95.456, 'percent', '95.5%'],
    [0.5, 'hours', '30分钟'],
    [36.5, 'hours', '36.5小时'],
    [3, 'workdays', '3个工作日'],
    [2, 'months', '2个月'],
    [1, 'years', '1年'],
    [120_000, '条', '12万条'],
    [123_456, 'count', '12.35万'],
    [7, null, '7'],
    [150, 'yuan/人天', '150元/人天'],
    [42, '公里', '42公里'],
    [5, '阅读', '5阅读'],
    [null, '次', '—'],
  ])('%s %s → %s', (value, unit, expected) => {
    expect(formatNormalized(value, unit)).toBe(expected);
  });
});
