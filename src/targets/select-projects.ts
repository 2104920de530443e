// What of a read table is imported (docs/design.md, "Truncated copies"): a project the copy was cut off in is
// skipped, by line, while the whole ones import; when every project is cut, the rows read before the cut import
// with a warning; `strict` refuses the file instead. Pure: a ParsedTable in, a ParsedTable out.
import type { LineMessage, ParsedTable } from './types.ts';

export interface SelectOptions {
  /** Refuse the whole file when any project is incomplete (`--strict`, API `strict=1`). */
  strict?: boolean;
}

export function selectProjects(table: ParsedTable, options: SelectOptions = {}): ParsedTable {
  const cut = table.projects.filter((p) => p.truncated !== null);
  if (cut.length === 0) return table;
  // The reader's own line about each cut is replaced by one that says what was done about it.
  const said = new Set(cut.map((p) => `第${p.truncated!.line}行：${p.truncated!.message}`));
  table = { ...table, warnings: table.warnings.filter((w) => !said.has(w.message)) };
  if (options.strict) {
    const errors: LineMessage[] = cut.map((p) => ({
      line: p.truncated!.line,
      message: `第${p.truncated!.line}行：${p.truncated!.message}；已指定严格模式（--strict），整个文件不导入`,
    }));
    return { ...table, errors: sortByLine([...table.errors, ...errors]) };
  }
  const whole = table.projects.filter((p) => p.truncated === null);
  if (whole.length === 0) {
    const warnings = cut.map((p) => ({
      line: p.truncated!.line,
      message: `第${p.truncated!.line}行：${p.truncated!.message}，只导入截断前完整的 ${p.indicators.length} 个指标，请核对原表`,
    }));
    return { ...table, warnings: sortByLine([...table.warnings, ...warnings]) };
  }
  // A skipped project's own problems go with it: they would otherwise refuse the whole ones.
  const starts = table.projects.map((p) => p.line);
  const spanOf = (line: number) => starts.filter((s) => s <= line).at(-1);
  const skippedStarts = new Set(cut.map((p) => p.line));
  const kept = (m: LineMessage) => !skippedStarts.has(spanOf(m.line) ?? -1);
  const skipped = cut.map((p) => ({
    line: p.truncated!.line,
    message: `第${p.truncated!.line}行：${p.truncated!.message}，该项目未导入；其余 ${whole.length} 个完整的项目照常导入`,
  }));
  return {
    ...table,
    projects: whole,
    errors: table.errors.filter(kept),
    warnings: sortByLine([...table.warnings, ...skipped]),
  };
}

const sortByLine = (messages: LineMessage[]): LineMessage[] => [...messages].sort((a, b) => a.line - b.line);
