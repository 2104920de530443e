import { z } from '@hono/zod-openapi';
import type { Target } from './types.ts';

// The Target of types.ts as a schema, for the API's documents and answers; `satisfies` makes the compiler
// check that the two say the same.

export const ComparatorSchema = z.enum(['>=', '>', '<=', '<', '=']).nullable();

export const TargetSchema = z
  .object({
    raw: z.string().openapi({ example: '≥300次' }),
    kind: z.enum(['quantitative', 'qualitative']),
    comparator: ComparatorSchema,
    inferred: z.boolean(),
    value: z.number().nullable(),
    unit: z.string().nullable(),
    normalized: z.object({ value: z.number(), unit: z.string() }).nullable(),
    text: z.string().nullable(),
    range: z
      .object({ low: z.number(), high: z.number() })
      .nullable()
      .openapi({ description: '区间目标（如 90%-95%、3-5次）的下限和上限，标准化单位；comparator 为 >=、value 为下限' }),
    deadline: z
      .string()
      .nullable()
      .openapi({ description: '期限目标（如 2024年6月30日前完成）的截止日 YYYY-MM-DD；未写年份时按项目年度', example: '2024-06-30' }),
  })
  .openapi('Target') satisfies z.ZodType<Target>;
