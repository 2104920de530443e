import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { projects, robotOutbox, robots } from '../../db/schema/index.ts';
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
const start = Date.parse('2025-07-01T02:00:00Z');
let database: TestDatabase;
let fake: Awaited<ReturnType<typeof startRobotFake>>;
let deps: JobDeps;
let p3: number;
let robotIds: number[];
let clock = start;
let slotSeq = 0;
const who = { source: 'manual', author: 'test', now: new Date('2025-07-01T02:00:00Z') };
const alerts = alertsJob('*/30 * * * *');
// The ledger runs a slot once: every run gets a slot of its own (the job reads the clock, not the slot).
const run = () => runJobSlot(deps, alerts, { slot: new Date(clock + ++slotSeq), trigger: 'manual' });
const outbox = (where?: SQL) =>
  database.db
    .select()
    .from(robotOutbox)
    .where(and(inArray(robotOutbox.robotId, robotIds), where));

/** The first run only records the statuses (it alerts nobody). */
async function recordStatuses() {
  expect((await run()).status).toBe('succeeded');
  expect(fake.messages).toHaveLength(0);
}

/** A cap broken after the statuses were recorded: one alert to each robot. */
async function breakCap() {
  await recordStatuses();
  clock += 3_600_000;
  await addEntries(database.db, p3, [{ kind: 'expenditure', fields: { date: '2025-06-20', amount: 250_000 } }], who);
  const outcome = await run();
  expect(outcome.status).toBe('succeeded');
  expect(fake.messages).toHaveLength(2);
}

beforeAll(async () => {
  database = await createTestDb();
  fake = await startRobotFake({ wecomKeys: ['wk'], dingtalkTokens: { dt: 'SECret' }, now: () => clock });
  deps = testJobDeps(database.db, {
    now: new Date(clock),
    env: { JIXIAO_SECRET_WECOM_HOOK: fake.wecomUrl('wk'), JIXIAO_SECRET_DING_HOOK: fake.dingtalkUrl('dt'), JIXIAO_SECRET_DING: 'SECret' },
    config: { APP_URL: 'https://jixiao.example.gov.cn', OUTBOUND_HOSTS: '127.0.0.1' },
  });
  deps = { ...deps, now: () => new Date(clock) };
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

// Every test starts from a project 3 without evidence or remembered statuses, its two robots with an
// empty outbox, a fake that has received nothing, and the clock at 2025-07-01 10:00 in Shanghai.
beforeEach(async () => {
  clock = start;
  fake.reset();
  await database.db.delete(robots);
  if (p3 !== undefined) await database.db.delete(projects).where(eq(projects.id, p3));
  p3 = (await importSeed(database.db, 2025))[2]!;
  const wecom = await addRobot(database.db, { kind: 'wecom', name: '应急处群', webhookEnv: 'JIXIAO_SECRET_WECOM_HOOK', projects: [p3] });
  const ding = await addRobot(database.db, {
    kind: 'dingtalk',
    name: '中心领导群',
    webhookEnv: 'JIXIAO_SECRET_DING_HOOK',
    secretEnv: 'JIXIAO_SECRET_DING',
    projects: [p3],
  });
  robotIds = [wecom.id, ding.id];
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

describe('alerts job', () => {
  it('the first run records statuses without alerting anyone', async () => {
    const outcome = await run();
    expect(outcome.status).toBe('succeeded');
    expect(fake.messages).toHaveLength(0);
  });

  it('a cap broken sends one message to each robot, DingTalk signed, naming the indicator and the change', async () => {
    await breakCap();
    const text = fake.messages.map((m) => m.content).join('\n');
    expect(text).toContain('项目支出经费');
    expect(text).toContain('未完成');
    expect(text).toContain('环境应急与事故调查');
    expect(text).toContain(`https://jixiao.example.gov.cn/projects/${p3}`);
  });

  it('running again sends nothing: one change, one alert', async () => {
    await breakCap();
    clock += 60_000;
    await run();
    await run();
    expect(fake.messages).toHaveLength(2);
  });

  it('improvements are recorded but not alerted', async () => {
    await breakCap();
    clock += 60_000;
    const list = (await database.db.execute(sql`select id from entries where kind = 'expenditure' and project_id = ${p3}`)) as unknown as
      | { id: number }[]
      | { rows: { id: number }[] };
    const rows = Array.isArray(list) ? list : list.rows;
    const { correctEntry } = await import('../../src/services/entries.ts');
    await correctEntry(database.db, Number(rows[0]!.id), { fields: { amount: 50_000 }, reason: '录入错误' }, who);
    await run();
    expect(fake.messages).toHaveLength(2);
  });

  it('a robot at its 20-a-minute limit keeps the message queued and sends it in the next minute', async () => {
    await recordStatuses();
    clock += 60_000;
    fake.setMode('errcode', { errcode: 45009, errmsg: 'api freq out of limit', times: 1 });
    await addEntries(database.db, p3, [{ kind: 'expenditure', fields: { date: '2025-06-25', amount: 300_000 } }], who);
    await run();
    const queued = await outbox(eq(robotOutbox.attempts, 1));
    expect(queued.some((m) => m.sentAt === null && m.lastError?.includes('45009'))).toBe(true);
    const sentBefore = fake.messages.length;
    clock += 61_000;
    await run();
    expect(fake.messages.length).toBe(sentBefore + 1);
    const pending = await outbox(sql`${robotOutbox.sentAt} is null`);
    expect(pending).toHaveLength(0);
  });

  it('a misconfigured webhook fails that message for good with the reason, others still go', async () => {
    await recordStatuses();
    const wrong = await addRobot(database.db, { kind: 'wecom', name: '错误的群', webhookEnv: 'JIXIAO_SECRET_NO_SUCH_HOOK', projects: [p3] });
    robotIds.push(wrong.id);
    clock += 120_000;
    await addEntries(database.db, p3, [{ kind: 'task', fields: { title: '逾期任务', due: '2025-06-01' } }], who);
    const before = fake.messages.length;
    await run();
    const failed = await outbox(eq(robotOutbox.failed, true));
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
