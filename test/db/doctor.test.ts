import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../../src/auth/actor.ts';
import { runCli } from '../../src/cli.ts';
import { reachTarget } from '../../src/cli/operations.ts';
import { ConfigError, loadConfig, type Config } from '../../src/config.ts';
import { addChannel } from '../../src/services/channels.ts';
import { type CheckResult, filesCheck, type Reacher, runDoctor, summarize } from '../../src/services/doctor.ts';
import { writeToDir } from '../../src/files/files-dir.ts';
import { fileBlobs } from '../../db/schema/index.ts';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { addProbeEndpoint } from '../../src/services/probes.ts';
import { addRobot } from '../../src/services/robots.ts';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { seedBytes } from '../helpers/seed.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// `jixiao doctor` (docs/operations.md "Doctor"): one line per check, a failure for what stops jixiao working
// (a bad environment, a missing secret, an upstream a channel needs, a skewed clock), a warning for what
// only limits it, and never a secret's value. Upstreams are local servers; nothing leaves this machine.

vi.setConfig({ testTimeout: 60_000 });

const SECRET_VALUE = 'wx-app-secret-value-0123456789';
let database: TestDatabase;
let upstream: Server;
let upstreamUrl: string;
/** A local port nothing listens on. */
let closedUrl: string;
let dir: string;

/** Loopback targets are really reached; anything else is answered "unreachable" without a packet sent, and noted. */
const elsewhere: string[] = [];
const localOnly: Reacher = async (target, timeoutMs) => {
  if (/^(https?|tcp):\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(target)) return reachTarget(target, timeoutMs);
  elsewhere.push(target);
  return { reachable: false, detail: 'ENOTFOUND' };
};

function config(env: Record<string, string> = {}): Config {
  return loadConfig({ WECHAT_API_BASE: upstreamUrl, WEIBO_API_BASE: closedUrl, OUTBOUND_HOSTS: '127.0.0.1', ...env });
}

const doctor = (cfg: () => Config, now: () => Date = () => new Date()) =>
  runDoctor({ loadConfig: cfg, withDb: (fn) => fn(database.db), reach: localOnly, now });

const said = (results: CheckResult[]) => results.map((r) => `${r.status} ${r.check} ${r.message.in('zh')}`);

