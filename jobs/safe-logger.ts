// The jobs' log lines carry no secret (docs/design.md "Data sources"): connector messages are written
// clean, but an internal error's text (a driver's "params: …", a stack) is not ours to vouch for. Every
// string a job logs is passed through here: the values of the JIXIAO_SECRET_* variables and the value
// of any credential-looking query parameter become `***`.
import type { Logger } from '../src/logger.ts';

const CREDENTIAL_PARAM = /((?:access_token|token|key|sign|secret|appsecret|password)=)[^&\s"'\\]+/gi;

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(CREDENTIAL_PARAM, '$1***');
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join('***');
  return out;
}

function clean(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value, secrets);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => clean(v, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, secrets, depth + 1)]));
}

/**
 * The strings to mask for an environment of secrets: each value, and the credentials inside a value that
 * is a URL (a webhook's `key=` or `access_token=`, a password), which travel and may come back on their
 * own. Longest first, so a secret that contains another is masked whole.
 */
export function secretValues(env: Record<string, string | undefined>): string[] {
  const out = new Set<string>();
  for (const raw of Object.values(env)) {
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    out.add(raw);
    out.add(raw.trim());
    if (!URL.canParse(raw.trim())) continue;
    const u = new URL(raw.trim());
    for (const part of [u.username, u.password, decoded(u.username), decoded(u.password), ...u.searchParams.values()]) {
      if (part.length >= 6) out.add(part);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `logger`, with every field masked against the secrets of `env` (ctx.env). */
export function safeLogger(logger: Logger, env: Record<string, string | undefined>): Logger {
  const values = secretValues(env);
  const wrap = (log: Logger['info']) => (msg: string, fields?: Record<string, unknown>) =>
    log(maskSecrets(msg, values), fields && (clean(fields, values) as Record<string, unknown>));
  return { debug: wrap(logger.debug), info: wrap(logger.info), warn: wrap(logger.warn), error: wrap(logger.error) };
}
