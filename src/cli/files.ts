import { loadConfig } from '../config.ts';
import { said } from '../errors.ts';
import { resolveProject } from '../services/channels.ts';
import { attachFile, type FileDto, type FileParent, projectFiles, readFileContent, removeFile } from '../services/supporting-files.ts';
import type { Handler } from './args.ts';
import { cliActorOf, readInput, UsageError, withDb } from './io.ts';
import { writeWhole } from './reports.ts';
import type { commandSpecs } from './specs.ts';

// `jixiao files …`: supporting files (docs/design.md "Supporting files") through the same service as the API and
// the pages, acting as the CLI's actor.

type Specs = typeof commandSpecs;

const parentWords: Record<FileParent['kind'], string> = { entry: '记录', manual_value: '填报值', assessment: '评价', monitoring_note: '监测记录' };

function line(f: FileDto): string {
  const removed = f.removed ? `  已移除（${f.removed.by}，${f.removed.at.slice(0, 10)}：${f.removed.reason}）` : '';
  return `${String(f.id).padStart(5)}  ${parentWords[f.parent.kind]} #${f.parent.id}  ${f.fileName}  ${f.mediaType}  ${f.sizeText}  ${f.author} ${f.createdAt.slice(0, 10)}${f.caption ? `  ${f.caption}` : ''}${removed}\n`;
}

export const filesListCommand: Handler<Specs['files list']> = async ({ options }, ctx) => {
  const files = await withDb(async (db) =>
    projectFiles(db, (await resolveProject(db, options.project)).id, { actor: cliActorOf(ctx), history: options.history }),
  );
  if (options.json) {
    ctx.io.out(JSON.stringify(files, null, 2) + '\n');
    return 0;
  }
  for (const f of files) ctx.io.out(line(f));
  ctx.io.out(`共 ${files.length} 份\n`);
  return 0;
};

export const filesAddCommand: Handler<Specs['files add']> = async ({ args, options }, ctx) => {
  const given: FileParent[] = [];
  if (options.entry !== undefined) given.push({ kind: 'entry', id: options.entry });
  if (options.value !== undefined) given.push({ kind: 'manual_value', id: options.value });
  if (options.assessment !== undefined) given.push({ kind: 'assessment', id: options.assessment });
  if (options.note !== undefined) given.push({ kind: 'monitoring_note', id: options.note });
  if (given.length !== 1) throw new UsageError(said('files.cli.oneParent'));
  const input = await readInput(args.file);
  const config = loadConfig();
  const f = await withDb((db) =>
    attachFile(
      db,
      { filesDir: config.filesDir, limitBytes: config.uploadLimitBytes },
      given[0]!,
      { ...input, caption: options.caption ?? null },
      cliActorOf(ctx),
    ),
  );
  ctx.io.out(
    f.duplicate
      ? `这条记录上已有相同内容的文件 #${f.id}，未重复保存\n`
      : `已上传 #${f.id} ${f.fileName}（${f.mediaType}，${f.sizeText}，SHA-256 ${f.sha256}）\n`,
  );
  return 0;
};

export const filesGetCommand: Handler<Specs['files get']> = async ({ args, options }, ctx) => {
  const { filesDir } = loadConfig();
  const { file, bytes } = await withDb((db) => readFileContent(db, { filesDir }, args.file, cliActorOf(ctx)));
  await writeWhole(options.out, bytes);
  ctx.io.out(`已写入 ${options.out}（${file.fileName}，${file.sizeText}）\n`);
  return 0;
};

export const filesRemoveCommand: Handler<Specs['files remove']> = async ({ args, options }, ctx) => {
  const f = await withDb((db) => removeFile(db, args.file, options.reason, cliActorOf(ctx)));
  ctx.io.out(`已移除 #${f.id} ${f.fileName}（保留在历史中）\n`);
  return 0;
};
