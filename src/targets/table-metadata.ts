// Reads the cells above an indicator table: title, year, unit, 项目名称, budget, purpose, goals.
import { readTable } from './table-indicators.ts';
import { isProjectHeaderRow } from './table-project-columns.ts';
import { setUnit } from './table-unit.ts';
import {
  current,
  ensureProject,
  ignoreFooter,
  isFresh,
  isStructural,
  type Item,
  newProject,
  quote,
  type ReaderState,
  unplaced,
  use,
  warn,
} from './table-state.ts';
import { looksLikeMoney, readCodedUnitCell, readMoney, readUnitValue, readWeight, splitGoals } from './table-values.ts';
import type { ParsedUnit } from './types.ts';
import {
  isCoreHeaderWord,
  isFooter,
  type LabelMatch,
  matchHeaderWord,
  matchLabel,
  matchLevel1,
  matchMoneyUnitCell,
  matchTitle,
  matchYearCell,
  isGoalColumn,
} from './vocabulary.ts';

/** Reads the metadata cell at `i` (and the values it labels); returns the index of the next unread cell. */
export function readMetadata(state: ReaderState, i: number): number {
  const item = state.items[i] as Item;
  const { cell } = item;
  const text = cell.text;
  if (isFooter(text)) {
    ignoreFooter(state, cell);
    return i + 1;
  }
  const headerKind = matchHeaderWord(text);
  if (isCoreHeaderWord(headerKind) || headerKind === 'section') return readTable(state, i, true);
  const label = matchLabel(text);
  if (label && isProjectHeaderRow(rowTexts(state, i), (t) => isCoreHeaderWord(matchHeaderWord(t)))) return readTable(state, i, true);
  if (label) return readLabel(state, i, label);
  const done = (): number => {
    use(state, cell);
    return i + 1;
  };
  const moneyUnit = matchMoneyUnitCell(text);
  if (moneyUnit) {
    state.moneyUnit = moneyUnit;
    const draft = current(state);
    if (draft) draft.moneyUnit = moneyUnit;
    return done();
  }
  const title = matchTitle(text);
  if (title) {
    const fresh = current(state);
    const draft = isFresh(fresh) ? fresh : newProject(state, cell.line);
    if (title.name) draft.nameHint = title.name;
    if (title.unit && !state.titleUnit) state.titleUnit = { unit: { code: null, name: title.unit }, line: cell.line };
    if (title.year !== null) setYear(state, title.year);
    return done();
  }
  const year = matchYearCell(text);
  if (year !== null) {
    setYear(state, year);
    return done();
  }
  const coded = readCodedUnitCell(text);
  if (coded) {
    setUnit(state, coded, cell.line);
    return done();
  }
  // A level-1 name with no header above it: read the rows anyway and say the header is missing.
  if (matchLevel1(text) === text.trim()) return readTable(state, i, false);
  const draft = current(state);
  if (draft?.budgetSeen && draft.purpose === null && !draft.goalsSeen && draft.headerLine === null) {
    draft.purpose = text.trim();
    return done();
  }
  unplaced(state, cell, '');
  return i + 1;
}

function rowTexts(state: ReaderState, i: number): string[] {
  const { items } = state;
  const row = items[i]?.row;
  if (!state.stream.hasRows) return [];
  let from = i;
  while (from > 0 && items[from - 1]?.row === row) from -= 1;
  let to = i;
  while (to < items.length && items[to]?.row === row) to += 1;
  return items.slice(from, to).map((item) => item.cell.text);
}

function setYear(state: ReaderState, year: number): void {
  state.docYear = year;
  const draft = current(state);
  if (draft && draft.headerLine === null) draft.year = year;
}

/** The cells a label names: the next one, or (goals) all until the next structural cell. */
function takeValues(state: ReaderState, i: number, all: boolean, wrapRow = false): { values: Item[]; next: number } {
  const { items, stream } = state;
  let row = items[i]?.row;
  const values: Item[] = [];
  let j = i + 1;
  // A label that ends its row (`项目 名称 |` on a line of its own in a copied page) has its value first in the next.
  if (wrapRow && stream.labelValueInRow && items[j] !== undefined && items[j]?.row !== row && !isStructural(items[j]?.cell.text ?? '')) {
    row = items[j]?.row;
    all = false;
  }
  for (; j < items.length; j += 1) {
    const item = items[j] as Item;
    if (stream.labelValueInRow && item.row !== row) break;
    if (item.cell.text === '') {
      // An empty cell right after the label in the same row is the blank value (the seed's 其他资金).
      if (stream.labelValueInRow && values.length === 0 && !all) return { values: [item], next: j + 1 };
      continue;
    }
    if (isStructural(item.cell.text)) break;
    values.push(item);
    if (!all) return { values, next: skipRepeats(state, j) };
  }
  return { values, next: values.length > 0 ? j : i + 1 };
}

/** Spreadsheets that fill a merged range repeat its value across the row: the copies are the same cell. */
function skipRepeats(state: ReaderState, j: number): number {
  const { items } = state;
  const first = items[j] as Item;
  let k = j + 1;
  while (state.stream.labelValueInRow && items[k]?.row === first.row && items[k]?.cell.text === first.cell.text) {
    use(state, (items[k] as Item).cell);
    k += 1;
  }
  return k;
}

