// Issue 8, "Critical": `POST /api/channels {"platform":"wechat","name":"x","settings":{"appId":"wx1",
// "secretEnv":"DATABASE_URL","baseUrl":"http://127.0.0.1:<listener>"}}` followed by a WeChat run made the
// server POST its database password to the caller's listener. Now the channel is refused when added (API,
// service, CLI), and a row stored before the rule, run by the job, fails on configuration before any
// request: the listener hears nothing. The same for a robot whose webhook variable is DATABASE_URL.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, robotOutbox, robotProjects, robots } from '../../db/schema/index.ts';
import { alertsJob } from '../../jobs/definitions/alerts.ts';
import { wechatJob } from '../../jobs/definitions/wechat.ts';
import { weiboJob } from '../../jobs/definitions/weibo.ts';
import { enqueueMessage } from '../../src/services/robot-outbox.ts';
import { runJobSlot } from '../../jobs/run-job.ts';
import { channelsAddCommand } from '../../src/cli/channels.ts';
import { robotsAddCommand } from '../../src/cli/endpoints.ts';
import { addChannel } from '../../src/services/channels.ts';
import { addRobot } from '../../src/services/robots.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { importSeed, testJobDeps } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

const DB_PASSWORD = 'dbpass-7c1e55a0f2';
const DATABASE_URL = `postgres://jixiao:${DB_PASSWORD}@db.internal:5432/jixiao`;
const now = new Date('2025-11-21T01:00:00Z');

let listener: Server;
let heard: { method: string; url: string; body: string }[];
let base: string;

