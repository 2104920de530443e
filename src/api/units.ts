import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { listUnits } from '../services/projects.ts';
import type { AppEnv } from './env.ts';
import { UnitSchema } from './schemas.ts';
import { guard } from './guard.ts';
import { unitFilter } from '../services/access.ts';

const list = createRoute({
  method: 'get',
  path: '/api/units',
  tags: ['targets'],
  summary: 'Budget units with their project counts (the caller’s unit, or all)',
  middleware: [guard('read')],
  responses: { 200: { description: 'Units', content: { 'application/json': { schema: z.array(UnitSchema) } } } },
});

export const unitRoutes = new OpenAPIHono<AppEnv>().openapi(list, async (c) => c.json(await listUnits(c.get('deps').db, unitFilter(c.get('actor'))), 200));