function readLabel(state: ReaderState, i: number, label: LabelMatch): number {
  const { cell } = state.items[i] as Item;
  const line = cell.line;
  if (label.kind === 'caption') {
    use(state, cell);
    return i + 1;
  }
  const all = label.kind === 'goals';
  const inline = label.rest !== '';
  if (label.kind === 'goals' && !inline) {
    const columns = readGoalColumns(state, i);
    if (columns !== null) return columns;
  }
  const wrap = label.kind === 'projectName' || label.kind === 'unit' || label.kind === 'supervisor';
  let taken = inline ? { values: [] as Item[], next: i + 1 } : takeValues(state, i, all, wrap);
  const money = label.kind === 'total' || label.kind === 'fiscal' || label.kind === 'other';
  // A budget label only takes a number: free text after it (a purpose line) is not its value.
  if (money && !inline && taken.values.some((v) => !looksLikeMoney(v.cell.text))) taken = { values: [], next: i + 1 };
  const consumed = [cell, ...taken.values.map((v) => v.cell)];
  // Contact persons, dates…: known fields the import has no place for, left out on purpose.
  if (label.kind === 'ignored') {
    for (const c of consumed) for (let l = c.line; l <= c.endLine; l += 1) state.noise.add(l);
  } else use(state, ...consumed);
  const value = inline
    ? label.rest
    : taken.values
        .map((v) => v.cell.text)
        .join('\n')
        .trim();
  const valueLine = taken.values[0]?.cell.line ?? line;
  switch (label.kind) {
    case 'projectName': {
      const fresh = current(state);
      const draft = isFresh(fresh) ? fresh : newProject(state, line);
      if (value === '') warn(state, line, `第${line}行：「${quote(cell.text)}」后没有项目名称`);
      else draft.name = value.replace(/\s*\n\s*/g, '').replace(/\s+/g, ' ');
      break;
    }
    case 'unit':
      if (value !== '') setUnit(state, readUnitValue(value) as ParsedUnit, valueLine);
      break;
    case 'supervisor':
      if (value !== '' && !state.supervisor) state.supervisor = { unit: readUnitValue(value) as ParsedUnit, line: valueLine };
      break;
    case 'budgetGroup': {
      const draft = ensureProject(state, line);
      draft.budgetSeen = true;
      if (label.moneyUnit) draft.moneyUnit = label.moneyUnit;
      break;
    }
    case 'total':
    case 'fiscal':
    case 'other': {
      const draft = ensureProject(state, line);
      draft.budgetSeen = true;
      const reading = readMoney(value, label.moneyUnit ?? draft.moneyUnit ?? state.moneyUnit);
      if (reading.kind === 'amount') draft[label.kind] = reading.yuan;
      else if (reading.kind === 'invalid') warn(state, valueLine, `第${valueLine}行：无法识别的金额「${quote(value)}」，按空白处理`);
      break;
    }
    case 'purpose':
      ensureProject(state, line).purpose = value === '' ? null : value;
      break;
    case 'goals': {
      const draft = ensureProject(state, line);
      draft.goalsSeen = true;
      draft.goals.push(...splitGoals(value));
      break;
    }
    case 'budgetWeight': {
      const weight = readWeight(value);
      if (weight !== null) ensureProject(state, line).budgetWeight = weight;
      else if (value !== '') warn(state, valueLine, `第${valueLine}行：无法识别的预算执行率权重「${quote(value)}」`);
      break;
    }
    case 'ignored':
      break;
  }
  return taken.next;
}

/**
 * `总体目标 | 中期滚动目标(2019年--2021年) | 年度目标` over a row of texts (东莞), or `总体目标 年度目标 年度总体目标完成情况`
 * over one text (南岳): the goals are the text under the 年度 column; the other columns are not imported.
 */
function readGoalColumns(state: ReaderState, i: number): number | null {
  const { items } = state;
  const row = items[i]?.row;
  const heads: Item[] = [];
  let j = i + 1;
  for (; j < items.length && items[j]?.row === row; j += 1) {
    const item = items[j] as Item;
    if (item.cell.text === '') continue;
    if (!isGoalColumn(item.cell.text)) return null;
    heads.push(item);
  }
  const annual = heads.findIndex((h) => /^(年度|本年度|当年)(绩效)?(总体)?目标$/.test(h.cell.text.replace(/\s+/g, '')));
  if (heads.length < 2 || annual < 0 || j >= items.length) return null;
  const valueRow = items[j]?.row;
  const values: Item[] = [];
  let k = j;
  for (; k < items.length && items[k]?.row === valueRow; k += 1) if (items[k]?.cell.text !== '') values.push(items[k] as Item);
  if (values.length === 0 || values.some((v) => isStructural(v.cell.text))) return null;
  // One text under several columns belongs to the first of them (the others are blank).
  const goal = values.length === 1 ? values[0] : values[annual];
  use(state, (items[i] as Item).cell, ...heads.map((h) => h.cell), ...values.map((v) => v.cell));
  const draft = ensureProject(state, (items[i] as Item).cell.line);
  draft.goalsSeen = true;
  if (goal) draft.goals.push(...splitGoals(goal.cell.text));
  return k;
}
