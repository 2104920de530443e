import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useProcessDatabase } from '../../src/cli/io.ts';
import { captureCli } from '../helpers/cli-run.ts';
import { renamedExe, samplePdf, tinyPng } from '../helpers/sample-files.ts';
import { seedWithReport } from '../helpers/seed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// `jixiao files list|add|get|remove` (docs/design.md "Supporting files"): the service the API and the pages use,
// from the command line; a file comes back byte for byte, a renamed program is refused, removal keeps history.

let t: TestApp;
let dir: string;
let units = 0;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const cli = (...argv: string[]) => captureCli(argv, { language: 'zh' });

const arrange = () => {
  units += 1;
  return seedWithReport(t.app, `93070${units} 命令行单位${units}`);
};

beforeAll(async () => {
  t = await createTestApp();
  useProcessDatabase(t.database.db);
  dir = mkdtempSync(join(tmpdir(), 'jixiao-files-cli-'));
});
afterAll(async () => {
  useProcessDatabase(null);
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('jixiao files', () => {
  it('adds a file to an entry, lists it, gets it back byte for byte, and removes it with a reason (kept in the history)', async () => {
    const a = await arrange();
    const bytes = samplePdf('cli report');
    const path = join(dir, '调查报告.pdf');
    writeFileSync(path, bytes);
    const added = await cli('files', 'add', path, '--entry', String(a.entry), '--caption', '盖章版');
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain(`SHA-256 ${sha(bytes)}`);
    const id = Number(/已上传 #(\d+)/.exec(added.out)![1]);
    expect((await cli('files', 'add', path, '--entry', String(a.entry))).out).toContain(`已有相同内容的文件 #${id}`);

    const list = await cli('files', 'list', '--project', String(a.project));
    expect(list.out).toMatch(new RegExp(`${id}  记录 #${a.entry}  调查报告\\.pdf  application/pdf  .*盖章版`));
    const json = JSON.parse((await cli('files', 'list', '--project', String(a.project), '--json')).out) as { id: number; sha256: string }[];
    expect(json.map((f) => [f.id, f.sha256])).toEqual([[id, sha(bytes)]]);

    const out = join(dir, 'back.pdf');
    const got = await cli('files', 'get', String(id), '--out', out);
    expect(got.code, got.err).toBe(0);
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(bytes))).toBe(true);

    expect((await cli('files', 'remove', String(id), '--reason', '传错了')).code).toBe(0);
    expect((await cli('files', 'list', '--project', String(a.project))).out).toContain('共 0 份');
    expect((await cli('files', 'list', '--project', String(a.project), '--history')).out).toMatch(/已移除（.*传错了）/);
    const again = await cli('files', 'remove', String(id), '--reason', '再来');
    expect(again.code).toBe(1);
    expect(again.err).toContain('已于');
  });

  it('refuses a renamed program by its content, a missing record choice, and two record choices', async () => {
    const a = await arrange();
    const exe = join(dir, '照片.jpg');
    writeFileSync(exe, renamedExe());
    const refused = await cli('files', 'add', exe, '--entry', String(a.entry));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('可执行程序');
    const png = join(dir, 'p.png');
    writeFileSync(png, tinyPng(1, 2, 3));
    const none = await cli('files', 'add', png);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--entry');
    const two = await cli('files', 'add', png, '--entry', String(a.entry), '--note', '1');
    expect(two.code).toBe(2);
  });
});
