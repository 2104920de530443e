// One indicator row: its level names (carried over from the rows above when blank), then the rest placed
// into the header's columns, then the target read by parseTarget with the row as context.
import { isNumberCell, isTargetLike } from './cell-kinds.ts';
import type { Cell } from './cells-types.ts';
import { parseTarget } from './parse-target.ts';
import { alignRow, type Slot, weightOf } from './table-align.ts';
import { type ProjectDraft, quote, type ReaderState, unplaced, use, warn, warnCell } from './table-state.ts';
import type { ColumnGroups } from './table-indicators.ts';
import type { CellRole, ParsedIndicator, RowReading } from './types.ts';
import { isNotApplicableName, type LabelKind, matchLevel1, matchLevel2, matchNature, parentOfLevel2 } from './vocabulary.ts';

export interface TableCarry {
  level1: string | null;
  level2: string | null;
  /** Rows read before any level-1 name: a label placed mid-group (a row-span) names them too. */
  pending: ParsedIndicator[];
  slots: Slot[];
  groups: ColumnGroups | null;
  /** Leading project columns of a flat project spreadsheet (`单位名称 | 项目名称 | 预算数 | 年度目标`). */
  projectColumns: LabelKind[];
}

interface Levels {
  level1: string | null;
  level2: string | null;
  /** Index of the first cell after the level names. */
  rest: number;
}

const nextFilled = (cells: Cell[], from: number): number => {
  let k = from;
  while (k < cells.length && cells[k]?.text === '') k += 1;
  return k;
};

/** The level names written at the start of the row. 成本指标/满意度指标 are level-1 when a level-2 follows. */
function readLevels(cells: Cell[]): Levels {
  let k = nextFilled(cells, 0);
  const a = cells[k]?.text ?? '';
  const a1 = matchLevel1(a);
  const a2 = matchLevel2(a);
  let level1: string | null = null;
  let level2: string | null = null;
  if (a1 && a2) {
    const b = cells[nextFilled(cells, k + 1)]?.text ?? '';
    if (matchLevel2(b) !== null || a1 === '满意度指标') level1 = a1;
    else level2 = a2;
    k += 1;
  } else if (a1 || a2) {
    level1 = a1;
    level2 = a2;
    k += 1;
  }
  if (level1 && !level2) {
    const next = nextFilled(cells, k);
    const b2 = matchLevel2(cells[next]?.text ?? '');
    if (b2) {
      level2 = b2;
      k = next + 1;
    }
  }
  return { level1, level2, rest: k };
}

function resolveLevels(table: TableCarry, written: Levels): { level1: string | null; level2: string | null } {
  let level1 = written.level1;
  if (!level1) {
    const parent = written.level2 ? parentOfLevel2(written.level2) : null;
    level1 = table.level1 && (parent === null || parent === table.level1) ? table.level1 : (parent ?? table.level1);
  }
  let level2 = written.level2;
  if (!level2 && table.level2) {
    const parent = parentOfLevel2(table.level2);
    if (parent === null || parent === level1 || !written.level1) level2 = table.level2;
  }
  if (!level2 && level1 === '满意度指标') level2 = '满意度指标';
  return { level1, level2 };
}

const COMPARATOR_OF: Record<string, string> = { 正向: '≥', 反向: '≤', 定性: '', 定量: '' };

const joinLines = (text: string): string =>
  text
    .split('\n')
    .map((p) => p.trim())
    .join('');

/**
 * A row of a two-group table: `name | value | level-2 | name | value` after its level names. The group taken is
 * the row; the other group's value becomes a note (`中期目标：3`). A row cut before its second group is the first.
 */
function splitGroups(rest: Cell[], groups: ColumnGroups): { rest: Cell[]; other: string | null; level2: string | null; consumed: Cell[] } {
  const filled = rest.filter((c) => c.text !== '');
  let at = filled.findIndex((c, k) => k > 0 && matchLevel2(c.text) !== null);
  if (at < 0 && filled.length >= 4 && filled.length % 2 === 0 && filled[0]?.text === filled[filled.length / 2]?.text) at = filled.length / 2;
  if (at < 0) return { rest, other: null, level2: null, consumed: [] };
  const first = filled.slice(0, at);
  let second = filled.slice(at);
  const level2Cell = matchLevel2(second[0]?.text ?? '') !== null ? (second[0] as Cell) : null;
  if (level2Cell) second = second.slice(1);
  const [taken, other] = groups.take === 1 ? [second, first] : [first, second];
  const otherValue = other.length > 1 ? other[other.length - 1]?.text : null;
  const level2 = groups.take === 1 && level2Cell ? matchLevel2(level2Cell.text) : null;
  return {
    rest: taken,
    other: otherValue ? `${groups.otherName}：${otherValue}` : null,
    level2,
    consumed: [...other, ...(level2Cell ? [level2Cell] : [])],
  };
}

