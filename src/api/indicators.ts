import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { shanghaiDate } from '../clock.ts';
import { indicatorFacts } from '../services/indicator-facts.ts';
import { indicatorSeries } from '../services/indicator-series.ts';
import { addAssessment, addManualValue, assessmentSchema, confirmIndicator, listManualValues, manualValueSchema } from '../services/indicator-values.ts';
import { projectCoverage } from '../services/coverage.ts';
import { listBindings, setBinding } from '../services/measures.ts';
import type { AppEnv } from './env.ts';
import { DateString, errors, IdParam, json, MeasureSpecJson, Paging } from './evidence-schemas.ts';
import { whoFrom } from './who.ts';
import { guard } from './guard.ts';

const Binding = z
  .object({
    indicatorId: z.number().int(),
    level3: z.string(),
    description: z.string().nullable(),
    measure: MeasureSpecJson.nullable(),
    proposed: z.boolean(),
    confirmedBy: z.string().nullable(),
  })
  .openapi('MeasureBinding');

const bindings = createRoute({
  method: 'get',
  path: '/api/projects/{id}/measures',
  tags: ['measures'],
  summary: "Each indicator's measure (proposed or confirmed)",
  middleware: [guard('read', 'project')],
  request: { params: IdParam },
  responses: { 200: json(z.array(Binding), 'Bindings'), 400: errors[400], 404: errors[404] },
});

const CoverageKindSchema = z.enum(['automatic', 'tallies', 'manual', 'assessment', 'none']);
const coverage = createRoute({
  method: 'get',
  path: '/api/projects/{id}/coverage',
  tags: ['measures'],
  summary: 'How many indicators are measured automatically, by tallies, by manual figures, by assessment, or not at all',
  middleware: [guard('read', 'project')],
  request: { params: IdParam },
  responses: {
    200: json(
      z
        .object({
          projectId: z.number().int(),
          coverage: z.object({
            automatic: z.number().int(),
            tallies: z.number().int(),
            manual: z.number().int(),
            assessment: z.number().int(),
            none: z.number().int(),
            notApplicable: z.number().int(),
          }),
          indicators: z.array(z.object({ indicatorId: z.number().int(), level3: z.string(), coverage: CoverageKindSchema.nullable() })),
        })
        .openapi('Coverage'),
      'Coverage',
    ),
    400: errors[400],
    404: errors[404],
  },
});

const bind = createRoute({
  method: 'put',
  path: '/api/indicators/{id}/measure',
  tags: ['measures'],
  summary: 'Confirm or change the measure (null unbinds); admin',
  middleware: [guard('admin')],
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: z.strictObject({ measure: MeasureSpecJson.nullable() }).openapi('SetMeasure') } } },
  },
  responses: { 200: json(Binding, 'Binding'), 400: errors[400], 404: errors[404] },
});

const Warnings = z.array(z.string()).openapi({ description: 'E.g. a day outside the project period: stored, but it does not count' });

const ManualValue = z
  .object({
    id: z.number().int(),
    indicatorId: z.number().int(),
    value: z.number(),
    asOf: z.string(),
    note: z.string().nullable(),
    evidenceUrl: z.string().nullable(),
    author: z.string().nullable(),
    source: z.string(),
    supersedesId: z.number().int().nullable(),
    createdAt: z.string(),
    display: z.string().openapi({ description: 'The value in the unit the target was written in, e.g. 12.5万条' }),
  })
  .openapi('ManualValue');

const Assessment = z
  .object({
    id: z.number().int(),
    indicatorId: z.number().int(),
    tier: z.enum(['achieved', 'partial', 'not_achieved']),
    score: z.number(),
    asOf: z.string(),
    note: z.string().nullable(),
    author: z.string().nullable(),
    supersedesId: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .openapi('Assessment');

const addValue = createRoute({
  method: 'post',
  path: '/api/indicators/{id}/values',
  tags: ['measures'],
  summary: 'Record a manual value (only for an indicator measured manually; a 0 also on a cap measured from facts)',
  middleware: [guard('record', 'indicator')],
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: manualValueSchema } } } },
  responses: { 201: json(ManualValue.extend({ warnings: Warnings }), 'Recorded'), 400: errors[400], 404: errors[404], 409: errors[409] },
});

const values = createRoute({
  method: 'get',
  path: '/api/indicators/{id}/values',
  tags: ['measures'],
  summary: 'Manual values with their history',
  middleware: [guard('read', 'indicator')],
  request: { params: IdParam },
  responses: { 200: json(z.array(ManualValue), 'Values'), 400: errors[400], 404: errors[404] },
});

