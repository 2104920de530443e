import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureCli } from '../helpers/cli-run.ts';
import { exportedXlsx, sampleFixture, webText, withChanges } from '../helpers/selfeval-tables.ts';

// `jixiao review FILE [--json]` (docs/design.md "Self-evaluation review"): no database (DATA_DIR is a plain
// file, so opening one would fail), findings as lines, exit 0 clean / 1 inconsistent or unreadable / 2 usage.

const dir = mkdtempSync(join(tmpdir(), 'jixiao-review-'));
const saved = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR, JIXIAO_LANG: process.env.JIXIAO_LANG };

beforeAll(async () => {
  writeFileSync(join(dir, 'not-a-dir'), '');
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = join(dir, 'not-a-dir');
  process.env.JIXIAO_LANG = 'zh';
  writeFileSync(join(dir, 'good.xlsx'), await exportedXlsx(sampleFixture()));
  writeFileSync(join(dir, 'bad.txt'), webText(withChanges(sampleFixture(), { rows: { 1: { score: '12.50' } }, total: '96.88' })));
  writeFileSync(join(dir, 'note.txt'), webText(withChanges(sampleFixture(), { rows: { 4: { actual: '较好' } } })));
  writeFileSync(join(dir, 'other.txt'), '会议纪要\n');
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...argv: string[]) => captureCli(argv);

describe('jixiao review', () => {
  it('exits 0 with one line for a consistent table', async () => {
    const r = await cli('review', join(dir, 'good.xlsx'));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('good.xlsx：未发现不一致\n');
  });

  it('exits 1 and lists each inconsistency with its line, row, numbers and why', async () => {
    const r = await cli('review', join(dir, 'bad.txt'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/第 \d+ 行 信息采集量：\[不一致\] 正向指标：实际完成值 8万条 未达到 ≥10万条.*（表中 12\.50，按规则 10\.00）/);
    expect(r.out.trim().split('\n').at(-1)).toBe('bad.txt：1 处不一致，0 处未能核对');
  });

  it('exits 0 when rows could only be noted, and says they were not checked', async () => {
    const r = await cli('review', join(dir, 'note.txt'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/信息公开质量：\[未核对\] 实际完成值「较好」/);
  });

  it('--json prints the report with every why in words', async () => {
    const r = await cli('review', join(dir, 'bad.txt'), '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ fileName: 'bad.txt', errors: 1, clean: false });
    expect(report.sheets[0].findings[0]).toMatchObject({ code: 'quantitative_score', row: '信息采集量', stated: '12.50', expected: '10.00' });
    expect(report.sheets[0].findings[0].why).toMatch(/^正向指标/);
  });

  it('exits 1 naming the problem for a file that is no self-evaluation table, 2 without a file', async () => {
    const r = await cli('review', join(dir, 'other.txt'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('没有找到项目支出绩效自评表');
    expect((await cli('review')).code).toBe(2);
  });
});
