import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ProgressReportSchema } from '../../src/services/progress-model.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { fileForm, seedText } from '../helpers/seed.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';

// One progress model (src/services/progress-model.ts): the service's answer, the API's body and the OpenAPI
// document are the one schema; nothing in the answer is outside it, and nothing in it is missing.
let t: TestApp;
let ids: number[];
beforeAll(async () => {
  t = await createTestApp({ now: new Date('2024-07-01T04:00:00Z') });
  const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('seed.txt', seedText()) });
  ids = ((await res.json()) as { projects: { id: number }[] }).projects.map((p) => p.id);
});
afterAll(async () => {
  await t?.close();
});

describe('the progress model', () => {
  it('the API body is exactly the schema: parsing it (which drops unknown keys) gives it back unchanged', async () => {
    for (const id of ids) {
      const body = await (await t.app.request(`/api/projects/${id}/progress?asOf=2024-07-01`)).json();
      expect(ProgressReportSchema.parse(body)).toEqual(body);
    }
  });

  it('the OpenAPI document describes the answer by the same schema', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const names = Object.keys(doc.components.schemas.ProjectProgress!.properties!);
    expect(names).toEqual(expect.arrayContaining(['score', 'scoreError', 'display', 'indicators']));
    expect(Object.keys(doc.components.schemas.IndicatorProgress!.properties!)).toEqual(
      Object.keys(ProgressReportSchema.shape.projects.element.shape.indicators.element.shape),
    );
  });

  it('a score the rules cannot give is reported with its reason, not silently null', async () => {
    // The seed again under a unit of its own: the indicator spoiled here stays out of the projects the schema
    // test reads.
    const copy = seedTextForUnit('900201');
    const res = await t.app.request('/api/imports?year=2024', { method: 'POST', body: fileForm('copy.txt', copy) });
    expect(res.status).toBe(201);
    const project = ((await res.json()) as { projects: { id: number }[] }).projects[3]!.id;
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`update indicators set level1 = '其他指标' where project_id = ${project} and level3 = '系统故障率'`);
    });
    const body = (await (await t.app.request(`/api/projects/${project}/progress?asOf=2024-07-01`)).json()) as {
      projects: { score: unknown; scoreError: string | null; display: { score: string } }[];
    };
    expect(body.projects[0]!.score).toBeNull();
    expect(body.projects[0]!.scoreError).toContain('其他指标');
  });
});
