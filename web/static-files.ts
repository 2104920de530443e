import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { WebEnv } from './env.ts';

// Our own assets and chart.js, served from this server (users sit on closed networks: no CDN). Public: the
// sign-in page needs the stylesheet. Read once, with an ETag, cached for an hour.

interface Asset {
  body: Uint8Array;
  type: string;
  etag: string;
}

const here = (name: string) => fileURLToPath(new URL(`./static/${name}`, import.meta.url));
const sources: Record<string, { path: () => string; type: string }> = {
  'app.css': { path: () => here('app.css'), type: 'text/css; charset=utf-8' },
  'charts.js': { path: () => here('charts.js'), type: 'text/javascript; charset=utf-8' },
  'print.js': { path: () => here('print.js'), type: 'text/javascript; charset=utf-8' },
  'report.css': { path: () => here('report.css'), type: 'text/css; charset=utf-8' },
  'review.css': { path: () => here('review.css'), type: 'text/css; charset=utf-8' },
  // chart.js exports only its modules; the UMD build sits beside the CommonJS entry.
  'chart.umd.min.js': {
    path: () => join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

const loaded = new Map<string, Asset>();

function asset(name: string): Asset | null {
  const source = sources[name];
  if (!source) return null;
  let a = loaded.get(name);
  if (!a) {
    const body = readFileSync(source.path());
    a = { body, type: source.type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
    loaded.set(name, a);
  }
  return a;
}

export const staticRoutes = new Hono<WebEnv>().get('/static/:name', (c) => {
  const a = asset(c.req.param('name'));
  if (!a) return c.notFound();
  c.header('Cache-Control', 'public, max-age=3600');
  c.header('ETag', a.etag);
  if (c.req.header('if-none-match') === a.etag) return c.body(null, 304);
  c.header('Content-Type', a.type);
  return c.body(a.body as Uint8Array<ArrayBuffer>);
});
