import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { jobDeps } from '../../jobs/deps.ts';
import { jobDefinitions, runWithFollowUp } from '../../jobs/registry.ts';
import { runHistory } from '../../jobs/run-ledger.ts';
import { NotFoundError } from '../errors.ts';
import { addProbeEndpoint, listProbeEndpoints } from '../services/probes.ts';
import { addRobot, listRobots } from '../services/robots.ts';
import { resolveProject } from '../services/channels.ts';
import type { AppEnv } from './env.ts';
import { DateString, errors, json } from './evidence-schemas.ts';

const Run = z.object({
  job: z.string(), slot: z.string(), runId: z.number().int().nullable(), status: z.string(), attempts: z.number().int(),
  result: z.object({ inserted: z.number(), updated: z.number(), failed: z.number(), changedProjects: z.array(z.number()) }).nullable(),
  error: z.object({ kind: z.string(), code: z.string(), message: z.string() }).nullable(),
}).openapi('JobRun');

const list = createRoute({
  method: 'get', path: '/api/jobs', tags: ['jobs'], summary: 'Jobs with their schedule and recent runs',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }) },
  responses: { 200: json(z.object({ jobs: z.array(z.object({ name: z.string(), schedule: z.string(), description: z.string() })), runs: z.array(z.record(z.string(), z.unknown())) }), 'Jobs') },
});

const run = createRoute({
  method: 'post', path: '/api/jobs/{name}/run', tags: ['jobs'], summary: 'Run a job now (date = data day, as the scheduled run the morning after would)',
  request: { params: z.object({ name: z.string() }), body: { required: false, content: { 'application/json': { schema: z.object({ date: DateString.optional() }) } } } },
  responses: { 200: json(z.object({ runs: z.array(Run) }), 'Outcome (a failed run is reported, not an HTTP error)'), 400: errors[400], 404: errors[404] },
});

const probes = createRoute({ method: 'get', path: '/api/probes', tags: ['jobs'], summary: 'Monitored endpoints', responses: { 200: json(z.array(z.record(z.string(), z.unknown())), 'Endpoints') } });
const addProbe = createRoute({
  method: 'post', path: '/api/probes', tags: ['jobs'], summary: 'Add a monitored endpoint (tcp://host:port or http(s)://…)',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ name: z.string().min(1), target: z.string().min(1), project: z.union([z.number().int(), z.string()]).optional(), intervalMinutes: z.number().int().min(1).optional() }) } } } },
  responses: { 201: json(z.record(z.string(), z.unknown()), 'Endpoint'), 400: errors[400], 404: errors[404] },
});
const robotsRoute = createRoute({ method: 'get', path: '/api/robots', tags: ['jobs'], summary: 'Group robots', responses: { 200: json(z.array(z.record(z.string(), z.unknown())), 'Robots') } });
const addRobotRoute = createRoute({
  method: 'post', path: '/api/robots', tags: ['jobs'], summary: 'Add a WeCom/DingTalk robot; webhook and secret by environment variable name',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ name: z.string().optional(), kind: z.enum(['wecom', 'dingtalk']), webhookEnv: z.string(), secretEnv: z.string().optional(), projects: z.array(z.union([z.number().int(), z.string()])), events: z.array(z.enum(['alerts', 'digest'])).optional() }) } } } },
  responses: { 201: json(z.record(z.string(), z.unknown()), 'Robot'), 400: errors[400], 404: errors[404] },
});

export const jobRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const deps = c.get('deps');
    const jobs = jobDefinitions(deps.config).map(({ name, schedule, description }) => ({ name, schedule, description }));
    return c.json({ jobs, runs: (await runHistory(deps.db, null, c.req.valid('query').limit)) as never[] }, 200);
  })
  .openapi(run, async (c) => {
    const deps = c.get('deps');
    const defs = jobDefinitions(deps.config);
    const def = defs.find((d) => d.name === c.req.valid('param').name);
    if (!def) throw new NotFoundError('job', c.req.valid('param').name);
    const body = (await c.req.json().catch(() => ({}))) as { date?: string };
    const date = body.date && /^\d{4}-\d{2}-\d{2}$/.test(body.date) ? body.date : null;
    const runs = await runWithFollowUp(jobDeps(deps.db, deps.config, deps.logger, deps.now), defs, def, { slot: deps.now(), trigger: 'manual', dataDay: date });
    return c.json({ runs }, 200);
  })
  .openapi(probes, async (c) => c.json((await listProbeEndpoints(c.get('deps').db)) as never[], 200))
  .openapi(addProbe, async (c) => {
    const db = c.get('deps').db;
    const b = c.req.valid('json');
    const projectId = b.project === undefined ? null : (await resolveProject(db, b.project)).id;
    return c.json((await addProbeEndpoint(db, { name: b.name, target: b.target, projectId, intervalMinutes: b.intervalMinutes })) as never, 201);
  })
  .openapi(robotsRoute, async (c) => c.json((await listRobots(c.get('deps').db)) as never[], 200))
  .openapi(addRobotRoute, async (c) => c.json((await addRobot(c.get('deps').db, c.req.valid('json'))) as never, 201));
