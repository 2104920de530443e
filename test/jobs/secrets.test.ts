// Issue 8, "Secrets stay secret": the WeChat job, the Weibo job and the robots run against the local fakes
// with distinctive secrets — succeeding, and failing every way the fakes can (a wrong secret, configuration
// errors, 5xx, garbage, answers that echo the secret) — with a logger that keeps every line. Then every log
// line, every outcome and every text/json column of every table (found through information_schema, so a
// table added later, such as audit_log, is covered too) is searched for the secrets and for the access
// tokens the WeChat fake issued. None may hold one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels, robotProjects, robots } from '../../db/schema/index.ts';
import { digestJob } from '../../jobs/definitions/digest.ts';
import { wechatJob } from '../../jobs/definitions/wechat.ts';
import { weiboJob } from '../../jobs/definitions/weibo.ts';
import type { JobDefinition, JobDeps } from '../../jobs/job-types.ts';
import { runJobSlot, type RunOutcome } from '../../jobs/run-job.ts';
import { createLogger } from '../../src/logger.ts';
import { addChannel } from '../../src/services/channels.ts';
import { addRobot } from '../../src/services/robots.ts';
import { startRobotFake, type RobotFake } from '../fakes/robot-server.ts';
import { growingArticle, startWechatFake, type WechatFake, type WechatFakeMode } from '../fakes/wechat-server.ts';
import { startWeiboFake, weiboStatus, type WeiboFake, type WeiboFakeMode } from '../fakes/weibo-server.ts';
import { channelRules, importSeed, testJobDeps } from '../helpers/job-env.ts';
import { fileForm, seedText } from '../helpers/seed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

const tag = () => randomBytes(9).toString('hex');
const WX_SECRET = `wxsecret-${tag()}`;
const WEIBO_TOKEN = `weibotoken-${tag()}`;
const WECOM_KEY = `wecomkey-${tag()}`;
const DING_TOKEN = `dingtoken-${tag()}`;
const DING_SECRET = `SECding-${tag()}`;
const APP_ID = 'wxsecretsapp01';
const UID = '1195230310';
const now = new Date('2025-11-21T01:00:00Z'); // 09:00 in Shanghai; data day 2025-11-20

let database: TestDatabase;
let wechat: WechatFake;
let weibo: WeiboFake;
let robot: RobotFake;
let deps: JobDeps;
let project: number;
const lines: string[] = [];
const outcomes: RunOutcome[] = [];
let slot = now.getTime();

