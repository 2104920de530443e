// Reads filled 项目支出绩效自评表 out of the cell stream every input becomes (src/targets/extract-cells.ts,
// cells-office.ts): the same reader as target tables, so an .xlsx, a .docx with merged cells and text copied
// from a web page arrive as rows of cells. Columns are found by their header words, not by position, and a
// row that a copied web table left short (its merged 一级/二级 cells missing) is placed by what its leading
// cells say (docs/design.md "Self-evaluation review").
import { isTargetLike } from '../targets/cell-kinds.ts';
import type { CellStream, Row } from '../targets/cells-types.ts';
import {
  compact,
  fold,
  matchHeaderWord,
  matchLabel,
  matchLevel1,
  matchLevel2,
  matchMoneyUnitCell,
  matchYearCell,
  parentOfLevel2,
} from '../targets/vocabulary.ts';
import type { FundsRow, IndicatorRow, SelfEvalSheet, SourceCell } from './types.ts';

type Column = 'section' | 'level1' | 'level2' | 'level3' | 'target' | 'actual' | 'weight' | 'score' | 'other';
type FundsColumn = 'initial' | 'budget' | 'spent' | 'weight' | 'rate' | 'points' | 'other';
type MoneyUnit = FundsRow['moneyUnit'];

const headerForm = (text: string): string =>
  compact(text)
    .replace(/[:]$/, '')
    .replace(/\([^()]*\)$/, '');

/** The column an indicator-table header cell names. */
export function indicatorColumn(text: string): Column | null {
  const form = headerForm(text);
  if (form === '') return null;
  if (/^((全年|年度)?实际)?(完成|实现)值$|^实际完成(值|数|情况)$|^实际值$/.test(form)) return 'actual';
  if (/^(自评|实际)?得分$|^评分$/.test(form)) return 'score';
  if (/偏差|原因|改进措施|备注/.test(form)) return 'other';
  const kind = matchHeaderWord(text) ?? matchHeaderWord(form);
  switch (kind) {
    case 'section':
    case 'level1':
    case 'level2':
    case 'level3':
    case 'weight':
      return kind;
    case 'value':
      return 'target';
    case null:
      return null;
    default:
      return 'other';
  }
}

function fundsColumn(text: string): FundsColumn | null {
  const form = headerForm(text);
  if (/^年初预算(数|金额)?$/.test(form)) return 'initial';
  if (/^(全年|调整后|年度)?预算(数|金额)$/.test(form)) return 'budget';
  if (/^(全年)?(执行|支出)(数|金额)$|^实际支出(数|金额)?$/.test(form)) return 'spent';
  if (/^(分值|权重)/.test(form)) return 'weight';
  if (/^(预算)?执行率/.test(form)) return 'rate';
  if (/^得分$/.test(form)) return 'points';
  return null;
}

const GRADE_WORDS: Record<string, string> = { 优秀: '优', 良好: '良', 中等: '中', 较差: '差', 优: '优', 良: '良', 中: '中', 差: '差' };
// At the start of its cell: an indicator's own words (`空气质量等级优良`) are not the table's grade.
const GRADE_INLINE = /^\s*(?:自评)?等级\s*[:：]?\s*(优秀|良好|中等|较差|优|良|中|差)\s*$/;

/** `自评等级：优`, or a lone `优`/`优秀`; null otherwise. */
export function readGradeCell(text: string, alone: boolean): string | null {
  const inline = GRADE_INLINE.exec(fold(text));
  if (inline) return GRADE_WORDS[inline[1] ?? ''] ?? null;
  return alone ? (GRADE_WORDS[compact(text)] ?? null) : null;
}

const isTitle = (text: string): boolean => /绩效自评表/.test(compact(text)) && compact(text).length <= 80;
const isTotalLabel = (text: string): boolean => /^(总分|合计|总计|综合得分|自评总分)/.test(compact(text));
const isGradeLabel = (text: string): boolean => /^(自评)?等级[:]?$/.test(compact(text));
const isLeadCell = (text: string): boolean => text === '' || matchHeaderWord(text) === 'section' || matchLevel1(text) !== null || matchLevel2(text) !== null;
const NOT_APPLICABLE = /^(\/|无|不适用|-|—|——)$/;

interface Draft extends SelfEvalSheet {
  columns: Column[] | null;
  fundsColumns: { start: number; columns: FundsColumn[]; moneyUnit: MoneyUnit } | null;
  level1: string;
  level2: string;
  /** The indicator table ended (a 总分 row, a grade row). */
  closed: boolean;
}

function newDraft(line: number): Draft {
  return {
    line,
    project: null,
    unit: null,
    year: null,
    weightHeader: null,
    funds: [],
    indicators: [],
    total: null,
    grade: null,
    columns: null,
    fundsColumns: null,
    level1: '',
    level2: '',
    closed: false,
  };
}

const hasContent = (d: Draft): boolean => d.project !== null || d.funds.length > 0 || d.indicators.length > 0 || d.columns !== null;

