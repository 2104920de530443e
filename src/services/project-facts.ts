import { and, asc, eq, gte, inArray, lte, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  assessments,
  channelDaily,
  channelProjects,
  channels,
  entryDaily,
  indicators,
  manualValues,
  measureDaily,
  probeDaily,
  probeEndpoints,
  projects,
} from '../../db/schema/index.ts';
import type { LoadedFacts } from '../measures/measure-at.ts';
import { currentEntries } from './entry-aggregates.ts';
import type { MeasureSpec } from '../measures/spec.ts';
import type { QualitativeTier } from '../evaluation/types.ts';

/**
 * Everything a project's measures need up to a day, read from the per-day aggregates (a year of rows per
 * indicator or channel, whatever the number of facts) plus the few raw rows durations need. Only facts
 * dated inside the project's period count (docs/design.md "Evidence"): everything is read from its first day.
 */
export async function loadProjectFacts(
  db: Db,
  project: { id: number; periodStart: string; periodEnd: string },
  bound: { indicatorId: number; spec: MeasureSpec }[],
  upTo: string,
): Promise<LoadedFacts> {
  // A ratio of tallies reads the aggregates of the two indicators it divides (docs/design.md "Tallies").
  const ids = [
    ...new Set(
      bound.flatMap((b) => (b.spec.type === 'ratio' && b.spec.source === 'tallies' ? [b.indicatorId, b.spec.numerator, b.spec.denominator] : [b.indicatorId])),
    ),
  ];
  const durationKinds = [...new Set(bound.flatMap((b) => (b.spec.type === 'duration' ? [b.spec.kind] : [])))];
  const needsChannels = bound.some((b) => 'source' in b.spec && (b.spec.source === 'posts' || b.spec.source === 'post_stats'));
  const needsProbes = bound.some((b) => 'source' in b.spec && b.spec.source === 'probes');
  // Every bound indicator: a manual measure's figures, and a person's 0 on a cap measured from facts.
  const manualIds = ids;
  const from = project.periodStart;

  const [daily, durations, channelDays, probeDays, manual, weiboWithoutReaders] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .select({ indicatorId: measureDaily.indicatorId, day: measureDaily.day, n: measureDaily.n, hits: measureDaily.hits, sum: measureDaily.sum })
          .from(measureDaily)
          .where(and(inArray(measureDaily.indicatorId, ids), gte(measureDaily.day, from), lte(measureDaily.day, upTo)))
          .orderBy(asc(measureDaily.day)),
    durationKinds.length === 0 ? [] : currentEntries(db, project.id, durationKinds, upTo, from),
    needsChannels ? loadChannelDays(db, project.id, from, upTo) : null,
    needsProbes ? loadProbeDays(db, project.id, from, upTo) : null,
    manualIds.length === 0 ? [] : currentManualValues(db, manualIds, from, upTo),
    needsChannels ? countWeiboWithoutReaders(db, project.id) : 0,
  ]);

  const measureDailyMap = new Map<number, { day: string; n: number; hits: number; sum: number }[]>();
  for (const r of daily) {
    const list = measureDailyMap.get(r.indicatorId) ?? [];
    list.push({ day: r.day, n: Number(r.n), hits: Number(r.hits), sum: Number(r.sum) });
    measureDailyMap.set(r.indicatorId, list);
  }
  const manualMap = new Map<number, { asOf: string; value: number }[]>();
  for (const m of manual) {
    const list = manualMap.get(m.indicatorId) ?? [];
    list.push({ asOf: m.asOf, value: Number(m.value) });
    manualMap.set(m.indicatorId, list);
  }
  return {
    period: { start: project.periodStart, end: project.periodEnd },
    measureDaily: measureDailyMap,
    durationEntries: durations,
    channelDays,
    weiboWithoutReaders,
    probeDays,
    manual: manualMap,
  };
}

