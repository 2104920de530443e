import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SELFEVAL_LAYOUT } from '../../src/reports/selfeval-xlsx.ts';
import { MONITORING_LAYOUT } from '../../src/reports/monitoring-xlsx.ts';
import type { ProgressReport } from '../../src/services/progress-model.ts';
import { captureCli } from '../helpers/cli-run.ts';
import { seedPath } from '../helpers/seed.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// `jixiao export` (docs/design.md "Official tables"): the CLI face of the workbooks, with the numbers of
// `progress --json` for the same day.

vi.setConfig({ testTimeout: 120_000 });

const now = () => new Date('2025-01-15T02:00:00Z');
const onPostgres = process.env.TEST_DB_KIND === 'postgres';
const saved = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR };
let dir: string;
let database: TestDatabase | null = null;

const cli = (...argv: string[]) => captureCli(argv, { now, language: 'zh' });

async function read(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jixiao-export-'));
  if (onPostgres) {
    database = await createTestDb();
    process.env.DATABASE_URL = database.url!;
  } else {
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = join(dir, 'data');
  }
  const imported = await cli('import', seedPath, '--year', '2024');
  if (imported.code !== 0) throw new Error(imported.err);
});
afterAll(async () => {
  await database?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('jixiao export', () => {
  it('writes a project’s self-evaluation workbook with the numbers of progress --json', async () => {
    const progress = await cli('progress', '--project', '环境应急与事故调查', '--as-of', '2024-12-31', '--json');
    expect(progress.code, progress.err).toBe(0);
    const answer = (JSON.parse(progress.out) as ProgressReport).projects[0]!;
    const out = join(dir, 'selfeval.xlsx');
    const r = await cli('export', 'selfeval', '--project', '环境应急与事故调查', '--as-of', '2024-12-31', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(out);
    expect(r.out).toContain('环境应急与事故调查-绩效自评表-2024-12-31.xlsx');
    const ws = (await read(out)).worksheets[0]!;
    expect(ws.getCell('B3').value).toBe(answer.name);
    answer.indicators.forEach((i, n) => {
      const row = ws.getRow(SELFEVAL_LAYOUT.firstIndicatorRow + n);
      expect(row.getCell(4).value).toBe(i.level3);
      expect(row.getCell(7).value).toBe(i.score?.weight ?? '—');
      expect(row.getCell(8).value).toBe(i.score?.points ?? '—');
    });
    expect(ws.getRow(SELFEVAL_LAYOUT.firstIndicatorRow + answer.indicators.length).getCell(8).value).toBe(answer.score!.total);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a unit’s monitoring workbook with a sheet per project, by unit code', async () => {
    const out = join(dir, 'monitoring.xlsx');
    const r = await cli('export', 'monitoring', '--unit', '362207', '--as-of', '2024-06-30', '--out', out);
    expect(r.code, r.err).toBe(0);
    const book = await read(out);
    expect(book.worksheets).toHaveLength(4);
    for (const ws of book.worksheets) expect(ws.getRow(MONITORING_LAYOUT.indicatorHeaderRow).getCell(6).value).toBe('全年预计完成值');
  });

  it('refuses what it cannot do with a clear message, and writes nothing', async () => {
    const both = await cli('export', 'selfeval', '--project', '1', '--unit', '362207', '--out', join(dir, 'x.xlsx'));
    expect(both.code).toBe(2);
    expect(both.err).toContain('--project 或 --unit');
    const neither = await cli('export', 'selfeval', '--out', join(dir, 'x.xlsx'));
    expect(neither.code).toBe(2);
    const noOut = await cli('export', 'selfeval', '--project', '1');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('--out');
    const kind = await cli('export', 'budget', '--project', '1', '--out', join(dir, 'x.xlsx'));
    expect(kind.code).toBe(2);
    expect(kind.err).toContain('selfeval');
    const unit = await cli('export', 'selfeval', '--unit', '999999', '--out', join(dir, 'x.xlsx'));
    expect(unit.code).toBe(1);
    expect(unit.err).toContain('999999');
    const nowhere = await cli('export', 'selfeval', '--unit', '362207', '--out', join(dir, 'no-such-dir', 'x.xlsx'));
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toContain('所在目录不存在');
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });
});
