import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { createToken } from '../../src/services/api-tokens.ts';
import { startChangeFeed } from '../../src/services/change-feed.ts';
import { createProgressCache, noProgressCache, type ProgressCache } from '../../src/services/progress-cache.ts';
import { addUser } from '../../src/services/users.ts';
import { benchSizes, entryTable, postTables, staticTables, validateEntrySample, type Sizes } from './generate.ts';
import { spawnLoad } from './http-load.ts';
import { cpuSpan, sampleCpu } from './cpu-meter.ts';
import { measureHitPath, measureWriteCost, type WriteCost } from './hit-path.ts';
import { measureIngest } from './ingest.ts';
import { measureLongCells } from './long-cells.ts';
import { copyTables, syncSequences } from './load.ts';
import { MissingPostgresError, openBenchDatabase, type BenchDatabase } from './pg-server.ts';
import { measureBreakdown, measureReads } from './progress-reads.ts';
import { rebuildAggregatesTimed } from './rebuild-timed.ts';
import { HEADLINE_AS_OF, summaryText, violations, writeDocs, type BenchResult, type HttpResult, type SizeResult } from './report.ts';
import { openSeedApp } from './seed-setup.ts';
import { measurePages } from './pages.ts';
import { spawnWriter, type WriterHandle, type WriterOptions } from './writer.ts';

// `npm run bench` (docs/design.md "Measures": prove that a progress read does not rescan every fact). Loads a tenth of the
// city-scale facts by COPY, rebuilds the aggregates, times progress reads; loads the other nine tenths,
// rebuilds, times them again; then loads one HTTP server with the progress route and a bare Hono route;
// then writes 200k new snapshots through the jobs' upsertSnapshots, COPYs as many rows, and re-runs the upserts.
// Environment: BENCH_DATABASE_URL (else a temporary PostgreSQL), BENCH_SCALE (fact sizes, default 1),
// BENCH_DURATION / BENCH_WARMUP (seconds of HTTP load per route, 15 / 3), BENCH_CONNECTIONS (16),
// BENCH_READS (sequential progress reads per size and day, 200) in BENCH_ROUNDS rounds (3; the best median
// counts), BENCH_PG_ROOT (where the PostgreSQL server versions live, /usr/lib/postgresql).
// `npm run bench -- --write-docs` rewrites the results block of docs/benchmarks.md.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const THROUGHPUT_AS_OF = '2024-07-01';
/** The day of the writes of the "reads while writing" phase: on or before THROUGHPUT_AS_OF, so every read counts them. */
const WRITE_DATE = '2024-06-30';
const READ_DAYS = [THROUGHPUT_AS_OF, HEADLINE_AS_OF];
const APP_POOL = 10; // openDatabase's default, as the app runs

const env = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};

