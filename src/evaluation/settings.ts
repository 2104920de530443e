// The thresholds of the monitoring and scoring rules (docs/design.md) as configuration: defaults in code, partial overrides merged over them.
import { z } from 'zod';
import type { EvaluationSettings } from './types.ts';

export const defaultEvaluationSettings: EvaluationSettings = Object.freeze({
  offTrackTolerance: 0.1,
  overAchievementRatio: 1.3,
  budgetLamp: Object.freeze({ red: 60, yellow: 80 }),
  grades: Object.freeze({ excellent: 90, good: 80, fair: 60 }),
  groupPoints: Object.freeze({ output: 50, effect: 30, satisfaction: 10, budget: 10 }),
  earlyGuardShare: 0.25,
  deadlineWarningDays: 30,
});

const points = z.number().min(0, '分值不能为负数');

/** The merged settings; every rule that relates two thresholds is checked here. */
const settingsShape = z.strictObject({
  offTrackTolerance: z.number().min(0, '偏离容差须在 0 到 1 之间').max(1, '偏离容差须在 0 到 1 之间'),
  overAchievementRatio: z.number().gt(1, '超额完成比例须大于 1（例如 1.3 即 130%）'),
  budgetLamp: z
    .strictObject({ red: z.number().min(0), yellow: z.number().min(0) })
    .refine((l) => l.red < l.yellow, { message: '预算执行红灯阈值须小于黄灯阈值', path: ['red'] }),
  grades: z.strictObject({ excellent: z.number().max(100), good: z.number(), fair: z.number().min(0) }).refine((g) => g.excellent > g.good && g.good > g.fair, {
    message: '等级分数线须满足 优 > 良 > 中',
    path: ['good'],
  }),
  groupPoints: z
    .strictObject({ output: points, effect: points, satisfaction: points, budget: points })
    .refine((p) => p.output + p.effect + p.satisfaction + p.budget > 0, { message: '各部分分值之和须大于 0' }),
  earlyGuardShare: z.number().min(0, '年初保护期须在 0 到 1 之间（时间进度占比）').max(1, '年初保护期须在 0 到 1 之间（时间进度占比）'),
  deadlineWarningDays: z.number().int('截止日预警天数须为整数').min(0, '截止日预警天数不能为负数').max(366, '截止日预警天数不能超过 366 天'),
}) satisfies z.ZodType<EvaluationSettings>;

/** What a configuration may override: any subset, nested groups included. Unknown keys are refused (typos). */
const overridesShape = z.strictObject({
  offTrackTolerance: z.number().optional(),
  overAchievementRatio: z.number().optional(),
  budgetLamp: z.strictObject({ red: z.number().optional(), yellow: z.number().optional() }).optional(),
  grades: z.strictObject({ excellent: z.number().optional(), good: z.number().optional(), fair: z.number().optional() }).optional(),
  groupPoints: z
    .strictObject({
      output: z.number().optional(),
      effect: z.number().optional(),
      satisfaction: z.number().optional(),
      budget: z.number().optional(),
    })
    .optional(),
  earlyGuardShare: z.number().optional(),
  deadlineWarningDays: z.number().optional(),
});

export type EvaluationSettingsOverrides = z.input<typeof overridesShape>;

function mergeOverDefaults(o: z.output<typeof overridesShape>): EvaluationSettings {
  const d = defaultEvaluationSettings;
  // Spreading a parsed object can carry `key: undefined`; drop those so they don't erase a default.
  const defined = <T extends object>(x: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(x ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    offTrackTolerance: o.offTrackTolerance ?? d.offTrackTolerance,
    overAchievementRatio: o.overAchievementRatio ?? d.overAchievementRatio,
    budgetLamp: { ...d.budgetLamp, ...defined(o.budgetLamp) },
    grades: { ...d.grades, ...defined(o.grades) },
    groupPoints: { ...d.groupPoints, ...defined(o.groupPoints) },
    earlyGuardShare: o.earlyGuardShare ?? d.earlyGuardShare,
    deadlineWarningDays: o.deadlineWarningDays ?? d.deadlineWarningDays,
  };
}

/** Parses partial overrides, merges them over the defaults and validates the result. */
export const evaluationSettingsSchema = overridesShape.transform(mergeOverDefaults).pipe(settingsShape);

/** The effective settings; throws a ZodError (Chinese messages) when the merged thresholds are inconsistent. */
export function resolveEvaluationSettings(overrides?: EvaluationSettingsOverrides): EvaluationSettings {
  return evaluationSettingsSchema.parse(overrides ?? {});
}
