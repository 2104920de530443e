import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyFixes, checkFix, findRow } from '../../src/targets/apply-fixes.ts';
import { parseTableText } from '../../src/targets/parse-table.ts';
import type { ParsedTable } from '../../src/targets/types.ts';

// An import draft's fixes (docs/design.md "Import preview"): the fixed reading is the parser's reading with
// each fixed cell read again by the same target-cell parser; the parser's reading itself never changes.

const seed = (): ParsedTable => parseTableText(readFileSync('db/examples/tianjin-eco-support-centre-2024.txt', 'utf8'), { year: 2024 });
const row = (table: ParsedTable, line: number) => findRow(table, line)!.indicator;

describe('applyFixes', () => {
  it('without fixes is the reading itself', () => {
    const reading = seed();
    expect(applyFixes(reading, [])).toBe(reading);
  });

  it('reads a fixed target with the importer’s parser, clears its warning, and leaves the reading alone', () => {
    const reading = seed();
    const before = structuredClone(reading);
    expect(row(reading, 265).needsReview).toBe(true);
    expect(reading.warnings.some((w) => w.line === 265)).toBe(true);
    const fixed = applyFixes(reading, [{ line: 265, field: 'target', fixed: '≥1年' }]);
    const i = row(fixed, 265);
    expect(i.target).toMatchObject({ raw: '≥1年', kind: 'quantitative', comparator: '>=', value: 1, unit: '年', normalized: { value: 1, unit: 'years' } });
    expect(i.needsReview).toBe(false);
    expect(i.warnings).toEqual([]);
    expect(fixed.warnings.some((w) => w.line === 265)).toBe(false);
    expect(reading).toEqual(before);
    // other rows are the same objects
    expect(row(fixed, 30)).toBe(row(reading, 30));
  });

  it('a fixed target that still warns carries its new warnings, in the row and the table', () => {
    const fixed = applyFixes(seed(), [{ line: 30, field: 'target', fixed: '>1保障运行' }]);
    expect(row(fixed, 30).needsReview).toBe(true);
    expect(fixed.warnings.filter((w) => w.line === 30).map((w) => w.message)).toEqual([expect.stringMatching(/^第30行 指标「维保项目完成合格率」：/)]);
  });

  it('the last fix of a cell wins; level names are replaced as typed', () => {
    const fixed = applyFixes(seed(), [
      { line: 37, field: 'target', fixed: '<2天' },
      { line: 37, field: 'level3', fixed: '故障处理时效' },
      { line: 37, field: 'target', fixed: '<3天' },
    ]);
    const i = row(fixed, 37);
    expect(i.level3).toBe('故障处理时效');
    expect(i.target).toMatchObject({ raw: '<3天', comparator: '<', value: 3, normalized: { value: 72, unit: 'hours' } });
  });

  it('an inferred comparator follows a fixed level: a bare number under 成本 is a cap', () => {
    // line 173 `3份` is read as `>=` (inferred) under 数量指标
    expect(row(seed(), 173).target).toMatchObject({ comparator: '>=', inferred: true });
    const fixed = applyFixes(seed(), [{ line: 173, field: 'level2', fixed: '成本指标' }]);
    expect(row(fixed, 173).target).toMatchObject({ comparator: '<=', inferred: true, value: 3 });
    // a written comparator does not move
    const written = applyFixes(seed(), [{ line: 49, field: 'level2', fixed: '成本指标' }]);
    expect(row(written, 49).target.comparator).toBe('>=');
  });

  it('a name that says the row does not apply takes it out of scoring', () => {
    const fixed = applyFixes(seed(), [{ line: 98, field: 'level3', fixed: '本项目不适用此指标' }]);
    expect(row(fixed, 98).applicable).toBe(false);
  });

  it('a fix for a line with no row changes nothing', () => {
    const reading = seed();
    const fixed = applyFixes(reading, [{ line: 2, field: 'target', fixed: '≥1次' }]);
    expect(fixed.projects.flatMap((p) => p.indicators)).toEqual(reading.projects.flatMap((p) => p.indicators));
  });
});

describe('checkFix', () => {
  it('accepts a readable target and canonical level names', () => {
    expect(checkFix(seed(), 265, { target: ' ≥1年 ', level1: '效益', level2: '可持续影响指标' })).toEqual({
      ok: true,
      cells: { target: '≥1年', level1: '效益指标', level2: '可持续影响指标' },
    });
    expect(checkFix(seed(), 265, { target: '优良' }).ok).toBe(true);
    expect(checkFix(seed(), 265, { target: '/' }).ok).toBe(true);
  });

  it('refuses a target that cannot be read, in Chinese, naming the row', () => {
    const check = checkFix(seed(), 265, { target: '>1保障运行' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]!.field).toBe('target');
    expect(check.problems[0]!.message).toMatch(/^第265行 指标「延长设备使用寿命」：/);
    expect(check.problems[0]!.message).toContain('不是计量单位');
    expect(check.problems[0]!.message).not.toContain('需人工确认');
  });

  it('refuses empty cells, unknown level-1 names, control characters and rows that do not exist', () => {
    const empty = checkFix(seed(), 30, { level3: '  ', target: '' });
    expect(empty.ok ? [] : empty.problems.map((p) => p.field)).toEqual(['level3', 'target']);
    const level1 = checkFix(seed(), 30, { level1: '过程指标' });
    expect(level1.ok ? '' : level1.problems[0]!.message).toContain('一级指标「过程指标」应为 产出指标、效益指标、满意度指标、成本指标 之一');
    const control = checkFix(seed(), 30, { level3: 'a\nb' });
    expect(control.ok).toBe(false);
    const none = checkFix(seed(), 2, { target: '≥1次' });
    expect(none.ok ? '' : none.problems[0]!.message).toBe('第2行没有指标，无法修改');
  });

  it('reads a target with the levels typed beside it', () => {
    const check = checkFix(seed(), 173, { level2: '成本指标', target: '5份' });
    expect(check.ok).toBe(true);
    const fixed = applyFixes(seed(), [
      { line: 173, field: 'level2', fixed: '成本指标' },
      { line: 173, field: 'target', fixed: '5份' },
    ]);
    expect(row(fixed, 173).target.comparator).toBe('<=');
  });
});
