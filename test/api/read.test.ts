import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

describe('read API', () => {
  it('GET /healthz answers ok with the database kind', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: t.database.kind });
  });

  it('GET /api/units lists the unit with its project count', async () => {
    const res = await t.app.request('/api/units');
    expect(await res.json()).toEqual([{ id: expect.any(Number), code: '362207', name: '天津市生态环境综合保障中心', projectCount: 4 }]);
  });

  it('GET /api/projects?year= filters by budget year', async () => {
    expect(((await (await t.app.request('/api/projects?year=2024')).json()) as unknown[]).length).toBe(4);
    expect(await (await t.app.request('/api/projects?year=2025')).json()).toEqual([]);
  });

  it('GET /api/projects with a bad year is a 400 naming the field', async () => {
    const res = await t.app.request('/api/projects?year=abc');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details.map((d) => d.field)).toEqual(['year']);
  });

  it('GET /api/projects/:id of a missing project is a 404 in the error shape', async () => {
    const res = await t.app.request('/api/projects/99999');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String), details: { project: 99999 } } });
    expect((await t.app.request('/api/projects/x')).status).toBe(400);
  });

  it('unknown paths are a JSON 404, not HTML', async () => {
    const res = await t.app.request('/api/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('GET /api/openapi.json is an OpenAPI 3.1 document listing every route', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/imports', '/api/projects', '/api/projects/{id}', '/api/units', '/healthz']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Error', 'Target', 'ProjectDetail', 'ImportSummary', 'ParsedTable']));
  });
});

describe('unexpected errors', () => {
  it('become a 500 in the error shape with no stack trace, and are logged', async () => {
    const { createApp } = await import('../../src/app.ts');
    const { loadConfig } = await import('../../src/config.ts');
    const logged: string[] = [];
    const broken = {
      execute: () => Promise.reject(new Error('connection lost at /srv/secret/path.ts:12')),
    } as unknown as TestApp['database']['db'];
    const app = createApp({
      db: broken,
      databaseKind: 'pglite',
      config: loadConfig({}),
      now: () => new Date(),
      logger: { debug() {}, info() {}, warn() {}, error: (msg, fields) => logged.push(`${msg} ${JSON.stringify(fields)}`) },
    });
    const res = await app.request('/healthz');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: '服务器内部错误', details: null } });
    expect(text).not.toContain('secret');
    expect(logged.join('\n')).toContain('connection lost');
  });
});

describe('GET /api/settings/evaluation', () => {
  it('shows the thresholds in force', async () => {
    const body = (await (await t.app.request('/api/settings/evaluation')).json()) as { budgetLamp: { red: number }; groupPoints: { output: number } };
    expect(body.budgetLamp.red).toBe(60);
    expect(body.groupPoints.output).toBe(50);
  });
});
