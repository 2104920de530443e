import type { Filter, MeasureSpec } from './spec.ts';

/** What one entry adds to its indicator's per-day aggregate: `n` samples, `hits` for ratios, `sum` for sums/averages. */
export interface Contribution {
  day: string;
  n: number;
  hits: number;
  sum: number;
}

export interface EntryFact {
  kind: string;
  day: string;
  fields: Record<string, unknown>;
}

/** Specs whose value is a sum of per-entry, per-day contributions (durations and the rest are computed live). */
export function isAggregatedEntrySpec(spec: MeasureSpec): spec is Extract<MeasureSpec, { source: 'entries' }> & { type: 'count' | 'sum' | 'ratio' | 'avg' } {
  return spec.type !== 'duration' && 'source' in spec && spec.source === 'entries';
}

/**
 * The contributions of one entry to a spec, pure. A ratio's hit is placed on the later of the entry's day
 * and the day it became a hit (a task done in June but due in December counts from December, when it
 * joins the denominator).
 */
export function entryContributions(spec: MeasureSpec, entry: EntryFact): Contribution[] {
  if (!isAggregatedEntrySpec(spec) || spec.kind !== entry.kind) return [];
  if (!spec.where.every((f) => matches(f, entry.fields).ok)) return [];
  switch (spec.type) {
    case 'count':
      return [{ day: entry.day, n: 1, hits: 0, sum: 0 }];
    case 'sum':
    case 'avg': {
      const v = Number(entry.fields[spec.field]);
      if (!Number.isFinite(v)) return [];
      return [{ day: entry.day, n: 1, hits: 0, sum: v }];
    }
    case 'ratio': {
      const out: Contribution[] = [{ day: entry.day, n: 1, hits: 0, sum: 0 }];
      let hitDay: string | null = entry.day;
      for (const f of spec.hit) {
        const m = matches(f, entry.fields);
        if (!m.ok) {
          hitDay = null;
          break;
        }
        if (m.fromDay && m.fromDay > (hitDay ?? '')) hitDay = m.fromDay;
      }
      if (hitDay === null) return out;
      if (hitDay === entry.day) out[0]!.hits = 1;
      else out.push({ day: hitDay, n: 0, hits: 1, sum: 0 });
      return out;
    }
  }
}

/** Does the entry satisfy the filter? `fromDay`: for `done_by_as_of`, the day from which it does. */
export function matches(f: Filter, fields: Record<string, unknown>): { ok: boolean; fromDay?: string } {
  const v = fields[f.field];
  switch (f.op) {
    case 'eq':
      return { ok: v === f.value };
    case 'in':
      return { ok: (f.values as unknown[]).includes(v) };
    case 'not_null':
      return { ok: v !== null && v !== undefined && v !== '' };
    case 'lte_field': {
      const other = fields[f.other];
      if (v === null || v === undefined || other === null || other === undefined) return { ok: false };
      return { ok: compareValues(v, other) <= 0 };
    }
    case 'done_by_as_of': {
      if (typeof v !== 'string' || v === '') return { ok: false };
      return { ok: true, fromDay: dayOf(v) };
    }
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const ta = Date.parse(String(a));
  const tb = Date.parse(String(b));
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** A date field is `YYYY-MM-DD`; an instant is placed on its day in Asia/Shanghai. */
function dayOf(v: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? v.slice(0, 10) : new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}
