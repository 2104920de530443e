// The reader's last step (docs/design.md, Targets): the unit and each project's name from wherever they can be
// had, rows cut off by a truncated copy marked, header and furniture rows refused, deadlines given a year,
// weights checked, and a confidence for each project with the reasons for it.
import { defaultEvaluationSettings } from '../evaluation/settings.ts';
import { statedPoints } from '../evaluation/score-weights.ts';
import type { ReadTableOptions } from './parse-table.ts';
import { resolveDeadline } from './parse-target.ts';
import { indicatorProblem, stripPlaceholders } from './table-guard.ts';
import { type ProjectDraft, type ReaderState, warn } from './table-state.ts';
import { sameUnit } from './table-values.ts';
import type { Confidence, LineMessage, ParsedIndicator, ParsedProject, ParsedTable, ParsedUnit, RowReading, UnitSource } from './types.ts';

export function finishTable(state: ReaderState, options: ReadTableOptions, cut: number | null): ParsedTable {
  const errors: LineMessage[] = [...state.errors];
  if (state.items.every((item) => item.cell.text === '')) {
    errors.push({ line: 1, message: '文件为空：没有可读取的内容' });
    return { unit: null, unitSource: null, projects: [], warnings: state.warnings, errors };
  }
  if (state.projects.length === 0) {
    errors.push({
      line: 1,
      message: '未找到绩效目标表：文件中没有「项目名称」，也没有「一级指标/二级指标/三级指标/指标值」表头',
    });
  }
  const { unit, source } = chooseUnit(state, options, errors);
  let nameless = 0;
  const projects = state.projects.map((draft, k) => {
    const last = k === state.projects.length - 1;
    const fallbackName = draft.name ?? draft.nameHint ?? (options.projectName ? `${options.projectName}${nameless++ > 0 ? `（${nameless}）` : ''}` : null);
    return finishProject(state, draft, options, errors, { fallbackName, cut: last ? cut : null, unitSource: source });
  });
  const warnings = [...state.warnings].sort((a, b) => a.line - b.line);
  return { unit, unitSource: source, projects, warnings, errors: errors.sort((a, b) => a.line - b.line) };
}

/** The caller's unit, else the table's, else the 主管部门, else one named by the file (each fallback said). */
function chooseUnit(state: ReaderState, options: ReadTableOptions, errors: LineMessage[]): { unit: ParsedUnit | null; source: UnitSource | null } {
  const written = state.unit?.unit ?? null;
  if (options.unit) {
    if (written && !sameUnit(written, options.unit)) {
      const line = state.unit?.line ?? 1;
      warn(state, line, `第${line}行：表中单位为「${written.name}」，按指定的单位「${options.unit.name}」导入`);
    }
    return { unit: options.unit, source: 'option' };
  }
  if (written) return { unit: written, source: 'table' };
  if (state.titleUnit) {
    const { unit, line } = state.titleUnit;
    warn(state, line, `第${line}行：表中没有「单位名称」，按标题中的单位「${unit.name}」导入，请核对`);
    return { unit, source: 'title' };
  }
  if (state.supervisor) {
    const { unit, line } = state.supervisor;
    warn(state, line, `第${line}行：未找到实施单位，按主管部门「${unit.name}」作为单位导入，请核对`);
    return { unit, source: 'supervisor' };
  }
  if (state.projects.length === 0) return { unit: null, source: null };
  const fromFile = unitFromFileName(options.fileName);
  if (fromFile) {
    warn(state, 1, `第1行：表中没有单位，按文件名作为单位「${fromFile.name}」导入；导入时可指定单位（“代码 名称”）`);
    return { unit: fromFile, source: 'file' };
  }
  errors.push({ line: 1, message: '未找到单位：文件中没有「实施单位」「单位信息」或“单位编码+单位名称”行；请在导入时指定单位（“代码 名称”）' });
  return { unit: null, source: null };
}

function unitFromFileName(fileName: string | null | undefined): ParsedUnit | null {
  if (!fileName) return null;
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .trim();
  return base === '' || base === '-' ? null : { code: null, name: base };
}

interface ProjectContext {
  fallbackName: string | null;
  /** The line the file was cut at, when this is the last project. */
  cut: number | null;
  unitSource: UnitSource | null;
}

