import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { seedPath } from '../helpers/seed.ts';

const now = () => new Date('2026-03-01T00:00:00Z');
let dir: string;
let database: TestDatabase | null = null;
const saved = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR };

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } }, now);
  return { code, out, err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jixiao-cli-'));
  if (process.env.TEST_DB_KIND === 'postgres') {
    database = await createTestDb();
    process.env.DATABASE_URL = database.url!;
  } else {
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = join(dir, 'data');
  }
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('jixiao CLI', () => {
  it('parse prints the documented JSON shape for the seed and needs no database', async () => {
    const { code, out } = await cli('parse', seedPath, '--year', '2024');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json).sort()).toEqual(['projects', 'unit', 'warnings']);
    expect(json.unit).toEqual({ code: '362207', name: '天津市生态环境综合保障中心' });
    expect(json.projects[0].budget).toEqual({ total: 3200000, fiscal: 3200000, other: null, unit: 'yuan' });
    expect(json.projects[1].indicators[5]).toMatchObject({
      level1: '效益指标', level2: '生态效益指标', level3: '生态意识', description: '阅读量',
      target: { raw: '>10万条', kind: 'quantitative', comparator: '>', inferred: false, value: 10, unit: '万条', normalized: { value: 100000, unit: '条' }, text: null },
      warnings: [],
    });
    expect(json.warnings.some((w: { line: number; message: string }) => w.line > 0 && w.message.includes('延长设备使用寿命'))).toBe(true);
  });

  it('parse of something that is not a target table exits 1 with line-numbered messages on stderr', async () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, '购物清单\n苹果 3 个\n牛奶\n');
    const { code, out, err } = await cli('parse', junk);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/第 \d+ 行/);
  });

  it('parse of a missing file or a bad --year is a clear error', async () => {
    expect((await cli('parse', join(dir, 'nope.txt'))).err).toContain('无法读取文件');
    const bad = await cli('parse', seedPath, '--year', '24');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--year');
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('import writes the seed and projects lists it (text and --json); --year defaults to the current year', async () => {
    const imported = await cli('import', seedPath, '--year', '2024');
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('4 个项目，25 个指标');
    expect(imported.out).toContain('延长设备使用寿命');

    const listed = await cli('projects', '--year', '2024', '--json');
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.out);
    expect(json).toHaveLength(4);
    expect(json[0]).toEqual({ id: expect.any(Number), name: '天津市生态环境信息网络、设备及系统运行维护', year: 2024, unit: { code: '362207', name: '天津市生态环境综合保障中心' }, indicatorCount: 6 });
    expect(Object.keys(json[0]).sort()).toEqual(['id', 'indicatorCount', 'name', 'unit', 'year']);

    // The clock says 2026: without --year, nothing is listed.
    expect(JSON.parse((await cli('projects', '--json')).out)).toEqual([]);
    const text = await cli('projects', '--all');
    expect(text.out).toContain('环境应急与事故调查');
    expect(text.out).toContain('预算 20.00 万元');
  });
});
