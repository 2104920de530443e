import { z } from 'zod';
import { entryKinds, type EntryKind } from '../evidence/entry-kinds.ts';
import type { Aggregation } from '../evaluation/types.ts';

// A measure is a small declarative spec (docs/design.md "Measures"), stored as JSON on the indicator's binding.

const entryKind = z.enum(entryKinds as [EntryKind, ...EntryKind[]]);
const platform = z.enum(['wechat', 'weibo', 'rss', 'website']);

/** A condition on an entry's fields. `done_by_as_of`: the date field is set and on or before the as-of day. */
export const filterSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('eq'), field: z.string().min(1), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ op: z.literal('in'), field: z.string().min(1), values: z.array(z.union([z.string(), z.number()])).min(1) }),
  z.object({ op: z.literal('not_null'), field: z.string().min(1) }),
  z.object({ op: z.literal('lte_field'), field: z.string().min(1), other: z.string().min(1) }),
  z.object({ op: z.literal('done_by_as_of'), field: z.string().min(1) }),
]);
export type Filter = z.infer<typeof filterSchema>;

const where = z.array(filterSchema).default([]);

const variants = [
  z.object({ type: z.literal('count'), source: z.literal('entries'), kind: entryKind, where }),
  z.object({ type: z.literal('count'), source: z.literal('posts'), platforms: z.array(platform).min(1) }).strict(),
  z.object({ type: z.literal('sum'), source: z.literal('entries'), kind: entryKind, field: z.string().min(1), where }),
  z.object({ type: z.literal('sum'), source: z.literal('post_stats'), metric: z.enum(['readers', 'reads']), platforms: z.array(platform).min(1) }),
  z.object({ type: z.literal('ratio'), source: z.literal('entries'), kind: entryKind, hit: z.array(filterSchema).min(1), where }),
  z.object({ type: z.literal('ratio'), source: z.literal('probes') }),
  // 培训完成率 = done ÷ planned: the tallies of one indicator over another's, both of the same project
  // (docs/design.md "Tallies"); bound by a person, who names the pair.
  z
    .object({ type: z.literal('ratio'), source: z.literal('tallies'), numerator: z.number().int().positive(), denominator: z.number().int().positive() })
    .strict(),
  z.object({
    type: z.literal('duration'),
    source: z.literal('entries'),
    kind: entryKind,
    from: z.string().min(1),
    to: z.string().min(1),
    stat: z.enum(['max', 'avg', 'p90', 'share_within']),
    /** For share_within: the limit in hours. */
    withinHours: z.number().positive().optional(),
    /** An entry without `to` counts with its age as of the as-of day's end. */
    openCountsAsAge: z.boolean().default(true),
  }),
  z.object({ type: z.literal('avg'), source: z.literal('entries'), kind: entryKind, field: z.string().min(1), where }),
  z.object({ type: z.literal('elapsed_days') }),
  z.object({ type: z.literal('manual') }),
] as const;

// `type` alone does not pick a variant (count over entries or posts), so this is a plain union;
// measureSpecVariant finds the one the input means, for field-level error messages.
export const measureSpecSchema = z.union(variants);

export function measureSpecVariant(input: unknown): (typeof variants)[number] | null {
  if (!input || typeof input !== 'object') return null;
  const { type, source } = input as { type?: unknown; source?: unknown };
  const sameType = variants.filter((v) => v.shape.type.value === type);
  return sameType.find((v) => !('source' in v.shape) || (v.shape as { source: z.ZodLiteral<string> }).source.value === source) ?? sameType[0] ?? null;
}

export type MeasureSpec = z.infer<typeof measureSpecSchema>;

/** A sum over tally entries (docs/design.md "Tallies"), as stored or as parsed. */
export function isTallySum(stored: unknown): boolean {
  const spec = stored as { type?: unknown; source?: unknown; kind?: unknown } | null;
  return spec?.type === 'sum' && spec.source === 'entries' && spec.kind === 'tally';
}

/** The unit a measure yields before conversion to the target's normalised unit. */
export type MeasureUnit = 'count' | 'yuan' | 'percent' | 'hours' | 'days' | 'target';

export function measureUnit(spec: MeasureSpec, sumField?: string): MeasureUnit {
  switch (spec.type) {
    case 'count':
      return 'count';
    case 'sum':
      // A tally's quantity is written in its indicator's own (normalised) unit.
      if (spec.source === 'entries' && spec.kind === 'tally') return 'target';
      return spec.source === 'entries' && (sumField ?? spec.field) === 'amount' ? 'yuan' : 'count';
    case 'ratio':
      return 'percent';
    case 'duration':
      return spec.stat === 'share_within' ? 'percent' : 'hours';
    case 'avg':
      // survey scores are 0–100, read as a percentage of satisfaction
      return 'percent';
    case 'elapsed_days':
      return 'days';
    case 'manual':
      return 'target';
  }
}

/**
 * Counts, sums and elapsed days grow through the period and are paced; the rest are levels. A per-unit target
 * (`150元/人天`, `≤2万元/公里`: a normalised unit with `/`) is a level whatever measures it: never paced, and
 * never a cap on the whole spending (docs/design.md, Monitoring rules).
 */
export function measureAggregation(spec: MeasureSpec, targetUnit: string | null): Aggregation {
  if (targetUnit?.includes('/')) return 'rate';
  switch (spec.type) {
    case 'count':
    case 'sum':
    case 'elapsed_days':
      return 'cumulative';
    case 'manual':
      return targetUnit === 'percent' || targetUnit === 'hours' || targetUnit === 'workdays' ? 'rate' : 'cumulative';
    default:
      return 'rate';
  }
}
