import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { shanghaiYear } from './clock.ts';
import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './database.ts';
import { AppError, ImportRejectedError } from './errors.ts';
import { importTargetTable, type ImportSummary } from './services/import-targets.ts';
import { listProjects } from './services/projects.ts';
import { readTableFile } from './targets/parse-table.ts';

const usage = `用法 (usage): jixiao <command> [options]

  parse FILE [--year YYYY]             读取绩效目标表并输出 JSON，不写数据库
  import FILE [--year YYYY]            导入绩效目标表（同一单位/年度/项目名再次导入即更新）
  projects [--year YYYY|--all] [--json] 列出已导入的项目

  --year 默认为上海时区的当前年份；文件中写明年度时以文件为准，除非显式给出 --year。
`;

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function runCli(argv: string[], io: Io, now: () => Date = () => new Date()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'parse':
        return await parseCommand(rest, io, now);
      case 'import':
        return await importCommand(rest, io, now);
      case 'projects':
        return await projectsCommand(rest, io, now);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`未知命令：${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof ImportRejectedError) {
      io.err(`${err.message}\n${formatLines(err.lines)}\n`);
      return 1;
    }
    if (err instanceof AppError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    io.err(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

function readYear(value: string | undefined, now: () => Date): { year: number; yearGiven: boolean } {
  if (value === undefined) return { year: shanghaiYear(now()), yearGiven: false };
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--year 应为四位年份，收到「${value}」`);
  return { year: Number(value), yearGiven: true };
}

async function readInput(file: string | undefined): Promise<{ fileName: string; bytes: Uint8Array }> {
  if (!file) throw new UsageError('缺少文件参数 FILE');
  try {
    return { fileName: basename(file), bytes: new Uint8Array(await readFile(file)) };
  } catch (err) {
    throw new AppError(400, 'file_unreadable', `无法读取文件 ${file}：${(err as Error).message}`);
  }
}

async function parseCommand(args: string[], io: Io, now: () => Date): Promise<number> {
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

async function importCommand(args: string[], io: Io, now: () => Date): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { year: { type: 'string' } }, allowPositionals: true });
  const input = await readInput(positionals[0]);
  const year = readYear(values.year, now);
  const database = await openConfiguredDatabase(loadConfig());
  try {
    const summary = await importTargetTable(database.db, { ...input, ...year, importedBy: process.env.USER ?? null });
    io.out(formatSummary(summary));
    return 0;
  } finally {
    await database.close();
  }
}

async function projectsCommand(args: string[], io: Io, now: () => Date): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { year: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: false,
  });
  const filter = values.all ? {} : { year: readYear(values.year, now).year };
  const database = await openConfiguredDatabase(loadConfig());
  try {
    const list = await listProjects(database.db, filter);
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
  } finally {
    await database.close();
  }
}

function formatLines(lines: { line: number; message: string }[]): string {
  return lines.map((l) => `  第 ${l.line} 行：${l.message}`).join('\n');
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

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  runCli(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }).then(
    (code) => { process.exitCode = code; },
  );
}
