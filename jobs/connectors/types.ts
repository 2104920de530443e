import type { PostBatch } from '../../src/services/post-types.ts';

// What every connector (the only network code) shares. Connectors fetch and translate; they never
// touch the database: a job hands their output to the services in one transaction.

/**
 * `retryable`: timeouts, 5xx, garbage bodies, WeChat -1, rate limits — the run retries with backoff.
 * `quota`: the daily quota is spent (WeChat 45009) — stop now, the next slot tries again.
 * `config`: bad secret, IP not whitelisted, no permission, expired Weibo token — fail at once, no retry;
 * the message carries the upstream's code and text.
 */
export type ConnectorErrorKind = 'retryable' | 'quota' | 'config';

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    /** The upstream's code (errcode, error_code, HTTP status) or a local one such as `timeout`. */
    readonly code: string,
    message: string,
    /** Milliseconds the upstream asked us to wait, if it said. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface HttpTimeouts {
  /** TCP connect */
  connectMs: number;
  /** until response headers arrive */
  headersMs: number;
  /** between body chunks */
  bodyMs: number;
}

export interface ConnectorContext {
  now: () => Date;
  /**
   * The `JIXIAO_SECRET_*` variables (config.secrets), never the whole environment: a secret is read by
   * the name the database stores, and only such names are read (outbound.ts).
   */
  env: Record<string, string | undefined>;
  /** OUTBOUND_HOSTS (config.outboundHosts): hosts a robot webhook may use besides the robot hosts. */
  outboundHosts?: readonly string[];
  timeouts: HttpTimeouts;
  /** Aborts in-flight requests when the process stops. */
  signal?: AbortSignal;
}

// Shared with the services that store what connectors fetch: the shapes live in src/ (docs/design.md "Data sources").
export type { TokenStore } from '../../src/services/upstream-tokens.ts';
export type { PostInput as FetchedPost, PostSnapshot as FetchedSnapshot } from '../../src/services/post-types.ts';

export interface FetchedBatch extends PostBatch {
  /** WeChat `is_delay: true`: the day's data is not final yet; run again later. */
  incomplete: boolean;
}
