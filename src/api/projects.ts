import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { getProject, listProjects } from '../services/projects.ts';
import type { AppEnv } from './env.ts';
import { IdParam } from './evidence-schemas.ts';
import { guard } from './guard.ts';
import { unitFilter } from '../services/access.ts';
import { errorResponses, ProjectDetailSchema, ProjectSummarySchema, YearSchema } from './schemas.ts';

const list = createRoute({
  method: 'get',
  path: '/api/projects',
  tags: ['targets'],
  summary: 'Projects, optionally of one budget year',
  middleware: [guard('read')],
  request: { query: z.object({ year: YearSchema.optional().openapi({ example: 2024 }) }) },
  responses: {
    200: { description: 'Projects', content: { 'application/json': { schema: z.array(ProjectSummarySchema) } } },
    400: errorResponses[400],
  },
});

const detail = createRoute({
  method: 'get',
  path: '/api/projects/{id}',
  tags: ['targets'],
  summary: 'One project with its indicators in table order',
  middleware: [guard('read', 'project')],
  request: { params: IdParam },
  responses: {
    200: { description: 'Project', content: { 'application/json': { schema: ProjectDetailSchema } } },
    400: errorResponses[400],
    404: errorResponses[404],
  },
});

export const projectRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const { year } = c.req.valid('query');
    return c.json(await listProjects(c.get('deps').db, { year, unitId: unitFilter(c.get('actor')) }), 200);
  })
  .openapi(detail, async (c) => c.json(await getProject(c.get('deps').db, c.req.valid('param').id), 200));
