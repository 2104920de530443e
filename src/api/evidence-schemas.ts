import { z } from '@hono/zod-openapi';
import { Day, IdText, strictNumber, text } from '../edge/schemas.ts';
import { TEXT_MAX } from '../edge/limits.ts';
import { said } from '../errors.ts';
import { say } from '../edge/words.ts';
import { entryKinds, entryKindLabels, entryKindSchemas, type EntryKind } from '../evidence/entry-kinds.ts';
import { ErrorSchema } from './schemas.ts';

export const IdParam = z.object({ id: IdText });
/** A day in a query or body (see src/edge/schemas.ts `Day`). */
export const DateString = Day;

/** A whole number in a query string, canonical digits only. */
const queryInt = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallback;
      if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({ code: 'custom', message: say(said('err.field.intRange', { min, max })) });
        return z.NEVER;
      }
      return Number(v);
    })
    .openapi({ type: 'integer', minimum: min, maximum: max, default: fallback });

export const Paging = {
  limit: queryInt(1, 500, 50),
  offset: queryInt(0, 10_000_000, 0),
};
export { queryInt };

export const EntryKindSchema = z.enum(entryKinds as [string, ...string[]]).openapi('EntryKind');

export const EntrySchema = z
  .object({
    id: z.number().int(),
    projectId: z.number().int(),
    kind: EntryKindSchema,
    day: z.string(),
    fields: z.record(z.string(), z.unknown()),
    source: z.string(),
    author: z.string().nullable(),
    createdAt: z.string(),
    supersedesId: z.number().int().nullable(),
    supersededBy: z.number().int().nullable(),
    voided: z.boolean(),
    reason: z.string().nullable(),
  })
  .openapi('Entry');

/** The caller's id for a fact: re-sending it is a no-op. */
const ExternalId = z
  .union([text(TEXT_MAX.name), strictNumber({ min: 0, integer: true }).transform(String)])
  .optional()
  .openapi({ type: 'string', maxLength: TEXT_MAX.name, description: 'Your id for the fact: re-sending it is a no-op.' });

/** One entry: `kind`, optionally your `id`, and that kind's fields — one schema per kind. */
export const NewEntrySchema = z
  .discriminatedUnion(
    'kind',
    entryKinds.map((kind) =>
      entryKindSchemas[kind]
        .extend({ kind: z.literal(kind), id: ExternalId })
        .openapi(`NewEntry_${kind}`, { description: `${entryKindLabels[kind]}（${kind}）` }),
    ) as unknown as [NewEntryVariant, ...NewEntryVariant[]],
  )
  .openapi('NewEntry', { description: 'An entry of one of the twelve kinds: `kind` plus that kind’s fields.' });
type NewEntryVariant = z.ZodObject<{ kind: z.ZodLiteral<EntryKind> } & Record<string, z.ZodTypeAny>>;

export { MeasureSpecSchema as MeasureSpecJson } from '../measures/spec-schema.ts';

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errors = {
  400: json(ErrorSchema, '请求无效（字段错误列在 details）'),
  401: json(ErrorSchema, '需要登录（Bearer 令牌）'),
  403: json(ErrorSchema, '无权执行：角色或单位不允许'),
  404: json(ErrorSchema, '不存在'),
  409: json(ErrorSchema, '与现有数据冲突'),
  422: json(ErrorSchema, '文件无法导入（逐行错误列在 details）'),
} as const;
