// The self-evaluation package as an HTTP body, for the API and the project page alike: one place builds it from
// the app's deps, so both faces give the same zip for the same caller and day. Everything that can be refused
// (access, an unknown project or day, a file missing from FILES_DIR) is decided before the headers; the zip then
// streams file by file, and a file that cannot be read midway cuts the download — a browser reports it as failed
// instead of saving a zip that is short of a file — and is logged.
import { PassThrough, Readable } from 'node:stream';
import type { Actor } from '../auth/actor.ts';
import { shanghaiDate } from '../clock.ts';
import { zipHeaders } from '../reports/files.ts';
import { selfEvalPackage } from '../services/selfeval-package.ts';
import type { AppEnv } from './env.ts';

export async function projectPackageDownload(
  deps: AppEnv['Variables']['deps'],
  actor: Actor,
  projectId: number,
  asOf: string | undefined,
): Promise<{ body: ReadableStream<Uint8Array>; headers: Record<string, string> }> {
  const pkg = await selfEvalPackage(deps.db, projectId, {
    asOf,
    today: shanghaiDate(deps.now()),
    settings: deps.config.evaluation,
    reader: deps.progress,
    actor,
    filesDir: deps.config.filesDir,
  });
  const body = new PassThrough();
  pkg.write(body).catch((err: unknown) => {
    deps.logger.warn('package_cut', { fileName: pkg.fileName, error: err instanceof Error ? err.message : String(err) });
    body.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return { body: Readable.toWeb(body) as ReadableStream<Uint8Array>, headers: zipHeaders(pkg.fileName) };
}