function describe(table: TableCarry, cell: Cell | null, note: string | null): string | null {
  const written = table.slots.includes('description') || cell !== null ? joinLines(cell?.text ?? '') || null : null;
  if (note === null) return written;
  return written ? `${written}（${note}）` : note;
}

type Aligned = ReturnType<typeof alignRow>;

/** The roles of a row's cells, for `--explain` and the import preview (docs/design.md, "How sure the reader is"). */
function roles(levelCells: Cell[], written: Levels, other: Cell[], aligned: Aligned | null, rest: Cell[]): RowReading['cells'] {
  const out: RowReading['cells'] = [];
  levelCells.forEach((c, k) => {
    const role: CellRole = levelCells.length >= 2 ? (k === 0 ? 'level1' : 'level2') : written.level1 ? 'level1' : 'level2';
    out.push({ text: c.text, role });
  });
  for (const c of other) out.push({ text: c.text, role: 'other-group' });
  if (!aligned) {
    for (const c of rest) if (c.text !== '') out.push({ text: c.text, role: 'unplaced' });
    return out;
  }
  const roleOf = (c: Cell): CellRole => {
    if (aligned.level3.includes(c)) return 'level3';
    if (aligned.unplaced.includes(c)) return 'unplaced';
    for (const slot of ['description', 'nature', 'value', 'unit', 'weight'] as const) if (aligned[slot] === c) return slot;
    return 'ignored';
  };
  for (const c of rest) if (c.text !== '') out.push({ text: c.text, role: roleOf(c) });
  return out;
}

