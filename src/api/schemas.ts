import { z } from '@hono/zod-openapi';
import { text } from '../edge/schemas.ts';
import { said } from '../errors.ts';
import { say } from '../edge/words.ts';
import { TargetSchema } from '../targets/target-schema.ts';
import { readUnitOption } from '../targets/table-values.ts';

// Response schemas, defined once: they document the API (OpenAPI 3.1) and type the handlers.

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: '项目 9 不存在' }),
      details: z.unknown().nullable(),
    }),
  })
  .openapi('Error');

export const LineMessageSchema = z.object({ line: z.number().int(), message: z.string() }).openapi('LineMessage');

export { ComparatorSchema, TargetSchema } from '../targets/target-schema.ts';

export const BudgetSchema = z
  .object({
    total: z.number().nullable(),
    fiscal: z.number().nullable(),
    other: z.number().nullable(),
    unit: z.literal('yuan'),
  })
  .openapi('Budget');

export const UnitSchema = z.object({ id: z.number().int(), code: z.string().nullable(), name: z.string(), projectCount: z.number().int() }).openapi('Unit');

export const ProjectSummarySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    year: z.number().int(),
    unit: z.object({ id: z.number().int(), code: z.string().nullable(), name: z.string() }),
    period: z.object({ start: z.string(), end: z.string() }),
    budget: BudgetSchema,
    indicatorCount: z.number().int(),
  })
  .openapi('ProjectSummary');

export const IndicatorSchema = z
  .object({
    id: z.number().int(),
    position: z.number().int(),
    level1: z.string(),
    level2: z.string(),
    level3: z.string(),
    description: z.string().nullable(),
    target: TargetSchema,
    weight: z.number().nullable(),
    applicable: z.boolean(),
    needsReview: z.boolean(),
    confirmed: z.object({ by: z.string(), at: z.string() }).nullable(),
    warnings: z.array(z.string()),
  })
  .openapi('Indicator');

export const ProjectDetailSchema = ProjectSummarySchema.extend({
  purpose: z.string().nullable(),
  goals: z.array(z.string()),
  budgetWeight: z.number().nullable(),
  indicators: z.array(IndicatorSchema),
}).openapi('ProjectDetail');

const ParsedIndicatorSchema = z.object({
  level1: z.string(),
  level2: z.string(),
  level3: z.string(),
  description: z.string().nullable(),
  target: TargetSchema,
  weight: z.number().nullable(),
  applicable: z.boolean(),
  needsReview: z.boolean(),
  warnings: z.array(z.string()),
  line: z.number().int(),
});

const CellRoleSchema = z.enum(['level1', 'level2', 'level3', 'description', 'nature', 'value', 'unit', 'weight', 'ignored', 'unplaced', 'other-group']);

const RowReadingSchema = z
  .object({
    line: z.number().int(),
    cells: z.array(z.object({ text: z.string(), role: CellRoleSchema })),
    indicator: z.number().int().nullable().openapi({ description: "Index into the project's `indicators`, or null when the row became none." }),
    note: z.string().nullable(),
  })
  .openapi('RowReading');

const ConfidenceSchema = z
  .object({
    level: z.enum(['high', 'medium', 'low']),
    score: z.number().min(0).max(1),
    reasons: z.array(z.string()),
  })
  .openapi('Confidence');

export const ParsedTableSchema = z
  .object({
    unit: z.object({ code: z.string().nullable(), name: z.string() }).nullable(),
    unitSource: z
      .enum(['table', 'option', 'title', 'supervisor', 'file'])
      .nullable()
      .openapi({ description: 'Where the unit came from: the table, the `unit` option, the title, the 主管部门 cell, or the file name.' }),
    projects: z.array(
      z.object({
        name: z.string(),
        year: z.number().int(),
        budget: BudgetSchema,
        purpose: z.string().nullable(),
        goals: z.array(z.string()),
        budgetWeight: z.number().nullable(),
        indicators: z.array(ParsedIndicatorSchema),
        line: z.number().int(),
        truncated: LineMessageSchema.nullable().openapi({ description: 'Set when the copy was cut off inside this project.' }),
        rows: z.array(RowReadingSchema).openapi({ description: 'How each row of the indicator table was read.' }),
        confidence: ConfidenceSchema,
      }),
    ),
    warnings: z.array(LineMessageSchema),
  })
  .openapi('ParsedTable');

export const ImportSummarySchema = z
  .object({
    batchId: z.number().int(),
    fileName: z.string(),
    sha256: z.string(),
    unit: z.object({ id: z.number().int(), code: z.string().nullable(), name: z.string() }),
    projects: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        year: z.number().int(),
        created: z.boolean(),
        indicators: z.object({
          total: z.number().int(),
          created: z.number().int(),
          updated: z.number().int(),
          unchanged: z.number().int(),
          retired: z.number().int(),
        }),
      }),
    ),
    warnings: z.array(LineMessageSchema),
  })
  .openapi('ImportSummary');

/** A budget year in a query string: four digits, 2000–2100. */
export const YearSchema = z
  .string()
  .transform((v, ctx) => {
    if (!/^\d{4}$/.test(v) || Number(v) < 2000 || Number(v) > 2100) {
      ctx.addIssue({ code: 'custom', message: say(said('err.field.year', { first: 2000, last: 2100 })) });
      return z.NEVER;
    }
    return Number(v);
  })
  .openapi({ type: 'integer', minimum: 2000, maximum: 2100, example: 2024 });

/** A file's name as the caller gives it (shown in summaries and kept with the batch). */
/** A unit named for an import (`CODE NAME` or a name), refused naming the field when it is only a code. */
export const UnitOptionSchema = text(120)
  .superRefine((value, ctx) => {
    const read = readUnitOption(value);
    if ('problem' in read) ctx.addIssue({ code: 'custom', message: read.problem });
  })
  .openapi({
    type: 'string',
    maxLength: 120,
    description: 'The unit to import under, `CODE NAME` or a name; wins over the table (which may name none).',
    example: '301002 某市大气污染防治中心',
  });

export const FileNameSchema = text(255).openapi({ type: 'string', maxLength: 255, example: 'targets-2024.docx' });

export const errorResponses = {
  400: { description: '请求无效（字段错误列在 details）', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: '不存在', content: { 'application/json': { schema: ErrorSchema } } },
} as const;
