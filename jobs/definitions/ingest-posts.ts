import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channelProjects, channels, type Channel } from '../../db/schema/index.ts';
import { upsertPosts, upsertSnapshots } from '../../src/services/posts.ts';
import type { FetchedBatch } from '../connectors/types.ts';
import { ConnectorError } from '../connectors/types.ts';
import type { JobContext, JobResult } from '../job-types.ts';

export async function channelsOf(db: Db, platform: Channel['platform']): Promise<Channel[]> {
  return db.select().from(channels).where(eq(channels.platform, platform)).orderBy(channels.id);
}

export async function projectsOfChannels(db: Db, channelIds: number[]): Promise<number[]> {
  if (channelIds.length === 0) return [];
  const rows = await db.select({ projectId: channelProjects.projectId }).from(channelProjects).where(inArray(channelProjects.channelId, channelIds));
  return [...new Set(rows.map((r) => r.projectId))];
}

/** Writes one fetched batch of a channel in one transaction: all of it or none of it. */
export async function writeBatch(
  ctx: JobContext,
  channelId: number,
  batch: Pick<FetchedBatch, 'posts' | 'snapshots'>,
  source: string,
  also?: (tx: Db) => Promise<void>,
): Promise<{ inserted: number; updated: number }> {
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const { ids, inserted, updated } = await upsertPosts(tx, channelId, batch.posts, source);
    const snapshots = batch.snapshots.flatMap((s) => {
      const postId = ids.get(s.externalId);
      return postId === undefined ? [] : [{ ...s, postId }];
    });
    const { written } = await upsertSnapshots(tx, snapshots, source);
    await also?.(tx);
    return { inserted: inserted + written, updated };
  });
}

/**
 * Runs a per-channel step for every channel, so one misconfigured account does not stop the others;
 * the run fails afterwards with the first error (configuration errors first: they need a person).
 */
export async function forEachChannel(
  ctx: JobContext,
  list: Channel[],
  step: (channel: Channel) => Promise<{ inserted: number; updated: number }>,
): Promise<JobResult> {
  const result: JobResult = { inserted: 0, updated: 0, failed: 0, changedProjects: [] };
  const errors: ConnectorError[] = [];
  const changed: number[] = [];
  for (const channel of list) {
    try {
      const r = await step(channel);
      result.inserted += r.inserted;
      result.updated += r.updated;
      if (r.inserted + r.updated > 0) changed.push(channel.id);
      await ctx.heartbeat();
    } catch (err) {
      result.failed += 1;
      if (!(err instanceof ConnectorError)) throw err;
      errors.push(new ConnectorError(err.kind, err.code, `渠道「${channel.name}」：${err.message}`, err.retryAfterMs));
    }
  }
  result.changedProjects = await projectsOfChannels(ctx.db, changed);
  const first = errors.find((e) => e.kind === 'config') ?? errors.find((e) => e.kind === 'quota') ?? errors[0];
  if (first) {
    // The run's reason names every failing channel, the one that decides the run's kind first.
    const message = [first, ...errors.filter((e) => e !== first)].map((e) => e.message).join('；');
    throw new ConnectorError(first.kind, first.code, message, first.retryAfterMs);
  }
  return result;
}
