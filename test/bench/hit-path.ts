import { noSessionCache } from '../../src/services/web-sessions.ts';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv, AppServices } from '../../src/api/env.ts';
import { authenticate } from '../../src/api/authenticate.ts';
import { jsonGuard } from '../../src/api/json-guard.ts';
import { progressRoutes, settingsRoutes } from '../../src/api/progress.ts';
import { allowedHost, sameOrigin, securityHeaders } from '../../src/api/web-defences.ts';
import type { App } from '../../src/app.ts';
import type { ChangeFeed } from '../../src/services/change-feed.ts';
import type { ProgressCache } from '../../src/services/progress-cache.ts';
import { createProgressReader } from '../../src/services/progress-reader.ts';
import { createTokenCache } from '../../src/services/token-cache.ts';

// Where the CPU of a cached progress read goes, in process (app.request: no sockets, no HTTP parsing), one
// request at a time: a ladder of Hono apps, each adding the next piece of createApp's chain for /api/* (in
// createApp's order), then the real progress and settings routes behind that chain, then the real app. The
// difference between two rungs is what the added piece costs per request. The chain is rebuilt here from the
// exported middleware (src/app.ts composes the same pieces), so the last two rungs — the app itself — are the
// check that nothing is missing.

export interface HitPathStep {
  label: string;
  /** Microseconds per request: the fastest of the rounds. */
  us: number;
  bytes: number;
}

type Deps = AppDeps & AppServices;

interface Input {
  app: App;
  deps: Omit<AppDeps, 'progressCache'> & { feed: ChangeFeed };
  /** The app's own progress cache, already holding the answer read here: the rungs share its hits. */
  cache: ProgressCache;
  token: string;
  projectId: number;
  asOf: string;
  requests: number;
  rounds: number;
}

export async function measureHitPath(o: Input): Promise<HitPathStep[]> {
  const deps: Deps = {
    ...o.deps,
    progress: createProgressReader(o.deps.db, o.deps.config.evaluation, o.cache),
    tokens: createTokenCache(o.deps.feed),
    sessions: noSessionCache,
  };
  const setDeps: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('deps', deps);
    await next();
  };
  const limit = bodyLimit({ maxSize: deps.config.uploadLimitBytes });
  const chain: [string, MiddlewareHandler<AppEnv>[]][] = [
    ['+ deps, security headers (secureHeaders)', [setDeps, securityHeaders(deps.config)]],
    ['+ allowed Host', [allowedHost]],
    ['+ same origin', [sameOrigin]],
    ['+ body limit', [limit]],
    ['+ authenticate (token cache hit)', [authenticate]],
    ['+ JSON guard', [jsonGuard]],
  ];
  const progressPath = `/api/projects/${o.projectId}/progress?asOf=${o.asOf}`;
  const headers = { authorization: `Bearer ${o.token}` };
  // The socket @hono/node-server hands the app, so the client address is read as over HTTP (off a socket,
  // getConnInfo throws and the cost of that exception would be counted).
  const env = { incoming: { socket: { remoteAddress: '127.0.0.1', remotePort: 40000, remoteFamily: 'IPv4' } } };
  const call = (h: { request: App['request'] }) => (p: string) => Promise.resolve(h.request(p, { headers }, env as never));
  const withChain = (upTo: number) => {
    const h = new Hono<AppEnv>();
    for (const [, mws] of chain.slice(0, upTo)) for (const mw of mws) h.use('/api/*', mw);
    return h;
  };
  const steps: { label: string; request: (path: string) => Promise<Response>; path: string }[] = [];
  const tiny = (h: Hono<AppEnv>) => h.get('/api/projects/:id/progress', (c) => c.json({ ok: true }));
  steps.push({ label: 'Hono, one route answering `{"ok":true}`', request: call(tiny(new Hono<AppEnv>())), path: progressPath });
  for (const [k, [label]] of chain.entries()) steps.push({ label, request: call(tiny(withChain(k + 1))), path: progressPath });
  const settings = withChain(chain.length).route('/', settingsRoutes);
  steps.push({
    label: 'chain + the settings route (OpenAPI, guard `read`, c.json of the settings)',
    request: call(settings),
    path: '/api/settings/evaluation',
  });
  const progress = withChain(chain.length).route('/', progressRoutes);
  steps.push({
    label: 'chain + the progress route (guard `read` project, param/query validation, cache hit, body)',
    request: call(progress),
    path: progressPath,
  });
  steps.push({ label: 'createApp: `GET /api/settings/evaluation`', request: call(o.app), path: '/api/settings/evaluation' });
  steps.push({ label: 'createApp: `GET /api/projects/:id/progress` (cache hit)', request: call(o.app), path: progressPath });

  const best = steps.map(() => Number.POSITIVE_INFINITY);
  const bytes = steps.map(() => 0);
  for (const [i, s] of steps.entries()) {
    // Warm each rung (JIT, the token cache, the answer) and check it answers 200.
    for (let k = 0; k < 200; k++) {
      const res = await s.request(s.path);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`hit path "${s.label}": HTTP ${res.status} ${body.slice(0, 200)}`);
      bytes[i] = Buffer.byteLength(body);
    }
  }
  const hitsBefore = o.cache.stats();
  // Rounds go over every rung in turn, so a burst of unrelated load does not fall on one rung only.
  for (let r = 0; r < o.rounds; r++) {
    for (const [i, s] of steps.entries()) {
      const started = performance.now();
      for (let k = 0; k < o.requests; k++) await (await s.request(s.path)).text();
      best[i] = Math.min(best[i]!, ((performance.now() - started) * 1000) / o.requests);
    }
  }
  const after = o.cache.stats();
  if (after.misses !== hitsBefore.misses) throw new Error(`hit path: ${after.misses - hitsBefore.misses} progress cache misses while timing hits`);
  return steps.map((s, i) => ({ label: s.label, us: best[i]!, bytes: bytes[i]! }));
}

