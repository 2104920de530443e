import { shanghaiDate } from '../../src/clock.ts';
import { readCursor } from '../../src/services/channel-cursors.ts';
import { channelsOf } from '../../src/services/channels.ts';
import { ingestPostBatch } from '../../src/services/posts.ts';
import { fetchWeiboTimeline } from '../connectors/weibo.ts';
import type { JobDefinition } from '../job-types.ts';
import { weiboSettingsOf } from './channel-settings.ts';
import { forEachChannel } from './for-each-channel.ts';

/**
 * The account's own timeline: new posts since the stored since_id, plus the recent pages again so
 * reposts/comments/likes get a fresh snapshot. The cursor moves in the same transaction as the posts.
 */
export function weiboJob(schedule: string): JobDefinition {
  return {
    name: 'weibo',
    schedule,
    description: '微博：本账号新发微博及近期微博的转发、评论、点赞数',
    catchUp: true,
    async run(ctx) {
      const list = await channelsOf(ctx.db, 'weibo');
      const today = shanghaiDate(ctx.now());
      return forEachChannel(ctx, list, async (channel) => {
        const settings = weiboSettingsOf(channel, ctx.config);
        const cursor = await readCursor(ctx.db, channel.id);
        const fresh = await fetchWeiboTimeline(ctx.connector, settings, { sinceId: cursor.sinceId ?? null, day: today });
        // Moving since_id past a truncated read would lose the posts beyond it for good: read on first.
        for (let more = fresh; more.truncated; ) {
          more = await fetchWeiboTimeline(ctx.connector, settings, { sinceId: cursor.sinceId ?? null, day: today, startPage: more.pages + 1 });
          fresh.posts.push(...more.posts);
          fresh.snapshots.push(...more.snapshots);
          await ctx.heartbeat();
        }
        const recent = cursor.sinceId ? await fetchWeiboTimeline(ctx.connector, settings, { sinceId: null, day: today, maxPages: 2 }) : null;
        const posts = [...fresh.posts, ...(recent?.posts ?? [])];
        const snapshots = [...fresh.snapshots, ...(recent?.snapshots ?? [])];
        const newest = [fresh.newestId, cursor.sinceId ?? null].filter((v): v is string => !!v).sort((a, b) => (BigInt(a) < BigInt(b) ? 1 : -1))[0] ?? null;
        return ingestPostBatch(ctx.db, {
          channelId: channel.id,
          batch: { posts, snapshots },
          source: 'job:weibo',
          cursor: { ...cursor, sinceId: newest, readersSource: fresh.readersSource },
        });
      });
    },
  };
}
