// What a connector may read and where it may send it, checked before every request (docs/design.md "Data
// sources"): rows stored before the rules may name any variable or host. A channel or robot names its
// secrets by variable, and the name must be a `JIXIAO_SECRET_*` one: the connectors see only those
// (config.secrets), so no stored name can reach DATABASE_URL. The rules themselves are
// src/services/outbound-rules.ts, which addChannel applies too; here they become configuration errors.
// The global WECHAT_API_BASE / WEIBO_API_BASE are the operator's own and not checked.
import { SECRET_PREFIX } from '../../src/config.ts';
import { isSecretName, outboundProblem, shownName, type Upstream } from '../../src/services/outbound-rules.ts';
import { ConnectorError, type ConnectorContext } from './types.ts';

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

/** outboundProblem as a configuration error naming the setting; nothing is sent. */
export function checkOutbound(raw: string, upstream: Upstream | null, outboundHosts: readonly string[], field: string): void {
  const problem = outboundProblem(raw, upstream, outboundHosts);
  if (problem) throw new ConnectorError('config', 'outbound_host', `${field}：${problem}`);
}
