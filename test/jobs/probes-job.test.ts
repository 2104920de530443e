import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer as createHttpServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { and, eq, isNotNull, lte } from 'drizzle-orm';
import { jobRuns, probeDaily, probeEndpoints, probeResults } from '../../db/schema/index.ts';
import { probesJob } from '../../jobs/definitions/probes.ts';
import type { JobDeps } from '../../jobs/job-types.ts';
import { jobDefinitions, runWithFollowUp } from '../../jobs/registry.ts';
import { runJobSlot } from '../../jobs/run-job.ts';
import { addProbeEndpoint } from '../../src/services/probes.ts';
import { projectProgress } from '../../src/services/progress.ts';
import { importSeed, projectRow, testJobDeps } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// Project 1 (信息网络运维, 2025) watches a TCP service and two HTTP pages on local servers, plus a port
// nobody listens on. Slots are five minutes apart on 10 June 2025 (Asia/Shanghai).
const INDICATOR = '保持环境监管网络联通率';
const TIMEOUT_MS = 500;
const def = probesJob('*/5 * * * *');

let database: TestDatabase;
let deps: JobDeps;
let p1: number;
let tcp: TcpServer;
let http: HttpServer;
const sockets = new Set<Socket>();
const hanging = new Set<ServerResponse>();
let tcpPort: number;
let httpPort: number;
let closedPort: number;
/** This test's endpoints, by name. */
let ids: Record<string, number> = {};

const slot1 = new Date('2025-06-10T02:05:00Z');
const slot2 = new Date('2025-06-10T02:10:00Z');

const listen = (server: TcpServer | HttpServer) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

async function results() {
  const rows = await database.db.select().from(probeResults).orderBy(probeResults.checkedAt, probeResults.endpointId);
  return rows.map((r) => ({ ...r, checkedAt: new Date(r.checkedAt).toISOString() }));
}

async function snapshot() {
  return {
    results: (await results()).map((r) => `${r.endpointId}|${r.checkedAt}|${r.day}|${r.ok}|${r.latencyMs}|${r.error}`),
    daily: (await database.db.select().from(probeDaily).orderBy(probeDaily.endpointId, probeDaily.day)).map(
      (r) => `${r.endpointId}|${r.day}|${r.total}|${r.ok}`,
    ),
  };
}

/** ok/all × 100 over project 1's endpoints, straight from probe_results, up to a day. */
async function ratioFromResults(asOf: string) {
  const rows = await database.db
    .select({ ok: probeResults.ok })
    .from(probeResults)
    .innerJoin(probeEndpoints, eq(probeEndpoints.id, probeResults.endpointId))
    .where(and(eq(probeEndpoints.projectId, p1), isNotNull(probeEndpoints.projectId), lte(probeResults.day, asOf)));
  return { ratio: (rows.filter((r) => r.ok).length / rows.length) * 100, samples: rows.length };
}

async function indicator(asOf: string) {
  const p = await projectProgress(database.db, await projectRow(database.db, p1), asOf);
  return p.indicators.find((i) => i.description === INDICATOR)!;
}

/** The first slot's run, which the later checks build on: one result per endpoint, two of them ok. */
async function runSlot1() {
  const outcome = await runJobSlot(deps, def, { slot: slot1, trigger: 'schedule' });
  expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 5, failed: 3 } });
}

/** An endpoint of project 1 that never answers. */
async function addHangingEndpoint() {
  ids['http-hang'] = (await addProbeEndpoint(database.db, { name: 'http-hang', target: `http://127.0.0.1:${httpPort}/hang`, projectId: p1 })).id;
}

beforeAll(async () => {
  database = await createTestDb();
  tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  http = createHttpServer((req, res) => {
    if (req.url === '/ok') return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (req.url === '/down') return res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>503 Service Unavailable</h1>');
    if (req.url === '/hang') {
      hanging.add(res); // never answers
      res.on('close', () => hanging.delete(res));
      return;
    }
    res.writeHead(404).end();
  });
  tcpPort = await listen(tcp);
  httpPort = await listen(http);
  const closed = createTcpServer();
  closedPort = await listen(closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));

  deps = testJobDeps(database.db, { now: new Date('2025-06-10T02:05:00Z'), config: { PROBE_TIMEOUT_MS: String(TIMEOUT_MS) } });
  p1 = (await importSeed(database.db, 2025))[0]!;
});

// The job checks every endpoint in the database and claims its slots in the ledger: each test starts
// with only these five endpoints, no result and no run.
beforeEach(async () => {
  await database.db.delete(probeEndpoints);
  await database.db.delete(jobRuns);
  ids = {};
  const endpoints: [string, string, number | null][] = [
    ['tcp-ok', `tcp://127.0.0.1:${tcpPort}`, p1],
    ['http-ok', `http://127.0.0.1:${httpPort}/ok`, p1],
    ['http-down', `http://127.0.0.1:${httpPort}/down`, p1],
    ['tcp-closed', `tcp://127.0.0.1:${closedPort}`, p1],
    // Not the project's: checked and stored, but outside its ratio.
    ['elsewhere-down', `http://127.0.0.1:${httpPort}/down`, null],
  ];
  for (const [name, target, projectId] of endpoints) ids[name] = (await addProbeEndpoint(database.db, { name, target, projectId })).id;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  for (const s of sockets) s.destroy();
  http?.closeAllConnections();
  await Promise.all([
    new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve())),
    new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve())),
  ]);
  await database?.close();
});

