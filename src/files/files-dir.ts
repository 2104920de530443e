import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// The optional directory for supporting files' bytes (FILES_DIR; docs/design.md "Supporting files"): a file per
// SHA-256 under a two-character fan-out (`ab/abcdef…`), written beside its place and renamed in, so a crash
// leaves either nothing or the whole file. Content-addressed, so writing the same bytes twice is harmless and a
// write whose transaction later rolls back leaves at most an unreferenced file.

const SHA = /^[0-9a-f]{64}$/;

export function pathInDir(dir: string, sha256: string): string {
  if (!SHA.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return join(dir, sha256.slice(0, 2), sha256);
}

export async function writeToDir(dir: string, sha256: string, bytes: Uint8Array): Promise<void> {
  const path = pathInDir(dir, sha256);
  const existing = await stat(path).catch(() => null);
  if (existing?.isFile() && existing.size === bytes.length) return;
  await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Whether the file for `sha256` is there at its size (cheap: no read, no hash), for checks over many files. */
export async function presentInDir(dir: string, sha256: string, size: number): Promise<boolean> {
  const found = await stat(pathInDir(dir, sha256)).catch(() => null);
  return Boolean(found?.isFile() && found.size === size);
}

/** The bytes stored for `sha256`, or null when the file is missing or no longer has that hash. */
export async function readFromDir(dir: string, sha256: string): Promise<Uint8Array | null> {
  const bytes = await readFile(pathInDir(dir, sha256)).catch(() => null);
  if (!bytes) return null;
  return createHash('sha256').update(bytes).digest('hex') === sha256 ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
}
