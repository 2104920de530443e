import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { requestIdFor } from '../../src/api/request-log.ts';
import { createToken } from '../../src/services/api-tokens.ts';
import { addUser } from '../../src/services/users.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// Every answer carries X-Request-Id — the caller's when it is well formed, else a new one — and the log has
// one JSON `request` line per request with that id, plus the id on any error line written while handling it
// (docs/design.md "Operations").

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOW = new Date('2026-07-01T04:00:00Z');

let database: TestDatabase;
let lines: Record<string, unknown>[];
let app: ReturnType<typeof createApp>;
let token: string;
let userId: number;

function build(db: TestDatabase['db'], env: Record<string, string> = {}) {
  const into: Record<string, unknown>[] = [];
  const built = createApp({
    db,
    databaseKind: database.kind,
    config: loadConfig(env),
    now: () => NOW,
    logger: createLogger('info', (l) => into.push(JSON.parse(l))),
    jobs: jobCatalog,
  });
  return { app: built, lines: into };
}

beforeAll(async () => {
  database = await createTestDb();
  ({ app, lines } = build(database.db));
  const { user } = await addUser(database.db, { name: 'ops-admin', role: 'admin', password: 'Jx!test-password-1' }, systemActor);
  userId = user.id;
  token = (await createToken(database.db, { user: user.id }, systemActor, NOW)).token;
});

afterAll(async () => {
  await database?.close();
});

const requestLines = (id: string) => lines.filter((l) => l.msg === 'request' && l.requestId === id);

describe('X-Request-Id', () => {
  it('is on every kind of answer: API, its errors, 404s, pages, redirects, static files', async () => {
    const answers = {
      api: await app.request('/api/units', { headers: { authorization: `Bearer ${token}` } }),
      unauthorized: await app.request('/api/units'),
      apiNotFound: await app.request('/api/nothing-here', { headers: { authorization: `Bearer ${token}` } }),
      badHost: await app.request('http://evil.example/api/units'),
      pageNotFound: await app.request('/no-such-page'),
      loginPage: await app.request('/login'),
      redirect: await app.request('/'),
      staticFile: await app.request('/static/app.css'),
      health: await app.request('/healthz'),
    };
    const ids = new Set<string>();
    for (const [what, res] of Object.entries(answers)) {
      const id = res.headers.get('x-request-id');
      expect(id, what).toMatch(UUID);
      ids.add(id!);
      expect(requestLines(id!), `${what}: one request line`).toHaveLength(what === 'health' ? 0 : 1);
    }
    expect(ids.size, 'each request its own id').toBe(Object.keys(answers).length);
    expect(answers.api.status).toBe(200);
    expect(answers.unauthorized.status).toBe(401);
    expect(answers.pageNotFound.status).toBe(404);
    expect(answers.staticFile.status).toBe(200);
  });

  it("keeps a caller's well-formed id and replaces a malformed one", async () => {
    for (const good of ['abc-123', 'f2b8c3e0a1d94b7e9c6d5e4f3a2b1c0d', 'Root=1-5759e988-bd862e3fe1be46a994272793', 'req_1.2:3@lb/4+5']) {
      const res = await app.request('/healthz', { headers: { 'x-request-id': good } });
      expect(res.headers.get('x-request-id')).toBe(good);
    }
    for (const bad of ['', 'x'.repeat(129), 'has space', 'quote"d', '<script>', 'ünïcode', 'a;b', '{"json":1}']) {
      const res = await app.request('/healthz', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id'), JSON.stringify(bad)).toMatch(UUID);
    }
    expect(requestIdFor(undefined)).toMatch(UUID);
    expect(requestIdFor('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it('the request line: method, path without the query, status, duration, id, and the caller when known', async () => {
    const res = await app.request('/api/projects?year=2026&token=secret-looking', { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-1' } });
    expect(res.status).toBe(200);
    const [line] = requestLines('trace-1');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/api/projects',
      status: 200,
      requestId: 'trace-1',
      user: userId,
      role: 'admin',
      via: 'api',
    });
    expect(line!.ms).toEqual(expect.any(Number));
    expect(line!.ms as number).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(line)).not.toContain('secret-looking');
    expect(typeof line!.time).toBe('string');

    await app.request('/api/projects', { headers: { 'x-request-id': 'trace-2' } });
    expect(requestLines('trace-2')[0]).toMatchObject({ status: 401, user: null, via: null });
  });

  it('writes the request id on the error lines of a failing request, and the answer has the same id', async () => {
    const broken = { execute: () => Promise.reject(new Error('connection lost')) } as unknown as TestDatabase['db'];
    const b = build(broken);
    const res = await b.app.request('/healthz', { headers: { 'x-request-id': 'failing-1' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('failing-1');
    const error = b.lines.find((l) => l.level === 'error');
    expect(error).toMatchObject({ msg: 'unhandled error', requestId: 'failing-1' });
    expect(b.lines.find((l) => l.msg === 'request')).toMatchObject({ level: 'info', status: 500, requestId: 'failing-1', path: '/healthz' });
  });

  it('a job run by hand over the API logs its lines with the request id', async () => {
    const res = await app.request('/api/jobs/alerts/run', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'job-by-hand' },
      body: '{}',
    });
    expect(res.status, await res.text()).toBeLessThan(300);
    const jobLines = lines.filter((l) => l.requestId === 'job-by-hand' && l.msg !== 'request');
    expect(jobLines.length, JSON.stringify(lines.slice(-5))).toBeGreaterThan(0);
  });

  it('ACCESS_LOG=false drops the request lines but keeps the header and the error lines', async () => {
    const quiet = build(database.db, { ACCESS_LOG: 'false' });
    const res = await quiet.app.request('/api/units', { headers: { 'x-request-id': 'quiet-1' } });
    expect(res.headers.get('x-request-id')).toBe('quiet-1');
    expect(quiet.lines.filter((l) => l.msg === 'request')).toEqual([]);
  });

  it('a successful /healthz or /readyz is a debug line, not an access line; a failing one is', async () => {
    const debug: Record<string, unknown>[] = [];
    const verbose = createApp({
      db: database.db,
      databaseKind: database.kind,
      config: loadConfig({}),
      now: () => NOW,
      logger: createLogger('debug', (l) => debug.push(JSON.parse(l))),
    });
    await verbose.request('/healthz', { headers: { 'x-request-id': 'probe-1' } });
    await verbose.request('/readyz', { headers: { 'x-request-id': 'probe-2' } });
    expect(debug.filter((l) => l.msg === 'request').map((l) => [l.requestId, l.level, l.status])).toEqual([
      ['probe-1', 'debug', 200],
      ['probe-2', 'debug', 200],
    ]);
  });
});