export interface WriteCost {
  n: number;
  /** Server-process CPU and wall time, ms per request, in process and one at a time. */
  write: { cpuMs: number; wallMs: number };
  /** The progress read right after a write: the cache was told, so it recomputes. */
  readAfterWrite: { cpuMs: number; wallMs: number };
  /** The same read again: a hit. */
  readAgain: { cpuMs: number; wallMs: number };
  /** PostgreSQL's CPU per write and per recomputation (null without a known server). */
  postgresMs: { write: number | null; readAfterWrite: number | null };
  /** Progress cache misses of the two reads, per write: 1 and 0 when a write costs one recomputation. */
  missesPerWrite: { readAfterWrite: number; readAgain: number };
}

/**
 * What one entry write costs the server, and the recomputation it causes: `n` writes of 1.00 yuan (each to
 * another project), each followed by the progress read that recomputes and a second read that should hit,
 * one at a time through app.request. CPU by process.cpuUsage (this process) and by /proc (PostgreSQL); the
 * cache's misses say how many recomputations each write caused.
 */
export async function measureWriteCost(o: {
  app: App;
  cache: ProgressCache;
  token: string;
  projects: number;
  asOf: string;
  date: string;
  n: number;
  pgCpuMs: () => number | null;
}): Promise<WriteCost> {
  const headers = { authorization: `Bearer ${o.token}` };
  const env = { incoming: { socket: { remoteAddress: '127.0.0.1', remotePort: 40000, remoteFamily: 'IPv4' } } } as never;
  const parts = { write: [0, 0, 0, 0], readAfterWrite: [0, 0, 0, 0], readAgain: [0, 0, 0, 0] };
  const timed = async (part: keyof typeof parts, fn: () => Response | Promise<Response>) => {
    const pg = o.pgCpuMs();
    const misses = o.cache.stats().misses;
    const cpu = process.cpuUsage();
    const t = performance.now();
    const res = await fn();
    const body = await res.text();
    const used = process.cpuUsage(cpu);
    const pgAfter = o.pgCpuMs();
    parts[part][0]! += (used.user + used.system) / 1000;
    parts[part][1]! += performance.now() - t;
    parts[part][2]! += pg !== null && pgAfter !== null ? pgAfter - pg : Number.NaN;
    parts[part][3]! += o.cache.stats().misses - misses;
    if (res.status !== 200 && res.status !== 201) throw new Error(`write cost, ${part}: HTTP ${res.status} ${body.slice(0, 200)}`);
  };
  const warm = 20;
  for (let k = -warm; k < o.n; k++) {
    const p = 1 + (((k + warm) * 37) % o.projects);
    const path = `/api/projects/${p}/progress?asOf=${o.asOf}`;
    if (k < 0) {
      await (await o.app.request(path, { headers }, env)).text();
      continue;
    }
    await timed('write', () =>
      o.app.request(
        `/api/projects/${p}/entries`,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'expenditure', id: `bench-cost-${Date.now()}-${k}`, date: o.date, amount: 1, voucher: `压测-成本-${k}` }),
        },
        env,
      ),
    );
    await timed('readAfterWrite', () => o.app.request(path, { headers }, env));
    await timed('readAgain', () => o.app.request(path, { headers }, env));
  }
  const per = (x: number[]) => ({ cpuMs: x[0]! / o.n, wallMs: x[1]! / o.n });
  const pgPer = (x: number[]) => (Number.isNaN(x[2]) ? null : x[2]! / o.n);
  return {
    n: o.n,
    write: per(parts.write),
    readAfterWrite: per(parts.readAfterWrite),
    readAgain: per(parts.readAgain),
    postgresMs: { write: pgPer(parts.write), readAfterWrite: pgPer(parts.readAfterWrite) },
    missesPerWrite: { readAfterWrite: parts.readAfterWrite[3]! / o.n, readAgain: parts.readAgain[3]! / o.n },
  };
}