function finishProject(state: ReaderState, draft: ProjectDraft, options: ReadTableOptions, errors: LineMessage[], context: ProjectContext): ParsedProject {
  const name = draft.name ?? context.fallbackName ?? '';
  if (name === '') errors.push({ line: draft.line, message: `第${draft.line}行开始的项目没有项目名称；请在导入时指定项目名称` });
  else if (!draft.name) warn(state, draft.line, `第${draft.line}行：没有「项目名称」，${draft.nameHint ? '按标题' : '按指定的名称'}取名「${name}」`);
  const truncated = context.cut !== null && draft.headerLine !== null && context.cut >= draft.line ? markCut(state, draft, name, context.cut) : null;
  refuseNonIndicators(state, draft, name);
  if (draft.headerLine === null) {
    errors.push({
      line: draft.line,
      message: `第${draft.line}行的项目「${name}」没有指标表（未找到一级指标/二级指标/三级指标/指标值表头）`,
    });
  } else if (draft.indicators.length === 0 && !truncated && !errors.some((e) => e.line === draft.headerLine)) {
    errors.push({ line: draft.line, message: `第${draft.line}行的项目「${name}」没有任何指标` });
  }
  const written = draft.year ?? state.docYear;
  let year = written ?? options.year;
  if (written !== null && options.yearGiven && written !== options.year) {
    year = options.year;
    warn(state, draft.line, `第${draft.line}行：项目「${name}」的表格年度为${written}年，与指定的${options.year}年不同，按${options.year}年导入`);
  }
  const indicators = draft.indicators.map((indicator) => withYear(state, indicator, year));
  checkWeights(state, draft, name, indicators);
  const rows: RowReading[] = draft.rows.map((row) => {
    const at = row.indicator ? draft.indicators.indexOf(row.indicator) : -1;
    return { line: row.line, cells: row.cells, indicator: at >= 0 ? at : null, note: row.note };
  });
  return {
    name,
    year,
    budget: { total: draft.total, fiscal: draft.fiscal, other: draft.other, unit: 'yuan' },
    purpose: draft.purpose,
    goals: draft.goals,
    budgetWeight: draft.budgetWeight,
    indicators,
    line: draft.line,
    truncated,
    rows,
    confidence: confidenceOf(state, draft, indicators, rows, { truncated, named: draft.name !== null, unitSource: context.unitSource }),
  };
}

/**
 * The copy ends inside this project's table, so the last row read is the one the cut went through (rows before it
 * on the same line, in a glued copy, are whole). Without a value, or with one that stops at a comparator or an
 * opening bracket, it is dropped; with a value it is kept for review, as the value may have been cut short.
 */
