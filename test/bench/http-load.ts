import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { hash32 } from './prng.ts';

// A closed-loop HTTP load generator: N connections, each sending its next request as soon as the last
// response body has been read, for a fixed time after a warm-up. It runs as a child process
// (`node --import tsx test/bench/http-load.ts …`, one JSON line on stdout) so its event loop does not share
// a thread with the server under test; on a 2-core machine it still competes for the CPUs with the server
// and PostgreSQL, equally for every route measured.

export interface LoadOptions {
  origin: string;
  /** Path; `{id}` is replaced by a pseudo-random integer in [idMin, idMax] per request. */
  path: string;
  idMin: number;
  idMax: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Sent as `Authorization: Bearer …` (the app's routes need a token; /bare does not look). */
  token?: string;
}

export interface LoadResult {
  path: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  meanBodyBytes: number;
  /** CPU of the generator process during the load (warm-up included), ms. */
  cpuMs: number;
}

export function percentile(sorted: Float64Array | number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  // nearest rank
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function generateLoad(o: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(o.origin, { connections: o.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let bytes = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupSeconds * 1000;
  const until = measureFrom + o.durationSeconds * 1000;
  const span = o.idMax - o.idMin + 1;

  const worker = async (w: number) => {
    for (let n = 0; ; n++) {
      const started = performance.now();
      if (started >= until) return;
      const path = o.path.replace('{id}', String(o.idMin + (hash32(n, w + 1) % span)));
      try {
        const res = await pool.request({ path, method: 'GET', headers: o.token ? { authorization: `Bearer ${o.token}` } : {} });
        const body = await res.body.arrayBuffer();
        const done = performance.now();
        if (started >= measureFrom && done <= until) {
          latencies.push(done - started);
          bytes += body.byteLength;
          if (res.statusCode < 200 || res.statusCode >= 300) non2xx += 1;
        }
      } catch {
        if (started >= measureFrom) errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, (_, w) => worker(w)));
  const used = process.cpuUsage(cpu);
  await pool.close();

  const sorted = Float64Array.from(latencies).sort();
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    path: o.path,
    connections: o.connections,
    durationSeconds: o.durationSeconds,
    requests: latencies.length,
    rps: Math.round((latencies.length / o.durationSeconds) * 10) / 10,
    latencyMs: {
      p50: round(percentile(sorted, 0.5)),
      p90: round(percentile(sorted, 0.9)),
      p99: round(percentile(sorted, 0.99)),
      max: round(sorted[sorted.length - 1] ?? Number.NaN),
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
    non2xx,
    errors,
    meanBodyBytes: Math.round(bytes / Math.max(1, latencies.length)),
    cpuMs: Math.round((used.user + used.system) / 1000),
  };
}

/** Runs the generator in a child process and returns its result. */
export function spawnLoad(o: LoadOptions, onChild?: (kill: () => void) => void): Promise<LoadResult> {
  const self = fileURLToPath(import.meta.url);
  const args = [
    '--import',
    'tsx',
    self,
    '--origin',
    o.origin,
    '--path',
    o.path,
    '--ids',
    `${o.idMin}-${o.idMax}`,
    '--connections',
    String(o.connections),
    '--duration',
    String(o.durationSeconds),
    '--warmup',
    String(o.warmupSeconds),
  ];
  return new Promise((resolve, reject) => {
    // The token goes by environment, not argv, so it does not show in a process list.
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_TOKEN: o.token ?? '' } });
    onChild?.(() => child.kill('SIGTERM'));
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadResult);
      } catch (err) {
        reject(new Error(`load generator printed no result: ${String(err)}: ${out}`));
      }
    });
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      origin: { type: 'string' },
      path: { type: 'string' },
      ids: { type: 'string', default: '1-1' },
      connections: { type: 'string', default: '16' },
      duration: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '3' },
    },
  });
  if (!values.origin || !values.path)
    throw new Error('usage: http-load.ts --origin http://127.0.0.1:PORT --path /x/{id} [--ids 1-500] [--connections 16] [--duration 15] [--warmup 3]');
  const [idMin, idMax] = values.ids.split('-').map(Number) as [number, number];
  const result = await generateLoad({
    origin: values.origin,
    path: values.path,
    idMin,
    idMax,
    connections: Number(values.connections),
    durationSeconds: Number(values.duration),
    warmupSeconds: Number(values.warmup),
    token: process.env.BENCH_TOKEN || undefined,
  });
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