const log = (msg: string) => process.stdout.write(`${msg}\n`);
const since = (t: number) => (performance.now() - t) / 1000;

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup() {
  while (cleanups.length > 0) {
    const c = cleanups.pop()!;
    try {
      await c();
    } catch (err) {
      process.stderr.write(`bench: cleanup failed: ${String(err)}\n`);
    }
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`\nbench: ${signal}, stopping\n`);
    const hardExit = setTimeout(() => process.exit(130), 20_000);
    hardExit.unref();
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const wall = performance.now();
  const scale = env('BENCH_SCALE', 1);
  const durationSeconds = env('BENCH_DURATION', 15);
  const warmupSeconds = env('BENCH_WARMUP', 3);
  const connections = env('BENCH_CONNECTIONS', 16);
  const readsPerDay = env('BENCH_READS', 200);
  const rounds = env('BENCH_ROUNDS', 3);
  const writeRate = env('BENCH_WRITE_RATE', 50);
  const hitRequests = env('BENCH_HIT_REQUESTS', 2000);
  const writeCostN = env('BENCH_WRITE_COST_N', 200);
  const writeDoc = process.argv.includes('--write-docs');
  const sizes = benchSizes(scale);
  const loadStart = loadavg()[0] ?? 0;

  const problems = validateEntrySample(1200);
  if (problems.length > 0) throw new Error(`generated entries do not match their kinds:\n${problems.slice(0, 5).join('\n')}`);

  log(
    `== jixiao bench: scale ${scale} (${sizes.posts.toLocaleString('en-US')} posts, ${(sizes.posts * sizes.snapshotsPerPost).toLocaleString('en-US')} snapshots, ${sizes.entries.toLocaleString('en-US')} entries)`,
  );
  log('== long target cells (parseTarget, no database)');
  const longCells = measureLongCells();
  for (const c of longCells) log(`  ${c.shape}: ${c.small.toFixed(2)} ms at 100k, ${c.large.toFixed(2)} ms at 1M characters (${c.ratio.toFixed(1)}×)`);
  let t = performance.now();
  const bench: BenchDatabase = await openBenchDatabase(process.env.BENCH_DATABASE_URL || undefined);
  cleanups.push(() => bench.stop());
  postmasterPid = bench.postmasterPid;
  log(`database ready (${bench.origin}) in ${since(t).toFixed(1)} s`);

  const database: Database = await openDatabase({ url: bench.url, maxConnections: APP_POOL });
  cleanups.push(() => database.close());
  await runMigrations(database, bench.url);
  const raw = postgres(bench.url, { max: 1, onnotice: () => {} });
  cleanups.push(() => raw.end({ timeout: 5 }));

  const config = loadConfig({});
  const now = new Date('2024-12-31T04:00:00Z');
  // Every API route needs a token: the load sends an admin's, so each request pays the token lookup too.
  const { user } = await addUser(database.db, { name: 'bench', role: 'admin' }, systemActor);
  const { token } = await createToken(database.db, { user: user.id }, systemActor, now);
  // The HTTP load uses the app as deployed: caches told of changes by the feed (LISTEN/NOTIFY).
  const feed = await startChangeFeed(database);
  cleanups.push(() => feed.close());
  // The cache createApp would make over the feed, made here so the bench can count its hits and misses.
  const progressCache = createProgressCache(feed);
  const appDeps = { db: database.db, databaseKind: 'postgres' as const, config, now: () => now, logger: silentLogger, feed };
  const app = createApp({ ...appDeps, progressCache });
  // The sequential reads measure computing progress (the 10x-facts aim), so they bypass the answer cache.
  const uncached = createApp({ db: database.db, databaseKind: 'postgres', config, now: () => now, logger: silentLogger, progressCache: noProgressCache });

  log('== static rows (unit, projects, indicators, bindings, channels)');
  await copyTables(raw, staticTables(sizes), log);

  const tenth = { posts: Math.round(sizes.posts / 10), entries: Math.round(sizes.entries / 10) };
  const steps: { label: SizeResult['label']; posts: [number, number]; entries: [number, number] }[] = [
    { label: 'tenth', posts: [0, tenth.posts], entries: [0, tenth.entries] },
    { label: 'all', posts: [tenth.posts, sizes.posts], entries: [tenth.entries, sizes.entries] },
  ];
  const sizesResults: SizeResult[] = [];
  for (const step of steps) {
    log(`== facts: ${step.label}`);
    const copySeconds = await copyTables(raw, [...postTables(sizes, ...step.posts), entryTable(sizes, ...step.entries)], log);
    await syncSequences(raw);
    log('  rebuildAggregates …');
    const rebuild = await rebuildAggregatesTimed(database.db);
    log(`  rebuildAggregates: ${rebuild.totalSeconds.toFixed(1)} s (${rebuild.parts.map((p) => `${p.label} ${p.seconds.toFixed(1)} s`).join(', ')})`);
    t = performance.now();
    await raw`analyze`;
    const analyzeSeconds = since(t);
    log(`  analyze: ${analyzeSeconds.toFixed(1)} s`);
    const counts = await countRows(raw);
    await checkAggregates(raw, counts);
    log(`  rows: ${JSON.stringify(counts)}`);

    const reads: SizeResult['reads'] = {};
    const breakdown: SizeResult['breakdown'] = {};
    for (const asOf of READ_DAYS) {
      reads[asOf] = await measureReads(uncached, sizes.projects, asOf, readsPerDay, rounds, token);
      log(
        `  progress reads asOf ${asOf}: median ${reads[asOf].medianMs.toFixed(2)} ms, p99 ${reads[asOf].p99Ms.toFixed(2)} ms (round medians ${reads[asOf].roundMediansMs?.map((m) => m.toFixed(2)).join(' / ')})`,
      );
      breakdown[asOf] = await measureBreakdown(database.db, sizes.projects, asOf, Math.min(100, readsPerDay));
      log(
        `  breakdown asOf ${asOf}: ${Object.entries(breakdown[asOf])
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')}`,
      );
    }
    sizesResults.push({ label: step.label, counts, copySeconds, rebuild, analyzeSeconds, reads, breakdown });
  }

  log('== HTTP load (PostgreSQL, full data set)');
  const loadBefore = loadavg()[0] ?? 0;
  const load = { connections, durationSeconds, warmupSeconds, token };
  const http = await measureHttp(app, progressCache, database.db, sizes, { ...load, writeRate });

  log('== hit path in process (cached progress read, piece by piece)');
  const hitPath = await measureHitPath({
    app,
    deps: appDeps,
    cache: progressCache,
    token,
    projectId: 1,
    asOf: THROUGHPUT_AS_OF,
    requests: hitRequests,
    rounds: 3,
  });
  for (const h of hitPath) log(`  ${h.us.toFixed(1).padStart(7)} µs  ${h.label} (${h.bytes} B)`);
  log('== write cost in process (an entry write, the recomputation it causes, a hit)');
  const writeCost = await measureWriteCost({
    app,
    cache: progressCache,
    token,
    projects: sizes.projects,
    asOf: THROUGHPUT_AS_OF,
    date: WRITE_DATE,
    n: Math.min(200, writeCostN),
    pgCpuMs: () => sampleCpu(postmasterPid).postgresMs,
  });
  logWriteCost(writeCost);

  log('== ingest: snapshot upserts vs COPY');
  const ingest = await measureIngest(database.db, raw, sizes, log);

  log('== PGlite: the seed table and a year of work, as `npm start` runs by default');
  // Its PostgreSQL is in the server process (WASM): no separate server CPU to read.
  postmasterPid = null;
  const pglite = await measurePglite(new Date('2025-01-15T02:00:00Z'), { ...load, writeRate, writeCostN });

  const version = await raw`select version() as v`;
  const result: BenchResult = {
    date: new Date().toISOString(),
    scale,
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cpus: cpus().length,
      memoryGiB: totalmem() / 2 ** 30,
      node: process.version,
      os: `${type()} ${release()}`,
      postgres: String(version[0]?.v ?? '').split(',')[0] ?? '',
      postgresSettings: bench.settings,
      database: bench.origin === 'temporary' ? 'temporary local server, same machine' : 'BENCH_DATABASE_URL server',
      loadAverage: { start: loadStart, beforeHttp: loadBefore },
    },
    sizes: {
      projects: sizes.projects,
      indicators: sizes.projects * sizes.indicatorsPerProject,
      channels: sizes.projects * sizes.channelsPerProject,
      posts: sizes.posts,
      postStats: sizes.posts * sizes.snapshotsPerPost,
      entries: sizes.entries,
    },
    sizesResults,
    http,
    hitPath,
    writeCost,
    ingest,
    longCells,
    pglite,
    wallSeconds: since(wall),
  };
  const jsonPath = join(tmpdir(), `jixiao-bench-${Date.now()}.json`);
  writeFileSync(jsonPath, JSON.stringify(result, null, 2));
  log(summaryText(result));
  log(`full result: ${jsonPath}`);
  if (writeDoc) {
    if (scale !== 1) log('not writing docs/benchmarks.md: only a full-scale run (BENCH_SCALE=1) is documented');
    else {
      writeDocs(join(repoRoot, 'docs/benchmarks.md'), result);
      log('wrote docs/benchmarks.md');
    }
  }
  // Reported and documented, not hidden: but the run fails, as checkAggregates does for the bulk load.
  const wrong = violations(result);
  if (wrong.length > 0) {
    process.exitCode = 1;
    process.stderr.write(`bench: ${wrong.join('; ')}\n`);
  }
}

