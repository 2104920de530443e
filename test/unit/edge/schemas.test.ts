import { describe, expect, it } from 'vitest';
import { Count, Id, IdText, Money, ProjectRef, strictNumber, text } from '../../../src/edge/schemas.ts';
import { fieldIssues } from '../../../src/edge/issues.ts';
import { z } from '@hono/zod-openapi';

const ok = (schema: z.ZodTypeAny, input: unknown) => schema.safeParse(input);

describe('ids', () => {
  it.each(['1', '42', '2147483647'])('IdText takes %j', (s) => expect(ok(IdText, s)).toMatchObject({ success: true, data: Number(s) }));
  it.each(['0', '-1', '2147483648', '99999999999', '+1', '0x10', '1e3', ' 1', '01', '1.5', '', 'abc', '１'])('IdText refuses %j', (s) => {
    expect(ok(IdText, s).success).toBe(false);
  });
  it.each([1, '7', 2147483647])('Id takes %j', (v) => expect(ok(Id, v).success).toBe(true));
  it.each([0, 1.5, 2147483648, -3, '0x10', null, true])('Id refuses %j', (v) => expect(ok(Id, v).success).toBe(false));
});

describe('strict numbers', () => {
  it.each([
    [0, 0],
    ['12.50', 12.5],
    [' 3 ', 3],
    [-2, -2],
  ])('takes %j', (input, out) => {
    expect(ok(strictNumber(), input)).toMatchObject({ success: true, data: out });
  });
  it.each([null, true, false, '', ' ', '0x1F', '1e3', '+1', '.5', '1,000', 'NaN', Infinity, [], {}])('refuses %j', (input) => {
    expect(ok(strictNumber(), input).success).toBe(false);
  });
  it('money: ≥ 0, at most 2 decimals, below 10^12', () => {
    expect(ok(Money, '1234.56')).toMatchObject({ success: true, data: 1234.56 });
    for (const bad of [-0.01, 1.234, 1e12, 1e308, '0x1F']) expect(ok(Money, bad).success, String(bad)).toBe(false);
  });
  it('counts are whole and not negative', () => {
    expect(ok(Count, 3).success).toBe(true);
    for (const bad of [1.5, -1, 1e308]) expect(ok(Count, bad).success, String(bad)).toBe(false);
  });
});

describe('text', () => {
  const title = text(10);
  it('trims and caps by characters, not bytes', () => {
    expect(ok(title, '  宣传活动  ')).toMatchObject({ success: true, data: '宣传活动' });
    expect(ok(title, '一二三四五六七八九十').success).toBe(true);
    expect(ok(title, '一二三四五六七八九十一').success).toBe(false);
  });
  it.each(['a\u0000b', '\ud800', 'x\udc00', 'bell\u0007', '   ', 'two\nlines'])('refuses %j', (s) => {
    expect(ok(title, s).success).toBe(false);
  });
});

describe('project references', () => {
  it.each([
    [3, 3],
    ['3', 3],
    ['美丽天津', '美丽天津'],
  ])('takes %j', (input, out) => expect(ok(ProjectRef, input)).toMatchObject({ success: true, data: out }));
  it.each([' 3', '03', '3 ', 2147483648, '2147483648', 0, 1.5, 'a\u0000'])('refuses %j', (input) => expect(ok(ProjectRef, input).success).toBe(false));
});

describe('field issues', () => {
  it('name each field in Chinese and open unions to the closest branch', () => {
    const schema = z.union([z.object({ asOf: z.string(), value: strictNumber({ min: 0 }) }), z.array(z.string())]);
    const r = schema.safeParse({ asOf: 'x', value: -1 });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldIssues(r.error.issues)).toEqual([{ field: 'value', label: '数值（value）', message: '不能为负数' }]);
  });
});
