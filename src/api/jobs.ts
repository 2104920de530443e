import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { addProbeEndpoint, listProbeEndpoints, newProbeSchema } from '../services/probes.ts';
import { addRobot, listRobots, newRobotSchema } from '../services/robots.ts';
import { resolveProject } from '../services/channels.ts';
import type { AppEnv } from './env.ts';
import { DateString, errors, json, queryInt } from './evidence-schemas.ts';
import { guard } from './guard.ts';
import { jobHistory, listJobs, runJobNow } from '../services/jobs.ts';

const Counts = z.object({ inserted: z.number(), updated: z.number(), failed: z.number() });

const Run = z
  .object({
    job: z.string(),
    slot: z.string(),
    runId: z.number().int().nullable(),
    status: z.enum(['succeeded', 'failed', 'skipped', 'running', 'not_claimed']),
    attempts: z.number().int(),
    result: Counts.extend({ changedProjects: z.array(z.number()) }).nullable(),
    error: z.object({ kind: z.string(), code: z.string(), message: z.string() }).nullable(),
  })
  .openapi('JobRun');

const HistoryRow = z
  .object({
    id: z.number().int(),
    job: z.string(),
    slot: z.string(),
    trigger: z.enum(['schedule', 'catch_up', 'manual']),
    dataDay: z.string().nullable(),
    status: z.enum(['running', 'succeeded', 'failed', 'skipped']),
    attempt: z.number().int(),
    owner: z.string(),
    startedAt: z.string(),
    heartbeatAt: z.string(),
    finishedAt: z.string().nullable(),
    counts: Counts.nullable(),
    errorKind: z.string().nullable(),
    errorCode: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi('JobHistoryRow');

const Probe = z
  .object({
    id: z.number().int(),
    name: z.string(),
    target: z.string(),
    projectId: z.number().int().nullable(),
    intervalMinutes: z.number().int(),
    createdAt: z.union([z.string(), z.date()]),
  })
  .openapi('Probe');

const Robot = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(['wecom', 'dingtalk']),
    webhookEnv: z.string(),
    secretEnv: z.string().nullable(),
    events: z.array(z.string()),
    projects: z.array(z.object({ id: z.number().int(), name: z.string() })),
  })
  .openapi('Robot');

const list = createRoute({
  method: 'get',
  path: '/api/jobs',
  tags: ['jobs'],
  middleware: [guard('admin')],
  summary: 'Jobs with their schedule and recent runs',
  request: { query: z.object({ limit: queryInt(1, 200, 20) }) },
  responses: {
    200: json(z.object({ jobs: z.array(z.object({ name: z.string(), schedule: z.string(), description: z.string() })), runs: z.array(HistoryRow) }), 'Jobs'),
    400: errors[400],
  },
});

const run = createRoute({
  method: 'post',
  path: '/api/jobs/{name}/run',
  tags: ['jobs'],
  middleware: [guard('admin')],
  summary: 'Run a job now (date = data day, as the scheduled run the morning after would)',
  request: {
    params: z.object({ name: z.string().max(50).openapi({ example: 'wechat' }) }),
    body: { required: false, content: { 'application/json': { schema: z.strictObject({ date: DateString.optional() }).openapi('JobRunRequest') } } },
  },
  responses: { 200: json(z.object({ runs: z.array(Run) }), 'Outcome (a failed run is reported, not an HTTP error)'), 400: errors[400], 404: errors[404] },
});

const probes = createRoute({
  method: 'get',
  path: '/api/probes',
  tags: ['jobs'],
  middleware: [guard('admin')],
  summary: 'Monitored endpoints',
  responses: { 200: json(z.array(Probe), 'Endpoints') },
});
const addProbe = createRoute({
  method: 'post',
  path: '/api/probes',
  tags: ['jobs'],
  middleware: [guard('admin')],
  summary: 'Add a monitored endpoint (tcp://host:port or http(s)://…); the same name updates it',
  request: { body: { required: true, content: { 'application/json': { schema: newProbeSchema } } } },
  responses: { 201: json(Probe, 'Endpoint'), 400: errors[400], 404: errors[404] },
});
const robotsRoute = createRoute({
  method: 'get',
  path: '/api/robots',
  tags: ['jobs'],
  middleware: [guard('admin')],
  summary: 'Group robots',
  responses: { 200: json(z.array(Robot), 'Robots') },
});
const addRobotRoute = createRoute({
  method: 'post',
  path: '/api/robots',
  tags: ['jobs'],
  middleware: [guard('admin')],
  summary: 'Add a WeCom/DingTalk robot; webhook and secret by environment variable name',
  request: { body: { required: true, content: { 'application/json': { schema: newRobotSchema } } } },
  responses: { 201: json(Robot, 'Robot'), 400: errors[400], 404: errors[404], 409: errors[409] },
});

export const jobRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const deps = c.get('deps');
    return c.json({ jobs: listJobs(deps), runs: await jobHistory(deps.db, { job: null, limit: c.req.valid('query').limit }) }, 200);
  })
  .openapi(run, async (c) => {
    const runs = await runJobNow(c.get('deps'), { name: c.req.valid('param').name, date: c.req.valid('json').date ?? null, actor: c.get('actor') });
    return c.json({ runs }, 200);
  })
  .openapi(probes, async (c) => c.json(await listProbeEndpoints(c.get('deps').db), 200))
  .openapi(addProbe, async (c) => {
    const db = c.get('deps').db;
    const b = c.req.valid('json');
    const projectId = b.project === undefined ? null : (await resolveProject(db, b.project)).id;
    return c.json(await addProbeEndpoint(db, { name: b.name, target: b.target, projectId, intervalMinutes: b.intervalMinutes }, c.get('actor')), 201);
  })
  .openapi(robotsRoute, async (c) => c.json((await listRobots(c.get('deps').db)) as z.infer<typeof Robot>[], 200))
  .openapi(addRobotRoute, async (c) => c.json((await addRobot(c.get('deps').db, c.req.valid('json'), c.get('actor'))) as z.infer<typeof Robot>, 201));
