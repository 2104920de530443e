import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { spawnLoad } from './http-load.ts';
import { openSeedApp } from './seed-setup.ts';

// `npx tsx test/bench/quick-http.ts`: the seed on PGlite over HTTP, a bare route, the settings route and a
// cached progress read, 5 s each — a minute-long check of the request path between full bench runs.
const seed = await openSeedApp(new Date('2025-01-15T02:00:00Z'), () => {});
const bare = new Hono().get('/bare', (c) => c.json({ ok: true }));
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve(
    {
      fetch: (req: Request, env: unknown) => (new URL(req.url).pathname === '/bare' ? bare.fetch(req) : seed.app.fetch(req, env as never)),
      hostname: '127.0.0.1',
      port: 0,
    },
    () => resolve(s),
  );
});
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const ids = { idMin: Math.min(...seed.projectIds), idMax: Math.max(...seed.projectIds) };
for (const path of ['/bare', '/api/settings/evaluation', '/api/projects/{id}/progress?asOf=2024-07-01']) {
  const cpu = process.cpuUsage();
  const r = await spawnLoad({ origin, path, ...ids, connections: 16, durationSeconds: 5, warmupSeconds: 1, token: seed.token });
  const used = process.cpuUsage(cpu);
  const perRequest = (used.user + used.system) / 1000 / (r.requests * 1.2);
  process.stdout.write(
    `${path}: ${Math.round(r.rps)} req/s, p99 ${r.latencyMs.p99.toFixed(2)} ms, server CPU ${perRequest.toFixed(3)} ms/request, non-2xx ${r.non2xx}\n`,
  );
}
server.close();
await seed.close();