function markCut(state: ReaderState, draft: ProjectDraft, name: string, cut: number): LineMessage {
  const message = `第${draft.line}行开始的项目「${name}」不完整：表格在第${cut}行被截断`;
  const last = draft.indicators.at(-1);
  if (last && last.line >= cut) {
    const raw = last.target.raw.trim();
    if (raw === '' || /^[≥≤<>=]+$/.test(raw) || /[≥≤<>=(（]$/.test(raw)) {
      dropIndicator(draft, last, '该行在截断处，缺少指标值，未导入');
      warn(state, last.line, `第${last.line}行：指标「${last.level3}」在截断处，缺少指标值，未导入`);
    } else {
      last.needsReview = last.applicable;
      last.warnings.push('该行在截断处，指标值可能不完整');
    }
  }
  warn(state, cut, `第${cut}行：${message}`);
  return { line: cut, message };
}

function dropIndicator(draft: ProjectDraft, indicator: ParsedIndicator, note: string): void {
  draft.indicators = draft.indicators.filter((i) => i !== indicator);
  for (const row of draft.rows) {
    if (row.indicator === indicator) {
      row.indicator = null;
      row.note = note;
    }
  }
}

/** Header cells, furniture and placeholders never become indicators (docs/design.md, "Never a header"). */
function refuseNonIndicators(state: ReaderState, draft: ProjectDraft, name: string): void {
  for (const indicator of [...draft.indicators]) {
    const cleaned = stripPlaceholders(indicator.level3);
    if (cleaned !== indicator.level3 && cleaned !== '') {
      indicator.warnings.push(`已去掉名称中的模板占位「${indicator.level3}」`);
      indicator.level3 = cleaned;
    }
    const problem = indicatorProblem(indicator);
    if (problem === null) continue;
    dropIndicator(draft, indicator, `${problem}，未导入`);
    warn(state, indicator.line, `第${indicator.line}行：项目「${name}」中「${indicator.level3}」${problem}，不作为指标导入`);
  }
}

/** A deadline written without a year (`6月30日前完成`) falls in the project's budget year. */
function withYear(state: ReaderState, indicator: ParsedIndicator, year: number): ParsedIndicator {
  const { target, warning } = resolveDeadline(indicator.target, year);
  if (warning === null) return target === indicator.target ? indicator : { ...indicator, target };
  warn(state, indicator.line, `第${indicator.line}行 指标「${indicator.level3}」：${warning}`);
  return { ...indicator, needsReview: indicator.applicable, warnings: [...indicator.warnings, warning] };
}

/**
 * A weight column (and 预算执行率's weight, else its default) that states more than the 100 points gets every
 * weight scaled down at scoring; one that fills the 100 while rows are left blank leaves those rows nothing.
 * Both are legal and both surprise, so the importer says so, naming the project (docs/design.md, Scoring).
 */
function checkWeights(state: ReaderState, draft: ProjectDraft, name: string, indicators: ParsedIndicator[]): void {
  const settings = defaultEvaluationSettings;
  const hasBudget = (draft.total ?? 0) > 0;
  const stated = statedPoints(indicators, hasBudget, draft.budgetWeight, settings);
  if (stated === null) return;
  const blank = indicators.filter((i) => i.applicable && i.weight === null).length;
  const budget = hasBudget ? `（含预算执行率 ${draft.budgetWeight ?? settings.groupPoints.budget} 分）` : '';
  const total = Number(stated.toFixed(2));
  const left = blank > 0 ? `，未填分值的 ${blank} 个指标将不得分` : '';
  if (stated > 100 + 1e-9) {
    warn(state, draft.line, `第${draft.line}行：项目「${name}」的分值合计 ${total} 分${budget}，超过 100 分，计分时按比例折算为 100 分${left}`);
  } else if (blank > 0 && stated >= 100 - 1e-9) {
    warn(state, draft.line, `第${draft.line}行：项目「${name}」已填分值合计 ${total} 分${budget}${left}`);
  }
}

interface ConfidenceFacts {
  truncated: LineMessage | null;
  named: boolean;
  unitSource: UnitSource | null;
}

/**
 * How sure the reader is of a project (docs/design.md, "How sure the reader is"): each doubt costs a share of the
 * score and is named. high ≥ 0.85, medium ≥ 0.6, else low.
 */
function confidenceOf(state: ReaderState, draft: ProjectDraft, indicators: ParsedIndicator[], rows: RowReading[], facts: ConfidenceFacts): Confidence {
  const doubts: [number, string][] = [];
  const rowCount = Math.max(rows.length, 1);
  if (facts.truncated) doubts.push([0.3, `表格被截断（第${facts.truncated.line}行），只读到完整的行`]);
  if (indicators.length === 0) doubts.push([0.5, '没有读到任何指标']);
  const review = indicators.filter((i) => i.needsReview).length;
  if (review > 0) doubts.push([Math.min(0.3, (0.3 * review) / Math.max(indicators.length, 1) + 0.05), `${review} 个指标的指标值需人工确认`]);
  const lost = rows.filter((r) => r.indicator === null).length;
  if (lost > 0) doubts.push([Math.min(0.3, (0.4 * lost) / rowCount), `${lost} 行未能读成指标`]);
  const unplacedCells = rows.reduce((n, r) => n + r.cells.filter((c) => c.role === 'unplaced').length, 0);
  if (unplacedCells > 0) doubts.push([Math.min(0.2, 0.04 * unplacedCells), `${unplacedCells} 个单元格未能归入任何列`]);
  const noLevel = indicators.filter((i) => i.level1 === '' || i.level2 === '').length;
  if (noLevel > 0) doubts.push([Math.min(0.2, 0.05 * noLevel), `${noLevel} 个指标缺少一级或二级指标`]);
  if (state.stream.format === 'glued') doubts.push([0.15, '单元格连在一起，按词表和指标值拆分']);
  if (state.stream.format === 'columns' || state.stream.format === 'plain') doubts.push([0.05, '单元格以空格分隔，按词表拆分']);
  if (!facts.named) doubts.push([0.1, '表中没有「项目名称」，名称取自标题或指定']);
  if (facts.unitSource === 'file') doubts.push([0.15, '表中没有单位，单位取自文件名']);
  if (facts.unitSource === 'supervisor') doubts.push([0.05, '单位取自主管部门']);
  if (facts.unitSource === 'title') doubts.push([0.05, '单位取自标题']);
  if (draft.total === null) doubts.push([0.05, '没有读到预算金额']);
  doubts.sort((a, b) => b[0] - a[0]);
  const score = Math.max(0, Number((1 - doubts.reduce((sum, [cost]) => sum + cost, 0)).toFixed(2)));
  const level = score >= 0.85 ? 'high' : score >= 0.6 ? 'medium' : 'low';
  return { level, score, reasons: doubts.map(([, reason]) => reason) };
}
