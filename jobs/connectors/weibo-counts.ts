// The commercial count endpoint: `GET <countUrl>?access_token&ids=1,2,…` (at most 100 ids a call) →
// `[{"id":3468865533114224,"comments","reposts","attitudes","reads"}]`. Only `reads` is used: the
// timeline already carries the other counters.
import { z } from 'zod';
import { ConnectorError, type ConnectorContext } from './types.ts';
import { getWeiboJson, weiboUrl } from './weibo-api.ts';

export const WEIBO_COUNT_BATCH = 100;

const Counts = z.array(
  z.object({
    id: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative().transform(String)]),
    reads: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
  }),
);

/** Read counts by post id; ids the endpoint does not return are absent from the map. */
export async function fetchWeiboReadCounts(ctx: ConnectorContext, countUrl: string, token: string, ids: string[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (let i = 0; i < ids.length; i += WEIBO_COUNT_BATCH) {
    const batch = ids.slice(i, i + WEIBO_COUNT_BATCH);
    const url = weiboUrl(countUrl, '', { access_token: token, ids: batch.join(',') });
    const r = Counts.safeParse(await getWeiboJson(ctx, url, '微博阅读数接口', [token]));
    if (!r.success) {
      const issue = r.error.issues[0];
      const detail = issue ? `${issue.path.join('.') || '(根)'}: ${issue.message}` : r.error.message;
      throw new ConnectorError('retryable', 'bad_payload', `微博阅读数接口返回格式不符：${detail}`);
    }
    for (const c of r.data) if (batch.includes(c.id)) out.set(c.id, c.reads ?? null);
  }
  return out;
}
