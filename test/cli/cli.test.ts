import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// Each CLI call opens (and on PGlite boots) the database in process: a long test makes a dozen such calls,
// which on a loaded 2-core machine can pass the default 30 s.
vi.setConfig({ testTimeout: 120_000 });
import { runCli } from '../../src/cli.ts';
import { jobCatalog } from '../../jobs/catalog.ts';

const jobs = async () => jobCatalog;
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { seedPath } from '../helpers/seed.ts';
import { formatValue, statusMark } from '../../src/format/index.ts';

/** A stored timestamptz text (`2026-03-01 08:00:00.123+00`) as a Date. */
const shanghaiInstant = (stored: string) => new Date(stored.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));

const now = () => new Date('2026-03-01T00:00:00Z');
let dir: string;
const onPostgres = process.env.TEST_DB_KIND === 'postgres';
/** This test's PostgreSQL database, dropped after it. */
let database: TestDatabase | null = null;
const saved = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR };

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    {
      out: (s) => {
        out += s;
      },
      err: (s) => {
        err += s;
      },
    },
    { now, jobs },
  );
  return { code, out, err };
}

/** A CLI call the arrangement needs to succeed. */
async function mustCli(...argv: string[]) {
  const r = await cli(...argv);
  if (r.code !== 0) throw new Error(`jixiao ${argv.join(' ')} exited ${r.code}: ${r.err}`);
}

type Contents = 'empty' | 'seed';

// Each test that opens the database gets one of its own, empty or holding the seed imported for 2024. A fresh
// PGlite data dir costs a boot and every migration, so on PGlite both are made once, before any test runs (so
// that no test's time limit covers them), and copied per test.
const templates: Record<Contents, string> = { empty: '', seed: '' };
let copies = 0;

async function makeTemplates(): Promise<void> {
  templates.empty = join(dir, 'template-empty');
  templates.seed = join(dir, 'template-seed');
  // Any command that opens the database migrates it; `projects` writes nothing besides.
  process.env.DATA_DIR = templates.empty;
  await mustCli('projects');
  cpSync(templates.empty, templates.seed, { recursive: true });
  process.env.DATA_DIR = templates.seed;
  await mustCli('import', seedPath, '--year', '2024');
}

