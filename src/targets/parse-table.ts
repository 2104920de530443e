// The target-table importer's reader (docs/design.md, Targets): any supported file → one ParsedTable. Total: never
// throws; what makes the file unimportable goes to `errors`, what it could not read to `warnings`, each
// naming its line. Every non-empty line either contributes to the result or appears in a warning.
import { defaultEvaluationSettings } from '../evaluation/settings.ts';
import { statedPoints } from '../evaluation/score-weights.ts';
import { readDocxCells, readXlsxCells } from './cells-office.ts';
import type { CellStream } from './cells-types.ts';
import { decodeText, extractTextCells } from './extract-cells.ts';
import { resolveDeadline } from './parse-target.ts';
import { readMetadata } from './table-metadata.ts';
import { createState, type ProjectDraft, type ReaderState, warn } from './table-state.ts';
import type { LineMessage, ParsedIndicator, ParsedProject, ParsedTable } from './types.ts';

export interface ReadTableOptions {
  /** The budget year to use when the document states none (or when `yearGiven` and it differs). */
  year: number;
  /** The year was chosen explicitly by the person importing; it wins over the document's. */
  yearGiven?: boolean;
}

/** The table and which source lines the reader used or deliberately ignored (for the no-silent-drop check). */
export interface DetailedTable {
  table: ParsedTable;
  /** Lines whose cells went into the table. */
  usedLines: number[];
  /** Known noise left out on purpose (bookmarks, stamp footers). */
  ignoredLines: number[];
  /** Lines named by a warning, including every line of a multi-line cell it quotes. */
  reportedLines: number[];
}

export function parseTableText(text: string, options: ReadTableOptions): ParsedTable {
  return parseTableTextDetailed(text, options).table;
}

export function parseTableTextDetailed(text: string, options: ReadTableOptions): DetailedTable {
  return readStream(() => extractTextCells(text), options);
}

export const ACCEPTED_FORMATS = '.docx、.xlsx 或文本文件（.txt，UTF-8 或 GBK 编码）';

/** Reads a file by its content (zip → .docx or .xlsx, else text) and its name; never throws. */
export async function readTableFile(fileName: string, bytes: Uint8Array, options: ReadTableOptions): Promise<ParsedTable> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const fail = (message: string): ParsedTable => ({ unit: null, projects: [], warnings: [], errors: [{ line: 1, message }] });
  const kind = sniff(bytes, extension);
  if (kind === 'unsupported') {
    const name = extension ? `.${extension}` : '该文件';
    return fail(`不支持的文件类型「${name}」（${fileName}）：请上传 ${ACCEPTED_FORMATS}；.doc/.xls 请先另存为 .docx/.xlsx，PDF 请复制表格文字后保存为 .txt`);
  }
  if (kind === 'text') return parseTableText(decodeText(bytes), options);
  const label = kind === 'docx' ? '.docx' : '.xlsx';
  let stream: CellStream;
  try {
    stream = kind === 'docx' ? await readDocxCells(bytes) : await readXlsxCells(bytes);
  } catch {
    // The library's own text describes its internals (zip directories, XML), not what to fix.
    return fail(`无法读取 ${label} 文件「${fileName}」：文件已损坏或不是有效的 ${label} 文件，请用 Office/WPS 重新另存后再试`);
  }
  return readStream(() => stream, options).table;
}

export type Kind = 'docx' | 'xlsx' | 'text' | 'unsupported';

/** What a file is by its content (a zip's entry names), its extension only where the content cannot say. */
export function sniff(bytes: Uint8Array, extension: string): Kind {
  const head = (n: number): string => String.fromCharCode(...bytes.subarray(0, n));
  if (head(4) === 'PK\u0003\u0004') {
    // The zip's entry names are plain text in its headers: word/… is a .docx, xl/… an .xlsx.
    const names = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    if (names.includes('word/')) return 'docx';
    if (names.includes('xl/')) return 'xlsx';
    return extension === 'xlsx' ? 'xlsx' : extension === 'docx' ? 'docx' : 'unsupported';
  }
  if (extension === 'docx' || extension === 'xlsx') return extension; // not a zip: reported as corrupt
  if (['doc', 'xls', 'pdf', 'wps', 'et', 'ppt', 'pptx', 'odt', 'ods', 'rtf', 'zip', 'rar', '7z'].includes(extension)) {
    return 'unsupported';
  }
  if (head(4) === '%PDF' || (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)) {
    return 'unsupported';
  }
  const sample = bytes.subarray(0, 4096);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return !utf16 && sample.includes(0) ? 'unsupported' : 'text';
}

