import { and, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channelDaily, postStats, posts } from '../../db/schema/index.ts';
import { shanghaiDay } from '../evidence/entry-kinds.ts';
import { writeCursor, type ChannelCursor } from './channel-cursors.ts';
import type { PostBatch, PostInput, PostSnapshot } from './post-types.ts';

export type { PostInput } from './post-types.ts';

/** A dated snapshot of a stored post's counters (a PostSnapshot keyed by our post id). */
export type SnapshotInput = Omit<PostSnapshot, 'externalId'> & { postId: number };

/**
 * Writes one fetched batch of a channel in one transaction — its posts, their snapshots and, when given,
 * the channel's new cursor —, all of it or none of it: a run killed half-way leaves no half-written day,
 * and the cursor never moves past posts that were not stored (docs/design.md "Jobs").
 * `inserted` counts new posts and written snapshots, `updated` posts whose title or url changed.
 */
export async function ingestPostBatch(
  db: Db,
  input: { channelId: number; batch: PostBatch; source: string; cursor?: ChannelCursor },
): Promise<{ inserted: number; updated: number }> {
  return db.transaction(async (tx) => {
    const { ids, inserted, updated } = await upsertPosts(tx, input.channelId, input.batch.posts, input.source);
    // A snapshot of a post the batch does not carry has no row to belong to.
    const snapshots = input.batch.snapshots.flatMap(({ externalId, ...counters }) => {
      const postId = ids.get(externalId);
      return postId === undefined ? [] : [{ ...counters, postId }];
    });
    const { written } = await upsertSnapshots(tx, snapshots, input.source);
    if (input.cursor) await writeCursor(tx, input.channelId, input.cursor);
    return { inserted: inserted + written, updated };
  });
}

/**
 * Upserts a channel's posts by external id (the title and url may change; the publish time is the
 * fact's identity in time and stays) and counts new ones into channel_daily. Returns ids by external id.
 */
export async function upsertPosts(tx: Db, channelId: number, list: PostInput[], source: string) {
  const unique = [...new Map(list.map((p) => [p.externalId, p])).values()];
  const ids = new Map<string, number>();
  const newPerDay = new Map<string, number>();
  let inserted = 0;
  let changed = 0;
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await tx
      .insert(posts)
      .values(
        unique.slice(i, i + 1000).map((p) => ({
          channelId,
          externalId: p.externalId,
          title: p.title,
          url: p.url,
          publishedAt: p.publishedAt,
          day: shanghaiDay(p.publishedAt),
          source,
        })),
      )
      .onConflictDoUpdate({
        target: [posts.channelId, posts.externalId],
        set: { title: sql`excluded.title`, url: sql`coalesce(excluded.url, ${posts.url})` },
        setWhere: sql`(${posts.title}, ${posts.url}) is distinct from (excluded.title, coalesce(excluded.url, ${posts.url}))`,
      })
      .returning({ id: posts.id, externalId: posts.externalId, day: posts.day, created: sql<boolean>`(xmax = 0)` });
    changed += rows.length;
    for (const r of rows) {
      ids.set(r.externalId, r.id);
      if (r.created) {
        inserted += 1;
        newPerDay.set(r.day, (newPerDay.get(r.day) ?? 0) + 1);
      }
    }
  }
  // Rows an unchanged conflict skipped are not returned; look them up.
  const missing = unique.filter((p) => !ids.has(p.externalId)).map((p) => p.externalId);
  for (let i = 0; i < missing.length; i += 1000) {
    const rows = await tx
      .select({ id: posts.id, externalId: posts.externalId })
      .from(posts)
      .where(sql`${posts.channelId} = ${channelId} and ${inArray(posts.externalId, missing.slice(i, i + 1000))}`);
    for (const r of rows) ids.set(r.externalId, r.id);
  }
  if (newPerDay.size > 0) {
    await tx
      .insert(channelDaily)
      .values([...newPerDay].map(([day, n]) => ({ channelId, day, posts: n })))
      .onConflictDoUpdate({ target: [channelDaily.channelId, channelDaily.day], set: { posts: sql`${channelDaily.posts} + excluded.posts` } });
  }
  // Unchanged posts are not returned by the conditional upsert: `updated` counts real changes only.
  return { ids, inserted, updated: changed - inserted };
}

