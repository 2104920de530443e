import { parseTarget } from '../../src/targets/parse-target.ts';

/**
 * "Long target cells": a pasted table can put a whole page into one cell. The parser must stay linear in
 * the cell's length, so each shape is timed at 100k and 1M characters: a quadratic step would take seconds at
 * 1M, linear work takes milliseconds. (Moved here from a wall-clock assertion in
 * test/unit/parse-target.test.ts: timing is the bench's job.)
 */
export interface LongCellTiming {
  shape: string;
  /** Best of `rounds` wall times, ms, at 100k and at 1M characters. */
  small: number;
  large: number;
  /** large / small. */
  ratio: number;
}

const SHAPES: { shape: string; cell: (n: number) => string }[] = [
  { shape: '≥≥≥… (operators only)', cell: (n) => '≥'.repeat(n) },
  { shape: '111… (one huge number)', cell: (n) => '1'.repeat(n) },
  { shape: '好好好… (text only)', cell: (n) => '好'.repeat(n) },
  { shape: '1-1-1-…% (a range that never ends)', cell: (n) => `${'1-'.repeat(n / 2)}%` },
  { shape: '2024年前前前… (a deadline that never ends)', cell: (n) => `2024年${'前'.repeat(n / 2)}` },
];

function best(cell: string, rounds: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    parseTarget(cell);
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export const LONG_CELL_SIZES = { small: 100_000, large: 1_000_000 } as const;

export function measureLongCells(rounds = 7): LongCellTiming[] {
  return SHAPES.map(({ shape, cell }) => {
    const smallCell = cell(LONG_CELL_SIZES.small);
    const largeCell = cell(LONG_CELL_SIZES.large);
    // Warm the JIT and flatten the repeated strings before timing.
    best(smallCell, 1);
    best(largeCell, 1);
    const small = best(smallCell, rounds);
    const large = best(largeCell, rounds);
    return { shape, small, large, ratio: large / Math.max(small, 0.001) };
  });
}
