import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.ts';
import { AppError, said } from '../errors.ts';
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

/** Refuses a Host header the server does not answer to (400); /healthz and /readyz stay open to load balancers. */
export const allowedHost: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.path !== '/healthz' && c.req.path !== '/readyz') {
    const host = hostName(c.req.header('host') ?? new URL(c.req.url).host);
    if (!hostAllowed(c.get('deps').config, host)) {
      throw new AppError(400, 'host_not_allowed', said('err.web.host', { host: host.slice(0, 100) }));
    }
  }
  await next();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request that changes state must come from this origin: an `Origin` whose host and port are not the
 * request's own `Host` (or APP_URL's), `Origin: null`, or `Sec-Fetch-Site` other than same-origin/none is a
 * 403 — another port or subdomain is another origin. Scripts and the CLI send neither header.
 */
export const sameOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    let foreign = site !== undefined && site !== 'same-origin' && site !== 'none';
    if (origin !== undefined && !foreign) {
      const own = (c.req.header('host') ?? new URL(c.req.url).host).trim().toLowerCase();
      const appUrl = c.get('deps').config.appUrl;
      const app = appUrl ? new URL(appUrl).host.toLowerCase() : null;
      let from: string | null = null;
      try {
        from = origin === 'null' ? null : new URL(origin).host.toLowerCase();
      } catch {
        from = null;
      }
      foreign = from === null || (from !== own && from !== app);
    }
    if (foreign) throw new AppError(403, 'cross_origin', said('err.web.origin'));
  }
  await next();
};

/** CSP `default-src 'self'`, nosniff, no framing, no referrer to other sites; HSTS only when the app is served over https. */
export function securityHeaders(config: Config): MiddlewareHandler<AppEnv> {
  const https = config.appUrl?.startsWith('https:') ?? false;
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"] },
    xFrameOptions: 'DENY',
    // same-origin, not no-referrer: under no-referrer browsers send `Origin: null` on our own form posts, which the
    // same-origin check must refuse. Other sites still get no referrer.
    referrerPolicy: 'same-origin',
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginResourcePolicy: 'same-origin',
  });
}