async function run(def: JobDefinition): Promise<RunOutcome> {
  slot += 60_000;
  const outcome = await runJobSlot(deps, def, { slot: new Date(slot), trigger: 'manual', dataDay: '2025-11-20' });
  outcomes.push(outcome);
  return outcome;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Every table.column of the current schema that holds text or JSON. */
async function textColumns(db: Db = database.db): Promise<Map<string, string[]>> {
  const rows = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(sql`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
      order by c.table_name, c.ordinal_position`),
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  return out;
}

/** `table.column` of every stored value that contains `needle`. */
async function storedIn(needle: string, db: Db = database.db): Promise<string[]> {
  const found: string[] = [];
  for (const [table, columns] of await textColumns(db)) {
    for (const column of columns) {
      const [row] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where strpos(${sql.identifier(column)}::text, ${needle}) > 0`),
      );
      if (Number(row?.n ?? 0) > 0) found.push(`${table}.${column}`);
    }
  }
  return found;
}

beforeAll(async () => {
  database = await createTestDb();
  wechat = await startWechatFake({
    appId: APP_ID,
    secret: WX_SECRET,
    today: '2025-11-21',
    articles: [growingArticle({ refDate: '2025-11-19', msgid: '2247491000_1', title: '机密测试', days: 2 })],
  });
  weibo = await startWeiboFake({
    token: WEIBO_TOKEN,
    uid: UID,
    statuses: [weiboStatus({ id: '5200000000000001', at: '2025-11-20T08:00:00+08:00', text: '机密测试微博', reads: 10 })],
  });
  robot = await startRobotFake({ wecomKeys: [WECOM_KEY], dingtalkTokens: { [DING_TOKEN]: DING_SECRET }, now: () => now.getTime() });
  deps = testJobDeps(database.db, {
    now,
    env: {
      JIXIAO_SECRET_WX: WX_SECRET,
      JIXIAO_SECRET_WEIBO: WEIBO_TOKEN,
      JIXIAO_SECRET_WECOM_HOOK: robot.wecomUrl(WECOM_KEY),
      JIXIAO_SECRET_DING_HOOK: robot.dingtalkUrl(DING_TOKEN),
      JIXIAO_SECRET_DING: DING_SECRET,
      // A webhook that leads elsewhere: refused by host, its key never shown.
      JIXIAO_SECRET_ELSEWHERE_HOOK: `https://hooks.example.net/cgi-bin/webhook/send?key=${WECOM_KEY}`,
    },
    config: { OUTBOUND_HOSTS: '127.0.0.1' },
    logger: createLogger('debug', (line) => lines.push(line)),
  });
  project = (await importSeed(database.db, 2025))[0]!;
  const rules = channelRules(deps);
  await addChannel(
    database.db,
    { platform: 'wechat', name: '机密公众号', projects: [project], settings: { appId: APP_ID, secretEnv: 'JIXIAO_SECRET_WX', baseUrl: wechat.url } },
    rules,
  );
  await addChannel(
    database.db,
    {
      platform: 'weibo',
      name: '机密微博',
      projects: [project],
      settings: { uid: UID, tokenEnv: 'JIXIAO_SECRET_WEIBO', baseUrl: weibo.url, countUrl: weibo.countUrl },
    },
    rules,
  );
  await addRobot(database.db, { kind: 'wecom', name: '机密企微群', webhookEnv: 'JIXIAO_SECRET_WECOM_HOOK', projects: [project], events: ['digest'] });
  await addRobot(database.db, {
    kind: 'dingtalk',
    name: '机密钉钉群',
    webhookEnv: 'JIXIAO_SECRET_DING_HOOK',
    secretEnv: 'JIXIAO_SECRET_DING',
    projects: [project],
    events: ['digest'],
  });
});

afterAll(async () => {
  await wechat?.close();
  await weibo?.close();
  await robot?.close();
  await database?.close();
});

/**
 * The runs whose logs, outcomes and rows the last test of the next block searches. Each runs once per
 * file, by the first test that needs it: a test of its own, or that search, which needs them all.
 */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

/** The WeChat job, with the secret in use, succeeding and failing every way. */
const exerciseWechat = once(async () => {
  // No stored token (another run may have left one): this run asks for one, with the secret.
  await database.db.execute(sql`delete from access_tokens`);
  const from = wechat.requests.length;
  expect(await run(wechatJob('0 9 * * *'))).toMatchObject({ status: 'succeeded' });
  // The fake is shared with other tests: the token request looked at is this run's first.
  const tokenCall = wechat.requests.slice(from).find((r) => r.path.endsWith('/stable_token'));
  expect(tokenCall!.body).toMatchObject({ secret: WX_SECRET }); // the secret did travel, to the fake
  const failures: [string, WechatFakeMode[]][] = [
    ['a 502 page, every time', [{ kind: 'serverError', on: 'any' }]],
    ['garbage instead of JSON', [{ kind: 'malformedJson', on: 'any' }]],
    ['a 403 whose body is the secret', [{ kind: 'httpStatus', status: 403, body: `forbidden ${WX_SECRET}`, on: 'any' }]],
    [
      'an errmsg echoing the secret and the token',
      [{ kind: 'errcode', errcode: 40164, errmsg: `invalid ip, secret=${WX_SECRET} access_token=${wechat.state.currentToken} rid: 1` }],
    ],
    ['a token answer that is an HTML page with the secret', [{ kind: 'raw', body: `<html>${WX_SECRET}</html>`, on: 'token' }]],
    [
      'a data answer that puts the token where a date goes',
      [{ kind: 'raw', body: { list: [{ ref_date: wechat.state.currentToken, msgid: WX_SECRET, title: WX_SECRET, detail_list: [] }] } }],
    ],
    ['a token refused every time', [{ kind: 'rejectToken' }]],
  ];
  for (const [name, modes] of failures) {
    await database.db.execute(sql`delete from access_tokens`);
    wechat.setMode(...modes);
    expect((await run(wechatJob('0 9 * * *'))).status, name).toBe('failed');
  }
  wechat.setMode();
  wechat.state.secret = 'rotated-secret';
  await database.db.execute(sql`delete from access_tokens`);
  expect(await run(wechatJob('0 9 * * *'))).toMatchObject({ status: 'failed', error: { kind: 'config', code: '40125' } });
  wechat.state.secret = WX_SECRET;
  expect(await run(wechatJob('0 9 * * *'))).toMatchObject({ status: 'succeeded' });
});