interface Server {
  origin: string;
  close(): Promise<void>;
}

/** One @hono/node-server on 127.0.0.1 (a free port) with the given handler: one process, one event loop. */
async function startServer(fetch: (req: Request, env: unknown) => Response | Promise<Response>): Promise<Server> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: fetch as never, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const close = () =>
    new Promise<void>((resolve) => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    });
  cleanups.push(close);
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close };
}

interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  token: string;
}

/**
 * One closed-loop load of `path` from a child process; with `writes`, a writer process POSTs entries at a
 * steady rate alongside (started first, stopped after the load). The server process's CPU and the progress
 * cache's hits and misses are counted over the whole load, warm-up included.
 */
async function runLoad(
  origin: string,
  path: string,
  ids: { min: number; max: number },
  o: LoadSettings,
  cache?: ProgressCache,
  writes?: Omit<WriterOptions, 'origin' | 'token'>,
): Promise<HttpResult> {
  let writer: WriterHandle | null = null;
  let killChild: (() => void) | null = null;
  const kill = () => {
    killChild?.();
    writer?.kill();
  };
  cleanups.push(kill);
  if (writes) {
    writer = spawnWriter({ ...writes, origin, token: o.token });
    await writer.started;
  }
  const cacheBefore = cache?.stats();
  const cpu = process.cpuUsage();
  const sample = sampleCpu(postmasterPid);
  const r = await spawnLoad({ origin, path, idMin: ids.min, idMax: ids.max, ...o }, (k) => (killChild = k));
  const span = cpuSpan(sample, sampleCpu(postmasterPid));
  const used = process.cpuUsage(cpu);
  const cacheAfter = cache?.stats();
  const written = writer ? await writer.stop() : undefined;
  killChild = null;
  writer = null;
  // Includes the warm-up's requests, which the generator does not count: an estimate, slightly high.
  const served = Math.max(1, r.requests * (1 + o.warmupSeconds / o.durationSeconds));
  const serverCpuMsPerRequest = (used.user + used.system) / 1000 / served;
  const cacheDelta = cacheBefore && cacheAfter ? { hits: cacheAfter.hits - cacheBefore.hits, misses: cacheAfter.misses - cacheBefore.misses } : undefined;
  const cpuShare: HttpResult['cpu'] = {
    ...span,
    serverMs: (used.user + used.system) / 1000,
    generatorMs: r.cpuMs,
    // The writer ran longer than the load (it started first, stops after): its share of the load's span.
    writerMs: written ? (written.cpuMs * span.wallMs) / 1000 / Math.max(span.wallMs / 1000, written.seconds) : null,
  };
  const busy = cpuShare.machineBusyMs === null ? '' : `, machine ${pct1(cpuShare.machineBusyMs / cpuShare.machineCapacityMs)} busy`;
  log(
    `  ${path}${writes ? ` + ${writes.rate} writes/s` : ''}: ${Math.round(r.rps)} req/s, p50 ${ms2(r.latencyMs.p50)} ms, p99 ${ms2(r.latencyMs.p99)} ms ` +
      `(non-2xx ${r.non2xx}, errors ${r.errors}, ${r.meanBodyBytes} B, server CPU ≈ ${serverCpuMsPerRequest.toFixed(3)} ms/request` +
      `${cpuShare.postgresMs === null ? '' : `, PostgreSQL ${(cpuShare.postgresMs / served).toFixed(3)}`}, generator ${(r.cpuMs / served).toFixed(3)}${busy}, load ${loadavg()[0]!.toFixed(2)}` +
      `${cacheDelta ? `, cache hits ${cacheDelta.hits} misses ${cacheDelta.misses}` : ''})`,
  );
  if (written) {
    log(
      `    writer: ${written.created}/${written.sent} written (${written.achievedRate}/s while sending, at most ${written.maxInFlight} in flight), write p50 ${written.writeMs.p50} ms p99 ${written.writeMs.p99} ms; ` +
        `${written.checks} reads after a write: p99 ${written.readMs.p99} ms, ${written.stale} stale, ${written.overcounted} over-counted` +
        `${written.failures.length ? `; failures: ${written.failures.join(' | ')}` : ''}${written.violations.length ? `; violations: ${written.violations.join(' | ')}` : ''}`,
    );
  }
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${path}: ${r.non2xx} non-2xx responses, ${r.errors} errors, ${r.requests} requests`);
  // No answer within the window is a figure (0 req/s: reads starved by the writes), not a failure of the bench.
  if (r.requests === 0 && !writes) throw new Error(`${path}: no request answered`);
  return { ...r, serverCpuMsPerRequest, cache: cacheDelta, writer: written, cpu: cpuShare };
}

/** A latency, or – when there was none (JSON turns NaN into null). */
const ms2 = (v: number | null) => (v === null || Number.isNaN(v) ? '–' : v.toFixed(2));
const pct1 = (v: number) => `${(v * 100).toFixed(0)} %`;
/** The bench's PostgreSQL server, for its CPU time (null when it is not ours, and on PGlite). */
let postmasterPid: number | null = null;

/** Reads every project's progress once, in process, so the load starts from a full cache (leaders re-open pages). */
async function primeProgress(app: App, ids: number[], asOf: string, token: string): Promise<number> {
  const t = performance.now();
  for (const id of ids) {
    const res = await app.request(`/api/projects/${id}/progress?asOf=${asOf}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`priming the progress of project ${id}: HTTP ${res.status}`);
  }
  return since(t);
}

