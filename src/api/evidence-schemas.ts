import { z } from '@hono/zod-openapi';
import { entryKinds } from '../evidence/entry-kinds.ts';
import { ErrorSchema } from './schemas.ts';

export const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ example: 1 }) });
export const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD');
export const Paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

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

export const NewEntrySchema = z
  .object({
    kind: z.string().openapi({ example: 'activity' }),
    id: z.string().max(200).optional().openapi({ description: 'Your id for the fact: re-sending it is a no-op.' }),
  })
  .catchall(z.unknown())
  .openapi('NewEntry', { description: 'An entry: `kind` plus that kind’s fields (see the kinds in README).' });

export const MeasureSpecJson = z.record(z.string(), z.unknown()).openapi('MeasureSpec', {
  description: 'A measure spec (DESIGN §3): count | sum | ratio | duration | avg | elapsed_days | manual.',
});

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errors = {
  400: json(ErrorSchema, '请求无效（字段错误列在 details）'),
  404: json(ErrorSchema, '不存在'),
  409: json(ErrorSchema, '与现有数据冲突'),
  422: json(ErrorSchema, '文件无法导入（逐行错误列在 details）'),
} as const;