/** The WeChat job with configuration errors: an unset variable, a forbidden name, a forbidden host. */
const exerciseWechatConfig = once(async () => {
  const [row] = await database.db
    .insert(channels)
    .values({ platform: 'wechat', name: '配置错误', settings: { appId: 'wxbroken', secretEnv: 'JIXIAO_SECRET_UNSET' } })
    .returning();
  expect(await run(wechatJob('0 9 * * *'))).toMatchObject({ status: 'failed', error: { kind: 'config', code: 'missing_secret' } });
  await database.db.execute(
    sql`update channels set settings = ${JSON.stringify({ appId: 'wxbroken', secretEnv: 'DATABASE_URL' })}::jsonb where id = ${row!.id}`,
  );
  expect(await run(wechatJob('0 9 * * *'))).toMatchObject({ status: 'failed', error: { kind: 'config', code: 'secret_name' } });
  await database.db.execute(
    sql`update channels set settings = ${JSON.stringify({ appId: 'wxbroken', secretEnv: 'JIXIAO_SECRET_WX', baseUrl: 'https://collector.example.net' })}::jsonb where id = ${row!.id}`,
  );
  expect(await run(wechatJob('0 9 * * *'))).toMatchObject({ status: 'failed', error: { kind: 'config', code: 'outbound_host' } });
  await database.db.execute(sql`delete from channels where id = ${row!.id}`);
});

/** The Weibo job, succeeding and failing every way. */
const exerciseWeibo = once(async () => {
  const from = weibo.calls('timeline').length;
  expect(await run(weiboJob('0 9 * * *'))).toMatchObject({ status: 'succeeded' });
  expect(weibo.calls('timeline')[from]!.query.access_token).toBe(WEIBO_TOKEN);
  const failures: [string, WeiboFakeMode][] = [
    ['a 502 page', { kind: 'http_error' }],
    ['an HTML page with HTTP 200', { kind: 'garbage' }],
    ['an invalid token', { kind: 'invalid_token' }],
    ['an error text echoing the token', { kind: 'weibo_error', code: 21332, error: `invalid_access_token ${WEIBO_TOKEN}` }],
    ['an error code that is the token', { kind: 'weibo_error', code: WEIBO_TOKEN, error: 'x' }],
    ['a body that is the token', { kind: 'raw', status: 200, body: `<p>access_token=${WEIBO_TOKEN}</p>` }],
    ['a 404 page quoting the token', { kind: 'raw', status: 404, body: `no such page ?access_token=${WEIBO_TOKEN}` }],
    [
      'a post whose date is the token',
      { kind: 'raw', status: 200, body: JSON.stringify({ statuses: [{ idstr: '5200000000000002', created_at: WEIBO_TOKEN, text: 't' }] }) },
    ],
  ];
  for (const [name, mode] of failures) {
    weibo.setMode(mode);
    expect((await run(weiboJob('0 9 * * *'))).status, name).toBe('failed');
  }
  weibo.setMode({ kind: 'ok' });
});

