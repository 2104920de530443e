import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { entries, entryDaily, indicators, measureBindings, measureDaily } from '../../db/schema/index.ts';
import { entryContributions, isAggregatedEntrySpec, type Contribution, type EntryFact } from '../measures/contributions.ts';
import { measureSpecSchema, type MeasureSpec } from '../measures/spec.ts';

/** An entry whose aggregates are to be added (sign 1) or taken away (sign −1). */
export interface EntryChange extends EntryFact {
  projectId: number;
  sign: 1 | -1;
}

/**
 * Keeps entry_daily and measure_daily in step with a set of entry changes, inside the caller's
 * transaction. Per-day sums make a progress read cost a year of rows, whatever the number of entries.
 */
export async function applyEntryChanges(tx: Db, changes: EntryChange[]): Promise<void> {
  if (changes.length === 0) return;
  await applyEntryDaily(tx, changes);
  const projectIds = [...new Set(changes.map((c) => c.projectId))];
  const bound = await entryBindings(tx, projectIds);
  const acc = new Map<string, { indicatorId: number; c: Contribution }>();
  for (const change of changes) {
    for (const b of bound) {
      if (b.projectId !== change.projectId) continue;
      for (const c of entryContributions(b.spec, change)) {
        const key = `${b.indicatorId}|${c.day}`;
        const cur = acc.get(key) ?? { indicatorId: b.indicatorId, c: { day: c.day, n: 0, hits: 0, sum: 0 } };
        cur.c.n += change.sign * c.n;
        cur.c.hits += change.sign * c.hits;
        cur.c.sum += change.sign * c.sum;
        acc.set(key, cur);
      }
    }
  }
  await addMeasureDaily(tx, [...acc.values()]);
}

async function applyEntryDaily(tx: Db, changes: EntryChange[]): Promise<void> {
  const acc = new Map<string, { projectId: number; kind: string; day: string; n: number; amount: number }>();
  for (const c of changes) {
    const key = `${c.projectId}|${c.kind}|${c.day}`;
    const cur = acc.get(key) ?? { projectId: c.projectId, kind: c.kind, day: c.day, n: 0, amount: 0 };
    cur.n += c.sign;
    const amount = Number(c.fields.amount);
    if (Number.isFinite(amount)) cur.amount += c.sign * amount;
    acc.set(key, cur);
  }
  const rows = [...acc.values()].filter((r) => r.n !== 0 || Math.abs(r.amount) > 1e-9);
  if (rows.length === 0) return;
  await tx
    .insert(entryDaily)
    .values(rows.map((r) => ({ projectId: r.projectId, kind: r.kind, day: r.day, n: r.n, amount: exact(r.amount, 2) })))
    .onConflictDoUpdate({
      target: [entryDaily.projectId, entryDaily.kind, entryDaily.day],
      set: { n: sql`${entryDaily.n} + excluded.n`, amount: sql`${entryDaily.amount} + excluded.amount` },
    });
}

async function addMeasureDaily(tx: Db, rows: { indicatorId: number; c: Contribution }[]): Promise<void> {
  const values = rows
    .filter((r) => r.c.n !== 0 || r.c.hits !== 0 || Math.abs(r.c.sum) > 1e-9)
    .map((r) => ({ indicatorId: r.indicatorId, day: r.c.day, n: String(r.c.n), hits: String(r.c.hits), sum: exact(r.c.sum, 6) }));
  for (let i = 0; i < values.length; i += 2000) {
    await tx
      .insert(measureDaily)
      .values(values.slice(i, i + 2000))
      .onConflictDoUpdate({
        target: [measureDaily.indicatorId, measureDaily.day],
        set: { n: sql`${measureDaily.n} + excluded.n`, hits: sql`${measureDaily.hits} + excluded.hits`, sum: sql`${measureDaily.sum} + excluded.sum` },
      });
  }
}

async function entryBindings(tx: Db, projectIds: number[]) {
  const rows = await tx
    .select({ indicatorId: measureBindings.indicatorId, spec: measureBindings.spec, projectId: indicators.projectId })
    .from(measureBindings)
    .innerJoin(indicators, eq(indicators.id, measureBindings.indicatorId))
    .where(inArray(indicators.projectId, projectIds));
  return rows.flatMap((r) => {
    const spec = measureSpecSchema.safeParse(r.spec);
    return spec.success && isAggregatedEntrySpec(spec.data) ? [{ indicatorId: r.indicatorId, projectId: r.projectId, spec: spec.data }] : [];
  });
}

/** Recomputes one indicator's measure_daily from the current entries, after its binding changed. */
export async function rebuildMeasureDaily(tx: Db, indicatorId: number, projectId: number, spec: MeasureSpec): Promise<void> {
  await tx.delete(measureDaily).where(eq(measureDaily.indicatorId, indicatorId));
  if (!isAggregatedEntrySpec(spec)) return;
  const rows = await currentEntries(tx, projectId, spec.kind);
  const acc = new Map<string, Contribution>();
  for (const e of rows) {
    for (const c of entryContributions(spec, e)) {
      const cur = acc.get(c.day) ?? { day: c.day, n: 0, hits: 0, sum: 0 };
      cur.n += c.n;
      cur.hits += c.hits;
      cur.sum += c.sum;
      acc.set(c.day, cur);
    }
  }
  await addMeasureDaily(
    tx,
    [...acc.values()].map((c) => ({ indicatorId, c })),
  );
}

/** Entries nothing supersedes and that are not withdrawals. */
/** Current (not superseded, not withdrawn) entries of some kinds, optionally dated within [from, upTo]. */
export async function currentEntries(tx: Db, projectId: number, kind: string | string[], upTo?: string, from?: string) {
  const later = alias(entries, 'later');
  return tx
    .select({ id: entries.id, kind: entries.kind, day: entries.day, fields: entries.fields, createdAt: entries.createdAt })
    .from(entries)
    .where(
      and(
        eq(entries.projectId, projectId),
        Array.isArray(kind) ? inArray(entries.kind, kind) : eq(entries.kind, kind),
        eq(entries.voided, false),
        upTo ? sql`${entries.day} <= ${upTo}` : undefined,
        from ? sql`${entries.day} >= ${from}` : undefined,
        notExists(tx.select({ one: sql`1` }).from(later).where(eq(later.supersedesId, entries.id))),
      ),
    )
    .orderBy(entries.day, entries.id);
}

/** A float sum of 2-decimal amounts, as an exact decimal string (float noise is far below the last digit). */
function exact(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}