async function measureHttp(
  app: App,
  cache: ProgressCache,
  db: Database['db'],
  sizes: Sizes,
  o: LoadSettings & { writeRate: number },
): Promise<BenchResult['http']> {
  // One server, one event loop: the jixiao app, a bare Hono route, and (for reference) a Hono route making
  // one trivial query through the app's pool: the floor of any route that reads PostgreSQL per request.
  const bare = new Hono()
    .get('/bare', (c) => c.json({ ok: true }))
    .get('/bare-db', async (c) => {
      await db.execute(sql`select 1`);
      return c.json({ ok: true });
    });
  const server = await startServer((req, env) => (new URL(req.url).pathname.startsWith('/bare') ? bare.fetch(req, env) : app.fetch(req, env as never)));
  const ids = { min: 1, max: sizes.projects };
  const progressPath = `/api/projects/{id}/progress?asOf=${THROUGHPUT_AS_OF}`;
  const bareResult = await runLoad(server.origin, '/bare', ids, o);
  const oneQuery = await runLoad(server.origin, '/bare-db', ids, o);
  const settings = await runLoad(server.origin, '/api/settings/evaluation', ids, o);
  const primeSeconds = await primeProgress(app, range(ids.min, ids.max), THROUGHPUT_AS_OF, o.token);
  log(`  primed the progress cache: ${sizes.projects} projects in ${primeSeconds.toFixed(1)} s`);
  const progress = await runLoad(server.origin, progressPath, ids, o, cache);
  const withWrites = await runLoad(server.origin, progressPath, ids, o, cache, {
    ids: range(ids.min, ids.max),
    rate: o.writeRate,
    asOf: THROUGHPUT_AS_OF,
    date: WRITE_DATE,
  });
  await server.close();
  return { bare: bareResult, oneQuery, settings, progress, withWrites, primeSeconds, appPoolSize: APP_POOL };
}

