import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { writeZip, type ZipPart } from '../../src/reports/zip-writer.ts';

// The package streams into a sink the caller opened (a file, an HTTP body). Whenever that sink fails, writeZip
// must reject with its error: an error the sink emits before the zip is piped into it (a file whose directory is
// missing fails on open, while archiver is still loading) used to be unheard and killed the process.

const parts: ZipPart[] = [{ path: '佐证材料/01 培训人次/01 签到表.pdf', bytes: async () => new Uint8Array([37, 80, 68, 70]) }];

/** A sink that fails on its first turn of I/O, as a file stream whose directory is missing does on open. */
function failingAtOpen(): Writable {
  const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
  setImmediate(() => sink.destroy(Object.assign(new Error('ENOENT: no such directory'), { code: 'ENOENT' })));
  return sink;
}

function collecting(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

describe('writeZip', () => {
  it('rejects with the error of a sink that fails before the zip reaches it', async () => {
    // archiver loads as slowly as on a cold start, whichever test ran first, so the sink fails while it loads.
    vi.resetModules();
    vi.doMock('archiver', async (importOriginal) => {
      await sleep(50);
      return importOriginal();
    });
    const fresh = await import('../../src/reports/zip-writer.ts');
    await expect(fresh.writeZip(parts, failingAtOpen())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects with the error of a sink that fails midway', async () => {
    const sink = new Writable({ write: (_chunk, _enc, cb) => cb(new Error('disk full')) });
    await expect(writeZip(parts, sink)).rejects.toThrow('disk full');
  });

  it('rejects with the error of a part that cannot be read', async () => {
    const { sink } = collecting();
    const broken: ZipPart = { path: 'x.pdf', bytes: async () => Promise.reject(new Error('file missing')) };
    await expect(writeZip([...parts, broken], sink)).rejects.toThrow('file missing');
  });

  it('writes a zip naming each part, flagged UTF-8', async () => {
    const { sink, bytes } = collecting();
    await writeZip(parts, sink);
    const zip = bytes();
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    // General purpose bit 11 (UTF-8 names) in the first local header.
    expect(zip.readUInt16LE(6) & 0x0800).toBe(0x0800);
    expect(zip.includes(Buffer.from(parts[0]!.path, 'utf8'))).toBe(true);
  });
});
