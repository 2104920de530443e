// Where a channel's or robot's settings may send a request, and which variables they may name (docs/design.md
// "Access", secrets and outbound hosts). Pure rules, applied twice: by addChannel when a setting is stored
// (a 400 naming the field) and by the connectors before every request (jobs/connectors/outbound.ts), for
// rows stored before the rules. A base URL or webhook may point only at its upstream's official host
// (https) or at a host the operator listed in OUTBOUND_HOSTS.
import { OFFICIAL_HOSTS } from '../config.ts';
import { EnvName } from '../edge/schemas.ts';
import { said } from '../errors.ts';
import { say } from '../edge/words.ts';

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
    return say(said('err.outbound.notUrl'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return say(said('err.field.httpUrl'));
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = defaultPort(url);
  const official = upstream ? UPSTREAM_HOSTS[upstream] : null;
  if (official && host === official && url.protocol === 'https:' && port === '443') return null;
  for (const listed of outboundHosts) {
    const entry = readEntry(listed);
    if (entry && entry.host === host && (entry.port === null || entry.port === port)) return null;
  }
  return say(
    official ? said('err.outbound.hostOrOfficial', { host: url.host, official: `https://${official}` }) : said('err.outbound.host', { host: url.host }),
  );
}