/** The cells of a row as texts; text split by spaces (a page saved as text) is split in every cell alike. */
function textsOf(row: Row, splitBySpaces: boolean): string[] {
  const texts = row.cells.map((c) => c.text);
  return splitBySpaces ? texts.flatMap((t) => (t.trim() === '' ? [''] : t.trim().split(/\s+/))) : texts;
}

/** Every self-evaluation table in the stream, in order; an empty list when there is none. */
export function readSelfEvalSheets(stream: CellStream): SelfEvalSheet[] {
  const sheets: Draft[] = [];
  const start = (line: number): Draft => {
    const draft = newDraft(line);
    sheets.push(draft);
    return draft;
  };
  // Text split only by spaces also splits the metadata lines; those are split again here.
  const split = stream.splitBySpaces || !stream.labelValueInRow;
  for (const row of stream.rows) {
    const texts = textsOf(row, split);
    if (texts.every((t) => t.trim() === '')) continue;
    let sheet: Draft = sheets[sheets.length - 1] ?? start(row.line);
    if (texts.some(isTitle)) {
      if (hasContent(sheet)) sheet = start(row.line);
      const year = /(\d{4})年/.exec(compact(texts.find(isTitle) ?? ''));
      if (year) sheet.year = Number(year[1]);
      continue;
    }
    const projectLabel = texts.findIndex((t) => matchLabel(t)?.kind === 'projectName');
    if (projectLabel >= 0 && (sheet.project !== null || sheet.indicators.length > 0)) sheet = start(row.line);
    if (readMetadata(sheet, texts)) continue;
    if (readHeaders(sheet, texts)) continue;
    if (sheet.columns === null) {
      readFundsRow(sheet, texts, row.line);
      continue;
    }
    readTableRow(sheet, texts, row.line, split);
  }
  return sheets.filter((d) => d.columns !== null).map(({ columns: _c, fundsColumns: _f, level1: _1, level2: _2, closed: _closed, ...sheet }) => sheet);
}

/** 项目名称, 实施单位, the year: true when the row was one of them. */
function readMetadata(sheet: Draft, texts: string[]): boolean {
  const yearCell = texts.find((t) => matchYearCell(t) !== null);
  if (yearCell !== undefined && texts.filter((t) => t.trim() !== '').length === 1) {
    sheet.year = matchYearCell(yearCell);
    return true;
  }
  let found = false;
  texts.forEach((text, i) => {
    const label = matchLabel(text);
    if (!label || (label.kind !== 'projectName' && label.kind !== 'unit' && label.kind !== 'supervisor')) return;
    if (sheet.columns !== null) return;
    const value = label.rest !== '' ? label.rest : (texts.slice(i + 1).find((t) => t.trim() !== '' && matchLabel(t) === null) ?? '');
    if (label.kind === 'projectName' && value !== '') sheet.project = value.trim();
    if (label.kind === 'unit' && value !== '') sheet.unit = value.trim();
    if (label.kind === 'supervisor' && value !== '' && sheet.unit === null) sheet.unit = value.trim();
    found = true;
  });
  return found;
}

/** The funds header (年初预算数 … 得分) or the indicator header (一级指标 … 得分). */
function readHeaders(sheet: Draft, texts: string[]): boolean {
  const kinds = texts.map(indicatorColumn);
  const has = (k: Column) => kinds.includes(k);
  if (has('level3') && has('target') && has('actual') && has('score')) {
    sheet.columns = kinds.map((k) => k ?? 'other');
    sheet.weightHeader = texts[kinds.indexOf('weight')] ?? null;
    if (sheet.weightHeader !== null) sheet.weightHeader = compact(sheet.weightHeader);
    sheet.closed = false;
    return true;
  }
  const funds = texts.map(fundsColumn);
  if (funds.includes('budget') && funds.includes('spent')) {
    const start = funds.findIndex((k) => k !== null);
    const label = texts.slice(0, start).join('');
    const moneyUnit: MoneyUnit = /亿元/.test(label) ? '亿元' : /\(?元\)?$|[（(]元[)）]/.test(label) && !/万元/.test(label) ? '元' : '万元';
    sheet.fundsColumns = { start, columns: funds.slice(start).map((k) => k ?? 'other'), moneyUnit };
    return true;
  }
  if (texts.length === 1 && matchMoneyUnitCell(texts[0] ?? '') && sheet.fundsColumns) {
    sheet.fundsColumns.moneyUnit = matchMoneyUnitCell(texts[0] ?? '') ?? '万元';
    return true;
  }
  return false;
}

const FUNDS_LABEL = /资金|拨款|结转|总额|合计|自筹/;

