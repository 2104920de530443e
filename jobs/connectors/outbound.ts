// What a connector may read and where it may send it (docs/design.md "Data sources"). A channel or robot
// names its secrets by variable, and the name must be a `JIXIAO_SECRET_*` one: the connectors see only
// those (config.secrets), so no stored name can reach DATABASE_URL. A channel's own base URL and a robot's
// webhook may point only at their upstream's official host (https) or at a host the operator listed in
// OUTBOUND_HOSTS; the global WECHAT_API_BASE / WEIBO_API_BASE are the operator's own and not checked here.
import { OFFICIAL_HOSTS, SECRET_PREFIX } from '../../src/config.ts';
import { EnvName } from '../../src/edge/schemas.ts';
import { ConnectorError, type ConnectorContext } from './types.ts';

export type Upstream = 'wechat' | 'weibo' | 'wecom' | 'dingtalk';

/** Each upstream's official host, one of OFFICIAL_HOSTS: a WeChat secret never goes to DingTalk's host. */
export const UPSTREAM_HOSTS: Readonly<Record<Upstream, string>> = Object.freeze({
  wechat: officialHost('api.weixin.qq.com'),
  weibo: officialHost('api.weibo.com'),
  wecom: officialHost('qyapi.weixin.qq.com'),
  dingtalk: officialHost('oapi.dingtalk.com'),
});

function officialHost(host: string): string {
  if (!OFFICIAL_HOSTS.includes(host)) throw new Error(`${host} is not in OFFICIAL_HOSTS`);
  return host;
}

/** True for a `JIXIAO_SECRET_*` variable name (the rule of the EnvName edge type). */
export function isSecretName(name: unknown): name is string {
  return typeof name === 'string' && EnvName.safeParse(name).success;
}

/** A stored variable name as it may be shown: itself when it looks like a name, else a placeholder. */
export function shownName(name: unknown): string {
  return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name) ? name : '（无效的变量名）';
}

/**
 * Refuses a variable name that is not `JIXIAO_SECRET_*` (rows stored before the rule): a configuration
 * error naming the setting, before anything is read or sent.
 */
export function checkSecretName(name: unknown, field: string): asserts name is string {
  if (isSecretName(name)) return;
  throw new ConnectorError(
    'config',
    'secret_name',
    `${field} 指向的环境变量 ${shownName(name)} 不可读取：机密只能放在以 ${SECRET_PREFIX} 开头的变量中（如 ${SECRET_PREFIX}WECHAT），请改用这样的变量并重新配置`,
  );
}

/**
 * The value of a `JIXIAO_SECRET_*` variable from `ctx.env` (config.secrets), trimmed; undefined when unset
 * or blank. Any other name is refused (checkSecretName) whatever `ctx.env` holds.
 */
export function secretValue(ctx: ConnectorContext, name: unknown, field: string): string | undefined {
  checkSecretName(name, field);
  const value = Object.hasOwn(ctx.env, name) ? ctx.env[name] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

interface HostEntry {
  host: string;
  /** null = any port */
  port: string | null;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; null when unreadable. */
function readEntry(entry: string): HostEntry | null {
  const e = entry.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(e);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ?? null };
  const colons = e.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = e.split(':') as [string, string];
    return host !== '' && /^\d{1,5}$/.test(port) ? { host, port: String(Number(port)) } : null;
  }
  return e !== '' ? { host: e, port: null } : null;
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/**
 * Why `raw` may not be used as a base or webhook URL for `upstream`, or null when it may: its host must be
 * the upstream's official host over https on the default port, or an OUTBOUND_HOSTS entry (`host` = any
 * port, `host:port` = that port).
 */
export function outboundProblem(raw: string, upstream: Upstream | null, outboundHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '不是有效的网址';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '应为 http:// 或 https:// 开头的网址';
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = defaultPort(url);
  const official = upstream ? UPSTREAM_HOSTS[upstream] : null;
  if (official && host === official && url.protocol === 'https:' && port === '443') return null;
  for (const listed of outboundHosts) {
    const entry = readEntry(listed);
    if (entry && entry.host === host && (entry.port === null || entry.port === port)) return null;
  }
  const allowed = [official ? `https://${official}` : null, 'OUTBOUND_HOSTS 中列出的主机'].filter(Boolean).join(' 或 ');
  return `主机 ${url.host} 不在允许范围：只允许 ${allowed}`;
}

/** outboundProblem as a configuration error naming the setting; nothing is sent. */
export function checkOutbound(raw: string, upstream: Upstream | null, outboundHosts: readonly string[], field: string): void {
  const problem = outboundProblem(raw, upstream, outboundHosts);
  if (problem) throw new ConnectorError('config', 'outbound_host', `${field}：${problem}`);
}