export function readIndicatorRow(state: ReaderState, table: TableCarry, draft: ProjectDraft, cells: Cell[]): void {
  const filled = cells.filter((c) => c.text !== '');
  const first = filled[0];
  if (!first) return;
  let written = readLevels(cells);
  const levelCells = cells.slice(0, written.rest).filter((c) => c.text !== '');
  let rest = cells.slice(nextFilled(cells, written.rest));
  while (rest.length > 0 && rest[rest.length - 1]?.text === '') rest = rest.slice(0, -1);
  let otherGroup: string | null = null;
  let otherCells: Cell[] = [];
  if (table.groups) {
    const split = splitGroups(rest, table.groups);
    rest = split.rest;
    otherGroup = split.other;
    otherCells = split.consumed;
    if (split.level2 !== null) written = { ...written, level2: split.level2 };
    use(state, ...split.consumed);
  }
  // `成本指标 | 社会成本指标 | 定量 | 100 | %`: no name follows the level names, so the last of them is the name.
  const firstRest = rest.find((c) => c.text !== '');
  if (levelCells.length >= 2 && firstRest && (matchNature(firstRest.text) !== null || isNumberCell(firstRest.text) || isTargetLike(firstRest.text))) {
    const nameCell = levelCells.pop() as Cell;
    rest = [nameCell, ...rest];
    written = readLevels(levelCells);
  }
  const { level1, level2 } = resolveLevels(table, written);
  if (written.level1) {
    for (const indicator of table.pending) indicator.level1 = written.level1;
    table.pending = [];
  }
  table.level1 = level1 ?? table.level1;
  table.level2 = level2 ?? table.level2;
  use(state, ...levelCells);
  const line = first.line;
  const record = (aligned: Aligned | null, indicator: ParsedIndicator | null, note: string | null): void => {
    draft.rows.push({ line, cells: roles(levelCells, written, otherCells, aligned, rest), indicator, note });
  };
  if (rest.length === 0) {
    const note = `只有指标类别「${levelCells.map((c) => c.text).join('/')}」，没有三级指标和指标值`;
    warn(state, line, `第${line}行：${note}`);
    record(null, null, note);
    return;
  }
  const single = rest.length === 1 ? (rest[0] as Cell) : null;
  // A weight that spilled onto a line of its own belongs to the row above.
  const above = draft.indicators[draft.indicators.length - 1];
  if (single && levelCells.length === 0 && above?.weight === null && table.slots.includes('weight')) {
    const weight = weightOf(single);
    if (weight !== null && isNumberCell(single.text)) {
      above.weight = weight;
      use(state, single);
      return;
    }
  }
  if (single && levelCells.length === 0 && !isNotApplicableName(single.text)) {
    unplaced(state, single, '指标表中');
    record(null, null, '无法识别的内容，未导入');
    return;
  }
  const aligned =
    single && isNotApplicableName(single.text)
      ? { ...alignRow([], table.slots, false), level3: [single], value: single }
      : alignRow(rest, table.slots, state.stream.splitBySpaces);
  // With no description column, a `反映…` cell under 绩效标准/评分标准 is still the indicator's explanation.
  if (!table.slots.includes('description') && aligned.description === null) {
    const explains = aligned.ignored.find((c) => /^反映/.test(c.text.trim()));
    if (explains) {
      aligned.description = explains;
      aligned.ignored = aligned.ignored.filter((c) => c !== explains);
    }
  }
  for (const cell of aligned.unplaced) unplaced(state, cell, '指标表中');
  const level3 = aligned.level3
    .map((c) => joinLines(c.text))
    .join(' ')
    .trim();
  if (level3 === '') {
    let said = false;
    for (const cell of [aligned.value, aligned.description, aligned.nature, aligned.unit, aligned.weight, ...aligned.ignored]) {
      if (cell && cell.text !== '') {
        warnCell(state, cell, `缺少三级指标，「${quote(cell.text)}」未导入`);
        said = true;
      }
    }
    if (!said && aligned.unplaced.length === 0) warn(state, line, `第${line}行：缺少三级指标和指标值，未导入`);
    record(aligned, null, '缺少三级指标，未导入');
    return;
  }
  use(state, ...rest.filter((c) => !aligned.unplaced.includes(c)));
  const nature = aligned.nature ? matchNature(aligned.nature.text) : null;
  const qualitative = nature === '定性';
  const value = joinLines(aligned.value?.text ?? '');
  const unit = aligned.unit?.text.trim() ?? '';
  const comparator = nature === null ? '' : (COMPARATOR_OF[nature] ?? nature);
  // `28.8万元` under a 计量单位 of `%`: the value's own unit wins and the clash is said.
  const ownUnit = /\d\s*[^\d\s.,]+$/.test(value);
  const raw = qualitative ? value : `${comparator}${value}${unit !== '' && !ownUnit && !value.endsWith(unit) ? unit : ''}`;
  // A row is out when its name says so (`本项目不适用此指标`) or its value does (`/`, `无`, empty).
  const namedApplicable = !isNotApplicableName(level3);
  const parsed = parseTarget(raw, { level1, level2, level3, qualitative });
  const applicable = namedApplicable && parsed.applicable;
  const warnings = namedApplicable ? [...parsed.warnings] : [];
  let needsReview = applicable && parsed.needsReview;
  if (ownUnit && unit !== '' && !qualitative && !value.endsWith(unit)) {
    warnings.push(`指标值「${value}」自带单位，与计量单位「${unit}」不同，按指标值的单位读取`);
    needsReview = applicable;
  }
  for (const w of warnings) warn(state, line, `第${line}行 指标「${level3}」：${w}`);
  const note = state.lineNotes.get(line);
  if (note && applicable) {
    warnings.push(note);
    needsReview = true;
  }
  const indicator: ParsedIndicator = {
    level1: level1 ?? '',
    level2: level2 ?? '',
    level3,
    description: describe(table, aligned.description, otherGroup),
    target: parsed.target,
    weight: weightOf(aligned.weight),
    applicable,
    needsReview,
    warnings,
    line,
  };
  if (!level2) warn(state, line, `第${line}行：无法确定指标「${level3}」的二级指标`);
  if (!level1) table.pending.push(indicator);
  draft.indicators.push(indicator);
  record(aligned, indicator, warnings.length > 0 ? warnings.join('；') : null);
}
