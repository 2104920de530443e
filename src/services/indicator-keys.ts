import type { ParsedIndicator } from '../targets/types.ts';

/**
 * An indicator's identity across re-imports of its project's table: its three level names, plus the
 * occurrence number when a table repeats the same names (positions shift when rows are inserted, so
 * they cannot be the identity).
 */
export function indicatorKeys(list: Pick<ParsedIndicator, 'level1' | 'level2' | 'level3'>[]): string[] {
  const seen = new Map<string, number>();
  return list.map((i) => {
    const base = `${i.level1}/${i.level2}/${i.level3}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}