/** The default `npm start` setup (PGlite in a temporary DATA_DIR) with the seed and a year of work, over HTTP. */
function logWriteCost(w: WriteCost): void {
  const pg = (v: number | null) => (v === null ? '' : `, PostgreSQL ${v.toFixed(2)} ms`);
  log(
    `  entry write: ${w.write.cpuMs.toFixed(2)} ms CPU, ${w.write.wallMs.toFixed(2)} ms wall${pg(w.postgresMs.write)}; ` +
      `read after it (recomputes): ${w.readAfterWrite.cpuMs.toFixed(2)} ms CPU, ${w.readAfterWrite.wallMs.toFixed(2)} ms wall${pg(w.postgresMs.readAfterWrite)}; ` +
      `read again: ${w.readAgain.cpuMs.toFixed(3)} ms CPU (${w.n} of each, one at a time); cache misses per write: ` +
      `${w.missesPerWrite.readAfterWrite.toFixed(2)} on the read after it, ${w.missesPerWrite.readAgain.toFixed(2)} on the read again`,
  );
}

async function measurePglite(now: Date, o: LoadSettings & { writeRate: number; writeCostN: number }): Promise<BenchResult['pglite']> {
  const seed = await openSeedApp(now, log);
  cleanups.push(() => seed.close());
  const server = await startServer((req, env) => seed.app.fetch(req, env as never));
  const ids = { min: Math.min(...seed.projectIds), max: Math.max(...seed.projectIds) };
  if (ids.max - ids.min + 1 !== seed.projectIds.length) throw new Error(`seed project ids are not contiguous: ${seed.projectIds.join(', ')}`);
  const load = { ...o, token: seed.token };
  const progressPath = `/api/projects/{id}/progress?asOf=${THROUGHPUT_AS_OF}`;
  const settings = await runLoad(server.origin, '/api/settings/evaluation', ids, load);
  const primeSeconds = await primeProgress(seed.app, seed.projectIds, THROUGHPUT_AS_OF, seed.token);
  const progress = await runLoad(server.origin, progressPath, ids, load, seed.cache);
  const withWrites = await runLoad(server.origin, progressPath, ids, load, seed.cache, {
    ids: seed.projectIds,
    rate: o.writeRate,
    asOf: THROUGHPUT_AS_OF,
    date: WRITE_DATE,
  });
  await server.close();
  const writeCost = await measureWriteCost({
    app: seed.app,
    cache: seed.cache,
    token: seed.token,
    projects: seed.projectIds.length,
    asOf: THROUGHPUT_AS_OF,
    date: WRITE_DATE,
    n: Math.min(100, o.writeCostN),
    pgCpuMs: () => null,
  });
  logWriteCost(writeCost);
  const pages = await measurePages(seed, now);
  log(
    `pages: largest ${Math.max(...pages.sizes.map((s) => s.bytes))} bytes; project page ${pages.projectPageMs.toFixed(2)} ms vs its progress API ${pages.progressApiMs.toFixed(2)} ms (median of ${pages.n})`,
  );
  return { counts: seed.counts, seconds: seed.seconds, primeSeconds, settings, progress, withWrites, writeCost, pages };
}

