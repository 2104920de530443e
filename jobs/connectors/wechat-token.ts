// WeChat access_token from `POST /cgi-bin/stable_token`, shared by every process through the TokenStore.
// stable_token (not the old GET /cgi-bin/token) because it does not invalidate the token other processes
// hold; force_refresh stays false: a valid token comes back either way, and forcing is capped per day.
import { z } from 'zod';
import { ConnectorError, type ConnectorContext, type TokenStore } from './types.ts';
import { postWechat, wechatError, wechatUrl, type WechatSettings } from './wechat-call.ts';

/** A cached token is replaced this long before it expires, so no call goes out with a dying one. */
export const TOKEN_MARGIN_MS = 5 * 60_000;

export function wechatTokenKey(appId: string): string {
  return `wechat:${appId}`;
}

const tokenReply = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/** The AppSecret, read from the environment variable the settings name. */
export function readWechatSecret(ctx: ConnectorContext, settings: WechatSettings): string {
  if (!settings.appId?.trim()) throw new ConnectorError('config', 'missing_appid', '微信公众号未配置 AppID');
  const secret = settings.secretEnv ? ctx.env[settings.secretEnv]?.trim() : undefined;
  if (!secret) {
    throw new ConnectorError(
      'config',
      'missing_secret',
      `环境变量 ${settings.secretEnv || '（未指定）'} 未设置：微信公众号 ${settings.appId} 的 AppSecret 须放在该变量中`,
    );
  }
  return secret;
}

/**
 * A valid access_token: the cached one unless it expires within 5 minutes (or `force`), else a new one
 * from stable_token, which is then cached until its expiry.
 */
export async function getWechatToken(
  ctx: ConnectorContext,
  tokens: TokenStore,
  settings: WechatSettings,
  opts: { force?: boolean } = {},
): Promise<string> {
  const secret = readWechatSecret(ctx, settings);
  const key = wechatTokenKey(settings.appId);
  if (!opts.force) {
    const cached = await tokens.get(key);
    if (cached && cached.expiresAt.getTime() - TOKEN_MARGIN_MS > ctx.now().getTime()) return cached.token;
  }
  // Expiry counts from before the request, so a slow answer errs on the early side.
  const requestedAt = ctx.now().getTime();
  const reply = await postWechat(
    ctx,
    wechatUrl(settings, '/cgi-bin/stable_token'),
    { grant_type: 'client_credential', appid: settings.appId, secret, force_refresh: false },
    [secret],
  );
  if (!reply.ok) throw wechatError(reply.errcode, reply.errmsg, [secret]);
  const parsed = tokenReply.safeParse(reply.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '（根）'}：${issue.message}` : '';
    throw new ConnectorError('retryable', 'bad_payload', `微信返回的数据格式异常：stable_token ${where}`);
  }
  const { access_token: token, expires_in: expiresIn } = parsed.data;
  await tokens.set(key, token, new Date(requestedAt + expiresIn * 1000));
  return token;
}
