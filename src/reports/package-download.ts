// The self-evaluation package as an HTTP body, for the API and the project page alike. Everything that can be
// refused (access, an unknown project or day) is decided before the headers; the zip then streams file by file,
// and a file that cannot be read midway cuts the download — a browser reports it as failed instead of saving a
// zip that is short of a file — and is logged.
import { PassThrough, Readable, type Writable } from 'node:stream';
import type { Logger } from '../logger.ts';
import { zipHeaders } from './files.ts';

export function packageDownload(
  pkg: { fileName: string; write: (sink: Writable) => Promise<void> },
  logger: Logger,
): { body: ReadableStream<Uint8Array>; headers: Record<string, string> } {
  const body = new PassThrough();
  pkg.write(body).catch((err: unknown) => {
    logger.warn('package_cut', { fileName: pkg.fileName, error: err instanceof Error ? err.message : String(err) });
    body.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return { body: Readable.toWeb(body) as ReadableStream<Uint8Array>, headers: zipHeaders(pkg.fileName) };
}