const assess = createRoute({
  method: 'post',
  path: '/api/indicators/{id}/assessments',
  tags: ['measures'],
  summary: 'Assess a qualitative target: 达成 [80,100] / 部分达成 [60,80) / 未达成 [0,60)',
  middleware: [guard('record', 'indicator')],
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: assessmentSchema } } } },
  responses: { 201: json(Assessment.extend({ warnings: Warnings }), 'Recorded'), 400: errors[400], 404: errors[404], 409: errors[409] },
});

const confirm = createRoute({
  method: 'post',
  path: '/api/indicators/{id}/confirm',
  tags: ['targets'],
  summary: 'Confirm the reading of a target imported with a warning (admin)',
  middleware: [guard('admin')],
  request: { params: IdParam },
  responses: { 200: json(z.object({ id: z.number().int(), confirmedBy: z.string() }), 'Confirmed'), 400: errors[400], 404: errors[404] },
});

const series = createRoute({
  method: 'get',
  path: '/api/indicators/{id}/series',
  tags: ['progress'],
  summary: 'Actual and expected over time, for charts',
  middleware: [guard('read', 'indicator')],
  request: {
    params: IdParam,
    query: z.object({ from: DateString.optional(), to: DateString.optional(), step: z.enum(['day', 'week', 'month']).default('week') }),
  },
  responses: {
    200: json(
      z.object({
        indicatorId: z.number().int(),
        measure: MeasureSpecJson.nullable(),
        unit: z.string().nullable(),
        target: z.object({ comparator: z.string().nullable(), value: z.number().nullable() }),
        step: z.string(),
        points: z.array(z.object({ date: z.string(), actual: z.number().nullable(), expected: z.number().nullable() })),
      }),
      'Series',
    ),
    400: errors[400],
    404: errors[404],
  },
});

const Fact = z
  .object({ id: z.number().int(), day: z.string(), counted: z.boolean().openapi({ description: 'False when dated outside the project period' }) })
  .catchall(z.unknown())
  .openapi('Fact');

const facts = createRoute({
  method: 'get',
  path: '/api/indicators/{id}/facts',
  tags: ['progress'],
  summary: 'The evidence behind the value (drill-down); facts outside the period are marked not counted',
  middleware: [guard('read', 'indicator')],
  request: { params: IdParam, query: z.object({ asOf: DateString.optional(), ...Paging }) },
  responses: {
    200: json(
      z.object({
        indicatorId: z.number().int(),
        source: z.enum(['entries', 'posts', 'probes', 'manual', 'none']),
        period: z.object({ start: z.string(), end: z.string() }),
        total: z.number().int(),
        items: z.array(Fact),
      }),
      'Facts',
    ),
    400: errors[400],
    404: errors[404],
  },
});

export const indicatorRoutes = new OpenAPIHono<AppEnv>()
  .openapi(bindings, async (c) => c.json(await listBindings(c.get('deps').db, c.req.valid('param').id), 200))
  .openapi(coverage, async (c) => c.json(await projectCoverage(c.get('deps').db, c.req.valid('param').id), 200))
  .openapi(bind, async (c) => {
    const { measure } = c.req.valid('json');
    return c.json(await setBinding(c.get('deps').db, c.req.valid('param').id, measure, c.get('actor')), 200);
  })
  .openapi(addValue, async (c) => {
    const row = await addManualValue(c.get('deps').db, c.req.valid('param').id, c.req.valid('json'), whoFrom(c, 'manual'));
    return c.json(row, 201);
  })
  .openapi(values, async (c) => c.json(await listManualValues(c.get('deps').db, c.req.valid('param').id), 200))
  .openapi(assess, async (c) => c.json(await addAssessment(c.get('deps').db, c.req.valid('param').id, c.req.valid('json'), whoFrom(c, 'manual')), 201))
  .openapi(confirm, async (c) => c.json(await confirmIndicator(c.get('deps').db, c.req.valid('param').id, c.get('actor')), 200))
  .openapi(series, async (c) => {
    const deps = c.get('deps');
    return c.json(await indicatorSeries(deps.db, c.req.valid('param').id, c.req.valid('query'), shanghaiDate(deps.now())), 200);
  })
  .openapi(facts, async (c) => {
    const deps = c.get('deps');
    const q = c.req.valid('query');
    return c.json(await indicatorFacts(deps.db, c.req.valid('param').id, { asOf: q.asOf ?? shanghaiDate(deps.now()), limit: q.limit, offset: q.offset }), 200);
  });