beforeAll(async () => {
  database = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), 'jixiao-doctor-'));
  // An API root that answers 404 with a body the doctor must not repeat.
  upstream = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"errcode":-1,"errmsg":"upstream body must not be shown"}');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((r) => closed.close(r));

  const imported = await importTargetTable(database.db, { fileName: 'seed.txt', bytes: seedBytes(), year: 2024, yearGiven: true });
  const project = imported.projects[0]!.id;
  await addChannel(
    database.db,
    { platform: 'wechat', name: '本地公众号', projects: [project], settings: { appId: 'wx123', secretEnv: 'JIXIAO_SECRET_WX' } },
    { outboundHosts: ['127.0.0.1'] },
    systemActor,
  );
  await addChannel(
    database.db,
    { platform: 'rss', name: '本地订阅', projects: [project], settings: { url: `${upstreamUrl}/feed.xml?token=abc` } },
    { outboundHosts: [] },
    systemActor,
  );
  await addRobot(database.db, { kind: 'wecom', webhookEnv: 'JIXIAO_SECRET_DOCTOR_WEBHOOK_UNSET', projects: [project], name: '值班群' }, systemActor);
  await addProbeEndpoint(database.db, { name: '关闭的端口', target: closedUrl.replace('http:', 'tcp:'), projectId: project });
});
afterAll(async () => {
  await database?.close();
  await new Promise((r) => upstream?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('the checks', () => {
  it('a healthy database, migrations, clock and zone pass; a missing secret and an unreachable host a channel needs fail', async () => {
    elsewhere.length = 0;
    const results = await doctor(() => config({ JIXIAO_SECRET_WX: SECRET_VALUE }));
    const lines = said(results);
    const status = (check: string) => results.filter((r) => r.check === check).map((r) => r.status);
    expect(status('config')).toEqual(['ok']);
    expect(status('schedules')).toEqual(['ok']);
    expect(status('database')).toEqual(['ok']);
    expect(status('migrations')).toEqual(['ok']);
    expect(status('clock')).toEqual(['ok']);
    expect(status('time-zone')).toEqual(['ok']);
    expect(status('app-url')).toEqual(['warn']);
    // The channel's AppSecret variable is set; the robot's webhook variable is not.
    expect(lines).toContain('ok secrets 渠道“本地公众号” 所需的环境变量已设置：JIXIAO_SECRET_WX');
    expect(lines).toContain('fail secrets 机器人“值班群” 所需的环境变量未设置：JIXIAO_SECRET_DOCTOR_WEBHOOK_UNSET');
    // WeChat's base answers (a 404 is a server that is there); the RSS feed shares its origin; Weibo's
    // base is closed but no channel needs it; the robots' host is needed; the probed port is only a warning.
    expect(lines).toContain(`ok upstream 微信接口（WECHAT_API_BASE）、渠道“本地订阅” 可以访问：${upstreamUrl}（HTTP 404）`);
    expect(lines.some((l) => l.startsWith(`warn upstream 微博接口（WEIBO_API_BASE） 无法访问：${closedUrl}（ECONNREFUSED）`))).toBe(true);
    expect(lines).toContain('fail upstream 企业微信机器人 无法访问：https://qyapi.weixin.qq.com（ENOTFOUND）');
    expect(lines.some((l) => l.startsWith('warn upstream 探测端点“关闭的端口” 无法访问：tcp://127.0.0.1:'))).toBe(true);
    expect(elsewhere).toEqual(['https://qyapi.weixin.qq.com']);
    // Never a secret's value, an upstream's body, or a URL's query.
    const text = lines.join('\n');
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain('must not be shown');
    expect(text).not.toContain('token=abc');
    expect(summarize(results).fail).toBe(2);
  });

  it('supporting files: all in the database is fine; bytes kept under FILES_DIR must be there at their size, and FILES_DIR must be set to read them', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 doctor');
    const sha = createHash('sha256').update(bytes).digest('hex');
    await database.db.insert(fileBlobs).values({ sha256: sha, size: bytes.length, mediaType: 'application/pdf', content: bytes });
    const inDb = await filesCheck(database.db, null);
    expect([inDb.status, inDb.message.in('zh')]).toEqual(['ok', '佐证材料：1 份，都保存在数据库中（备份包含它们）']);
    // Moved to a directory: the database keeps no bytes.
    const filesDir = join(dir, 'files');
    await database.db.update(fileBlobs).set({ content: null }).where(eq(fileBlobs.sha256, sha));
    const unset = await filesCheck(database.db, null);
    expect([unset.status, unset.message.in('zh')]).toEqual(['fail', '1 份佐证材料保存在文件目录中，但没有设置 FILES_DIR：这些文件无法下载']);
    const missing = await filesCheck(database.db, filesDir);
    expect(missing.status).toBe('fail');
    expect(missing.message.in('zh')).toContain('缺少或大小不符的佐证材料 1 份');
    await writeToDir(filesDir, sha, bytes);
    const present = await filesCheck(database.db, filesDir);
    expect([present.status, present.message.in('zh')]).toEqual([
      'ok',
      `佐证材料：0 份在数据库中，1 份在 ${filesDir}，都在且大小一致（备份数据库时请同时备份该目录）`,
    ]);
    await database.db.delete(fileBlobs).where(eq(fileBlobs.sha256, sha));
  });

  it('a secret set empty is missing too, and a set one passes', async () => {
    const results = await doctor(() => config({ JIXIAO_SECRET_DOCTOR_WEBHOOK_UNSET: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }));
    const lines = said(results);
    expect(lines).toContain('fail secrets 渠道“本地公众号” 所需的环境变量未设置：JIXIAO_SECRET_WX');
    expect(lines).toContain('ok secrets 机器人“值班群” 所需的环境变量已设置：JIXIAO_SECRET_DOCTOR_WEBHOOK_UNSET');
    expect(lines.join('\n')).not.toContain('key=k');
  });

  it('a clock a minute off fails', async () => {
    const results = await doctor(
      () => config(),
      () => new Date(Date.now() + 60_000),
    );
    const clock = results.find((r) => r.check === 'clock')!;
    expect(clock.status).toBe('fail');
    expect(clock.message.in('zh')).toMatch(/相差 \d+ 毫秒（数据库较慢），超过 5000 毫秒/);
  });

  it('a bad environment fails at once, without opening the database', async () => {
    let opened = false;
    const results = await runDoctor({
      loadConfig: () => {
        throw new ConfigError('invalid environment: PORT: Too big');
      },
      withDb: async () => {
        opened = true;
        throw new Error('must not open');
      },
      reach: localOnly,
      now: () => new Date(),
    });
    expect(opened).toBe(false);
    expect(said(results)).toEqual([expect.stringMatching(/^fail config 配置有误：PORT: Too big$/), expect.stringMatching(/^ok time-zone /)]);
  });

  it('a database that cannot be opened fails, and the configured upstreams are still tried', async () => {
    const results = await runDoctor({
      loadConfig: () => config({ SCHEDULE_RSS: 'every hour' }),
      withDb: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 password=hunter2'), { code: 'ECONNREFUSED' });
      },
      reach: localOnly,
      now: () => new Date(),
    });
    const lines = said(results);
    expect(lines).toContain('fail database 无法打开数据库：未知错误（ECONNREFUSED），详情见日志');
    expect(lines).toContain('fail schedules 定时任务的时间表不是有效的 cron 表达式：SCHEDULE_RSS=every hour');
    expect(lines.some((l) => l.startsWith('ok upstream 微信接口'))).toBe(true);
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});

describe('jixiao doctor', () => {
  const saved: Record<string, string | undefined> = {};
  const env = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (!(k in saved)) saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  afterAll(() => env(saved));

  async function cli(...argv: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s) }, { language: 'zh' });
    return { code, out, err };
  }

  it('prints one marked line per check and a summary; --json says the same; exit 0 without failures', async () => {
    env({
      DATABASE_URL: undefined,
      DATA_DIR: join(dir, 'data'),
      WECHAT_API_BASE: upstreamUrl,
      WEIBO_API_BASE: upstreamUrl,
      APP_URL: 'https://jixiao.example.gov.cn',
      JIXIAO_SECRET_WX: SECRET_VALUE,
      JIXIAO_SECRET_DOCTOR_WEBHOOK_UNSET: undefined,
    });
    // This test's database (the channels, robot and probe above) on PostgreSQL; a fresh PGlite data dir otherwise.
    const text = await cli('doctor');
    const lines = text.out.trimEnd().split('\n');
    expect(lines.every((l) => /^[✓!✗] /.test(l) || /^共 \d+ 项/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^共 \d+ 项：\d+ 项正常，\d+ 项提醒，\d+ 项失败$/);
    expect(text.out).toContain('✓ 数据库结构是最新的');
    expect(text.out).not.toContain(SECRET_VALUE);
    const json = await cli('doctor', '--json');
    const report = JSON.parse(json.out) as { ok: boolean; summary: { fail: number }; checks: { check: string; status: string; message: string }[] };
    expect(json.code).toBe(report.ok ? 0 : 1);
    expect(text.code).toBe(json.code);
    expect(report.checks.find((c) => c.check === 'database')?.status).toBe('ok');
    expect(report.summary.fail).toBe(0);
    expect(json.code).toBe(0);
  });
});
