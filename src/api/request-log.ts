import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';
import type { AppDeps, AppEnv, AppServices } from './env.ts';

// Every request gets an id, echoed as X-Request-Id on every answer and written on every log line made while
// handling it, and one access line when it ends (docs/design.md "Operations"). The id rides on a per-request
// copy of the deps (its `logger`), not on AsyncLocalStorage: async hooks would tax every promise of the
// process, and a cached progress read costs about 0.1 ms (docs/benchmarks.md).

/** A proxy's or a client's own id is kept when it is short and plain: it goes into headers and log lines. */
const WELL_FORMED = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** The incoming X-Request-Id when well formed, else a new random one. */
export function requestIdFor(incoming: string | undefined | null): string {
  return incoming && WELL_FORMED.test(incoming) ? incoming : randomUUID();
}

/**
 * Writes through the process's logger with the request id on every line. Plain closures, not methods:
 * callers pass `logger.info` around detached (jobs/safe-logger.ts wraps each one).
 */
function requestLogger(base: Logger, requestId: string): Logger & { requestId: string } {
  return {
    requestId,
    debug: (msg, fields) => base.debug(msg, { ...fields, requestId }),
    info: (msg, fields) => base.info(msg, { ...fields, requestId }),
    warn: (msg, fields) => base.warn(msg, { ...fields, requestId }),
    error: (msg, fields) => base.error(msg, { ...fields, requestId }),
  };
}

/** Load balancers ask these every few seconds: their successes are debug lines, not access lines. */
const PROBES = new Set(['/healthz', '/readyz']);
/** A path is logged, never its query string (which may carry anything); an absurd one is cut. */
const PATH_MAX = 300;

function setHeader(c: Context, name: string, value: string) {
  try {
    c.res.headers.set(name, value);
  } catch {
    // A Response with immutable headers (made by fetch or Response.redirect): answer a mutable copy.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}

/**
 * The first middleware: hands each request its deps (with the request's logger), and when the answer is
 * made — by a route, onError or notFound — stamps X-Request-Id on it and writes the access line.
 */
export function requestLog(deps: AppDeps & AppServices, accessLog: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const logger = requestLogger(deps.logger, requestIdFor(c.req.header('x-request-id')));
    c.set('deps', { ...deps, logger });
    await next();
    setHeader(c, REQUEST_ID_HEADER, logger.requestId);
    if (!accessLog) return;
    const status = c.res.status;
    const path = c.req.path;
    const actor = c.get('actor');
    // Written through the process's logger with the id in the line: one object fewer per request.
    const line = {
      method: c.req.method,
      path: path.length > PATH_MAX ? `${path.slice(0, PATH_MAX)}…` : path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      user: actor?.userId ?? null,
      role: actor?.role ?? null,
      via: actor?.via ?? null,
      requestId: logger.requestId,
    };
    if (status < 400 && PROBES.has(path)) deps.logger.debug('request', line);
    else deps.logger.info('request', line);
  };
}