const range = (min: number, max: number) => Array.from({ length: max - min + 1 }, (_, i) => min + i);

async function countRows(sql: postgres.Sql) {
  const [r] = await sql`
    select (select count(*) from posts)::int as posts, (select count(*) from post_stats)::int as "postStats",
      (select count(*) from entries)::int as entries, (select count(*) from entry_daily)::int as "entryDaily",
      (select count(*) from channel_daily)::int as "channelDaily", (select count(*) from measure_daily)::int as "measureDaily"`;
  return r as unknown as SizeResult['counts'];
}

/** The aggregates must account for every fact, or the timings mean nothing. */
async function checkAggregates(sql: postgres.Sql, counts: SizeResult['counts']) {
  const [r] = await sql`
    select (select coalesce(sum(posts), 0) from channel_daily)::int as posts,
      (select coalesce(sum(n), 0) from entry_daily)::int as current,
      (select count(*) from entries e where not voided and not exists (select 1 from entries l where l.supersedes_id = e.id))::int as expected,
      (select coalesce(sum(readers), 0) from channel_daily)::bigint as readers,
      (select coalesce(sum(readers), 0) from (select distinct on (post_id) readers from post_stats order by post_id, day desc) l)::bigint as latest`;
  if (!r) throw new Error('no aggregate check row');
  const problems = [
    r.posts !== counts.posts ? `channel_daily counts ${r.posts} posts, posts has ${counts.posts}` : null,
    r.current !== r.expected ? `entry_daily counts ${r.current} entries, ${r.expected} are current` : null,
    String(r.readers) !== String(r.latest) ? `channel_daily sums ${r.readers} readers, latest snapshots sum ${r.latest}` : null,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`aggregates disagree with the facts: ${problems.join('; ')}`);
}

main()
  .catch(async (err) => {
    process.exitCode = 1;
    if (interrupted) return;
    if (err instanceof MissingPostgresError) process.stderr.write(`bench: ${err.message}\n`);
    else process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  })
  .finally(async () => {
    await cleanup();
  });
