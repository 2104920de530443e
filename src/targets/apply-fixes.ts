// An import draft's fixes (docs/design.md "Import preview"): the admin corrects a level name or a target cell
// of a row the parser read, before confirming. The fixed reading is the parser's reading with every fix
// applied; a fixed target is read again by the same parser the importer uses, with the row as context, so
// what is stored is what the preview showed. Pure: the reading and the fixes in, a new reading out.
import { textProblem } from '../edge/values.ts';
import { parseTarget } from './parse-target.ts';
import type { ParsedIndicator, ParsedTable } from './types.ts';
import { isNotApplicableName, LEVEL1_NAMES, matchLevel1, matchLevel2 } from './vocabulary.ts';

export const FIX_FIELDS = ['level1', 'level2', 'level3', 'target'] as const;
export type FixField = (typeof FIX_FIELDS)[number];

/**
 * A row of a reading: the source line it starts on and, when several rows start on one line (a table copied as
 * one line of text), which of them, counting from 0 in reading order.
 */
export interface RowRef {
  line: number;
  seq: number;
}

/** One fixed cell: the row, which cell, and the text it now holds. `seq` is absent for a line's first row. */
export interface CellFix {
  line: number;
  seq?: number;
  field: FixField;
  fixed: string;
}

/** `15` for a line's first row, `15-3` for its fourth: the row's address in page links and anchors. */
export function rowKey(ref: RowRef): string {
  return ref.seq > 0 ? `${ref.line}-${ref.seq}` : `${ref.line}`;
}

/** The row a `rowKey` names; null for anything else. */
export function readRowKey(text: string): RowRef | null {
  const m = /^([1-9]\d{0,6})(?:-([1-9]\d{0,3}))?$/.exec(text);
  return m ? { line: Number(m[1]), seq: m[2] ? Number(m[2]) : 0 } : null;
}

const asRef = (row: number | RowRef): RowRef => (typeof row === 'number' ? { line: row, seq: 0 } : row);

/** Every indicator of a reading with its row address, in reading order. */
export function rowRefs(reading: ParsedTable): { indicator: ParsedIndicator; ref: RowRef; year: number; project: string }[] {
  const seen = new Map<number, number>();
  return reading.projects.flatMap((project) =>
    project.indicators.map((indicator) => {
      const seq = seen.get(indicator.line) ?? 0;
      seen.set(indicator.line, seq + 1);
      return { indicator, ref: { line: indicator.line, seq }, year: project.year, project: project.name };
    }),
  );
}

export const FIX_FIELD_LABELS: Record<FixField, string> = { level1: '一级指标', level2: '二级指标', level3: '三级指标', target: '指标值' };

const MAX_LENGTH: Record<FixField, number> = { level1: 200, level2: 200, level3: 200, target: 500 };

/** The cell's text in a reading: a level name, or the target as written. */
export function cellText(indicator: ParsedIndicator, field: FixField): string {
  return field === 'target' ? indicator.target.raw : indicator[field];
}

/** The row at `row` (a line: its first row), with its project's year; null when the reading has no such row. */
export function findRow(reading: ParsedTable, row: number | RowRef): { indicator: ParsedIndicator; year: number; project: string } | null {
  const { line, seq } = asRef(row);
  const found = rowRefs(reading).find((r) => r.ref.line === line && r.ref.seq === seq);
  return found ? { indicator: found.indicator, year: found.year, project: found.project } : null;
}

/** The reading with every fix applied; the last fix of a cell wins. The reading itself is not changed. */
export function applyFixes(reading: ParsedTable, fixes: readonly CellFix[]): ParsedTable {
  if (fixes.length === 0) return reading;
  const byRow = new Map<string, Partial<Record<FixField, string>>>();
  for (const fix of fixes) {
    const key = rowKey({ line: fix.line, seq: fix.seq ?? 0 });
    byRow.set(key, { ...byRow.get(key), [fix.field]: fix.fixed });
  }
  let warnings = reading.warnings;
  const seen = new Map<number, number>();
  const projects = reading.projects.map((project) => ({
    ...project,
    indicators: project.indicators.map((indicator) => {
      const seq = seen.get(indicator.line) ?? 0;
      seen.set(indicator.line, seq + 1);
      const cells = byRow.get(rowKey({ line: indicator.line, seq }));
      if (!cells) return indicator;
      const fixed = fixRow(indicator, cells, project.year);
      warnings = [...warnings.filter((w) => !fixed.drops(w)), ...fixed.adds];
      return fixed.indicator;
    }),
  }));
  return { ...reading, projects, warnings: [...warnings].sort((a, b) => a.line - b.line) };
}