/** The robots, sending and failing every way. */
const exerciseRobots = once(async () => {
  // The robot fake also serves the API test: count what this digest delivered.
  const messagesBefore = robot.messages.length;
  const requestsBefore = robot.requests.length;
  expect(await run(digestJob('30 8 * * 1'))).toMatchObject({ status: 'succeeded' });
  expect(robot.messages).toHaveLength(messagesBefore + 2);
  expect(robot.requests.slice(requestsBefore).some((r) => r.query.sign)).toBe(true); // DingTalk signed with the secret
  const failures: [Parameters<RobotFake['setMode']>[0], Parameters<RobotFake['setMode']>[1]][] = [
    ['server_error', {}],
    ['garbage', { body: `<html>key=${WECOM_KEY} ${DING_TOKEN}</html>` }],
    ['garbage', { body: JSON.stringify({ echo: `${robot.wecomUrl(WECOM_KEY)} ${DING_SECRET}` }) }],
    ['errcode', { errcode: 93000, errmsg: `invalid webhook url ${WECOM_KEY} sign=${DING_SECRET} access_token=${DING_TOKEN}` }],
    ['errcode', { errcode: 310000, errmsg: `sign not match ${DING_SECRET}` }],
  ];
  for (const [mode, options] of failures) {
    robot.setMode(mode, options);
    await run(digestJob('30 8 * * 1'));
  }
  robot.setMode('normal');
  await addRobot(database.db, { kind: 'wecom', name: '别处的群', webhookEnv: 'JIXIAO_SECRET_ELSEWHERE_HOOK', projects: [project], events: ['digest'] });
  await addRobot(database.db, { kind: 'wecom', name: '没设变量的群', webhookEnv: 'JIXIAO_SECRET_NOT_SET', projects: [project], events: ['digest'] });
  const [old] = await database.db
    .insert(robots)
    .values({ name: '旧的群', kind: 'dingtalk', webhookEnv: 'DATABASE_URL', secretEnv: 'PATH', events: ['digest'] })
    .returning();
  await database.db.insert(robotProjects).values({ robotId: old!.id, projectId: project });
  await run(digestJob('30 8 * * 1'));
  const errors = rowsOf<{ last_error: string | null }>(await database.db.execute(sql`select last_error from robot_outbox where failed`)).map(
    (r) => r.last_error ?? '',
  );
  expect(errors.some((e) => e.includes('outbound_host') || e.includes('不在允许范围'))).toBe(true);
  expect(errors.some((e) => e.includes('JIXIAO_SECRET_NOT_SET'))).toBe(true);
  expect(errors.some((e) => e.includes('DATABASE_URL') && e.includes('JIXIAO_SECRET_'))).toBe(true);
});

describe('secrets never appear in logs, errors or stored rows', () => {
  it('the WeChat job, with the secret in use, succeeding and failing every way', () => exerciseWechat());

  it('the WeChat job with configuration errors: an unset variable, a forbidden name, a forbidden host', () => exerciseWechatConfig());

  it('the Weibo job, succeeding and failing every way', () => exerciseWeibo());

  it('the robots, sending and failing every way', () => exerciseRobots());

  it('no log line, outcome or stored value holds a secret or an access token the fake issued', async () => {
    await exerciseWechat();
    await exerciseWechatConfig();
    await exerciseWeibo();
    await exerciseRobots();
    const tokens = [...new Set(wechat.requests.map((r) => r.token).filter((t): t is string => t !== null))];
    expect(tokens.length).toBeGreaterThan(0);
    const needles = [WX_SECRET, WEIBO_TOKEN, WECOM_KEY, DING_TOKEN, DING_SECRET, ...tokens];
    const failedRuns = outcomes.filter((o) => o.status === 'failed');
    expect(failedRuns.length).toBeGreaterThanOrEqual(15);
    expect(lines.some((l) => l.includes('"job retry"'))).toBe(true);

    const text = [...lines, ...outcomes.map((o) => JSON.stringify(o))].join('\n');
    for (const needle of needles) expect(text.includes(needle), `logs/outcomes hold ${needle.slice(0, 12)}…`).toBe(false);

    // The search covers the columns where a secret could land, and finds what is there.
    const columns = await textColumns();
    for (const [table, column] of [
      ['access_tokens', 'token'],
      ['job_runs', 'error'],
      ['robot_outbox', 'last_error'],
      ['probe_results', 'error'],
      ['channels', 'settings'],
    ]) {
      expect(columns.get(table!), `${table}.${column}`).toContain(column);
    }
    expect(rowsOf(await database.db.execute(sql`select token from access_tokens`))).toHaveLength(1); // kept, sealed
    expect(await storedIn(APP_ID)).toContain('channels.settings');
    expect(await storedIn('JIXIAO_SECRET_NOT_SET')).toEqual(expect.arrayContaining(['robot_outbox.last_error']));
    for (const needle of needles) expect(await storedIn(needle), `stored ${needle.slice(0, 12)}…`).toEqual([]);
  });
});

