// Group robots for warnings and digests (docs/design.md "Data sources"): WeCom (企业微信) and DingTalk webhooks.
// The webhook URL (which embeds the key / access_token) and the DingTalk signing secret are read from
// `JIXIAO_SECRET_*` variables by name; neither ever appears in an error message, which name the robot's
// host at most. A webhook is posted to only when its host is the robot's own or in OUTBOUND_HOSTS.
import { createHmac } from 'node:crypto';
import { decodeJson, httpRequest, shortMessage } from '../connectors/http.ts';
import { shownName } from '../../src/services/outbound-rules.ts';
import { checkOutbound, secretValue } from '../connectors/outbound.ts';
import { ConnectorError, type ConnectorContext } from '../connectors/types.ts';
import { truncateUtf8, utf8Bytes } from './utf8.ts';

export interface RobotSettings {
  kind: 'wecom' | 'dingtalk';
  /** Name of the variable holding the webhook URL (`…/cgi-bin/webhook/send?key=K`, `…/robot/send?access_token=T`). */
  webhookEnv: string;
  /** DingTalk only: name of the variable holding the 加签 secret (`SEC…`); null/absent = no signing. */
  secretEnv?: string | null;
}

/** WeCom refuses markdown content over 4096 UTF-8 bytes. */
export const WECOM_MAX_BYTES = 4096;
/** DingTalk publishes no firm markdown limit; 20,000 bytes is its text limit, used here as a guard. */
export const DINGTALK_MAX_BYTES = 20_000;
/** Both robots accept 20 messages per minute; past that, wait out the minute. */
export const RATE_LIMIT_RETRY_MS = 60_000;

const RATE_LIMITED = new Set([45009, 130101, 410100]);
/** Busy codes worth a retry with backoff (-1 system busy, 45033 too many concurrent calls). */
const BUSY = new Set([-1, 45033]);

/**
 * Posts one markdown message. Resolves on `errcode 0`; otherwise throws a ConnectorError:
 * - `retryable` for rate limits (45009 / 130101 / 410100, retryAfterMs 60 s), busy codes, timeouts,
 *   HTTP 408/429/5xx and bodies that are not the robot's JSON;
 * - `config` for a variable not named `JIXIAO_SECRET_*`, a missing variable, a malformed URL or one whose
 *   host is neither the robot's (qyapi.weixin.qq.com, oapi.dingtalk.com) nor in OUTBOUND_HOSTS — all
 *   refused before anything is sent —, other HTTP 4xx, and every other errcode
 *   (93000 bad key, 310000 sign/keyword/IP check, 300005 unknown token, 40035 missing parameter, …):
 *   the robots answer request and setup problems with them, and a retry would fail the same way.
 */
export async function sendRobotMarkdown(ctx: ConnectorContext, robot: RobotSettings, message: { title: string; markdown: string }): Promise<void> {
  const webhook = readEnv(ctx, robot.webhookEnv, '机器人 Webhook 地址', 'webhookEnv');
  if (!isHttpUrl(webhook)) {
    throw new ConnectorError('config', 'bad_webhook', `环境变量 ${shownName(robot.webhookEnv)} 不是有效的 Webhook 地址`);
  }
  checkOutbound(webhook, robot.kind, ctx.outboundHosts ?? [], `环境变量 ${shownName(robot.webhookEnv)} 中的 Webhook 地址`);
  const secret = robot.kind === 'dingtalk' && robot.secretEnv ? readEnv(ctx, robot.secretEnv, '钉钉机器人加签密钥', 'secretEnv') : null;
  const url = secret ? signedUrl(webhook, secret, ctx.now().getTime()) : webhook;
  const body =
    robot.kind === 'wecom'
      ? { msgtype: 'markdown', markdown: { content: truncateUtf8(message.markdown, WECOM_MAX_BYTES) } }
      : // DingTalk refuses an empty title (40035); it is the notification preview, so it is never left blank.
        { msgtype: 'markdown', markdown: { title: message.title.trim() || '绩效通知', text: truncateUtf8(message.markdown, DINGTALK_MAX_BYTES) } };

  const what = robot.kind === 'wecom' ? '企业微信机器人' : '钉钉机器人';
  // Messages name the host only: the webhook's path and query are the credential.
  const where = `${what}（${new URL(webhook).host}）`;
  const res = await httpRequest(ctx, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    maxBytes: 64 * 1024,
    label: where,
  });
  if (res.status !== 200) {
    const kind = res.status >= 500 || res.status === 408 || res.status === 429 ? 'retryable' : 'config';
    throw new ConnectorError(kind, `http_${res.status}`, `${where} 返回 HTTP ${res.status}`);
  }
  const answer = decodeJson<unknown>(res, where);
  const errcode = readErrcode(answer);
  if (errcode === null) throw new ConnectorError('retryable', 'bad_response', `${where} 的应答缺少 errcode`);
  if (errcode === 0) return;
  const errmsg = readErrmsg(answer, [webhook, secret]);
  const code = String(errcode);
  if (RATE_LIMITED.has(errcode)) {
    throw new ConnectorError('retryable', code, `${what}发送过快 ${code}：${errmsg}（每分钟最多 20 条，稍后重试）`, RATE_LIMIT_RETRY_MS);
  }
  if (BUSY.has(errcode)) throw new ConnectorError('retryable', code, `${what}繁忙 ${code}：${errmsg}`);
  throw new ConnectorError('config', code, `机器人接口错误 ${code}：${errmsg}`);
}

/** DingTalk 加签: sign = base64(HMAC-SHA256(key = secret, "timestamp\nsecret")), URL-encoded. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function signedUrl(webhook: string, secret: string, timestampMs: number): string {
  const sep = webhook.includes('?') ? '&' : '?';
  return `${webhook}${sep}timestamp=${timestampMs}&sign=${encodeURIComponent(dingtalkSign(secret, timestampMs))}`;
}

function readEnv(ctx: ConnectorContext, name: string, what: string, field: string): string {
  const value = secretValue(ctx, name, `机器人的设置 ${field}`);
  if (!value) throw new ConnectorError('config', 'missing_env', `未配置${what}：环境变量 ${shownName(name)} 为空`);
  return value;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function readErrcode(answer: unknown): number | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const raw = (answer as { errcode?: unknown }).errcode;
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
  return null;
}

/** The robot's errmsg, secrets masked first, then one short line. */
function readErrmsg(answer: unknown, secrets: (string | null)[]): string {
  const raw = (answer as { errmsg?: unknown }).errmsg;
  return (typeof raw === 'string' ? shortMessage(scrub(raw, secrets)) : '') || '（无说明）';
}

/** Upstream text may echo the request: mask every credential-looking parameter and the known secrets. */
function scrub(text: string, secrets: (string | null)[]): string {
  let out = text.replace(/((?:key|access_token|token|sign|secret)=)[^&\s"']+/gi, '$1***');
  const values = secrets.flatMap((s) => (s ? [s, ...credentialsOf(s)] : []));
  for (const v of values) if (utf8Bytes(v) >= 6) out = out.split(v).join('***');
  return out;
}

function credentialsOf(webhook: string): string[] {
  try {
    const u = new URL(webhook);
    return ['key', 'access_token'].flatMap((k) => u.searchParams.get(k) ?? []);
  } catch {
    return [];
  }
}
