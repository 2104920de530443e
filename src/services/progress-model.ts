import { z } from '@hono/zod-openapi';
import { grades, lamps, likelihoods, qualitativeTiers, statuses } from '../evaluation/types.ts';
import { MeasureSpecSchema } from '../measures/spec-schema.ts';
import { TargetSchema } from '../targets/target-schema.ts';

// The progress answer, once (docs/design.md "Monitoring rules", "Scoring"): this schema is the TS type the
// service builds, the OpenAPI schema of the API, and the shape of the CLI's --json; the statuses, lamps,
// likelihoods and grades are the evaluation's own lists.

export const StatusSchema = z.enum(statuses).openapi('Status');
export const LampSchema = z.enum(lamps).openapi('Lamp');

export const IndicatorProgressSchema = z
  .object({
    id: z.number().int(),
    level1: z.string(),
    level2: z.string(),
    level3: z.string(),
    description: z.string().nullable(),
    target: TargetSchema,
    measure: MeasureSpecSchema.nullable(),
    measureProposed: z.boolean(),
    actual: z.number().nullable(),
    expected: z.number().nullable(),
    forecast: z.number().nullable(),
    deviation: z.number().nullable(),
    status: StatusSchema,
    lamp: LampSchema,
    samples: z.number().int(),
    latestFactDay: z.string().nullable(),
    overAchieved: z.boolean(),
    likelihood: z.enum(likelihoods).nullable(),
    /** A qualitative indicator's latest recorded tier and score, as of the day. */
    assessment: z
      .object({ tier: z.enum(qualitativeTiers), score: z.number(), asOf: z.string() })
      .nullable()
      .openapi({ description: 'The latest 达成/部分达成/未达成 recorded for a qualitative indicator on or before the day' }),
    applicable: z.boolean(),
    note: z.string().nullable(),
    score: z.object({ weight: z.number(), points: z.number() }).nullable(),
    display: z
      .object({
        target: z.string(),
        actual: z.string(),
        expected: z.string(),
        forecast: z.string(),
        deviation: z.string(),
        status: z.string(),
        likelihood: z.string(),
      })
      .openapi({ description: 'The same numbers as people read them, in the unit the target was written in (`366天`, `12.5万条`, `18小时`); `—` for none' }),
  })
  .openapi('IndicatorProgress');

export const ProjectProgressSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    year: z.number().int(),
    period: z.object({ start: z.string(), end: z.string() }),
    timeShare: z.number(),
    atPeriodEnd: z.boolean(),
    budget: z.object({ total: z.number().nullable(), spent: z.number(), executionRate: z.number().nullable(), pace: z.number().nullable(), lamp: LampSchema }),
    score: z
      .object({
        total: z.number(),
        grade: z.enum(grades),
        forecast: z.boolean(),
        parts: z.object({ output: z.number().nullable(), effect: z.number().nullable(), satisfaction: z.number().nullable(), budget: z.number().nullable() }),
        budgetWeight: z.number().nullable().openapi({ description: '预算执行率 points (分值); null without a budget' }),
        unscored: z.number().int(),
      })
      .nullable(),
    /** Why there is no score, when there is none (a level-1 name no template uses, …). */
    scoreError: z.string().nullable().openapi({ description: 'Why `score` is null, in Chinese; null when there is a score' }),
    statusCounts: z.record(z.string(), z.number().int()),
    indicators: z.array(IndicatorProgressSchema),
    display: z
      .object({ timeShare: z.string(), budgetTotal: z.string(), spent: z.string(), executionRate: z.string(), score: z.string() })
      .openapi({ description: 'Time share, budget (万元), execution rate and score as people read them' }),
  })
  .openapi('ProjectProgress');

/** Progress of several projects; each says the day it was read as of. */
export const ProgressReportSchema = z
  .object({
    asOf: z.string(),
    projects: z.array(ProjectProgressSchema.extend({ asOf: z.string() })),
  })
  .openapi('ProgressReport');

export type IndicatorProgress = z.infer<typeof IndicatorProgressSchema>;
export type ProjectProgress = z.infer<typeof ProjectProgressSchema>;
export type ProgressReport = z.infer<typeof ProgressReportSchema>;
