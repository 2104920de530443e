import { shanghaiDate } from '../../src/clock.ts';
import { channelsOf } from '../../src/services/channels.ts';
import { ingestPostBatch } from '../../src/services/posts.ts';
import { fetchWechatDay } from '../connectors/wechat.ts';
import { ConnectorError } from '../connectors/types.ts';
import type { JobDefinition } from '../job-types.ts';
import { wechatSettingsOf } from './channel-settings.ts';
import { forEachChannel } from './for-each-channel.ts';

/** The WeChat statistics API keeps a post's figures for 30 days after it is published. */
const LOOKBACK_DAYS = 30;

export function previousDay(day: string, n = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * For data day D (yesterday of the 09:00 slot): the posts published on D, and again the 30 publish days
 * before it, whose readers keep growing. Each day is written in its own transaction.
 */
export function wechatJob(schedule: string): JobDefinition {
  return {
    name: 'wechat',
    schedule,
    description: '微信公众号：前一日发表的文章及近 30 天文章的阅读、分享等数据',
    catchUp: true,
    dataDayOf: (slot) => previousDay(shanghaiDate(slot)),
    async run(ctx) {
      const day = ctx.dataDay ?? previousDay(shanghaiDate(ctx.now()));
      const list = await channelsOf(ctx.db, 'wechat');
      let incomplete = false;
      const result = await forEachChannel(ctx, list, async (channel) => {
        const settings = wechatSettingsOf(channel, ctx.config);
        const totals = { inserted: 0, updated: 0 };
        for (let back = 0; back <= LOOKBACK_DAYS; back++) {
          const batch = await fetchWechatDay(ctx.connector, ctx.tokens, settings, previousDay(day, back));
          if (back === 0 && batch.incomplete) incomplete = true;
          const r = await ingestPostBatch(ctx.db, { channelId: channel.id, batch, source: 'job:wechat' });
          totals.inserted += r.inserted;
          totals.updated += r.updated;
        }
        return totals;
      });
      // is_delay: what arrived is stored; the run retries later for the final figures.
      if (incomplete) throw new ConnectorError('retryable', 'is_delay', `微信 ${day} 的数据尚未就绪（is_delay），稍后重试`, 30 * 60_000);
      return result;
    },
  };
}