beforeAll(async () => {
  heard = [];
  listener = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      heard.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"stolen","expires_in":7200}');
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
afterAll(async () => {
  listener.closeAllConnections();
  await new Promise<void>((resolve) => listener.close(() => resolve()));
});

const attack = () => ({ platform: 'wechat' as const, name: 'x', settings: { appId: 'wx1', secretEnv: 'DATABASE_URL', baseUrl: base } });
const send = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const fields = (body: unknown) => ((body as { error: { details: { field: string }[] } }).error.details ?? []).map((d) => d.field);

describe('refused when added', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it("POST /api/channels with secretEnv DATABASE_URL and the caller's listener as baseUrl is a 400 naming the fields", async () => {
    // The app is shared with the service test, which stores a channel: start from none to see that nothing is added.
    await t.database.db.delete(channels);
    const res = await t.app.request('/api/channels', send(attack()));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(fields(body)).toContain('settings.secretEnv');
    expect((body as { error: { message: string } }).error.message).toContain('JIXIAO_SECRET_');
    // With a permitted variable the listener's host is still refused, by name.
    const host = await t.app.request('/api/channels', send({ ...attack(), settings: { ...attack().settings, secretEnv: 'JIXIAO_SECRET_WX' } }));
    expect(host.status).toBe(400);
    const hostBody = await host.json();
    expect(fields(hostBody)).toEqual(['settings.baseUrl']);
    expect((hostBody as { error: { message: string } }).error.message).toContain('OUTBOUND_HOSTS');
    expect((await t.app.request('/api/channels')).status).toBe(200);
    expect(await (await t.app.request('/api/channels')).json()).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('POST /api/robots with webhookEnv DATABASE_URL is a 400 naming the field', async () => {
    const res = await t.app.request('/api/robots', send({ kind: 'wecom', webhookEnv: 'DATABASE_URL', projects: [1] }));
    expect(res.status).toBe(400);
    expect(fields(await res.json())).toContain('webhookEnv');
    const secret = await t.app.request('/api/robots', send({ kind: 'dingtalk', webhookEnv: 'JIXIAO_SECRET_DING', secretEnv: 'HOME', projects: [1] }));
    expect(secret.status).toBe(400);
    expect(fields(await secret.json())).toContain('secretEnv');
  });

  it('the service names both fields at once, and takes the listener only once OUTBOUND_HOSTS lists it', async () => {
    const db = t.database.db;
    const err = await addChannel(db, attack(), { outboundHosts: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400 });
    expect((err as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['settings.secretEnv', 'settings.baseUrl']);
    await expect(addChannel(db, attack(), { outboundHosts: ['127.0.0.1'] })).rejects.toMatchObject({ status: 400 });
    const ok = await addChannel(
      db,
      { ...attack(), settings: { ...attack().settings, secretEnv: 'JIXIAO_SECRET_WX' } },
      { outboundHosts: [new URL(base).host] },
    );
    expect(ok.settings).toEqual({ appId: 'wx1', secretEnv: 'JIXIAO_SECRET_WX', baseUrl: base });
    await expect(
      addChannel(db, { ...attack(), name: 'y', settings: { ...attack().settings, secretEnv: 'JIXIAO_SECRET_WX' } }, { outboundHosts: ['127.0.0.1:1'] }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(addRobot(db, { kind: 'wecom', webhookEnv: 'DATABASE_URL', projects: [1] })).rejects.toMatchObject({ status: 400 });
  });

  it('the CLI refuses --secret-env / --webhook-env that are not JIXIAO_SECRET_* before opening the database', async () => {
    const io = { out: () => {}, err: () => {} };
    const cli = { io, now: () => now };
    await expect(
      channelsAddCommand(
        { args: {}, options: { platform: 'wechat', name: 'x', 'app-id': 'wx1', 'secret-env': 'DATABASE_URL', 'base-url': base } } as never,
        cli,
      ),
    ).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('--secret-env 应为以 JIXIAO_SECRET_ 开头') });
    await expect(robotsAddCommand({ args: {}, options: { kind: 'wecom', 'webhook-env': 'DATABASE_URL', project: ['1'] } } as never, cli)).rejects.toMatchObject(
      { name: 'UsageError', message: expect.stringContaining('--webhook-env 应为以 JIXIAO_SECRET_ 开头') },
    );
  });
});

describe('refused at run time, before any request', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDb();
    await importSeed(database.db, 2025);
  });
  afterAll(async () => database?.close());

  // The environment holds the database URL (as the server's does); OUTBOUND_HOSTS even lists the listener.
  const deps = (outbound = '127.0.0.1') =>
    testJobDeps(database.db, { now, env: { DATABASE_URL, JIXIAO_SECRET_WX: 'wxsecret-not-to-be-sent' }, config: { OUTBOUND_HOSTS: outbound } });

  it('a stored WeChat channel naming DATABASE_URL fails the job on configuration; the listener hears nothing', async () => {
    await database.db.insert(channels).values(attack());
    for (const outbound of ['127.0.0.1', '']) {
      const outcome = await runJobSlot(deps(outbound), wechatJob('0 9 * * *'), { slot: new Date(), trigger: 'manual', dataDay: '2025-11-20' });
      expect(outcome).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'config', code: 'secret_name' } });
      expect(outcome.error!.message).toContain('DATABASE_URL');
      expect(outcome.error!.message).not.toContain(DB_PASSWORD);
    }
    expect(heard).toEqual([]);
    await database.db.update(channels).set({ settings: { ...attack().settings, secretEnv: 'JIXIAO_SECRET_WX' } });
    const byHost = await runJobSlot(deps(''), wechatJob('0 9 * * *'), { slot: new Date(), trigger: 'manual', dataDay: '2025-11-20' });
    expect(byHost).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'config', code: 'outbound_host' } });
    expect(heard).toEqual([]);
    await database.db.delete(channels);
  });

  it('a stored Weibo channel naming DATABASE_URL, or counting reads at the listener, is refused the same way', async () => {
    await database.db.insert(channels).values({ platform: 'weibo', name: 'w', settings: { uid: '1', tokenEnv: 'DATABASE_URL', baseUrl: base } });
    const byName = await runJobSlot(deps(), weiboJob('0 9 * * *'), { slot: new Date(), trigger: 'manual' });
    expect(byName).toMatchObject({ status: 'failed', error: { kind: 'config', code: 'secret_name' } });
    await database.db.update(channels).set({ settings: { uid: '1', tokenEnv: 'JIXIAO_SECRET_WX', countUrl: `${base}/count` } });
    const byHost = await runJobSlot(deps('api.example.net'), weiboJob('0 9 * * *'), { slot: new Date(), trigger: 'manual' });
    expect(byHost).toMatchObject({ status: 'failed', error: { kind: 'config', code: 'outbound_host' } });
    expect(byHost.error!.message).toContain('countUrl');
    expect(heard).toEqual([]);
    await database.db.delete(channels);
  });

  it('a stored robot whose webhook variable is DATABASE_URL fails its message for good; nothing is posted', async () => {
    const d = testJobDeps(database.db, {
      now,
      // Even were DATABASE_URL a webhook at the listener, it is not read.
      env: { DATABASE_URL: `${base}/cgi-bin/webhook/send?key=k` },
      config: { OUTBOUND_HOSTS: '127.0.0.1' },
    });
    const [robot] = await database.db
      .insert(robots)
      .values({ name: 'old', kind: 'wecom', webhookEnv: 'DATABASE_URL', events: ['alerts'] })
      .returning();
    await database.db.insert(robotProjects).values({ robotId: robot!.id, projectId: 1 });
    await enqueueMessage(database.db, { robotId: robot!.id, dedupeKey: 'exfiltration', message: { title: 't', markdown: 'm' } }, now);
    expect((await runJobSlot(d, alertsJob('*/30 * * * *'), { slot: new Date(), trigger: 'manual' })).status).toBe('succeeded');
    const [message] = await database.db.select().from(robotOutbox);
    expect(message).toMatchObject({ failed: true, sentAt: null });
    expect(message!.lastError).toContain('DATABASE_URL');
    expect(message!.lastError).toContain('JIXIAO_SECRET_');
    expect(heard).toEqual([]);
  });
});
