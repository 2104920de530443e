import { resolve } from 'node:path';
import { z } from 'zod';
import { evaluationSettingsSchema } from './evaluation/settings.ts';
import type { EvaluationSettings } from './evaluation/types.ts';

/** The only reader of process.env. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** One `request` line per HTTP request at info (docs/design.md "Operations"); `false` when the proxy logs them already. */
  ACCESS_LOG: z.enum(['true', 'false', '1', '0']).default('true'),
  /** Largest accepted upload (target tables, bulk files), in megabytes. */
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(512).default(20),
  // Supporting files go into the database unless a directory is named (docs/design.md "Supporting files").
  FILES_DIR: z.string().min(1).optional(),
  // Web sessions end after this long without a request, and this long after signing in, whatever happens.
  SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
  SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(7),
  JOBS_ENABLED: z.enum(['true', 'false', '1', '0']).default('true'),
  /** At start, run at most this many missed slots per job. */
  JOBS_CATCH_UP_MAX: z.coerce.number().int().min(0).max(1000).default(7),
  JOBS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  JOBS_BACKOFF_BASE_MS: z.coerce.number().int().min(0).default(2_000),
  JOBS_BACKOFF_MAX_MS: z.coerce.number().int().min(0).default(120_000),
  /** A running job that has not beaten its heartbeat for this long is taken over. */
  JOBS_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(120_000),
  HTTP_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  HTTP_BODY_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  PROBE_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WEIBO_API_BASE: z.string().url().default('https://api.weibo.com/2'),
  /** Link target in robot messages, e.g. https://jixiao.example.gov.cn */
  APP_URL: z.string().url().optional(),
  /** Cron expressions (Asia/Shanghai) overriding the default schedule. */
  SCHEDULE_WECHAT: z.string().default('0 9 * * *'),
  SCHEDULE_WEIBO: z.string().default('0 9 * * *'),
  SCHEDULE_RSS: z.string().default('0 * * * *'),
  SCHEDULE_PROBES: z.string().default('*/5 * * * *'),
  SCHEDULE_ALERTS: z.string().default('*/30 * * * *'),
  SCHEDULE_DIGEST: z.string().default('30 8 * * 1'),
  /** JSON overriding docs/design.md "Monitoring rules" and "Scoring" thresholds, e.g. {"budgetLamp":{"red":70,"yellow":85},"grades":{"excellent":80,"good":70,"fair":60}} */
  EVALUATION_SETTINGS: z.string().optional(),
  /** Host names the server answers to (DNS rebinding): comma-separated, `*` for any. */
  ALLOWED_HOSTS: z.string().optional(),
  /** Hosts a channel's own base URL may point at, besides the official API hosts: comma-separated. */
  OUTBOUND_HOSTS: z.string().optional(),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
});

/** Secrets are reachable only under this prefix: a channel or robot names one of these variables. */
export const SECRET_PREFIX = 'JIXIAO_SECRET_';

/** Official upstream hosts, always allowed as a channel's base URL. */
export const OFFICIAL_HOSTS = ['api.weixin.qq.com', 'api.weibo.com', 'qyapi.weixin.qq.com', 'oapi.dingtalk.com'];

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Whether each HTTP request writes its access line (at info). */
  accessLog: boolean;
  uploadLimitBytes: number;
  /** Where new supporting files' bytes are written; null = in the database (the default, kept by backups). */
  filesDir: string | null;
  /** Web sessions: idle and absolute lifetimes, ms. */
  session: { idleMs: number; maxMs: number };
  jobs: {
    enabled: boolean;
    catchUpMax: number;
    maxAttempts: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    staleAfterMs: number;
    http: { connectMs: number; headersMs: number; bodyMs: number };
    probeTimeoutMs: number;
    schedules: Record<'wechat' | 'weibo' | 'rss' | 'probes' | 'alerts' | 'digest', string>;
  };
  wechatApiBase: string;
  weiboApiBase: string;
  appUrl: string | null;
  /** Pace tolerance, over-achievement, budget lamp, grade bands, group points (defaults: docs/design.md "Monitoring rules", "Scoring"). */
  evaluation: EvaluationSettings;
  /** Lower-case host names (no port) the server answers to; null = any (`ALLOWED_HOSTS=*`). */
  allowedHosts: string[] | null;
  /** Lower-case `host` or `host:port` entries a channel's base URL may use, besides OFFICIAL_HOSTS. */
  outboundHosts: string[];
  trustProxy: boolean;
  /** The values of the `JIXIAO_SECRET_*` variables: the only environment the connectors may read. */
  secrets: Record<string, string>;
  /** The CLI's language: JIXIAO_LANG, else LC_ALL/LANG starting with `en`, else Chinese. */
  language: CliLanguage;
}

