import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { shanghaiDate } from '../clock.ts';
import { languageFromEnv, loadConfig } from '../config.ts';
import { AppError, said } from '../errors.ts';
import { translator } from '../i18n/messages.ts';
import { resolveProject } from '../services/channels.ts';
import { findUnit, officialWorkbook, type TablesScopeRef } from '../services/official-tables.ts';
import { selfEvalPackage } from '../services/selfeval-package.ts';
import type { Handler } from './args.ts';
import { type CliContext, cliActorOf, UsageError, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;
type ExportInput = Parameters<Handler<Specs['export']>>[0];

/**
 * `jixiao export selfeval|monitoring --project P|--unit CODE [--as-of D] --out FILE.xlsx`, and
 * `jixiao export package --project P [--as-of D] --out FILE.zip` (docs/design.md "Official tables").
 */
export const exportCommand: Handler<Specs['export']> = async (input, ctx) => {
  if (input.args.kind === 'package') return exportPackage(input, ctx);
  const { args, options } = input;
  const { io, now } = ctx;
  if ((options.project === undefined) === (options.unit === undefined)) throw new UsageError(said('report.err.scope'));
  const kind = args.kind as 'selfeval' | 'monitoring';
  const book = await withDb(async (db) => {
    const scope: TablesScopeRef = options.project
      ? { projectId: (await resolveProject(db, options.project)).id }
      : { unitId: (await findUnit(db, options.unit!)).id, year: options.year };
    return officialWorkbook(db, kind, scope, { asOf: options['as-of'], today: shanghaiDate(now()), settings: loadConfig().evaluation });
  });
  await writeWhole(options.out, book.bytes);
  io.out(`已写入 ${options.out}（${book.sheets} 个工作表；建议文件名：${book.fileName}）\n`);
  return 0;
};

/** The package is one project's: `--unit` and `--year` belong to the unit workbooks and are refused by name. */
async function exportPackage({ options }: ExportInput, ctx: CliContext): Promise<number> {
  if (options.unit !== undefined) throw new UsageError(said('package.err.unit'));
  if (options.year !== undefined) throw new UsageError(said('package.err.year'));
  if (options.project === undefined) throw new UsageError(said('package.err.project'));
  const config = loadConfig();
  const written = await withDb(async (db) => {
    const project = await resolveProject(db, options.project!);
    const pkg = await selfEvalPackage(db, project.id, {
      asOf: options['as-of'],
      today: shanghaiDate(ctx.now()),
      settings: config.evaluation,
      actor: cliActorOf(ctx),
      filesDir: config.filesDir,
    });
    await writeWhole(options.out, (temp) => pkg.write(createWriteStream(temp)));
    return pkg;
  });
  const t = translator(languageFromEnv());
  ctx.io.out(`${t('package.written', { file: options.out, files: written.files, empty: written.rowsWithoutFiles, name: written.fileName })}\n`);
  return 0;
}

/**
 * Written beside the target and renamed over it, so a failure never leaves half a workbook (or zip) behind.
 * `content` is the bytes, or a writer given the temporary path (the package streams its files one by one).
 */
export async function writeWhole(path: string, content: Uint8Array | ((temp: string) => Promise<void>)): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    if (typeof content === 'function') await content(temp);
    else await writeFile(temp, content);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    // A file of the package that could not be read is not a problem of the target path: its own words say which.
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'report.err.noDirectory'
        : code === 'EISDIR'
          ? 'report.err.isDirectory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'report.err.noPermission'
            : 'report.err.writeFailed';
    throw new AppError(400, 'file_unwritable', said('report.err.unwritable', { file: path, why: said(why) }));
  }
}