async function loadChannelDays(db: Db, projectId: number, from: string, upTo: string) {
  const linked = await db.select({ id: channelProjects.channelId }).from(channelProjects).where(eq(channelProjects.projectId, projectId));
  if (linked.length === 0) return null;
  const rows = await db
    .select({
      platform: channels.platform,
      day: channelDaily.day,
      posts: sql<number>`sum(${channelDaily.posts})::int`,
      readers: sql<string>`sum(${channelDaily.readers})`,
      reads: sql<string>`sum(${channelDaily.reads})`,
    })
    .from(channelDaily)
    .innerJoin(channels, eq(channels.id, channelDaily.channelId))
    .where(
      and(
        inArray(
          channelDaily.channelId,
          linked.map((l) => l.id),
        ),
        gte(channelDaily.day, from),
        lte(channelDaily.day, upTo),
      ),
    )
    .groupBy(channels.platform, channelDaily.day)
    .orderBy(asc(channelDaily.day));
  return rows.map((r) => ({ platform: r.platform, day: r.day, posts: Number(r.posts), readers: Number(r.readers), reads: Number(r.reads) }));
}

async function countWeiboWithoutReaders(db: Db, projectId: number): Promise<number> {
  const rows = await db
    .select({ settings: channels.settings })
    .from(channelProjects)
    .innerJoin(channels, eq(channels.id, channelProjects.channelId))
    .where(and(eq(channelProjects.projectId, projectId), eq(channels.platform, 'weibo')));
  return rows.filter((r) => !(r.settings as { countUrl?: string }).countUrl).length;
}

async function loadProbeDays(db: Db, projectId: number, from: string, upTo: string) {
  const endpoints = await db.select({ id: probeEndpoints.id }).from(probeEndpoints).where(eq(probeEndpoints.projectId, projectId));
  if (endpoints.length === 0) return null;
  const rows = await db
    .select({ day: probeDaily.day, total: sql<number>`sum(${probeDaily.total})::int`, ok: sql<number>`sum(${probeDaily.ok})::int` })
    .from(probeDaily)
    .where(
      and(
        inArray(
          probeDaily.endpointId,
          endpoints.map((e) => e.id),
        ),
        gte(probeDaily.day, from),
        lte(probeDaily.day, upTo),
      ),
    )
    .groupBy(probeDaily.day)
    .orderBy(asc(probeDaily.day));
  return rows.map((r) => ({ day: r.day, total: Number(r.total), ok: Number(r.ok) }));
}

async function currentManualValues(db: Db, indicatorIds: number[], from: string, upTo: string) {
  const later = alias(manualValues, 'later');
  return db
    .select({ indicatorId: manualValues.indicatorId, asOf: manualValues.asOf, value: manualValues.value })
    .from(manualValues)
    .where(
      and(
        inArray(manualValues.indicatorId, indicatorIds),
        gte(manualValues.asOf, from),
        lte(manualValues.asOf, upTo),
        notExists(db.select({ one: sql`1` }).from(later).where(eq(later.supersedesId, manualValues.id))),
      ),
    )
    .orderBy(asc(manualValues.asOf), asc(manualValues.id));
}

/** The latest current assessment per indicator on or before the day, within its project's period. */
export async function latestAssessments(db: Db, indicatorIds: number[], upTo: string) {
  if (indicatorIds.length === 0) return new Map<number, { tier: QualitativeTier; score: number; asOf: string }>();
  const later = alias(assessments, 'later');
  const rows = await db
    .select({ indicatorId: assessments.indicatorId, tier: assessments.tier, score: assessments.score, asOf: assessments.asOf })
    .from(assessments)
    .innerJoin(indicators, eq(indicators.id, assessments.indicatorId))
    .innerJoin(projects, eq(projects.id, indicators.projectId))
    .where(
      and(
        inArray(assessments.indicatorId, indicatorIds),
        gte(assessments.asOf, projects.periodStart),
        lte(assessments.asOf, upTo),
        notExists(db.select({ one: sql`1` }).from(later).where(eq(later.supersedesId, assessments.id))),
      ),
    )
    .orderBy(asc(assessments.asOf), asc(assessments.id));
  const map = new Map<number, { tier: QualitativeTier; score: number; asOf: string }>();
  for (const r of rows) map.set(r.indicatorId, { tier: r.tier, score: Number(r.score), asOf: r.asOf });
  return map;
}

/** Yuan spent by the day: the project's current expenditure entries dated inside its period. */
export async function spentUpTo(db: Db, projectId: number, upTo: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${entryDaily.amount}), 0)` })
    .from(entryDaily)
    .innerJoin(projects, eq(projects.id, entryDaily.projectId))
    .where(and(eq(entryDaily.projectId, projectId), eq(entryDaily.kind, 'expenditure'), gte(entryDaily.day, projects.periodStart), lte(entryDaily.day, upTo)));
  return Number(row?.total ?? 0);
}