describe('through the API: answers, the run history and the audit log', () => {
  let t: TestApp;
  const answers: string[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await t.app.request(
      path,
      body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    const text = await res.text();
    answers.push(text);
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
  };
  beforeAll(async () => {
    t = await createTestApp({
      now,
      env: { JIXIAO_SECRET_WX: WX_SECRET, JIXIAO_SECRET_WECOM_HOOK: robot.wecomUrl(WECOM_KEY), OUTBOUND_HOSTS: '127.0.0.1' },
    });
    expect((await t.app.request('/api/imports?year=2025', { method: 'POST', body: fileForm('seed.txt', seedText()) })).status).toBe(201);
  });
  afterAll(async () => t?.close());

  it('adding, running (failing, then succeeding) and listing leave no secret in any answer or row', async () => {
    const [first] = (await call('GET', '/api/projects?year=2025')).json as unknown as { id: number }[];
    expect(
      (
        await call('POST', '/api/channels', {
          platform: 'wechat',
          name: 'API 公众号',
          projects: [first!.id],
          settings: { appId: APP_ID, secretEnv: 'JIXIAO_SECRET_WX', baseUrl: wechat.url },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/api/robots', {
          kind: 'wecom',
          name: 'API 企微群',
          webhookEnv: 'JIXIAO_SECRET_WECOM_HOOK',
          projects: [first!.id],
          events: ['digest'],
        })
      ).status,
    ).toBe(201);
    const token = wechat.state.currentToken;
    wechat.setMode({ kind: 'errcode', errcode: 40164, errmsg: `invalid ip ${WX_SECRET} ${token}` });
    const failed = await call('POST', '/api/jobs/wechat/run', { date: '2025-11-20' });
    expect((failed.json.runs as unknown[])[0]).toMatchObject({ job: 'wechat', status: 'failed', error: { code: '40164' } });
    wechat.setMode();
    expect(((await call('POST', '/api/jobs/wechat/run', { date: '2025-11-20' })).json.runs as unknown[])[0]).toMatchObject({
      job: 'wechat',
      status: 'succeeded',
    });
    robot.setMode('errcode', { errcode: 93000, errmsg: `invalid webhook url ${WECOM_KEY}`, times: 1 });
    expect((await call('POST', '/api/jobs/digest/run', {})).status).toBe(200);
    for (const path of ['/api/jobs?limit=50', '/api/channels', '/api/robots', '/api/audit']) expect((await call('GET', path)).status, path).toBe(200);

    const tokens = [...new Set(wechat.requests.map((r) => r.token).filter((x): x is string => x !== null))];
    for (const needle of [WX_SECRET, WECOM_KEY, ...tokens]) {
      expect(answers.join('\n').includes(needle), `answers hold ${needle.slice(0, 12)}…`).toBe(false);
      expect(await storedIn(needle, t.database.db), `stored ${needle.slice(0, 12)}…`).toEqual([]);
    }
    expect((await textColumns(t.database.db)).has('audit_log')).toBe(true);
    expect(await storedIn('JIXIAO_SECRET_WX', t.database.db)).toContain('channels.settings');
  });
});