/** A row of the funds block: its label, then one value per header column after the header's label cells. */
function readFundsRow(sheet: Draft, texts: string[], line: number): void {
  const layout = sheet.fundsColumns;
  if (!layout) return;
  const at = texts.findIndex((t) => t.trim() !== '');
  const label = compact(texts[at] ?? '');
  if (!FUNDS_LABEL.test(label) || /项目资金/.test(label)) return;
  let values = texts.slice(at + 1);
  // A label written over two unmerged cells leaves an empty cell before the first value.
  while (values.length > layout.columns.length && values[0]?.trim() === '') values = values.slice(1);
  const get = (k: FundsColumn): string | null => {
    const i = layout.columns.indexOf(k);
    const v = i < 0 ? undefined : values[i];
    return v === undefined ? null : v.trim();
  };
  sheet.funds.push({
    label: label.replace(/^其中[:]?/, ''),
    line,
    initial: get('initial'),
    budget: get('budget'),
    spent: get('spent'),
    weight: get('weight'),
    rate: get('rate'),
    points: get('points'),
    moneyUnit: layout.moneyUnit,
  });
}

/** A row after the indicator header: an indicator, the 总分 row, or the grade. */
function readTableRow(sheet: Draft, texts: string[], line: number, split: boolean): void {
  const first = texts.find((t) => t.trim() !== '') ?? '';
  readGrade(sheet, texts, line);
  if (isTotalLabel(first)) {
    readTotal(sheet, texts, line);
    sheet.closed = true;
    return;
  }
  if (sheet.closed || sheet.grade?.line === line) return;
  const row = readIndicator(sheet, texts, line, split);
  if (row) sheet.indicators.push(row);
}

function readGrade(sheet: Draft, texts: string[], line: number): void {
  const total = isTotalLabel(texts.find((t) => t.trim() !== '') ?? '');
  texts.forEach((text, i) => {
    const inline = readGradeCell(text, total && i > 0);
    const next = isGradeLabel(text) ? (texts.slice(i + 1).find((t) => t.trim() !== '') ?? '') : null;
    const grade = inline ?? (next !== null ? readGradeCell(next, true) : null);
    if (grade !== null && sheet.grade === null) sheet.grade = { text: grade, line };
  });
}

/** `总分 | 100 | 92.35 | 自评等级：优`, `总分：92.35`: two numbers are 分值 then 得分, one is 得分. */
function readTotal(sheet: Draft, texts: string[], line: number): void {
  const cells = texts.flatMap((t, i) => {
    if (i > 0 || !/[:：]/.test(t)) return [t];
    return fold(t).split(':').slice(1);
  });
  const numbers = cells.map((t) => compact(t).replace(/分$/, '')).filter((t) => /^\d+(\.\d+)?$/.test(t));
  sheet.total = numbers.length >= 2 ? { line, weight: numbers[0] ?? null, score: numbers[1] ?? null } : { line, weight: null, score: numbers[0] ?? null };
}

function readIndicator(sheet: Draft, texts: string[], line: number, split: boolean): IndicatorRow | null {
  const columns = sheet.columns ?? [];
  const pre = columns.indexOf('level3');
  let lead = 0;
  while (lead < pre && lead < texts.length && isLeadCell(texts[lead]?.trim() ?? '')) lead += 1;
  const leading = texts.slice(0, lead);
  let rest = texts.slice(lead);
  const after = columns.slice(pre);
  if (split && rest.length > after.length) rest = joinSplitName(rest);
  const value = (k: Column): string => {
    const i = after.indexOf(k);
    return i < 0 ? '' : (rest[i] ?? '').trim();
  };
  if (lead === pre) {
    leading.forEach((text, i) => {
      const t = text.trim();
      if (t !== '' && columns[i] === 'level1') [sheet.level1, sheet.level2] = [t, ''];
      if (t !== '' && columns[i] === 'level2') sheet.level2 = t;
    });
  } else {
    const named = leading.map((t) => t.trim()).filter((t) => t !== '' && matchHeaderWord(t) !== 'section');
    if (named.length >= 2) [sheet.level1, sheet.level2] = [named[0] ?? '', named[1] ?? ''];
    else if (named.length === 1) {
      const name = named[0] ?? '';
      // 成本指标 and 满意度指标 name both levels: under a level 1 they belong to, they are its level 2.
      const child = matchLevel1(name) === null || sheet.level1 === name || parentOfLevel2(name) === sheet.level1;
      if (matchLevel2(name) !== null && child) sheet.level2 = name;
      else [sheet.level1, sheet.level2] = [name, ''];
    }
  }
  const level3 = value('level3');
  const target = value('target');
  const actual = value('actual');
  const score = value('score');
  if (level3 === '' && target === '' && actual === '' && score === '') return null;
  return {
    line,
    level1: sheet.level1,
    level2: sheet.level2,
    level3,
    target,
    actual,
    weight: columns.includes('weight') ? value('weight') : null,
    score,
  };
}

/** Text split by spaces splits a name with spaces too: its pieces are joined up to the first target-like cell. */
function joinSplitName(cells: string[]): string[] {
  const end = cells.findIndex((c, i) => i > 0 && (isTargetLike(c) || NOT_APPLICABLE.test(compact(c))));
  if (end <= 1) return cells;
  const name = cells.slice(0, end).reduce((a, p) => (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(p) ? `${a} ${p}` : a + p), '');
  return [name, ...cells.slice(end)];
}

export type { SourceCell };
