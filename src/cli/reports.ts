import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { shanghaiDate } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { AppError, said } from '../errors.ts';
import { resolveProject } from '../services/channels.ts';
import { findUnit, officialWorkbook, type TablesScopeRef } from '../services/official-tables.ts';
import type { Handler } from './args.ts';
import { UsageError, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

/** `jixiao export selfeval|monitoring --project P|--unit CODE [--as-of D] --out FILE.xlsx` (docs/design.md "Official tables"). */
export const exportCommand: Handler<Specs['export']> = async ({ args, options }, { io, now }) => {
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

/** Written beside the target and renamed over it, so a failure never leaves half a workbook behind. */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
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
