import { readCursor } from '../../src/services/channel-cursors.ts';
import { channelsOf } from '../../src/services/channels.ts';
import { ingestPostBatch } from '../../src/services/posts.ts';
import { fetchRssFeed } from '../connectors/rss.ts';
import { ConnectorError } from '../connectors/types.ts';
import type { JobDefinition } from '../job-types.ts';
import { forEachChannel } from './for-each-channel.ts';

/** Each RSS feed with a conditional GET; a broken feed fails the run and stores nothing. */
export function rssJob(schedule: string): JobDefinition {
  return {
    name: 'rss',
    schedule,
    description: 'RSS：各订阅源的新文章（ETag / Last-Modified 条件请求）',
    catchUp: false,
    async run(ctx) {
      const list = await channelsOf(ctx.db, 'rss');
      return forEachChannel(ctx, list, async (channel) => {
        const url = (channel.settings as { url?: string }).url;
        if (!url) throw new ConnectorError('config', 'not_configured', '未配置订阅地址（jixiao channels add --platform rss --url …）');
        const cursor = await readCursor(ctx.db, channel.id);
        const feed = await fetchRssFeed(ctx.connector, { url }, { etag: cursor.etag ?? null, lastModified: cursor.lastModified ?? null });
        if (feed.notModified) return { inserted: 0, updated: 0 };
        return ingestPostBatch(ctx.db, {
          channelId: channel.id,
          batch: { posts: feed.posts, snapshots: [] },
          source: 'job:rss',
          cursor: { ...cursor, etag: feed.cache.etag, lastModified: feed.cache.lastModified },
        });
      });
    },
  };
}
