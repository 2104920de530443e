// A flat spreadsheet of projects (井研县马踏镇): 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 | … in one header. A
// row that starts with project cells opens a project; the rows under it continue it from 一级指标 on. A row with
// a unit and an amount but no project name is the department's total, not a project (docs/design.md, Targets).
import type { Cell } from './cells-types.ts';
import { current, newProject, type ReaderState, use, warn } from './table-state.ts';
import { looksLikeMoney, readMoney, readUnitValue, splitGoals } from './table-values.ts';
import type { ParsedUnit } from './types.ts';
import { type LabelKind, matchLabel, matchLevel1, matchLevel2 } from './vocabulary.ts';

const PROJECT_COLUMNS: LabelKind[] = ['unit', 'supervisor', 'projectName', 'total', 'fiscal', 'goals'];

/** The leading header cells that name project columns (`单位名称`, `项目名称`, `预算数`, `年度目标`). */
export function projectColumnsOf(named: Cell[]): LabelKind[] {
  const kinds: LabelKind[] = [];
  for (const cell of named.filter((c) => c.text.trim() !== '')) {
    const kind = matchLabel(cell.text)?.kind;
    if (!kind || !PROJECT_COLUMNS.includes(kind) || matchLabel(cell.text)?.rest) break;
    kinds.push(kind);
  }
  return kinds.includes('projectName') ? kinds : [];
}

/** True when the row holding a label is a header with indicator columns as well (a flat project spreadsheet). */
export function isProjectHeaderRow(texts: string[], isCore: (text: string) => boolean): boolean {
  return texts.filter(isCore).length >= 2 && projectColumnsOf(texts.map((text) => ({ text, line: 0, endLine: 0 }))).length > 0;
}

const isLevel = (text: string): boolean => matchLevel1(text) !== null || matchLevel2(text) !== null;

const hasAmount = (text: string): boolean => /\d/.test(text) && looksLikeMoney(text);

/**
 * Reads the project cells at the start of a row; returns the cells left for the indicator (from the first level
 * name on), or null when the row was only project cells (a department total, a project without indicators yet).
 */
export function readProjectCells(state: ReaderState, columns: LabelKind[], cells: Cell[], setUnit: (unit: ParsedUnit, line: number) => void): Cell[] | null {
  const filled = cells.filter((c) => c.text !== '');
  const firstLevel = filled.findIndex((c) => isLevel(c.text));
  const lead = firstLevel < 0 ? filled : filled.slice(0, firstLevel);
  if (lead.length === 0) return cells;
  const rest = firstLevel < 0 ? [] : filled.slice(firstLevel);
  const line = lead[0]?.line ?? 0;
  use(state, ...lead);
  let unit: ParsedUnit | null = null;
  let name: string | null = null;
  let amount: string | null = null;
  const texts: string[] = [];
  for (const cell of lead) {
    const coded = readUnitValue(cell.text);
    if (unit === null && name === null && coded?.code && /\p{Script=Han}/u.test(coded.name) && columns.includes('unit')) unit = coded;
    else if (amount === null && hasAmount(cell.text)) amount = cell.text;
    else texts.push(cell.text);
  }
  // The shorter text is the name, a long one the goals; a lone text is the name.
  if (texts.length > 0) name = (texts[0] as string).replace(/\s+/g, ' ');
  const goals = texts.slice(1).join('\n');
  if (name === null) {
    // `820-马踏镇部门 | 8,827,620.53`: the department the projects belong to, with its total.
    if (unit && !state.supervisor) state.supervisor = { unit, line };
    if (rest.length > 0) warn(state, line, `第${line}行：没有项目名称的行，其指标按上一个项目读取`);
    return rest.length > 0 ? rest : null;
  }
  if (unit) setUnit(unit, line);
  const fresh = current(state);
  const draft = fresh && fresh.name === null && fresh.indicators.length === 0 ? fresh : newProject(state, line);
  draft.name = name;
  draft.line = line;
  draft.headerLine ??= line;
  if (amount !== null) {
    const reading = readMoney(amount, draft.moneyUnit ?? state.moneyUnit);
    if (reading.kind === 'amount') draft.total = reading.yuan;
    draft.budgetSeen = true;
  }
  if (goals !== '') {
    draft.goalsSeen = true;
    draft.goals.push(...splitGoals(goals));
  }
  return rest.length > 0 ? rest : null;
}
