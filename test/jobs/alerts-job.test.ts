import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { robotOutbox } from '../../db/schema/index.ts';
import { alertsJob } from '../../jobs/definitions/alerts.ts';
import { digestJob } from '../../jobs/definitions/digest.ts';
import type { JobDeps } from '../../jobs/job-types.ts';
import { runJobSlot } from '../../jobs/run-job.ts';
import { addEntries } from '../../src/services/entries.ts';
import { addRobot } from '../../src/services/robots.ts';
import { startRobotFake } from '../fakes/robot-server.ts';
import { importSeed, testJobDeps } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// Project 3 (环境应急与事故调查, 2025) with a WeCom and a signed DingTalk robot. Today is 2025-07-01, s = 0.5.
let database: TestDatabase;
let fake: Awaited<ReturnType<typeof startRobotFake>>;
let deps: JobDeps;
let p3: number;
let clock = Date.parse('2025-07-01T02:00:00Z');
const who = { source: 'manual', author: 'test', now: new Date('2025-07-01T02:00:00Z') };
const alerts = alertsJob('*/30 * * * *');
const run = () => runJobSlot(deps, alerts, { slot: new Date(clock), trigger: 'manual' });

beforeAll(async () => {
  database = await createTestDb();
  fake = await startRobotFake({ wecomKeys: ['wk'], dingtalkTokens: { dt: 'SECret' }, now: () => clock });
  deps = testJobDeps(database.db, {
    now: new Date(clock),
    env: { JIXIAO_SECRET_WECOM_HOOK: fake.wecomUrl('wk'), JIXIAO_SECRET_DING_HOOK: fake.dingtalkUrl('dt'), JIXIAO_SECRET_DING: 'SECret' },
    config: { APP_URL: 'https://jixiao.example.gov.cn', OUTBOUND_HOSTS: '127.0.0.1' },
  });
  deps = { ...deps, now: () => new Date(clock) };
  p3 = (await importSeed(database.db, 2025))[2]!;
  await addRobot(database.db, { kind: 'wecom', name: '应急处群', webhookEnv: 'JIXIAO_SECRET_WECOM_HOOK', projects: [p3] });
  await addRobot(database.db, { kind: 'dingtalk', name: '中心领导群', webhookEnv: 'JIXIAO_SECRET_DING_HOOK', secretEnv: 'JIXIAO_SECRET_DING', projects: [p3] });
  // Two reports by mid-year (3 a year): on track.
  await addEntries(
    database.db,
    p3,
    [
      { kind: 'report', fields: { date: '2025-03-01', title: '报告一' } },
      { kind: 'report', fields: { date: '2025-05-01', title: '报告二' } },
    ],
    who,
  );
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe('alerts job', () => {
  it('the first run records statuses without alerting anyone', async () => {
    const outcome = await run();
    expect(outcome.status).toBe('succeeded');
    expect(fake.messages).toHaveLength(0);
  });

  it('a cap broken sends one message to each robot, DingTalk signed, naming the indicator and the change', async () => {
    clock += 3_600_000;
    await addEntries(database.db, p3, [{ kind: 'expenditure', fields: { date: '2025-06-20', amount: 250_000 } }], who);
    const outcome = await run();
    expect(outcome.status).toBe('succeeded');
    expect(fake.messages).toHaveLength(2);
    const text = fake.messages.map((m) => m.content).join('\n');
    expect(text).toContain('项目支出经费');
    expect(text).toContain('未完成');
    expect(text).toContain('环境应急与事故调查');
    expect(text).toContain(`https://jixiao.example.gov.cn/projects/${p3}`);
  });

  it('running again sends nothing: one change, one alert', async () => {
    clock += 60_000;
    await run();
    await run();
    expect(fake.messages).toHaveLength(2);
  });

  it('improvements are recorded but not alerted', async () => {
    clock += 60_000;
    const list = (await database.db.execute(sql`select id from entries where kind = 'expenditure'`)) as unknown as
      | { id: number }[]
      | { rows: { id: number }[] };
    const rows = Array.isArray(list) ? list : list.rows;
    const { correctEntry } = await import('../../src/services/entries.ts');
    await correctEntry(database.db, Number(rows[0]!.id), { fields: { amount: 50_000 }, reason: '录入错误' }, who);
    await run();
    expect(fake.messages).toHaveLength(2);
  });

  it('a robot at its 20-a-minute limit keeps the message queued and sends it in the next minute', async () => {
    clock += 60_000;
    fake.setMode('errcode', { errcode: 45009, errmsg: 'api freq out of limit', times: 1 });
    await addEntries(database.db, p3, [{ kind: 'expenditure', fields: { date: '2025-06-25', amount: 300_000 } }], who);
    await run();
    const queued = await database.db.select().from(robotOutbox).where(eq(robotOutbox.attempts, 1));
    expect(queued.some((m) => m.sentAt === null && m.lastError?.includes('45009'))).toBe(true);
    const sentBefore = fake.messages.length;
    clock += 61_000;
    await run();
    expect(fake.messages.length).toBe(sentBefore + 1);
    const pending = await database.db.select().from(robotOutbox).where(sql`${robotOutbox.sentAt} is null`);
    expect(pending).toHaveLength(0);
  });

  it('a misconfigured webhook fails that message for good with the reason, others still go', async () => {
    await addRobot(database.db, { kind: 'wecom', name: '错误的群', webhookEnv: 'JIXIAO_SECRET_NO_SUCH_HOOK', projects: [p3] });
    clock += 120_000;
    await addEntries(database.db, p3, [{ kind: 'task', fields: { title: '逾期任务', due: '2025-06-01' } }], who);
    const before = fake.messages.length;
    await run();
    const failed = await database.db.select().from(robotOutbox).where(eq(robotOutbox.failed, true));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.lastError).toContain('JIXIAO_SECRET_NO_SUCH_HOOK');
    expect(fake.messages.length).toBe(before + 2);
  });
});

describe('digest job', () => {
  it('sends each robot one digest per slot with the score forecast, and never twice for a slot', async () => {
    const digest = digestJob('30 8 * * 1');
    const slot = new Date('2025-06-30T00:30:00Z');
    const before = fake.messages.length;
    expect((await runJobSlot(deps, digest, { slot, trigger: 'schedule' })).status).toBe('succeeded');
    expect(fake.messages.length).toBe(before + 2);
    const last = fake.messages.at(-1)!.content;
    expect(last).toContain('环境应急与事故调查');
    expect(last).toMatch(/得分|自评/);
    await runJobSlot(deps, digest, { slot, trigger: 'catch_up' });
    expect(fake.messages.length).toBe(before + 2);
  });
});
