// Text whose cells are not marked: space-separated columns (a spreadsheet exported as text) and cells
// run together with no separator at all (text extracted from some PDFs). Split by the vocabulary.
import { isTargetLike, mayStartTarget } from './cell-kinds.ts';
import { findHeaderRun, GLUED_FOOTER, splitGluedHead, splitGluedRun } from './cells-glued-run.ts';
import { type Cell, type CellStream, makeCell, makeRow, makeStream, type Row } from './cells-types.ts';
import type { LineMessage } from './types.ts';
import {
  compact,
  fold,
  HEADER_SPLIT_WORDS,
  isGoalColumn,
  LABEL_WORDS,
  LEVEL_NAMES,
  matchHeaderWord,
  matchLabel,
  matchMoneyUnitCell,
  matchTitle,
  matchYearCell,
  trailingQualitativePhrase,
} from './vocabulary.ts';

/** The 2021+ template as PDF text: `产出指标数量指标补充采样点位数=120个`, one table row per line. */
export function readGlued(lines: string[]): CellStream {
  const rows: Row[] = [];
  const warnings: LineMessage[] = [];
  let inTable = false;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '') return;
    const whole = wholeTableLine(text, line);
    if (whole) {
      rows.push(...whole);
      inTable = true;
      return;
    }
    const header = splitHeaderWords(compact(text));
    if (header) {
      inTable = true;
      rows.push(makeRow(header.map((w) => makeCell(w, line))));
      return;
    }
    if (inTable && startsMetadata(text)) inTable = false;
    if (!inTable) {
      rows.push(makeRow(splitByLabels(text, line)));
      return;
    }
    const { cells, warning } = splitIndicatorLine(text, line);
    if (warning) warnings.push({ line, message: warning });
    rows.push(makeRow(cells));
  });
  return makeStream('glued', rows, { labelValueInRow: false, warnings });
}

/** A whole table on one line (鄂州): its head split by titles and labels, the header, then one row per indicator. */
function wholeTableLine(text: string, line: number): Row[] | null {
  const form = compact(text);
  const run = form.length > 150 ? findHeaderRun(form) : null;
  if (!run) return null;
  const rows: Row[] = [];
  for (const piece of splitGluedHead(form.slice(0, run.start))) {
    const single = GLUED_FOOTER.test(piece) || matchTitle(piece) !== null;
    rows.push(makeRow(single ? [makeCell(piece, line)] : splitByLabels(piece, line)));
  }
  rows.push(makeRow(run.words.map((w) => makeCell(w, line))));
  for (const cells of splitGluedRun(form.slice(run.end))) rows.push(makeRow(cells.map((c) => makeCell(c, line))));
  return rows;
}

/** `一级指标 二级指标 … 权重(%)` columns; a weight that spilled onto the next line joins its row. */
export function readSpaceColumns(lines: string[]): CellStream {
  const rows: Row[] = [];
  let inTable = false;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '') return;
    const tokens = text.split(/\s+/);
    if (tokens.filter((t) => matchHeaderWord(t) !== null).length >= 3) {
      inTable = true;
      rows.push(makeRow(tokens.map((t) => makeCell(t, line))));
      return;
    }
    if (inTable && startsMetadata(text)) inTable = false;
    if (!inTable) {
      rows.push(makeRow(splitByLabels(text, line)));
      return;
    }
    const previous = rows[rows.length - 1];
    if (/^\d+(\.\d+)?$/.test(text) && previous && previous.cells.length > 1) {
      rows[rows.length - 1] = makeRow([...previous.cells, makeCell(text, line)]);
      return;
    }
    rows.push(makeRow(tokens.map((t) => makeCell(t, line))));
  });
  return makeStream('columns', rows, { labelValueInRow: false, splitBySpaces: true });
}

function startsMetadata(text: string): boolean {
  const folded = fold(text).trim();
  return matchTitle(text) !== null || LABEL_WORDS.some((w) => folded.startsWith(w));
}

/** `一级指标二级指标三级指标指标值` → its words, or null when the text is not only header words. */
export function splitHeaderWords(form: string): string[] | null {
  const words: string[] = [];
  let rest = form;
  while (rest !== '') {
    const word = HEADER_SPLIT_WORDS.find((w) => rest.startsWith(w));
    if (!word) return null;
    words.push(word);
    rest = rest.slice(word.length);
  }
  return words.length >= 2 ? words : null;
}

