// A channel's stored settings, checked again at run time before any request (docs/design.md "Data
// sources"): rows stored before the rules may name any variable or host. Secrets only from
// `JIXIAO_SECRET_*` variables; a channel's own baseUrl / countUrl only to its platform's official host or
// OUTBOUND_HOSTS. Without a baseUrl the operator's WECHAT_API_BASE / WEIBO_API_BASE is used, unchecked.
import type { ChannelRow } from '../../src/services/channels.ts';
import type { Config } from '../../src/config.ts';
import type { Upstream } from '../../src/services/outbound-rules.ts';
import { checkOutbound, checkSecretName } from '../connectors/outbound.ts';
import { ConnectorError } from '../connectors/types.ts';
import type { WechatSettings } from '../connectors/wechat.ts';
import type { WeiboSettings } from '../connectors/weibo.ts';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The channel's own URL setting `key`, null when absent; refused unless its host is allowed. */
function ownUrl(settings: Record<string, unknown>, key: 'baseUrl' | 'countUrl', upstream: Upstream, config: Config): string | null {
  const value = settings[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ConnectorError('config', 'bad_url', `渠道设置 ${key} 应为网址`);
  checkOutbound(value.trim(), upstream, config.outboundHosts, `渠道设置 ${key}`);
  return value.trim();
}

export function wechatSettingsOf(channel: ChannelRow, config: Config): WechatSettings {
  const s = (channel.settings ?? {}) as Record<string, unknown>;
  const appId = text(s.appId);
  const secretEnv = text(s.secretEnv);
  if (!appId || !secretEnv)
    throw new ConnectorError('config', 'not_configured', '未配置 appId / secretEnv（jixiao channels add --app-id … --secret-env JIXIAO_SECRET_…）');
  checkSecretName(secretEnv, '渠道设置 secretEnv');
  return { appId, secretEnv, baseUrl: ownUrl(s, 'baseUrl', 'wechat', config) ?? config.wechatApiBase };
}

export function weiboSettingsOf(channel: ChannelRow, config: Config): WeiboSettings {
  const s = (channel.settings ?? {}) as Record<string, unknown>;
  const uid = text(s.uid);
  const tokenEnv = text(s.tokenEnv);
  if (!uid || !tokenEnv)
    throw new ConnectorError('config', 'not_configured', '未配置 uid / tokenEnv（jixiao channels add --uid … --token-env JIXIAO_SECRET_…）');
  checkSecretName(tokenEnv, '渠道设置 tokenEnv');
  return {
    uid,
    tokenEnv,
    baseUrl: ownUrl(s, 'baseUrl', 'weibo', config) ?? config.weiboApiBase,
    countUrl: ownUrl(s, 'countUrl', 'weibo', config),
  };
}
