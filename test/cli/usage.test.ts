import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/registry.ts';
import { reportError, runCli } from '../../src/cli.ts';
import { shanghaiMinute } from '../../src/clock.ts';
import { commandSpecs, entryKindChoices, jobChoices, platformChoices } from '../../src/cli/specs.ts';
import { loadConfig } from '../../src/config.ts';
import { entryKinds } from '../../src/evidence/entry-kinds.ts';
import { platforms } from '../../src/services/channels.ts';

// Everything here is answered before a database is opened: DATA_DIR points at a plain file, so any
// attempt to open PGlite would fail loudly instead of passing by accident.
const dir = mkdtempSync(join(tmpdir(), 'jixiao-usage-'));
const notADir = join(dir, 'not-a-dir');
const saved = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR };

beforeAll(() => {
  writeFileSync(notADir, '');
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = notADir;
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

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
    { now: () => new Date('2026-03-01T00:00:00Z'), jobs: () => import('../../jobs/catalog.ts').then((m) => m.jobCatalog) },
  );
  return { code, out, err };
}

const names = Object.keys(commandSpecs);
const leaks = /ERR_PARSE_ARGS|Unknown option|TypeError|\bat .+:\d+:\d+|select |insert |params:|Failed query/i;

describe('jixiao --help', () => {
  it.each(names)('%s --help and -h print its usage and exit 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await cli(...name.split(' '), flag);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(new RegExp(`^用法：jixiao ${name}`));
      expect(r.out).toContain('--help');
      expect(r.err).toBe('');
    }
  });

  it('help wins over anything else on the line, and `help CMD` works too', async () => {
    const r = await cli('import', '--frob', 'x', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^用法：jixiao import FILE/);
    expect((await cli('help', 'jobs', 'run')).out).toMatch(/^用法：jixiao jobs run NAME/);
    expect((await cli('help', 'jobs')).out).toContain('jixiao jobs history');
  });

  it('each group lists its subcommands with --help (exit 0) and without one (exit 2, on stderr)', async () => {
    for (const group of ['log', 'channels', 'posts', 'measures', 'jobs', 'probes', 'robots']) {
      const help = await cli(group, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain(`用法：jixiao ${group} <子命令>`);
      const bare = await cli(group);
      expect(bare.code).toBe(2);
      expect(bare.err).toContain(`jixiao ${group} `);
    }
  });

  it('the top-level help lists every command; no command at all is a usage error', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const name of names) expect(top.out).toContain(`  ${name}`);
    expect((await cli()).code).toBe(2);
  });
});

describe('jixiao usage errors', () => {
  it.each([
    [['import', '--frob'], '未知选项 --frob'],
    [['import', 'a.txt', '-z'], '未知选项 -z'],
    [['import', 'a.txt', '--year'], '选项 --year 需要一个值'],
    [['projects', '--json=yes'], '选项 --json 不带值'],
    [['projects', 'extra'], '多余的参数：extra'],
    [['projects', '--year', '2024', '--year', '2025'], '选项 --year 只能给一次'],
    [['import'], '缺少参数 FILE'],
    [['posts', 'import', 'x.csv'], '缺少 --channel'],
    [['frobnicate'], '未知命令：frobnicate'],
    [['jobs', 'frob'], '未知的子命令：jobs frob'],
    [['jobs', 'run', 'nothing'], 'NAME 应为 wechat / weibo / rss / probes / alerts / digest 之一'],
    [['log', 'import', 'x.csv', '--kind', 'meeting'], '--kind 应为 activity'],
    [['channels', 'add', '--platform', 'wechat', '--name', 'x', '--secret-env', 'my secret'], '--secret-env 应为环境变量名'],
    [['robots', 'add', '--kind', 'wecom', '--webhook-env', 'HOOK', '--project', '1', '--events', 'alerts,spam'], '--events 应为 alerts,digest'],
    [['jobs', 'history', '--limit', '0'], '--limit 应为 1 至 1000 之间的整数'],
  ])('%j → exit 2 with %s', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).toMatch(/用法：jixiao |可用的/);
    expect(r.err).not.toMatch(leaks);
  });

  it.each([
    [['jobs', 'run', 'wechat', '--date', '2024-02-30'], '--date：日期不存在：2024-02-30'],
    [['jobs', 'run', 'wechat', '--date', '2024-13-01'], '--date：日期不存在'],
    [['jobs', 'run', 'wechat', '--date', '0000-01-01'], '--date：日期'],
    [['progress', '--as-of', '20240701'], '--as-of：应为日期'],
    [['posts', 'import', 'x.csv', '--channel', 'c', '--as-of', '2023-02-29'], '日期不存在'],
    [['parse', 'x.txt', '--year', '24'], '--year 应为 2000–2100 之间的四位年份'],
    [['projects', '--year', '1999'], '--year 应为 2000–2100'],
    [['measures', 'set', '2147483648', 'none'], 'INDICATOR_ID 应为 1 至 2147483647 之间的整数编号'],
    [['measures', 'set', '+1', 'none'], 'INDICATOR_ID 应为'],
    [['measures', 'set', '0x10', 'none'], 'INDICATOR_ID 应为'],
    [['measures', 'list', '--project', '99999999999'], '--project（项目编号） 应为 1 至 2147483647'],
    [['progress', '--project', '007'], '--project（项目编号） 应为'],
    [['channels', 'add', '--platform', 'rss', '--name', 'a\u0000b'], '--name：含有空字符'],
  ])('%j is refused at the edge (exit 2, %s), never reaching a query', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(leaks);
  });
});

