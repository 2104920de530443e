// WeChat access_token from `POST /cgi-bin/stable_token`, shared by every process through the TokenStore.
// stable_token (not the old GET /cgi-bin/token) because it does not invalidate the token other processes
// hold; force_refresh stays false: a valid token comes back either way, and forcing is capped per day.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { shownName } from '../../src/services/outbound-rules.ts';
import { secretValue } from './outbound.ts';
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

/**
 * The AppSecret, read from the `JIXIAO_SECRET_*` variable the settings name (any other name is a
 * configuration error, outbound.ts), before anything is sent.
 */
export function readWechatSecret(ctx: ConnectorContext, settings: WechatSettings): string {
  if (!settings.appId?.trim()) throw new ConnectorError('config', 'missing_appid', '微信公众号未配置 AppID');
  if (!settings.secretEnv) throw new ConnectorError('config', 'missing_secret', `微信公众号 ${settings.appId} 未指定 AppSecret 所在的环境变量（secretEnv）`);
  const secret = secretValue(ctx, settings.secretEnv, `微信公众号 ${settings.appId} 的设置 secretEnv`);
  if (!secret) {
    throw new ConnectorError(
      'config',
      'missing_secret',
      `环境变量 ${shownName(settings.secretEnv)} 未设置：微信公众号 ${settings.appId} 的 AppSecret 须放在该变量中`,
    );
  }
  return secret;
}

/**
 * The access_token is a credential: the token store (a database table every process shares) keeps it
 * sealed with AES-256-GCM under a key derived from the AppSecret (HKDF-SHA256, salt = AppID), so a copy
 * of the database grants nothing, and every process that holds the secret can open it. The IV is an
 * HMAC of the token under a second derived key: sealing is deterministic (the same token gives the same
 * text, which `invalidate` compares) and no IV serves two different tokens.
 */
function tokenKeys(secret: string, appId: string): { enc: Buffer; iv: Buffer } {
  const keys = Buffer.from(hkdfSync('sha256', secret, appId, 'jixiao wechat access_token v1', 64));
  return { enc: keys.subarray(0, 32), iv: keys.subarray(32) };
}

export function sealWechatToken(token: string, secret: string, appId: string): string {
  const keys = tokenKeys(secret, appId);
  const iv = createHmac('sha256', keys.iv).update(token, 'utf8').digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', keys.enc, iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return ['v1', iv, sealed, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** The token, or null when the stored text is not one sealed with this secret (rotated, or a plain old row). */
export function openWechatToken(stored: string, secret: string, appId: string): string | null {
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') return null;
  try {
    const [iv, sealed, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
    const decipher = createDecipheriv('aes-256-gcm', tokenKeys(secret, appId).enc, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Forgets a token WeChat rejected, unless another process already stored a fresh one. */
export async function forgetWechatToken(tokens: TokenStore, settings: WechatSettings, secret: string, token: string): Promise<void> {
  await tokens.invalidate(wechatTokenKey(settings.appId), sealWechatToken(token, secret, settings.appId));
}

/**
 * A valid access_token: the cached one unless it expires within 5 minutes (or `force`), else a new one
 * from stable_token, which is then cached until its expiry.
 */
export async function getWechatToken(ctx: ConnectorContext, tokens: TokenStore, settings: WechatSettings, opts: { force?: boolean } = {}): Promise<string> {
  const secret = readWechatSecret(ctx, settings);
  const key = wechatTokenKey(settings.appId);
  if (!opts.force) {
    const cached = await tokens.get(key);
    const token = cached ? openWechatToken(cached.token, secret, settings.appId) : null;
    if (cached && token && cached.expiresAt.getTime() - TOKEN_MARGIN_MS > ctx.now().getTime()) return token;
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
  await tokens.set(key, sealWechatToken(token, secret, settings.appId), new Date(requestedAt + expiresIn * 1000));
  return token;
}
