import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { checkReadiness } from '../services/readiness.ts';
import type { AppEnv } from './env.ts';

// GET /readyz (docs/design.md "Operations"): like /healthz, open to a load balancer without a credential or
// an allowed Host. The body names the checks and their state only; what failed goes to the log.

const Readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: z.enum(['ok', 'fail']),
    migrations: z.enum(['current', 'behind', 'ahead', 'unknown']),
    scheduler: z.enum(['starting', 'running', 'disabled', 'stopped', 'none']),
  }),
});

const route = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['system'],
  summary: 'Readiness: database reachable, migrations current, scheduler running or disabled',
  responses: {
    200: { description: 'Ready to serve', content: { 'application/json': { schema: Readiness } } },
    503: { description: 'Not ready (starting, stopping, database unreachable or not migrated)', content: { 'application/json': { schema: Readiness } } },
  },
});

export const readyRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const deps = c.get('deps');
  const report = await checkReadiness(deps.db, deps.readiness);
  const body = { status: report.ready ? ('ready' as const) : ('not_ready' as const), checks: report.checks };
  c.header('Cache-Control', 'no-store');
  if (report.ready) return c.json(body, 200);
  deps.logger.warn('not ready', { ...report.checks, problem: report.problem });
  return c.json(body, 503);
});
