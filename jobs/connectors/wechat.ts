// WeChat Official Account connector (docs/design.md "Data sources"): the articles published on one day, with their
// cumulative readership per stat_date. The daily job asks for yesterday (new posts) and re-asks the
// last 30 publish days (growing figures); this module fetches and translates one day, nothing more.
import { ConnectorError, type ConnectorContext, type FetchedBatch, type TokenStore } from './types.ts';
import { isCalendarDay, mapArticleTotalDetail, mapArticleTotalLegacy } from './wechat-articles.ts';
import { postWechat, TOKEN_ERRCODES, wechatError, wechatUrl, type WechatSettings } from './wechat-call.ts';
import { forgetWechatToken, getWechatToken, readWechatSecret } from './wechat-token.ts';

export type { WechatSettings } from './wechat-call.ts';
export { getWechatToken, wechatTokenKey } from './wechat-token.ts';

/** First publish day served by getarticletotaldetail; earlier days use the deprecated getarticletotal. */
export const WECHAT_DETAIL_FROM = '2025-11-01';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai has no DST
/** Hour (Asia/Shanghai) after which yesterday's statistics are published. */
const DATA_READY_HOUR = 8;

/**
 * Posts published on `day` (YYYY-MM-DD, Asia/Shanghai) and one snapshot per post and stat_date.
 * `day` must be before today in Asia/Shanghai (a caller bug otherwise: config error, nothing sent).
 * `incomplete` is true when WeChat says `is_delay`, or when asking for yesterday before 08:00, when the
 * day's figures are not published yet.
 */
export async function fetchWechatDay(ctx: ConnectorContext, tokens: TokenStore, settings: WechatSettings, day: string): Promise<FetchedBatch> {
  const now = ctx.now();
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const today = local.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isCalendarDay(day)) {
    throw new ConnectorError('config', 'bad_day', `微信数据的日期无效：${JSON.stringify(day)}（应为 YYYY-MM-DD）`);
  }
  if (day >= today) {
    throw new ConnectorError('config', 'day_not_ready', `微信数据按日发布，次日 08:00 后才可查询：不能请求 ${day}（今天是 ${today}，北京时间）`);
  }
  const legacy = day < WECHAT_DETAIL_FROM;
  const path = legacy ? '/datacube/getarticletotal' : '/datacube/getarticletotaldetail';
  const body = await callWithToken(ctx, tokens, settings, path, { begin_date: day, end_date: day });
  const batch = legacy ? mapArticleTotalLegacy(body) : mapArticleTotalDetail(body);
  const notPublishedYet = day === previousDay(today) && local.getUTCHours() < DATA_READY_HOUR;
  return { ...batch, incomplete: batch.incomplete || notPublishedYet };
}

/**
 * A data call with the cached token; when WeChat rejects the token (40001/40014/42001) it is dropped
 * from the store, a fresh one fetched and the call retried once. A second rejection is a config error.
 */
async function callWithToken(
  ctx: ConnectorContext,
  tokens: TokenStore,
  settings: WechatSettings,
  path: string,
  payload: unknown,
): Promise<Record<string, unknown>> {
  const secret = readWechatSecret(ctx, settings);
  let token = await getWechatToken(ctx, tokens, settings);
  for (let attempt = 1; ; attempt++) {
    const reply = await postWechat(ctx, wechatUrl(settings, path, token), payload, [secret, token]);
    if (reply.ok) return reply.body;
    if (!TOKEN_ERRCODES.has(reply.errcode)) throw wechatError(reply.errcode, reply.errmsg, [secret, token]);
    if (attempt > 1) {
      throw new ConnectorError(
        'config',
        String(reply.errcode),
        wechatError(reply.errcode, reply.errmsg, [secret, token], '（已换新 access_token 重试，仍被拒绝）').message,
      );
    }
    await forgetWechatToken(tokens, settings, secret, token);
    // Not forced: another process may already have stored a fresh token, which serves as well.
    token = await getWechatToken(ctx, tokens, settings);
  }
}

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
