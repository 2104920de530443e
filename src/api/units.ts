import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { listUnits } from '../services/projects.ts';
import type { AppEnv } from './env.ts';
import { UnitSchema } from './schemas.ts';

const list = createRoute({
  method: 'get',
  path: '/api/units',
  tags: ['targets'],
  summary: 'Budget units with their project counts',
  responses: { 200: { description: 'Units', content: { 'application/json': { schema: z.array(UnitSchema) } } } },
});

export const unitRoutes = new OpenAPIHono<AppEnv>().openapi(list, async (c) => c.json(await listUnits(c.get('deps').db), 200));
