import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicators, measureBindings } from '../../db/schema/index.ts';
import { measureSpecSchema } from '../measures/spec.ts';
import { rebuildMeasureDaily } from './entry-aggregates.ts';

/**
 * Recomputes every per-day aggregate from the facts. The write paths keep them in step incrementally;
 * this is the repair tool (and what a bulk load by COPY runs afterwards). Each table is rebuilt in its
 * own statement; indicators one by one, so memory stays bounded.
 */
export async function rebuildAggregates(db: Db): Promise<{ indicators: number }> {
  await db.transaction(async (t) => {
    const tx: Db = t;
    await tx.execute(sql`delete from entry_daily`);
    await tx.execute(sql`
      insert into entry_daily (project_id, kind, day, n, amount)
      select e.project_id, e.kind, e.day, count(*), coalesce(sum(case when e.fields ? 'amount' and jsonb_typeof(e.fields->'amount') = 'number'
        then (e.fields->>'amount')::numeric end), 0)
      from entries e
      where not e.voided and not exists (select 1 from entries l where l.supersedes_id = e.id)
      group by e.project_id, e.kind, e.day`);
    await tx.execute(sql`delete from channel_daily`);
    await tx.execute(sql`
      insert into channel_daily (channel_id, day, posts, readers, reads)
      select channel_id, day, sum(posts), sum(readers), sum(reads) from (
        select channel_id, day, count(*) as posts, 0::bigint as readers, 0::bigint as reads from posts group by channel_id, day
        union all
        select p.channel_id, g.day, 0, sum(g.readers_growth), sum(g.reads_growth)
        from (
          select s.post_id, s.day,
            coalesce(s.readers, 0) - coalesce(lag(s.readers) over w, 0) as readers_growth,
            coalesce(s.reads, 0) - coalesce(lag(s.reads) over w, 0) as reads_growth
          from post_stats s
          window w as (partition by s.post_id order by s.day)
        ) g join posts p on p.id = g.post_id
        group by p.channel_id, g.day
      ) u group by channel_id, day`);
    await tx.execute(sql`delete from probe_daily`);
    await tx.execute(sql`
      insert into probe_daily (endpoint_id, day, total, ok)
      select endpoint_id, day, count(*), count(*) filter (where ok) from probe_results group by endpoint_id, day`);
  });
  const bound = await db
    .select({ indicatorId: measureBindings.indicatorId, spec: measureBindings.spec, projectId: indicators.projectId })
    .from(measureBindings)
    .innerJoin(indicators, eq(indicators.id, measureBindings.indicatorId));
  let count = 0;
  for (let i = 0; i < bound.length; i += 50) {
    const chunk = bound.slice(i, i + 50);
    await db.transaction(async (t) => {
      const tx: Db = t;
      for (const b of chunk) {
        const spec = measureSpecSchema.safeParse(b.spec);
        if (!spec.success) continue;
        await rebuildMeasureDaily(tx, b.indicatorId, b.projectId, spec.data);
        count += 1;
      }
    });
  }
  return { indicators: count };
}