interface FixedRow {
  indicator: ParsedIndicator;
  /** Table warnings about this row that no longer hold. */
  drops: (w: { line: number; message: string }) => boolean;
  adds: { line: number; message: string }[];
}

function fixRow(original: ParsedIndicator, cells: Partial<Record<FixField, string>>, year: number): FixedRow {
  const { line } = original;
  const level1 = cells.level1 ?? original.level1;
  const level2 = cells.level2 ?? original.level2;
  const level3 = cells.level3 ?? original.level3;
  const levelsFixed = cells.level1 !== undefined || cells.level2 !== undefined;
  // A target is read again when it was fixed, when its comparator was inferred from levels that changed
  // (a bare number is `<=` under 成本), or when the name now says (or no longer says) the row does not apply.
  const reread =
    cells.target !== undefined || (levelsFixed && original.target.inferred) || isNotApplicableName(level3) !== isNotApplicableName(original.level3);
  let indicator: ParsedIndicator = { ...original, level1, level2, level3 };
  const adds: { line: number; message: string }[] = [];
  const targetPrefix = `第${line}行 指标「${original.level3}」：`;
  if (reread) {
    const parsed = parseTarget(cells.target ?? original.target.raw, { year, level1, level2, level3 });
    const named = !isNotApplicableName(level3);
    const applicable = named && parsed.applicable;
    const warnings = named ? [...parsed.warnings] : [];
    indicator = { ...indicator, target: parsed.target, applicable, needsReview: applicable && parsed.needsReview, warnings };
    for (const w of warnings) adds.push({ line, message: `第${line}行 指标「${level3}」：${w}` });
  }
  const drops = (w: { line: number; message: string }): boolean =>
    w.line === line &&
    ((reread && w.message.startsWith(targetPrefix)) ||
      (cells.level1 !== undefined && /^第\d+行：无法确定指标「.*」的一级指标$/.test(w.message)) ||
      (cells.level2 !== undefined && /^第\d+行：无法确定指标「.*」的二级指标$/.test(w.message)));
  return { indicator, drops, adds };
}

export type FixCheck = { ok: true; cells: Partial<Record<FixField, string>> } | { ok: false; problems: { field: FixField; message: string }[] };

/**
 * Checks the text typed for some cells of the row on `line` (already fixed or not): level names as the
 * table would read them (一级 one of the four; a known 二级 name in its canonical form), a target the
 * parser reads without needing a person. Returns the cells as they would be stored, or a Chinese message
 * per refused cell naming the row.
 */
export function checkFix(current: ParsedTable, at: number | RowRef, typed: Partial<Record<FixField, string>>): FixCheck {
  const { line } = asRef(at);
  const row = findRow(current, at);
  if (!row) {
    const field = (Object.keys(typed)[0] as FixField | undefined) ?? 'target';
    return { ok: false, problems: [{ field, message: `第${line}行没有指标，无法修改` }] };
  }
  const { indicator } = row;
  const cells: Partial<Record<FixField, string>> = {};
  const problems: { field: FixField; message: string }[] = [];
  const name = (level3: string) => `第${line}行 指标「${level3}」`;
  for (const field of FIX_FIELDS) {
    const raw = typed[field];
    if (raw === undefined) continue;
    const text = raw.trim();
    const label = FIX_FIELD_LABELS[field];
    const refuse = (message: string) => problems.push({ field, message: `${name(indicator.level3)}：${message}` });
    if (text === '') refuse(field === 'target' ? '请填写指标值（不适用的指标填“/”）' : `请填写${label}`);
    else if ([...text].length > MAX_LENGTH[field]) refuse(`${label}不能超过 ${MAX_LENGTH[field]} 个字`);
    else if (textProblem(text, false)) refuse(`${label}${textProblem(text, false)}`);
    else if (field === 'level1') {
      const known = matchLevel1(text);
      if (known) cells.level1 = known;
      else refuse(`一级指标「${text}」应为 ${LEVEL1_NAMES.join('、')} 之一`);
    } else if (field === 'level2') cells.level2 = matchLevel2(text) ?? text;
    else cells[field] = text;
  }
  if (cells.target !== undefined) {
    const level1 = cells.level1 ?? indicator.level1;
    const level2 = cells.level2 ?? indicator.level2;
    const level3 = cells.level3 ?? indicator.level3;
    const parsed = parseTarget(cells.target, { year: row.year, level1, level2, level3 });
    if (parsed.needsReview) {
      const why = parsed.warnings.map((w) => w.replace(/[，,]?\s*需人工确认$/, '')).join('；') || `无法识别的指标值「${cells.target}」`;
      problems.push({
        field: 'target',
        message: `${name(level3)}：${why}。请写成“比较符 数值 单位”，如 ≥300次、≤320万元、>90%、<1天，或写定性表述；不适用填“/”`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, cells };
}
