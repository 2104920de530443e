import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppEnv } from './env.ts';

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['system'],
  summary: 'Liveness and database check',
  responses: {
    200: {
      description: 'Serving, database reachable',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) } },
    },
  },
});

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { db, databaseKind } = c.get('deps');
  await db.execute(sql`select 1`);
  return c.json({ status: 'ok' as const, database: databaseKind }, 200);
});
