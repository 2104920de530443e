import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { shanghaiDate } from '../clock.ts';
import type { AppEnv } from './env.ts';
import { DateString, errors, IdParam, json, MeasureSpecJson } from './evidence-schemas.ts';
import { TargetSchema } from './schemas.ts';
import { guard } from './guard.ts';

const Status = z.enum(['met', 'on_track', 'warning', 'off_track', 'failed', 'no_data', 'no_measure', 'needs_review']);
const Lamp = z.enum(['green', 'yellow', 'red', 'grey']);

const IndicatorProgress = z
  .object({
    id: z.number().int(), level1: z.string(), level2: z.string(), level3: z.string(), description: z.string().nullable(),
    target: TargetSchema, measure: MeasureSpecJson.nullable(), measureProposed: z.boolean(),
    actual: z.number().nullable(), expected: z.number().nullable(), forecast: z.number().nullable(), deviation: z.number().nullable(),
    status: Status, lamp: Lamp, samples: z.number().int(), latestFactDay: z.string().nullable(), overAchieved: z.boolean(),
    likelihood: z.enum(['certain', 'possible', 'impossible']).nullable(), applicable: z.boolean(), note: z.string().nullable(),
    score: z.object({ weight: z.number(), points: z.number() }).nullable(),
    display: z
      .object({
        target: z.string(), actual: z.string(), expected: z.string(), forecast: z.string(), deviation: z.string(), status: z.string(), likelihood: z.string(),
      })
      .openapi({ description: 'The same numbers as people read them, in the unit the target was written in (`366天`, `12.5万条`, `18小时`); `—` for none' }),
  })
  .openapi('IndicatorProgress');

export const ProjectProgressSchema = z
  .object({
    asOf: z.string(), id: z.number().int(), name: z.string(), year: z.number().int(),
    period: z.object({ start: z.string(), end: z.string() }), timeShare: z.number(), atPeriodEnd: z.boolean(),
    budget: z.object({ total: z.number().nullable(), spent: z.number(), executionRate: z.number().nullable(), pace: z.number().nullable(), lamp: Lamp }),
    score: z.object({
      total: z.number(), grade: z.enum(['优', '良', '中', '差']), forecast: z.boolean(),
      parts: z.object({ output: z.number().nullable(), effect: z.number().nullable(), satisfaction: z.number().nullable(), budget: z.number().nullable() }),
      unscored: z.number().int(),
    }).nullable(),
    statusCounts: z.record(z.string(), z.number().int()),
    indicators: z.array(IndicatorProgress),
    display: z
      .object({ timeShare: z.string(), budgetTotal: z.string(), spent: z.string(), executionRate: z.string(), score: z.string() })
      .openapi({ description: 'Time share, budget (万元), execution rate and score as people read them' }),
  })
  .openapi('ProjectProgress');

const route = createRoute({
  method: 'get', path: '/api/projects/{id}/progress', tags: ['progress'],
  summary: 'Every indicator: actual vs target, pace, status and lamp; budget execution; the self-evaluation score',
  middleware: [guard('read', 'project')],
  request: { params: IdParam, query: z.object({ asOf: DateString.optional() }) },
  responses: { 200: json(z.object({ asOf: z.string(), projects: z.array(ProjectProgressSchema) }), 'Progress'), 400: errors[400], 404: errors[404] },
});

export const progressRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const deps = c.get('deps');
  const answer = await deps.progress.project(c.req.valid('param').id, { asOf: c.req.valid('query').asOf, today: shanghaiDate(deps.now()) });
  // The serialized answer is cached with the model: a hit costs no JSON work at all.
  return c.body(answer.json, 200, { 'content-type': 'application/json; charset=UTF-8' }) as never;
});

const settingsRoute = createRoute({
  method: 'get', path: '/api/settings/evaluation', tags: ['progress'],
  summary: 'The thresholds in force (pace tolerance, over-achievement, budget lamp, grade bands, group points)',
  middleware: [guard('read')],
  responses: {
    200: json(
      z.object({
        offTrackTolerance: z.number(), overAchievementRatio: z.number(), earlyGuardShare: z.number(), deadlineWarningDays: z.number(),
        budgetLamp: z.object({ red: z.number(), yellow: z.number() }),
        grades: z.object({ excellent: z.number(), good: z.number(), fair: z.number() }),
        groupPoints: z.object({ output: z.number(), effect: z.number(), satisfaction: z.number(), budget: z.number() }),
      }).openapi('EvaluationSettings'),
      'Settings',
    ),
  },
});

export const settingsRoutes = new OpenAPIHono<AppEnv>().openapi(settingsRoute, (c) => c.json(c.get('deps').config.evaluation, 200));
