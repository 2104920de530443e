import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { shanghaiDate } from '../clock.ts';
import type { AppEnv } from './env.ts';
import { ProgressReportSchema } from '../services/progress-model.ts';
import { DateString, errors, IdParam, json } from './evidence-schemas.ts';
import { guard } from './guard.ts';

const route = createRoute({
  method: 'get',
  path: '/api/projects/{id}/progress',
  tags: ['progress'],
  summary: 'Every indicator: actual vs target, pace, status and lamp; budget execution; the self-evaluation score',
  middleware: [guard('read', 'project')],
  request: { params: IdParam, query: z.object({ asOf: DateString.optional() }) },
  responses: { 200: json(ProgressReportSchema, 'Progress'), 400: errors[400], 404: errors[404] },
});

export const progressRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const deps = c.get('deps');
  const answer = await deps.progress.project(c.req.valid('param').id, { asOf: c.req.valid('query').asOf, today: shanghaiDate(deps.now()) });
  // The serialized answer is cached with the model: a hit costs no JSON work at all.
  return c.body(answer.json, 200, { 'content-type': 'application/json; charset=UTF-8' }) as never;
});

const settingsRoute = createRoute({
  method: 'get',
  path: '/api/settings/evaluation',
  tags: ['progress'],
  summary: 'The thresholds in force (pace tolerance, over-achievement, budget lamp, grade bands, group points)',
  middleware: [guard('read')],
  responses: {
    200: json(
      z
        .object({
          offTrackTolerance: z.number(),
          overAchievementRatio: z.number(),
          earlyGuardShare: z.number(),
          deadlineWarningDays: z.number(),
          budgetLamp: z.object({ red: z.number(), yellow: z.number() }),
          grades: z.object({ excellent: z.number(), good: z.number(), fair: z.number() }),
          groupPoints: z.object({ output: z.number(), effect: z.number(), satisfaction: z.number(), budget: z.number() }),
        })
        .openapi('EvaluationSettings'),
      'Settings',
    ),
  },
});

export const settingsRoutes = new OpenAPIHono<AppEnv>().openapi(settingsRoute, (c) => c.json(c.get('deps').config.evaluation, 200));