describe('probes job', () => {
  it('before any check the ratio has no value', async () => {
    expect((await indicator('2025-06-10')).actual).toBeNull();
  });

  it('a run stores one result per endpoint, stamped with the slot time', async () => {
    const outcome = await runJobSlot(deps, def, { slot: slot1, trigger: 'schedule' });
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1, result: { inserted: 5, updated: 0, failed: 3 } });
    expect(outcome.result!.changedProjects).toContain(p1);

    const rows = await results();
    expect(rows).toHaveLength(5);
    for (const r of rows) expect({ at: r.checkedAt, day: r.day }).toEqual({ at: slot1.toISOString(), day: '2025-06-10' });
    const byId = new Map(rows.map((r) => [r.endpointId, r]));
    expect(byId.get(ids['tcp-ok']!)).toMatchObject({ ok: true, error: null });
    expect(byId.get(ids['tcp-ok']!)!.latencyMs).toEqual(expect.any(Number));
    expect(byId.get(ids['http-ok']!)).toMatchObject({ ok: true, error: null });
    expect(byId.get(ids['http-ok']!)!.latencyMs).toEqual(expect.any(Number));
    expect(byId.get(ids['http-down']!)).toMatchObject({ ok: false, error: 'HTTP 503' });
    expect(byId.get(ids['tcp-closed']!)).toMatchObject({ ok: false, latencyMs: null });
    expect(byId.get(ids['tcp-closed']!)!.error).toMatch(/ECONNREFUSED/);
    expect(byId.get(ids['elsewhere-down']!)).toMatchObject({ ok: false, error: 'HTTP 503' });

    const daily = await database.db.select().from(probeDaily);
    expect(daily.map((d) => [d.endpointId, d.day, d.total, d.ok]).sort()).toEqual(rows.map((r) => [r.endpointId, '2025-06-10', 1, r.ok ? 1 : 0]).sort());
  });

  it("the project's 联通率 is ok/all × 100 of its endpoints' results", async () => {
    await runSlot1();
    const expected = await ratioFromResults('2025-06-10');
    expect(expected).toEqual({ ratio: 50, samples: 4 });
    const i = await indicator('2025-06-10');
    expect(i.actual).toBeCloseTo(expected.ratio, 9);
    expect(i.samples).toBe(4);
  });

  it('re-running the same slot stores nothing new', async () => {
    await runSlot1();
    const before = await snapshot();
    // Through the ledger: the slot is taken.
    expect((await runJobSlot(deps, def, { slot: slot1, trigger: 'schedule' })).status).toBe('not_claimed');
    const [manual] = await runWithFollowUp(deps, jobDefinitions(deps.config), def, { slot: slot1, trigger: 'manual' });
    expect(manual!.status).toBe('not_claimed');
    // Forced past the ledger (a crashed run taken over): the results are keyed by endpoint and slot time.
    const [row] = await database.db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.job, 'probes'), eq(jobRuns.slot, slot1.toISOString())));
    const forced = await runJobSlot(deps, def, { slot: slot1, trigger: 'schedule', claimedRunId: row!.id });
    expect(forced).toMatchObject({ status: 'succeeded', result: { inserted: 0, failed: 3, changedProjects: [] } });
    expect(await snapshot()).toEqual(before);
    expect((await indicator('2025-06-10')).actual).toBe(50);
  });

  it('a hanging HTTP endpoint times out within PROBE_TIMEOUT_MS and counts as not ok', async () => {
    await runSlot1();
    await addHangingEndpoint();
    const started = Date.now();
    const outcome = await runJobSlot(deps, def, { slot: slot2, trigger: 'schedule' });
    const took = Date.now() - started;
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 6, failed: 4 } });
    // Endpoints are checked in parallel: the whole run waits for one timeout, not one per endpoint.
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + 2500);
    const [hang] = (await results()).filter((r) => r.endpointId === ids['http-hang']);
    expect(hang).toMatchObject({ checkedAt: slot2.toISOString(), ok: false, latencyMs: null });
    expect(hang!.error).toBeTruthy();

    const expected = await ratioFromResults('2025-06-10');
    expect(expected).toEqual({ ratio: (4 / 9) * 100, samples: 9 });
    const i = await indicator('2025-06-10');
    expect(i.actual).toBeCloseTo(expected.ratio, 9);
    expect(i.samples).toBe(9);
  });

  it('a slot after 16:00 UTC counts on the next Shanghai day', async () => {
    // 10 June so far: the first slot, then the second with the hanging endpoint (4 ok of 9).
    await runSlot1();
    await addHangingEndpoint();
    expect(await runJobSlot(deps, def, { slot: slot2, trigger: 'schedule' })).toMatchObject({ status: 'succeeded', result: { inserted: 6, failed: 4 } });
    const slot3 = new Date('2025-06-10T16:00:00Z'); // 00:00 on 11 June in Shanghai
    const outcome = await runJobSlot({ ...deps, now: () => slot3 }, def, { slot: slot3, trigger: 'schedule' });
    expect(outcome).toMatchObject({ status: 'succeeded', result: { inserted: 6 } });
    const rows = (await results()).filter((r) => r.checkedAt === slot3.toISOString());
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(['2025-06-11']));
    expect((await indicator('2025-06-10')).actual).toBeCloseTo((4 / 9) * 100, 9);
    const next = await ratioFromResults('2025-06-11');
    expect(next).toEqual({ ratio: (6 / 14) * 100, samples: 14 });
    expect((await indicator('2025-06-11')).actual).toBeCloseTo(next.ratio, 9);
  });
});
