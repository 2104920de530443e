import { shanghaiYear } from '../clock.ts';
import { ImportRejectedError } from '../errors.ts';
import { type ImportOptions, type ImportSummary, importTargetTable, parseTargetFile } from '../services/import-targets.ts';
import { explainTable } from '../targets/explain-table.ts';
import { coverageLine } from '../format/coverage-text.ts';
import { translator } from '../i18n/messages.ts';
import { projectCoverage } from '../services/coverage.ts';
import type { ParsedTable } from '../targets/types.ts';
import type { Handler } from './args.ts';
import { cliActorOf, formatLines, readInput, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

export const parseCommand: Handler<Specs['parse']> = async ({ args, options }, { io, now }) => {
  const input = await readInput(args.file);
  const year = options.year === undefined ? { year: shanghaiYear(now()), yearGiven: false } : { year: options.year, yearGiven: true };
  let parsed: ParsedTable;
  try {
    parsed = await parseTargetFile({ ...input, ...year, options: tableOptionsOf(options) });
  } catch (error) {
    if (!(error instanceof ImportRejectedError)) throw error;
    io.err(`${args.file} 无法作为绩效目标表读取：\n${formatLines(error.lines)}\n`);
    return 1;
  }
  const { errors: _none, ...json } = parsed;
  if (options.explain) {
    const { languageFromEnv } = await import('../config.ts');
    io.out(explainTable(parsed, languageFromEnv()));
  } else io.out(JSON.stringify(json, null, 2) + '\n');
  if (parsed.warnings.length > 0) io.err(`警告 ${parsed.warnings.length} 条：\n${formatLines(parsed.warnings)}\n`);
  return 0;
};

export const importCommand: Handler<Specs['import']> = async ({ args, options }, ctx) => {
  const { io, now } = ctx;
  const input = await readInput(args.file);
  const current = shanghaiYear(now());
  const year = options.year === undefined ? { year: current, yearGiven: false } : { year: options.year, yearGiven: true };
  const actor = cliActorOf(ctx);
  const { summary, coverage } = await withDb(async (db) => {
    const summary = await importTargetTable(db, { ...input, ...year, importedBy: actor.name, actor, options: tableOptionsOf(options) });
    const coverage = await Promise.all(summary.projects.map((p) => projectCoverage(db, p.id)));
    return { summary, coverage };
  });
  if (!year.yearGiven) io.err(yearNote(summary, current));
  io.out(formatSummary(summary));
  // What staff will have to log, project by project (docs/design.md "Coverage").
  const { languageFromEnv } = await import('../config.ts');
  const language = languageFromEnv();
  for (const [k, p] of summary.projects.entries())
    io.out(`  #${p.id} ${translator(language)('coverage.title')}：${coverageLine(coverage[k]!.coverage, language)}\n`);
  return 0;
};

function tableOptionsOf(options: { unit?: string; 'project-name'?: string; strict?: boolean }): ImportOptions {
  return { unit: options.unit ?? null, projectName: options['project-name'] ?? null, strict: options.strict === true };
}

/** Which year an import without --year used: the table's own, or (when it states none) the current one. */
function yearNote(s: ImportSummary, current: number): string {
  const years = [...new Set(s.projects.map((p) => p.year))].sort();
  const others = years.filter((y) => y !== current);
  if (years.length > 0 && others.length === years.length) return `未指定 --year，使用表中写明的年度 ${years.join('、')}\n`;
  return `未指定 --year，使用年度 ${years.join('、') || current}（表中写明的年度；表中未写明时为当前年度 ${current}）\n`;
}

function formatSummary(s: ImportSummary): string {
  const n = s.projects.reduce(
    (a, p) => ({
      total: a.total + p.indicators.total,
      created: a.created + p.indicators.created,
      updated: a.updated + p.indicators.updated,
      unchanged: a.unchanged + p.indicators.unchanged,
      retired: a.retired + p.indicators.retired,
    }),
    { total: 0, created: 0, updated: 0, unchanged: 0, retired: 0 },
  );
  const unit = s.unit.code ? `${s.unit.name}（${s.unit.code}）` : s.unit.name;
  const lines = [
    `已导入 ${s.fileName} → ${unit}：${s.projects.length} 个项目，${n.total} 个指标` +
      `（新增 ${n.created}，更新 ${n.updated}，未变 ${n.unchanged}，停用 ${n.retired}），警告 ${s.warnings.length} 条；批次 #${s.batchId}`,
    ...s.projects.map((p) => `  ${p.created ? '新建' : '更新'} #${p.id} ${p.year} ${p.name}：${p.indicators.total} 个指标`),
  ];
  if (s.warnings.length > 0) lines.push('警告：', formatLines(s.warnings));
  return lines.join('\n') + '\n';
}