describe('jixiao errors', () => {
  function capture() {
    const io = {
      out: '',
      err: '',
      sink: {
        out: (s: string) => {
          io.out += s;
        },
        err: (s: string) => {
          io.err += s;
        },
      },
    };
    return io;
  }

  it('an unknown error is one line naming the log; its SQL and stack go to the log only', async () => {
    const io = capture();
    const sql = Object.assign(new Error('Failed query: select "id" from "projects" where "id" = $1\nparams: 2147483648'), { code: 'XX000' });
    expect(await reportError(sql, io.sink, { spec: null, group: null })).toBe(1);
    expect(io.err).toMatch(/^内部错误，详情见日志 \S+\n$/);
    const path = io.err.replace(/^内部错误，详情见日志 /, '').trim();
    // DATA_DIR is a file here, so the log falls back to the system temp dir.
    expect(resolve(dirname(path))).toBe(resolve(tmpdir(), 'jixiao'));
    const logged = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.at(-1)).toMatchObject({ level: 'error', msg: 'internal error', error: expect.stringContaining('Failed query') });
  });

  it('a database refusal is its message without the driver text; usage errors exit 2', async () => {
    const io = capture();
    const unique = Object.assign(new Error('duplicate key value violates unique constraint "channels_name_key"'), {
      code: '23505',
      constraint_name: 'channels_name_key',
    });
    expect(await reportError(unique, io.sink, { spec: null, group: null })).toBe(1);
    expect(io.err).toBe('与已有记录重复（name），未写入\n');
  });

  it('a command that would open the database with DATA_DIR unusable reports an internal error in one line', async () => {
    const r = await cli('projects', '--all');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^内部错误，详情见日志 \S+\n$/);
  });

  it('a PGlite data dir held by another process is named, not an internal error', async () => {
    const dataDir = join(dir, 'locked');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'jixiao.lock'), '1'); // pid 1 is always alive
    process.env.DATA_DIR = dataDir;
    try {
      const r = await cli('projects', '--all');
      expect(r.code).toBe(1);
      expect(r.err).toContain('正被进程 1 使用');
    } finally {
      process.env.DATA_DIR = notADir;
    }
  });
});

describe('jixiao specs', () => {
  it('the choice lists agree with the modules that own them', () => {
    expect([...entryKindChoices]).toEqual(entryKinds);
    expect([...platformChoices]).toEqual([...platforms]);
    expect([...jobChoices]).toEqual(jobDefinitions(loadConfig({})).map((d) => d.name));
  });

  it('jobs history times are Asia/Shanghai minutes', () => {
    expect(shanghaiMinute('2024-07-01 01:00:00+00')).toBe('2024-07-01 09:00');
    expect(shanghaiMinute('2024-06-30 16:30:05.123456+00')).toBe('2024-07-01 00:30');
    expect(shanghaiMinute('2024-07-01T01:00:00.000Z')).toBe('2024-07-01 09:00');
    expect(shanghaiMinute('2024-07-01 09:00:00+08:00')).toBe('2024-07-01 09:00');
  });

  it('the dispatcher and everything it imports statically load no package: commands are imported on demand', () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else packages.add(spec);
      }
    };
    visit(resolve('bin/jixiao.ts'));
    expect([...packages].filter((p) => !p.startsWith('node:'))).toEqual([]);
    expect([...seen].map((f) => f.replace(resolve('.') + '/', '')).filter((f) => /services|database|db\/|jobs\//.test(f))).toEqual([]);
  });

  it("README's command table is one table listing every command and --help", () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line') + 5));
    // A table is a run of consecutive `|` lines; a blank line inside one starts a second table.
    const tables: string[][] = [];
    let previous = false;
    for (const line of section.split('\n')) {
      const row = line.startsWith('|');
      if (row && !previous) tables.push([]);
      if (row) tables.at(-1)!.push(line);
      previous = row;
    }
    expect(tables).toHaveLength(1);
    const rows = tables[0]!;
    expect(rows[1]).toMatch(/^\|[-| ]+\|$/);
    for (const name of names)
      expect(
        rows.some((r) => r.startsWith(`| \`${name}`) || r.includes(`/ \`${name}`)),
        name,
      ).toBe(true);
    expect(rows.join('\n')).toContain('--help');
  });
});
