import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from './env.ts';

// Defences for browsers (docs/design.md "Access"), in place before the pages arrive: a Host the server was
// not told to answer to is refused (DNS rebinding), a state change from a foreign origin is refused (CSRF),
// and every answer carries the security headers.

/** `Example.GOV.cn:443` → `example.gov.cn`; `[::1]:3000` → `::1`. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  return h.replace(/:\d+$/, '');
}

function hostAllowed(config: Config, host: string): boolean {
  return config.allowedHosts === null || config.allowedHosts.includes(host);
}

/** Refuses a Host header the server does not answer to (400); /healthz stays open to load balancers. */
export const allowedHost: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.path !== '/healthz') {
    const host = hostName(c.req.header('host') ?? new URL(c.req.url).host);
    if (!hostAllowed(c.get('deps').config, host)) {
      throw new AppError(400, 'host_not_allowed', `不接受主机名「${host.slice(0, 100)}」：请用 APP_URL 的地址访问，或把它加入 ALLOWED_HOSTS`);
    }
  }
  await next();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request that changes state must not come from another site: an `Origin` naming a host the server does
 * not answer to (or `null`), or `Sec-Fetch-Site: cross-site`, is a 403. Scripts and the CLI send neither.
 */
export const sameOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    let foreign = site === 'cross-site';
    if (origin !== undefined) {
      const config = c.get('deps').config;
      let originHost: string | null = null;
      try {
        originHost = origin === 'null' ? null : hostName(new URL(origin).host);
      } catch {
        originHost = null;
      }
      const ownHost = hostName(c.req.header('host') ?? new URL(c.req.url).host);
      foreign ||= originHost === null || (config.allowedHosts === null ? originHost !== ownHost : !config.allowedHosts.includes(originHost));
    }
    if (foreign) throw new AppError(403, 'cross_origin', '拒绝来自其他网站的请求（Origin 不符）');
  }
  await next();
};

/** CSP `default-src 'self'`, nosniff, no framing, no referrer; HSTS only when the app is served over https. */
export function securityHeaders(config: Config): MiddlewareHandler<AppEnv> {
  const https = config.appUrl?.startsWith('https:') ?? false;
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"] },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginResourcePolicy: 'same-origin',
  });
}