/**
 * Upserts dated snapshots (one per post and day) and keeps channel_daily's readers/reads in step: each
 * post contributes, on each snapshot day, its growth since its previous snapshot, so summing a
 * channel's days up to D gives the sum of its posts' latest figures as of D. The affected posts'
 * contributions are taken out before the write and put back after, in set-based statements.
 */
export async function upsertSnapshots(tx: Db, list: SnapshotInput[], source: string): Promise<{ written: number }> {
  const unique = [...new Map(list.map((s) => [`${s.postId}|${s.day}`, s])).values()];
  if (unique.length === 0) return { written: 0 };
  let written = 0;
  for (let i = 0; i < unique.length; i += 2000) {
    const batch = unique.slice(i, i + 2000);
    // Jobs re-send 30 days of figures daily; only what differs from the stored row is written, and only
    // posts whose readers/reads moved have their channel_daily growth recomputed.
    const stored = await storedSnapshots(tx, batch);
    const changed = batch.filter((s) => !sameCounters(stored.get(`${s.postId}|${s.day}`), s));
    if (changed.length === 0) continue;
    const growthPosts = [
      ...new Set(
        changed
          .filter((s) => {
            const old = stored.get(`${s.postId}|${s.day}`);
            return !old || old.readers !== s.readers || old.reads !== s.reads;
          })
          .map((s) => s.postId),
      ),
    ];
    await applyGrowth(tx, growthPosts, -1);
    const rows = await tx
      .insert(postStats)
      .values(changed.map((s) => ({ ...s, source })))
      .onConflictDoUpdate({
        target: [postStats.postId, postStats.day],
        set: {
          readers: sql`excluded.readers`,
          reads: sql`excluded.reads`,
          shares: sql`excluded.shares`,
          likes: sql`excluded.likes`,
          zaikan: sql`excluded.zaikan`,
          comments: sql`excluded.comments`,
          favourites: sql`excluded.favourites`,
          source: sql`excluded.source`,
        },
      })
      .returning({ postId: postStats.postId });
    written += rows.length;
    await applyGrowth(tx, growthPosts, 1);
  }
  return { written };
}

const counterKeys = ['readers', 'reads', 'shares', 'likes', 'zaikan', 'comments', 'favourites'] as const;

function sameCounters(stored: Pick<SnapshotInput, (typeof counterKeys)[number]> | undefined, s: SnapshotInput): boolean {
  return stored !== undefined && counterKeys.every((k) => (stored[k] ?? null) === (s[k] ?? null));
}

async function storedSnapshots(tx: Db, batch: SnapshotInput[]) {
  const ids = [...new Set(batch.map((s) => s.postId))];
  const days = [...new Set(batch.map((s) => s.day))];
  const rows = await tx
    .select({
      postId: postStats.postId,
      day: postStats.day,
      readers: postStats.readers,
      reads: postStats.reads,
      shares: postStats.shares,
      likes: postStats.likes,
      zaikan: postStats.zaikan,
      comments: postStats.comments,
      favourites: postStats.favourites,
    })
    .from(postStats)
    .where(and(inArray(postStats.postId, ids), inArray(postStats.day, days)));
  return new Map(rows.map((r) => [`${r.postId}|${r.day}`, r]));
}

async function applyGrowth(tx: Db, postIds: number[], sign: 1 | -1): Promise<void> {
  if (postIds.length === 0) return;
  const ids = sql.join(
    postIds.map((id) => sql`${id}`),
    sql`, `,
  );
  await tx.execute(sql`
    insert into channel_daily (channel_id, day, readers, reads)
    select channel_id, day, ${sign}::int * sum(readers_growth), ${sign}::int * sum(reads_growth)
    from (
      select p.channel_id, s.day,
        coalesce(s.readers, 0) - coalesce(lag(s.readers) over w, 0) as readers_growth,
        coalesce(s.reads, 0) - coalesce(lag(s.reads) over w, 0) as reads_growth
      from post_stats s join posts p on p.id = s.post_id
      -- Both sides filtered: with only post_stats filtered PostgreSQL scans all posts (seen at 1M posts).
      where s.post_id in (${ids}) and p.id in (${ids})
      window w as (partition by s.post_id order by s.day)
    ) g
    group by channel_id, day
    on conflict (channel_id, day) do update
      set readers = channel_daily.readers + excluded.readers, reads = channel_daily.reads + excluded.reads`);
}
