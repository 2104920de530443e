import { parseArgs } from 'node:util';
import { importTargetTable, type ImportSummary } from '../services/import-targets.ts';
import { listProjects } from '../services/projects.ts';
import { readTableFile } from '../targets/parse-table.ts';
import { formatLines, readInput, readYear, user, withDb, type CliContext } from './io.ts';

export async function parseCommand(args: string[], { io, now }: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { year: { type: 'string' } }, allowPositionals: true });
  const input = await readInput(positionals[0]);
  const parsed = await readTableFile(input.fileName, input.bytes, readYear(values.year, now));
  if (parsed.errors.length > 0) {
    io.err(`${positionals[0]} 无法作为绩效目标表读取：\n${formatLines(parsed.errors)}\n`);
    return 1;
  }
  const { errors: _none, ...json } = parsed;
  io.out(JSON.stringify(json, null, 2) + '\n');
  if (parsed.warnings.length > 0) io.err(`警告 ${parsed.warnings.length} 条：\n${formatLines(parsed.warnings)}\n`);
  return 0;
}

export async function importCommand(args: string[], { io, now }: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { year: { type: 'string' } }, allowPositionals: true });
  const input = await readInput(positionals[0]);
  const year = readYear(values.year, now);
  const summary = await withDb((db) => importTargetTable(db, { ...input, ...year, importedBy: user() }));
  io.out(formatSummary(summary));
  return 0;
}

export async function projectsCommand(args: string[], { io, now }: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { year: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: false,
  });
  const filter = values.all ? {} : { year: readYear(values.year, now).year };
  const list = await withDb((db) => listProjects(db, filter));
  if (values.json) {
    const json = list.map((p) => ({ id: p.id, name: p.name, year: p.year, unit: { code: p.unit.code, name: p.unit.name }, indicatorCount: p.indicatorCount }));
    io.out(JSON.stringify(json, null, 2) + '\n');
  } else if (list.length === 0) {
    io.out(`没有${filter.year ? ` ${filter.year} 年度的` : ''}项目。\n`);
  } else {
    for (const p of list) {
      const budget = p.budget.total === null ? '预算未填' : `预算 ${(p.budget.total / 10000).toFixed(2)} 万元`;
      io.out(`${String(p.id).padStart(4)}  ${p.year}  ${p.name}（${p.unit.name}，${p.indicatorCount} 个指标，${budget}）\n`);
    }
  }
  return 0;
}

function formatSummary(s: ImportSummary): string {
  const n = s.projects.reduce(
    (a, p) => ({
      total: a.total + p.indicators.total, created: a.created + p.indicators.created,
      updated: a.updated + p.indicators.updated, unchanged: a.unchanged + p.indicators.unchanged, retired: a.retired + p.indicators.retired,
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