function readStream(extract: () => CellStream, options: ReadTableOptions): DetailedTable {
  try {
    const stream = extract();
    const state = createState(stream);
    let i = 0;
    while (i < state.items.length) {
      if (state.items[i]?.cell.text === '') i += 1;
      else i = Math.max(i + 1, readMetadata(state, i));
    }
    const table = finish(state, options);
    const sorted = (lines: Iterable<number>): number[] => [...new Set(lines)].sort((a, b) => a - b);
    return {
      table,
      usedLines: sorted(state.used),
      ignoredLines: sorted(state.noise),
      reportedLines: sorted([...state.reported, ...table.warnings.map((w) => w.line)]),
    };
  } catch {
    // A reader failure is ours, not the file's; its text is internal, so the person gets what to do instead.
    const table: ParsedTable = {
      unit: null,
      projects: [],
      warnings: [],
      errors: [{ line: 1, message: '读取表格时出错：无法识别这份表格的结构，请检查文件内容或改用 .docx/.xlsx 原件' }],
    };
    return { table, usedLines: [], ignoredLines: [], reportedLines: [] };
  }
}

function finish(state: ReaderState, options: ReadTableOptions): ParsedTable {
  const errors: LineMessage[] = [...state.errors];
  if (state.items.every((item) => item.cell.text === '')) {
    errors.push({ line: 1, message: '文件为空：没有可读取的内容' });
    return { unit: null, projects: [], warnings: state.warnings, errors };
  }
  if (state.projects.length === 0) {
    errors.push({
      line: 1,
      message: '未找到绩效目标表：文件中没有「项目名称」，也没有「一级指标/二级指标/三级指标/指标值」表头',
    });
  }
  const projects = state.projects.map((draft) => finishProject(state, draft, options, errors));
  let unit = state.unit?.unit ?? null;
  if (!unit && state.supervisor) {
    unit = state.supervisor.unit;
    const { line } = state.supervisor;
    warn(state, line, `第${line}行：未找到实施单位，按主管部门「${unit.name}」作为单位导入，请核对`);
  }
  if (!unit && state.projects.length > 0) {
    errors.push({ line: 1, message: '未找到单位：文件中没有「实施单位」「单位信息」或“单位编码+单位名称”行' });
  }
  const warnings = [...state.warnings].sort((a, b) => a.line - b.line);
  return { unit, projects, warnings, errors: errors.sort((a, b) => a.line - b.line) };
}

function finishProject(state: ReaderState, draft: ProjectDraft, options: ReadTableOptions, errors: LineMessage[]): ParsedProject {
  const name = draft.name ?? draft.nameHint ?? '';
  if (name === '') errors.push({ line: draft.line, message: `第${draft.line}行开始的项目没有项目名称` });
  else if (!draft.name) warn(state, draft.line, `第${draft.line}行：没有「项目名称」，按标题取名「${name}」`);
  if (draft.headerLine === null) {
    errors.push({
      line: draft.line,
      message: `第${draft.line}行的项目「${name}」没有指标表（未找到一级指标/二级指标/三级指标/指标值表头）`,
    });
  } else if (draft.indicators.length === 0 && !errors.some((e) => e.line === draft.headerLine)) {
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
  return {
    name,
    year,
    budget: { total: draft.total, fiscal: draft.fiscal, other: draft.other, unit: 'yuan' },
    purpose: draft.purpose,
    goals: draft.goals,
    budgetWeight: draft.budgetWeight,
    indicators,
    line: draft.line,
  };
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
