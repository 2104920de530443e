import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channelProjects, channels, posts, probeEndpoints, probeResults } from '../../db/schema/index.ts';
import { isInPeriod } from '../evaluation/time-share.ts';
import { matches } from '../measures/contributions.ts';
import { currentEntries } from './entry-aggregates.ts';
import { listManualValues } from './indicator-values.ts';
import { loadIndicatorContext } from './indicator-series.ts';

/** One fact behind a value; `counted` is false for a fact dated outside the project's period. */
export type FactItem = Fact & { counted: boolean };
type Fact = { id: number; day: string } & Record<string, unknown>;

export interface FactsPage {
  indicatorId: number;
  source: 'entries' | 'posts' | 'probes' | 'manual' | 'none';
  /** The project's period: facts outside it are listed but do not count (docs/design.md "Evidence"). */
  period: { start: string; end: string };
  total: number;
  items: FactItem[];
}

/** The evidence behind an indicator's value as of a day (drill-down), newest first. */
export async function indicatorFacts(db: Db, indicatorId: number, q: { asOf: string; limit: number; offset: number }): Promise<FactsPage> {
  const { project, spec } = await loadIndicatorContext(db, indicatorId);
  const period = { start: project.periodStart, end: project.periodEnd };
  const page = (source: FactsPage['source'], total: number, items: Fact[]): FactsPage => ({
    indicatorId,
    source,
    period,
    total,
    items: items.map((i) => ({ ...i, counted: isInPeriod(i.day, period) })),
  });
  if (!spec || spec.type === 'elapsed_days') return page('none', 0, []);
  if (spec.type === 'manual') {
    const all = (await listManualValues(db, indicatorId)).filter((m) => m.asOf <= q.asOf);
    return page(
      'manual',
      all.length,
      all.slice(q.offset, q.offset + q.limit).map((m) => ({ ...m, day: m.asOf })),
    );
  }
  if (spec.source === 'entries') {
    const rows = await currentEntries(db, project.id, spec.kind, q.asOf);
    const where = 'where' in spec ? spec.where : [];
    const kept = rows.filter((r) => where.every((f) => matches(f, r.fields).ok)).reverse();
    return page(
      'entries',
      kept.length,
      kept.slice(q.offset, q.offset + q.limit).map((r) => ({ id: r.id, kind: r.kind, day: r.day, fields: r.fields })),
    );
  }
  if (spec.source === 'tallies') {
    // The tallies of both indicators of the ratio, each naming which one it counts toward.
    const pair = new Set([spec.numerator, spec.denominator]);
    const rows = (await currentEntries(db, project.id, 'tally', q.asOf)).filter((r) => pair.has(Number(r.fields.indicator))).reverse();
    return page(
      'entries',
      rows.length,
      rows.slice(q.offset, q.offset + q.limit).map((r) => ({ id: r.id, kind: r.kind, day: r.day, fields: r.fields })),
    );
  }
  if (spec.source === 'probes') {
    const endpoints = await db.select({ id: probeEndpoints.id }).from(probeEndpoints).where(eq(probeEndpoints.projectId, project.id));
    if (endpoints.length === 0) return page('probes', 0, []);
    const where = and(
      inArray(
        probeResults.endpointId,
        endpoints.map((e) => e.id),
      ),
      lte(probeResults.day, q.asOf),
    );
    const [items, [{ n } = { n: 0 }]] = await Promise.all([
      db.select().from(probeResults).where(where).orderBy(desc(probeResults.checkedAt)).limit(q.limit).offset(q.offset),
      db.select({ n: sql<number>`count(*)::int` }).from(probeResults).where(where),
    ]);
    return page(
      'probes',
      Number(n),
      items.map((r) => ({ id: r.endpointId, ...r })),
    );
  }
  const linked = await db
    .select({ id: channels.id })
    .from(channelProjects)
    .innerJoin(channels, eq(channels.id, channelProjects.channelId))
    .where(and(eq(channelProjects.projectId, project.id), inArray(channels.platform, spec.platforms)));
  if (linked.length === 0) return page('posts', 0, []);
  const where = and(
    inArray(
      posts.channelId,
      linked.map((l) => l.id),
    ),
    lte(posts.day, q.asOf),
  );
  const [rows, [{ n } = { n: 0 }]] = await Promise.all([
    db
      .select({
        id: posts.id,
        day: posts.day,
        channelId: posts.channelId,
        externalId: posts.externalId,
        title: posts.title,
        url: posts.url,
        publishedAt: posts.publishedAt,
        latest: sql<{ day: string; readers: number | null; reads: number | null } | null>`(
          select json_build_object('day', s.day, 'readers', s.readers, 'reads', s.reads) from post_stats s
          where s.post_id = ${posts.id} and s.day <= ${q.asOf} order by s.day desc limit 1)`,
      })
      .from(posts)
      .where(where)
      .orderBy(desc(posts.publishedAt))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(posts).where(where),
  ]);
  return page('posts', Number(n), rows);
}