/**
 * Splits a metadata line at its labels: `单位信息: 301002-某中心 项目名称: 某项目` → four cells. After a
 * goals or purpose label the rest of the line is its text, whatever words it contains.
 */
// A one- or two-character label (the vertical caption `总`) is a label only as a whole token, never inside `总分`.
function standsAlone(text: string, at: number, length: number): boolean {
  const before = at === 0 || /\s/.test(text[at - 1] ?? '');
  const after = at + length >= text.length || /[\s:]/.test(text[at + length] ?? '');
  return before && after;
}

export function splitByLabels(text: string, line: number): Cell[] {
  const whole = text.trim();
  if (matchTitle(whole) || matchYearCell(whole) !== null || matchMoneyUnitCell(whole)) return [makeCell(whole, line)];
  const folded = fold(whole);
  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  while (i < folded.length) {
    const word = LABEL_WORDS.find((w) => folded.startsWith(w, i) && (w.length > 2 || standsAlone(folded, i, w.length)));
    if (!word) {
      i += 1;
      continue;
    }
    pieces.push(whole.slice(start, i), whole.slice(i, i + word.length));
    i += word.length;
    while (i < folded.length && /[\s:]/.test(folded[i] ?? '')) i += 1;
    start = i;
    const kind = matchLabel(word)?.kind;
    if (kind === 'goals' || kind === 'purpose') {
      // `总体目标 年度目标 年度总体目标完成情况`: column headings over the goals, not the goals themselves.
      const headings = folded.slice(i).trim().split(/\s+/);
      if (headings.length >= 2 && headings.every(isGoalColumn)) {
        pieces.push(...headings);
        start = folded.length;
      }
      break;
    }
  }
  pieces.push(whole.slice(start));
  const cells: string[] = [];
  for (const piece of pieces.map((p) => p.trim()).filter((p) => p !== '')) {
    const previous = cells[cells.length - 1];
    // `项目` + `主管部门` was one label split to keep names ending in 项目 whole.
    if (previous === '项目' && matchLabel(`项目${piece}`)) cells[cells.length - 1] = `项目${piece}`;
    else cells.push(piece);
  }
  return cells.map((c) => makeCell(c, line));
}

/**
 * A cell holding several `label: value` pairs (`单位信息: 301002-某中心 项目名称: 某项目`, a .docx paragraph
 * `单位名称：某中心　项目名称：某项目`) becomes one cell per label and value; any other cell is kept.
 */
export function splitLabelPairs(cell: Cell): Cell[] {
  const folded = fold(cell.text);
  const pairs = LABEL_WORDS.filter((w) => new RegExp(`(^|\\s)${escapeRegExp(w)}\\s*:`).test(folded));
  if (pairs.length < 2 || !pairs.some((w) => folded.trimStart().startsWith(w))) return [cell];
  return splitByLabels(cell.text, cell.line).map((c) => ({ ...c, endLine: cell.endLine }));
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `成本指标经济成本指标单点位采样分析成本≤4800元` → level names, then the name, then the target at the end.
 * A qualitative value glued to its name is split by known phrases and reported for checking.
 */
export function splitIndicatorLine(text: string, line: number): { cells: Cell[]; warning: string | null } {
  const cells: string[] = [];
  let rest = compact(text);
  for (let n = 0; n < 2; n += 1) {
    const name = LEVEL_NAMES.find((w) => rest.startsWith(w));
    if (!name) break;
    cells.push(name);
    rest = rest.slice(name.length);
  }
  const make = (extra: string[], warning: string | null = null) => ({
    cells: [...cells, ...extra].map((c) => makeCell(c, line)),
    warning,
  });
  if (rest === '') return make([]);
  for (let i = 1; i < rest.length; i += 1) {
    if (mayStartTarget(rest[i] ?? '') && isTargetLike(rest.slice(i)) && !/\d$/.test(rest.slice(0, i))) {
      return make([rest.slice(0, i), rest.slice(i)]);
    }
  }
  const phrase = trailingQualitativePhrase(rest);
  if (phrase && !isTargetLike(rest)) {
    const name = rest.slice(0, rest.length - phrase.length);
    return make([name, phrase], `第${line}行：「${rest}」中指标名称与指标值连在一起，已按常见定性表述拆为「${name}」和「${phrase}」，请核对`);
  }
  return make([rest]);
}
