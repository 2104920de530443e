// The one unit a file's projects belong to: the first named, and an error for a second, different one.
import type { ReaderState } from './table-state.ts';
import { sameUnit } from './table-values.ts';
import type { ParsedUnit } from './types.ts';

export function setUnit(state: ReaderState, unit: ParsedUnit, line: number): void {
  if (!state.unit) {
    state.unit = { unit, line };
    return;
  }
  if (sameUnit(state.unit.unit, unit)) {
    if (state.unit.unit.code === null && unit.code !== null) state.unit.unit = unit;
    return;
  }
  const before = state.unit.unit;
  state.errors.push({
    line,
    message: `第${line}行：单位「${unit.name}」与第${state.unit.line}行的单位「${before.name}」不同；一个文件只能导入一个单位的项目`,
  });
}