/** The language of the CLI's messages (docs/design.md "Languages"). */
export type CliLanguage = 'zh' | 'en';

/**
 * `JIXIAO_LANG` (`zh` or `en`); else English when LC_ALL or LANG (the first set) starts with `en`; else Chinese.
 * Read on its own so that a CLI whose environment is otherwise wrong still speaks its user's language.
 */
export function languageFromEnv(env: NodeJS.ProcessEnv = process.env): CliLanguage {
  const chosen = env.JIXIAO_LANG?.trim().toLowerCase();
  if (chosen === 'zh' || chosen === 'en') return chosen;
  const locale = env.LC_ALL || env.LANG || '';
  return locale.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    accessLog: e.ACCESS_LOG === 'true' || e.ACCESS_LOG === '1',
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    filesDir: e.FILES_DIR ? resolve(e.FILES_DIR) : null,
    session: { idleMs: Math.round(e.SESSION_IDLE_HOURS * 3_600_000), maxMs: Math.round(e.SESSION_MAX_DAYS * 86_400_000) },
    jobs: {
      enabled: e.JOBS_ENABLED === 'true' || e.JOBS_ENABLED === '1',
      catchUpMax: e.JOBS_CATCH_UP_MAX,
      maxAttempts: e.JOBS_MAX_ATTEMPTS,
      backoffBaseMs: e.JOBS_BACKOFF_BASE_MS,
      backoffMaxMs: e.JOBS_BACKOFF_MAX_MS,
      staleAfterMs: e.JOBS_STALE_AFTER_MS,
      http: { connectMs: e.HTTP_CONNECT_TIMEOUT_MS, headersMs: e.HTTP_HEADERS_TIMEOUT_MS, bodyMs: e.HTTP_BODY_TIMEOUT_MS },
      probeTimeoutMs: e.PROBE_TIMEOUT_MS,
      schedules: {
        wechat: e.SCHEDULE_WECHAT,
        weibo: e.SCHEDULE_WEIBO,
        rss: e.SCHEDULE_RSS,
        probes: e.SCHEDULE_PROBES,
        alerts: e.SCHEDULE_ALERTS,
        digest: e.SCHEDULE_DIGEST,
      },
    },
    wechatApiBase: e.WECHAT_API_BASE.replace(/\/$/, ''),
    weiboApiBase: e.WEIBO_API_BASE.replace(/\/$/, ''),
    appUrl: e.APP_URL ?? null,
    evaluation: readEvaluationSettings(e.EVALUATION_SETTINGS),
    allowedHosts: readAllowedHosts(e.ALLOWED_HOSTS, e.APP_URL ?? null),
    outboundHosts: list(e.OUTBOUND_HOSTS),
    trustProxy: e.TRUST_PROXY === 'true' || e.TRUST_PROXY === '1',
    secrets: Object.fromEntries(Object.entries(cleaned).filter(([k]) => k.startsWith(SECRET_PREFIX)) as [string, string][]),
    language: languageFromEnv(env),
  };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
}

/** Default: the local names and APP_URL's host, so a browser on another name (DNS rebinding) is refused. */
function readAllowedHosts(value: string | undefined, appUrl: string | null): string[] | null {
  const given = list(value);
  if (given.includes('*')) return null;
  const hosts = given.length > 0 ? given : ['localhost', '127.0.0.1', '::1'];
  if (appUrl) hosts.push(new URL(appUrl).hostname.toLowerCase().replace(/^\[|\]$/g, ''));
  return [...new Set(hosts.map((h) => h.replace(/^\[|\]$/g, '')))];
}

function readEvaluationSettings(json: string | undefined): EvaluationSettings {
  let overrides: unknown = {};
  if (json) {
    try {
      overrides = JSON.parse(json);
    } catch {
      throw new ConfigError('invalid environment: EVALUATION_SETTINGS is not JSON');
    }
  }
  const parsed = evaluationSettingsSchema.safeParse(overrides);
  if (!parsed.success) {
    throw new ConfigError(`invalid environment: EVALUATION_SETTINGS: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