/** Points the CLI at a database of this test's own. */
async function useDatabase(contents: Contents): Promise<void> {
  if (onPostgres) {
    database = await createTestDb();
    process.env.DATABASE_URL = database.url!;
    if (contents === 'seed') await mustCli('import', seedPath, '--year', '2024');
    return;
  }
  const dataDir = join(dir, `data-${++copies}`);
  cpSync(templates[contents], dataDir, { recursive: true });
  process.env.DATA_DIR = dataDir;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jixiao-cli-'));
  if (onPostgres) return;
  delete process.env.DATABASE_URL;
  await makeTemplates();
  process.env.DATA_DIR = join(dir, 'no-database-yet');
});
afterEach(async () => {
  await database?.close();
  database = null;
  if (onPostgres) delete process.env.DATABASE_URL;
  else process.env.DATA_DIR = join(dir, 'no-database-yet');
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('jixiao CLI', () => {
  it('parse prints the documented JSON shape for the seed and needs no database', async () => {
    const { code, out } = await cli('parse', seedPath, '--year', '2024');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json).sort()).toEqual(['projects', 'unit', 'unitSource', 'warnings']);
    expect(json.unit).toEqual({ code: '362207', name: '天津市生态环境综合保障中心' });
    expect(json.unitSource).toBe('table');
    expect(Object.keys(json.projects[0]).sort()).toEqual(
      ['budget', 'budgetWeight', 'confidence', 'goals', 'indicators', 'line', 'name', 'purpose', 'rows', 'truncated', 'year'].sort(),
    );
    expect(json.projects[0]).toMatchObject({ truncated: null, confidence: { level: 'high', score: 1, reasons: [] } });
    expect(json.projects[0].budget).toEqual({ total: 3200000, fiscal: 3200000, other: null, unit: 'yuan' });
    expect(json.projects[1].indicators[5]).toMatchObject({
      level1: '效益指标',
      level2: '生态效益指标',
      level3: '生态意识',
      description: '阅读量',
      target: {
        raw: '>10万条',
        kind: 'quantitative',
        comparator: '>',
        inferred: false,
        value: 10,
        unit: '万条',
        normalized: { value: 100000, unit: '条' },
        text: null,
      },
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

  it('import writes the seed and projects lists it (text and --json); without --year, the latest year that has projects', async () => {
    await useDatabase('empty');
    const imported = await cli('import', seedPath, '--year', '2024');
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('4 个项目，25 个指标');
    expect(imported.out).toContain('延长设备使用寿命');

    const listed = await cli('projects', '--year', '2024', '--json');
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.out);
    expect(json).toHaveLength(4);
    expect(json[0]).toEqual({
      id: expect.any(Number),
      name: '天津市生态环境信息网络、设备及系统运行维护',
      year: 2024,
      unit: { code: '362207', name: '天津市生态环境综合保障中心' },
      indicatorCount: 6,
    });
    expect(Object.keys(json[0]).sort()).toEqual(['id', 'indicatorCount', 'name', 'unit', 'year']);

    // The clock says 2026, but the latest year with projects is 2024: without --year that one is listed, and said.
    const latest = await cli('projects', '--json');
    expect(JSON.parse(latest.out)).toHaveLength(4);
    expect(latest.err).toBe('未指定 --year，使用有项目的最近年度 2024\n');
    expect((await cli('projects', '--year', '2026')).out).toBe('没有 2026 年度的项目。\n');
    const text = await cli('projects', '--all');
    expect(text.out).toContain('环境应急与事故调查');
    expect(text.out).toContain('预算 20.00 万元');
  });
});

describe('jixiao CLI: evidence and progress', () => {
  it('log import, channels, posts import, measures and progress --json in the documented shape', async () => {
    await useDatabase('seed');
    const log = join(dir, 'log.jsonl');
    writeFileSync(log, ['{"kind":"report","date":"2024-03-01","title":"报告一"}', '{"kind":"expenditure","date":"2024-04-01","amount":50000}'].join('\n'));
    const imported = await cli('log', 'import', log, '--project', '环境应急与事故调查');
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('新增 2 条');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"kind":"report","date":"2024-03-01"}\n');
    const rejected = await cli('log', 'import', bad, '--project', '环境应急与事故调查');
    expect(rejected.code).toBe(1);
    expect(rejected.err).toMatch(/第 1 行 title/);

    const added = await cli('channels', 'add', '--platform', 'wechat', '--name', '美丽天津', '--project', '”生态城市 美丽天津“建设宣传及能力建设提升项目');
    expect(added.code, added.err).toBe(0);
    expect(JSON.parse((await cli('channels', 'list', '--json')).out)[0]).toMatchObject({ name: '美丽天津', platform: 'wechat' });
    const csv = join(dir, 'export.csv');
    writeFileSync(csv, '内容标题,发表时间,总阅读人数,内容url\n春季宣传,2024-03-05 09:00,1200,https://mp.weixin.qq.com/s/AbCd\n');
    const posts = await cli('posts', 'import', csv, '--channel', '美丽天津', '--as-of', '2024-03-10');
    expect(posts.code, posts.err).toBe(0);
    expect(posts.out).toContain('1 篇');

    const measures = await cli('measures', 'list', '--project', '环境应急与事故调查', '--json');
    const list = JSON.parse(measures.out) as { indicatorId: number; level3: string }[];
    expect(list).toHaveLength(6);
    const reports = list.find((b) => b.level3 === '完成工作目标')!;
    expect((await cli('measures', 'set', String(reports.indicatorId), '{"type":"count","source":"entries","kind":"report"}')).code).toBe(0);
    expect((await cli('measures', 'set', String(reports.indicatorId), '{"type":"count"')).code).toBe(2);
    // As text: each indicator with how it is measured, then the project's coverage in one line.
    const listed = await cli('measures', 'list', '--project', '环境应急与事故调查');
    expect(listed.out).toContain(`${String(reports.indicatorId).padStart(5)}  完成工作目标  [自动计算]`);
    expect(listed.out).toContain('度量覆盖：自动计算 6 · 计数登记 0 · 人工填报 0 · 人工评价 0 · 未设置度量 0');

    const progress = await cli('progress', '--project', '环境应急与事故调查', '--as-of', '2024-07-01', '--json');
    expect(progress.code, progress.err).toBe(0);
    const json = JSON.parse(progress.out);
    expect(json.asOf).toBe('2024-07-01');
    const p = json.projects[0];
    expect(Object.keys(p)).toEqual(expect.arrayContaining(['id', 'name', 'timeShare', 'budget', 'score', 'indicators']));
    expect(p.timeShare).toBe(0.5);
    expect(p.budget).toMatchObject({ total: 200000, spent: 50000, executionRate: 0.25, lamp: 'red' });
    expect(Object.keys(p.score)).toEqual(expect.arrayContaining(['total', 'grade', 'forecast', 'parts']));
    expect(Object.keys(p.score.parts).sort()).toEqual(['budget', 'effect', 'output', 'satisfaction']);
    expect(Object.keys(p.indicators[0])).toEqual(
      expect.arrayContaining([
        'id',
        'level1',
        'level2',
        'level3',
        'target',
        'measure',
        'actual',
        'expected',
        'forecast',
        'deviation',
        'status',
        'lamp',
        'samples',
        'score',
      ]),
    );
    expect(p.indicators[0]).toMatchObject({ level3: '完成工作目标', actual: 1, expected: 1.5, forecast: 2 });

    // Text: each indicator with its lamp and status words, values in the unit its target was written in.
    const text = await cli('progress', '--project', '环境应急与事故调查', '--as-of', '2024-07-01');
    const first = p.indicators[0] as { status: string; target: { raw: string; unit: string | null; normalized: { unit: string } | null } };
    expect(text.out).toContain(`${statusMark(first.status)}  完成工作目标：实际 ${formatValue(1, first.target)}，目标 ${first.target.raw}`);
    expect(text.out).toContain('预算执行：5.00万元 / 20.00万元，执行率 25.0%');
    expect(text.out).toContain('预计自评得分');
  });
});

describe('jixiao CLI: jobs and their configuration', () => {
  it('channels add keeps credentials by env name, jobs list/run/history, robots and probes', async () => {
    await useDatabase('seed');
    const bad = await cli(
      'channels',
      'add',
      '--platform',
      'wechat',
      '--name',
      '公众号',
      '--project',
      '环境应急与事故调查',
      '--app-id',
      'wx1',
      '--secret-env',
      'my secret',
    );
    expect(bad.code).toBe(2);
    expect((await cli('channels', 'add', '--platform', 'wechat', '--name', '公众号', '--app-id', 'wx1')).err).toContain('同时给出 --app-id 和 --secret-env');
    // Only JIXIAO_SECRET_* names, and a base URL only on an official host or one in OUTBOUND_HOSTS.
    expect((await cli('channels', 'add', '--platform', 'wechat', '--name', '公众号', '--app-id', 'wx1', '--secret-env', 'DATABASE_URL')).code).toBe(2);
    const elsewhere = await cli(
      'channels',
      'add',
      '--platform',
      'wechat',
      '--name',
      '公众号',
      '--project',
      '环境应急与事故调查',
      '--app-id',
      'wx1',
      '--secret-env',
      'JIXIAO_SECRET_WX',
      '--base-url',
      'http://127.0.0.1:9',
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain('接口地址（settings.baseUrl）');
    process.env.OUTBOUND_HOSTS = '127.0.0.1:9';
    let ok: Awaited<ReturnType<typeof cli>>;
    try {
      ok = await cli(
        '--as',
        '信息中心老李',
        'channels',
        'add',
        '--platform',
        'wechat',
        '--name',
        '公众号',
        '--project',
        '环境应急与事故调查',
        '--app-id',
        'wx1',
        '--secret-env',
        'JIXIAO_SECRET_WX',
        '--base-url',
        'http://127.0.0.1:9',
      );
    } finally {
      delete process.env.OUTBOUND_HOSTS;
    }
    expect(ok.code, ok.err).toBe(0);
    const list = JSON.parse((await cli('channels', 'list', '--json')).out) as { name: string; settings: Record<string, string> }[];
    expect(list.find((c) => c.name === '公众号')!.settings).toEqual({ appId: 'wx1', secretEnv: 'JIXIAO_SECRET_WX', baseUrl: 'http://127.0.0.1:9' });
    // The CLI's change is in the audit log under --as.
    expect((await cli('audit', '--action', 'channel.add')).out).toMatch(/信息中心老李（cli [^)]*）\s+channel\.add channel #\d+/);

    expect((await cli('jobs', 'list')).out).toMatch(/wechat\s+0 9 \* \* \*/);
    const run = await cli('jobs', 'run', 'rss');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('rss：成功');
    // JIXIAO_SECRET_WX is not set: the wechat run fails at once with a message naming the variable
    process.env.OUTBOUND_HOSTS = '127.0.0.1:9';
    let wechat: Awaited<ReturnType<typeof cli>>;
    try {
      wechat = await cli('jobs', 'run', 'wechat', '--date', '2026-02-01');
    } finally {
      delete process.env.OUTBOUND_HOSTS;
    }
    expect(wechat.code).toBe(1);
    expect(wechat.out).toContain('JIXIAO_SECRET_WX');
    const history = JSON.parse((await cli('jobs', 'history', '--json')).out) as { job: string; status: string; dataDay: string | null; startedAt: string }[];
    const wechatRun = history.find((h) => h.job === 'wechat')!;
    expect(wechatRun).toMatchObject({ status: 'failed', dataDay: '2026-02-01' });
    // Text: the start time as a minute in Asia/Shanghai, not UTC ISO.
    const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });
    const historyText = await cli('jobs', 'history', 'wechat');
    expect(historyText.out.split('\n')[0]).toMatch(new RegExp(`^${shanghai.format(shanghaiInstant(wechatRun.startedAt))}  wechat\\s+manual\\s+失败`));
    expect(historyText.out).not.toMatch(/\d{2}:\d{2}:\d{2}|T\d{2}:|Z\b/);
    expect((await cli('jobs', 'run', 'nothing')).code).toBe(2);

    expect((await cli('robots', 'add', '--kind', 'wecom', '--webhook-env', 'JIXIAO_SECRET_WECOM_HOOK', '--project', '环境应急与事故调查')).code).toBe(0);
    expect((await cli('robots', 'list')).out).toContain('$JIXIAO_SECRET_WECOM_HOOK');
    expect((await cli('probes', 'add', '--name', '专网', '--target', 'tcp://127.0.0.1:1', '--project', '环境应急与事故调查')).code).toBe(0);
    expect((await cli('probes', 'list')).out).toContain('tcp://127.0.0.1:1');
  });
});

describe('jixiao CLI: bulk files that mix kinds, and years', () => {
  it('log import takes each row’s kind from its 类型 cell and names row and field of a bad one', async () => {
    await useDatabase('seed');
    const csv = join(dir, 'mixed.csv');
    writeFileSync(
      csv,
      [
        '类型,日期,标题,金额,收款方,项目',
        '调查报告,2024-03-02,季度报告,,,天津市生态环境信息网络、设备及系统运行维护',
        'expenditure,2024-03-03,,1200.50,某公司,天津市生态环境信息网络、设备及系统运行维护',
        ',2024-03-04,,300,,天津市生态环境信息网络、设备及系统运行维护',
      ].join('\n'),
    );
    const ok = await cli('log', 'import', csv);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('3 行，新增 3 条');

    const bad = join(dir, 'mixed-bad.csv');
    writeFileSync(bad, '类型,日期,标题,金额\n调查报告,2024-03-05,报告,99\nexpenditure,2024-03-06,,abc\n');
    const refused = await cli('log', 'import', bad, '--project', '天津市生态环境信息网络、设备及系统运行维护');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('第 2 行 amount：调查报告（report）没有“金额”这一列');
    expect(refused.err).toMatch(/第 3 行 amount：amount（金额）：/);
  });

  it('import without --year says which year it used: the table’s own, else the current one', async () => {
    // 2024 is there already: the latest year is still the one the import without --year wrote.
    await useDatabase('seed');
    const again = await cli('import', seedPath);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('未指定 --year，使用年度 2026');
    const stated = await cli('import', 'test/fixtures/tables/cell-per-line.txt');
    expect(stated.code, stated.err).toBe(0);
    expect(stated.err).toBe('未指定 --year，使用表中写明的年度 2025\n');
    expect((await cli('projects')).err).toContain('最近年度 2026');
  });
});

describe('jixiao CLI: tables from other units', () => {
  const real = (name: string) => `test/fixtures/tables/real/${name}`;

  it('parse --explain shows each row’s cells by column, what it became and each project’s confidence; the cut project is skipped by line', async () => {
    const explained = await cli('parse', real('04-jingyan-mata.txt'), '--explain');
    expect(explained.code, explained.err).toBe(0);
    expect(explained.out).toContain('单位：820001 井研县马踏镇人民政府（取自表格）');
    expect(explained.out).toContain('项目「村组干部报酬」（2023年，第6行起）');
    expect(explained.out).toContain('读取把握：把握大（1.00）');
    expect(explained.out).toMatch(
      /第 6 行 {2}\[一级指标\] 效益指标 {2}\[二级指标\] 社会效益指标 {2}\[三级指标\] 维护社会稳定 {2}\[指标性质\] ≥ {2}\[指标值\] 95/,
    );
    expect(explained.out).toContain('→ 效益指标/社会效益指标/维护社会稳定：≥95%（10分）');
    expect(explained.out).not.toContain('基层组织活动经费');
    expect(explained.err).toContain('第18行：第14行开始的项目「基层组织活动经费」不完整：表格在第18行被截断，该项目未导入');

    const strict = await cli('parse', real('04-jingyan-mata.txt'), '--strict');
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('已指定严格模式（--strict），整个文件不导入');
  });

  it('parse takes the unit from --unit, else names it by the file with a warning; a unit without a name is refused', async () => {
    const byFile = await cli('parse', real('03-ezhou.txt'));
    expect(byFile.code, byFile.err).toBe(0);
    expect(JSON.parse(byFile.out)).toMatchObject({ unit: { code: null, name: '03-ezhou' }, unitSource: 'file' });
    expect(byFile.err).toContain('表中没有单位，按文件名作为单位「03-ezhou」导入');

    const given = await cli('parse', real('03-ezhou.txt'), '--unit', '4207 鄂州市机关事务服务中心');
    expect(given.code, given.err).toBe(0);
    const json = JSON.parse(given.out);
    expect(json).toMatchObject({ unit: { code: '4207', name: '鄂州市机关事务服务中心' }, unitSource: 'option' });
    expect(json.projects[0].indicators).toHaveLength(6);
    expect(json.projects[0].confidence).toEqual({
      level: 'low',
      score: expect.any(Number),
      reasons: expect.arrayContaining([expect.stringContaining('表格被截断')]),
    });
    expect(json.projects[0].rows.length).toBeGreaterThanOrEqual(7);

    const bad = await cli('parse', real('03-ezhou.txt'), '--unit', '4207');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('指定的单位「4207」无效');
  });

  it('import names a project the table does not name with --project-name, under the --unit given', async () => {
    await useDatabase('empty');
    const nameless = join(dir, 'nameless.txt');
    writeFileSync(
      nameless,
      ['一级指标 | 二级指标 | 三级指标 | 指标值', '产出指标 | 数量指标 | 巡河次数 | ≥365次', '满意度指标 | 服务对象满意度指标 | 沿河居民满意度 | ≥90%'].join(
        '\n',
      ),
    );
    const refused = await cli('import', nameless, '--year', '2024');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('请在导入时指定项目名称');

    const done = await cli('import', nameless, '--year', '2024', '--unit', '301005 某区水务局', '--project-name', '河道巡查');
    expect(done.code, done.err).toBe(0);
    expect(done.out).toContain('已导入 nameless.txt → 某区水务局（301005）：1 个项目，2 个指标');
    expect(done.out).toContain('河道巡查');
    // What staff will have to log: both counts are new to the proposal rules, so they are tallied.
    expect(done.out).toMatch(/#\d+ 度量覆盖：自动计算 1 · 计数登记 1 · 人工填报 0 · 人工评价 0 · 未设置度量 0/);
    const listed = JSON.parse((await cli('projects', '--year', '2024', '--json')).out);
    expect(listed).toEqual([expect.objectContaining({ name: '河道巡查', unit: { code: '301005', name: '某区水务局' }, indicatorCount: 2 })]);

    const cut = await cli('import', real('04-jingyan-mata.txt'));
    expect(cut.code, cut.err).toBe(0);
    expect(cut.out).toContain('1 个项目，8 个指标');
    expect(cut.out).toContain('第18行：第14行开始的项目「基层组织活动经费」不完整');
  });
});

describe('jixiao CLI: users, tokens and the audit log', () => {
  async function withStdin(input: string, ...argv: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(
      argv,
      {
        out: (s) => {
          out += s;
        },
        err: (s) => {
          err += s;
        },
      },
      { now, stdin: async () => input, jobs },
    );
    return { code, out, err };
  }

  it('users add prints a generated password once, or takes one from stdin (refusing a common one); list, disable, reset', async () => {
    // --unit 362207 names the seed's unit.
    await useDatabase('seed');
    const added = await cli('--as', '中心管理员', 'users', 'add', '宣传科小王', '--role', 'staff', '--unit', '362207');
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain('工作人员');
    expect(added.out).toMatch(/只显示这一次[\s\S]*\n {2}[A-Za-z0-9]{20}\n/);

    const common = await withStdin('12345678\n', 'users', 'add', '应急科老张', '--role', 'leader', '--password-stdin');
    expect(common.code).toBe(1);
    expect(common.err).toContain('太常见');
    const piped = await withStdin('Tianjin-Env-2024!\n', 'users', 'add', '应急科老张', '--role', 'leader', '--password-stdin');
    expect(piped.code, piped.err).toBe(0);
    expect(piped.out).not.toContain('只显示这一次');
    expect((await cli('users', 'add', '总管', '--role', 'admin', '--unit', '362207')).code).toBe(1);
    expect((await cli('users', 'add', '某人', '--role', 'boss')).code).toBe(2);

    const list = JSON.parse((await cli('users', 'list', '--json')).out) as { name: string; role: string; unit: { code: string } | null; disabled: boolean }[];
    expect(list.find((u) => u.name === '宣传科小王')).toMatchObject({ role: 'staff', unit: { code: '362207' }, disabled: false });
    expect(JSON.stringify(list)).not.toMatch(/scrypt|password_?hash/i);

    const reset = await cli('users', 'reset-password', '应急科老张');
    expect(reset.out).toMatch(/新密码（只显示这一次/);
    expect((await cli('users', 'disable', '应急科老张')).code).toBe(0);
    expect(JSON.parse((await cli('users', 'list', '--json')).out).find((u: { name: string }) => u.name === '应急科老张').disabled).toBe(true);
  });

  it('tokens create prints a token once; list shows only its prefix; revoke; audit lists the changes with who and how', async () => {
    await useDatabase('seed');
    await mustCli('--as', '中心管理员', 'users', 'add', '宣传科小王', '--role', 'staff', '--unit', '362207');
    const made = await cli('--as=中心管理员', 'tokens', 'create', '--user', '宣传科小王', '--expires', '30', '--label', '机器人链接');
    expect(made.code, made.err).toBe(0);
    const token = /\n {2}(jx_[A-Za-z0-9_-]{43})\n/.exec(made.out)?.[1];
    expect(token).toBeDefined();
    const tokens = JSON.parse((await cli('tokens', 'list', '--user', '宣传科小王', '--json')).out) as {
      id: number;
      prefix: string;
      active: boolean;
      label: string;
    }[];
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ prefix: token!.slice(0, 9), active: true, label: '机器人链接' });
    expect(JSON.stringify(tokens)).not.toContain(token!);
    expect((await cli('tokens', 'revoke', String(tokens[0]!.id))).code).toBe(0);
    expect(JSON.parse((await cli('tokens', 'list', '--json')).out)[0].active).toBe(false);
    expect((await cli('tokens', 'create', '--user', '宣传科小王', '--expires', '9999')).code).toBe(2);

    const audit = await cli('audit', '--user', '中心管理员', '--json');
    const actions = (JSON.parse(audit.out) as { items: { action: string; via: string; after: unknown }[] }).items.map((r) => `${r.via} ${r.action}`);
    expect(actions).toEqual(expect.arrayContaining(['cli user.add', 'cli token.create']));
    expect(audit.out).not.toContain(token!);
    expect((await cli('audit', '--since', '2024-02-30')).code).toBe(2);
  });
});
