import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';

let t: TestApp;
let target: Server;
let port: number;
const send = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  t = await createTestApp();
  await t.app.request('/api/imports?year=2026', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  target = createServer((s) => s.end()).listen(0, '127.0.0.1');
  await new Promise((r) => target.once('listening', r));
  port = (target.address() as { port: number }).port;
});
afterAll(async () => {
  target?.close();
  await t?.close();
});

describe('jobs API', () => {
  it('GET /api/jobs lists the six jobs with their default schedules', async () => {
    const body = (await (await t.app.request('/api/jobs')).json()) as { jobs: { name: string; schedule: string }[] };
    expect(Object.fromEntries(body.jobs.map((j) => [j.name, j.schedule]))).toEqual({
      wechat: '0 9 * * *',
      weibo: '0 9 * * *',
      rss: '0 * * * *',
      probes: '*/5 * * * *',
      alerts: '*/30 * * * *',
      digest: '30 8 * * 1',
    });
  });

  it('POST /api/probes then /api/jobs/probes/run stores a result and the run shows in the history', async () => {
    const bad = await t.app.request('/api/probes', send('POST', { name: 'x', target: 'ftp://nowhere' }));
    expect(bad.status).toBe(400);
    const added = await t.app.request(
      '/api/probes',
      send('POST', { name: '专网', target: `tcp://127.0.0.1:${port}`, project: '天津市生态环境信息网络、设备及系统运行维护' }),
    );
    expect(added.status).toBe(201);
    const run = (await (await t.app.request('/api/jobs/probes/run', send('POST', {}))).json()) as {
      runs: { job: string; status: string; result: { inserted: number } }[];
    };
    expect(run.runs[0]).toMatchObject({ job: 'probes', status: 'succeeded', result: { inserted: 1 } });
    const history = (await (await t.app.request('/api/jobs?limit=5')).json()) as { runs: { job: string; trigger: string; status: string }[] };
    expect(history.runs.some((r) => r.job === 'probes' && r.trigger === 'manual' && r.status === 'succeeded')).toBe(true);
    expect((await t.app.request('/api/jobs/nope/run', send('POST', {}))).status).toBe(404);
  });

  it('robots take environment variable names, never secrets', async () => {
    const secret = await t.app.request(
      '/api/robots',
      send('POST', { kind: 'wecom', webhookEnv: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', projects: [1] }),
    );
    expect(secret.status).toBe(400);
    expect(((await secret.json()) as { error: { details: { field: string }[] } }).error.details[0]!.field).toBe('webhookEnv');
    const ok = await t.app.request(
      '/api/robots',
      send('POST', { kind: 'dingtalk', webhookEnv: 'JIXIAO_SECRET_DING_HOOK', secretEnv: 'JIXIAO_SECRET_DING_SECRET', projects: ['环境应急与事故调查'] }),
    );
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ kind: 'dingtalk', webhookEnv: 'JIXIAO_SECRET_DING_HOOK', projects: [{ name: '环境应急与事故调查' }] });
  });
});
