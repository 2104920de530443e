// Wires the malformed-input test together: the app's own OpenAPI document, a database seeded through the
// API, each operation's baselines, the generated cases and a runner that judges the answers.
import type { TestApp } from '../test-app.ts';
import { type Baseline, baselinesOf, lookUpUnknownParams } from './baseline.ts';
import { type Case, casesFor } from './generate.ts';
import { type OpenApiDoc, type Operation, operationsOf } from './openapi.ts';
import { RowCounter, Runner } from './run.ts';
import { type SeedState, seedThroughApi } from './seed.ts';

export interface Harness {
  doc: OpenApiDoc;
  ops: Operation[];
  state: SeedState;
  baselines: Map<Operation, Baseline[]>;
  runner: Runner;
  tables: string[];
  /** The operation for a method and path template; throws when the document lost it. */
  op(method: string, path: string): Operation;
  /** Every generated case, in a fixed order (operations as the document lists them). */
  cases(): Case[];
}

export async function createHarness(t: TestApp): Promise<Harness> {
  const res = await t.app.request('/api/openapi.json');
  if (res.status !== 200) throw new Error(`/api/openapi.json answered ${res.status}`);
  const doc = (await res.json()) as OpenApiDoc;
  const ops = operationsOf(doc);
  const state = await seedThroughApi(t.app);
  await lookUpUnknownParams(t.app, ops, state);
  const baselines = new Map(ops.map((op) => [op, baselinesOf(doc, op, state)] as const));
  const counter = new RowCounter(t.database.db);
  const tables = await counter.init();
  const counts = await counter.count();
  if (!tables.includes('entries') || Number(counts.entries) === 0 || Number(counts.projects) === 0) {
    throw new Error(`row counting sees no seeded rows: ${JSON.stringify(counts)}`);
  }
  const runner = new Runner(t.app, counter, state, baselines);
  return {
    doc,
    ops,
    state,
    baselines,
    runner,
    tables,
    op(method, path) {
      const found = ops.find((o) => o.method === method && o.path === path);
      if (!found) throw new Error(`the OpenAPI document has no ${method} ${path}`);
      return found;
    },
    cases: () => ops.flatMap((op) => casesFor(op, baselines.get(op)!, state)),
  };
}
