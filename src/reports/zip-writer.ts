// Writes a zip of named parts to a stream, reading each part only when the one before has mostly left, so a
// package of many photos holds about one file in memory however slowly it is downloaded. archiver (maintained,
// streaming) flags every non-ASCII name as UTF-8 (general purpose bit 11), so 佐证材料/… opens right on Windows.
// Every part is STOREd: photos, PDFs and Office files are compressed already, and a stored entry with its sizes
// in the local header is what the oldest unzip tools read.
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ZipPart {
  path: string;
  /** Read when the part's turn comes (a supporting file's bytes from the database or FILES_DIR). */
  bytes: () => Promise<Uint8Array>;
  date?: Date;
}

/** How far the reading may run ahead of the reader. */
const AHEAD = 4 * 1024 * 1024;

export async function writeZip(parts: readonly ZipPart[], sink: Writable): Promise<void> {
  // The sink may fail while archiver loads (a file stream whose directory is missing fails on open): hold that
  // error for the caller instead of leaving it unheard, which kills the process.
  let early: unknown;
  const hold = (err: unknown) => {
    early ??= err;
  };
  sink.on('error', hold);
  // Loaded when a package is written, not at every start of the server (~70 ms).
  const { default: archiver } = await import('archiver').finally(() => sink.off('error', hold));
  if (early !== undefined) {
    sink.destroy();
    throw early;
  }
  const archive = archiver('zip', { store: true });
  let given = 0;
  let taken = 0;
  let stopped = false;
  let wake: (() => void) | null = null;
  const nudge = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      taken += chunk.length;
      nudge();
      callback(null, chunk);
    },
  });
  const flowing = pipeline(archive, counter, sink).finally(() => {
    stopped = true;
    nudge();
  });
  const feeding = (async () => {
    for (const part of parts) {
      while (!stopped && given - taken > AHEAD) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) return;
      const bytes = await part.bytes();
      archive.append(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { name: part.path, date: part.date });
      given += bytes.byteLength;
    }
    // Its end is the pipeline's to report: awaiting finalize() itself would hang once the sink has failed.
    if (!stopped) archive.finalize().catch(() => undefined);
  })().catch((err: unknown) => {
    // A part that cannot be read ends the zip with that error rather than with a file silently missing.
    archive.destroy(err as Error);
    throw err;
  });
  const [fed, flowed] = await Promise.allSettled([feeding, flowing]);
  if (fed.status === 'rejected') throw fed.reason;
  if (flowed.status === 'rejected') throw flowed.reason;
}
