// The target-table importer's reader (docs/design.md, Targets): any supported file → one ParsedTable. Total: never
// throws; what makes the file unimportable goes to `errors`, what it could not read to `warnings`, each
// naming its line. Every non-empty line either contributes to the result or appears in a warning.
import { readDocxCells, readXlsxCells } from './cells-office.ts';
import type { CellStream } from './cells-types.ts';
import { decodeText, extractTextCells } from './extract-cells.ts';
import { findCut } from './find-cut.ts';
import { simplifyText } from './simplify-text.ts';
import { finishTable } from './table-finish.ts';
import { readMetadata } from './table-metadata.ts';
import { createState } from './table-state.ts';
import type { ParsedTable, ParsedUnit } from './types.ts';

export interface ReadTableOptions {
  /** The budget year to use when the document states none (or when `yearGiven` and it differs). */
  year: number;
  /** The year was chosen explicitly by the person importing; it wins over the document's. */
  yearGiven?: boolean;
  /** The unit named by the person importing (`--unit "CODE NAME"`, API `unit=`); it wins over the table's. */
  unit?: ParsedUnit | null;
  /** The name for a project the table does not name (`--project-name`). */
  projectName?: string | null;
  /** The file's name: the unit of last resort, with a warning. */
  fileName?: string | null;
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
  const { text: simplified, converted } = simplifyText(text);
  const detailed = readStream(() => extractTextCells(simplified), options, findCut(text));
  if (converted) detailed.table.warnings.unshift({ line: 1, message: '第1行：表格为繁体字，已转换为简体后读取，请核对' });
  return detailed;
}

export const ACCEPTED_FORMATS = '.docx、.xlsx 或文本文件（.txt，UTF-8 或 GBK 编码）';

/** Reads a file by its content (zip → .docx or .xlsx, else text) and its name; never throws. */
export async function readTableFile(fileName: string, bytes: Uint8Array, options: ReadTableOptions): Promise<ParsedTable> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const fail = (message: string): ParsedTable => ({ unit: null, unitSource: null, projects: [], warnings: [], errors: [{ line: 1, message }] });
  const kind = sniff(bytes, extension);
  if (kind === 'unsupported') {
    const name = extension ? `.${extension}` : '该文件';
    return fail(`不支持的文件类型「${name}」（${fileName}）：请上传 ${ACCEPTED_FORMATS}；.doc/.xls 请先另存为 .docx/.xlsx，PDF 请复制表格文字后保存为 .txt`);
  }
  const named = { ...options, fileName: options.fileName ?? fileName };
  if (kind === 'text') return parseTableText(decodeText(bytes), named);
  const label = kind === 'docx' ? '.docx' : '.xlsx';
  let stream: CellStream;
  try {
    stream = kind === 'docx' ? await readDocxCells(bytes) : await readXlsxCells(bytes);
  } catch {
    // The library's own text describes its internals (zip directories, XML), not what to fix.
    return fail(`无法读取 ${label} 文件「${fileName}」：文件已损坏或不是有效的 ${label} 文件，请用 Office/WPS 重新另存后再试`);
  }
  return readStream(() => stream, named, null).table;
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

function readStream(extract: () => CellStream, options: ReadTableOptions, cut: number | null): DetailedTable {
  try {
    const stream = extract();
    const state = createState(stream);
    let i = 0;
    while (i < state.items.length) {
      if (state.items[i]?.cell.text === '') i += 1;
      else i = Math.max(i + 1, readMetadata(state, i));
    }
    const table = finishTable(state, options, cut);
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
      unitSource: null,
      projects: [],
      warnings: [],
      errors: [{ line: 1, message: '读取表格时出错：无法识别这份表格的结构，请检查文件内容或改用 .docx/.xlsx 原件' }],
    };
    return { table, usedLines: [], ignoredLines: [], reportedLines: [] };
  }
}
