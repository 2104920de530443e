import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import type { LoadResult } from './http-load.ts';
import type { IngestResult } from './ingest.ts';
import type { RebuildTiming } from './rebuild-timed.ts';

// The bench's result: printed as a summary with the ratios, and (with --write-docs) written between the
// markers of docs/benchmarks.md, whose prose around them is kept.

export interface ReadTiming {
  n: number;
  medianMs: number;
  p99Ms: number;
  meanMs: number;
  /** Median of every round; the figures above are the round with the lowest one. */
  roundMediansMs?: number[];
}

export interface SizeResult {
  label: 'tenth' | 'all';
  counts: { posts: number; postStats: number; entries: number; entryDaily: number; channelDaily: number; measureDaily: number };
  copySeconds: Record<string, number>;
  rebuild: RebuildTiming;
  analyzeSeconds: number;
  /** asOf → sequential progress reads through app.request. */
  reads: Record<string, ReadTiming>;
  /** asOf → median ms of each part of a progress read, called one at a time. */
  breakdown: Record<string, Record<string, number>>;
}

export interface BenchResult {
  date: string;
  scale: number;
  machine: {
    cpu: string; cpus: number; memoryGiB: number; node: string; os: string; postgres: string; postgresSettings: string[]; database: string;
    /** 1-minute load average when the run started and when the HTTP phase began (the machine may be shared). */
    loadAverage: { start: number; beforeHttp: number };
  };
  sizes: { projects: number; indicators: number; channels: number; posts: number; postStats: number; entries: number };
  sizesResults: SizeResult[];
  http: { bare: HttpResult; oneQuery: HttpResult; progress: HttpResult; appPoolSize: number };
  ingest: IngestResult;
  wallSeconds: number;
}

export interface HttpResult extends LoadResult {
  /** CPU of the server process (app + bare routes, not PostgreSQL, not the generator) per request. */
  serverCpuMsPerRequest: number;
}

export const HEADLINE_AS_OF = '2024-12-31';

const f1 = (v: number) => v.toFixed(1);
const f2 = (v: number) => v.toFixed(2);
const int = (v: number) => Math.round(v).toLocaleString('en-US');

export function ratios(r: BenchResult) {
  const tenth = r.sizesResults.find((s) => s.label === 'tenth');
  const all = r.sizesResults.find((s) => s.label === 'all');
  const scaling: Record<string, { median: number; p99: number }> = {};
  for (const asOf of Object.keys(all?.reads ?? {})) {
    const a = all?.reads[asOf];
    const t = tenth?.reads[asOf];
    if (a && t) scaling[asOf] = { median: a.medianMs / t.medianMs, p99: a.p99Ms / t.p99Ms };
  }
  return {
    throughput: r.http.progress.rps / r.http.bare.rps,
    throughputVsOneQuery: r.http.progress.rps / r.http.oneQuery.rps,
    p99: r.http.progress.latencyMs.p99 / r.http.bare.latencyMs.p99,
    scaling,
  };
}

export function resultsMarkdown(r: BenchResult): string {
  const q = ratios(r);
  const { bare, oneQuery, progress } = r.http;
  const head = q.scaling[HEADLINE_AS_OF];
  const lines: string[] = [];
  lines.push(`Run of ${r.date}${r.scale === 1 ? '' : ` at BENCH_SCALE=${r.scale} (not the documented size)`}, ${f1(r.wallSeconds / 60)} min wall time.`);
  lines.push('');
  lines.push('**Machine**');
  lines.push('');
  lines.push(`- CPU: ${r.machine.cpu} × ${r.machine.cpus}; memory ${f1(r.machine.memoryGiB)} GiB; ${r.machine.os}`);
  lines.push(`- Node ${r.machine.node}; ${r.machine.postgres}`);
  lines.push(`- Database: ${r.machine.database}${r.machine.postgresSettings.length ? ` (${r.machine.postgresSettings.join(', ')})` : ''}`);
  lines.push(`- Load average (1 min) at the start: ${f2(r.machine.loadAverage.start)}, when the HTTP phase began: ${f2(r.machine.loadAverage.beforeHttp)}`);
  lines.push('');
  lines.push('**Data**');
  lines.push('');
  lines.push(`${int(r.sizes.projects)} projects, ${int(r.sizes.indicators)} indicators (all bound), ${int(r.sizes.channels)} channels; ` +
    `${int(r.sizes.posts)} posts, ${int(r.sizes.postStats)} stat snapshots, ${int(r.sizes.entries)} log entries at full size.`);
  lines.push('');
  lines.push('| | tenth | all |');
  lines.push('|---|---:|---:|');
  const t = r.sizesResults.find((s) => s.label === 'tenth');
  const a = r.sizesResults.find((s) => s.label === 'all');
  const row = (name: string, get: (s: SizeResult) => string) => lines.push(`| ${name} | ${t ? get(t) : ''} | ${a ? get(a) : ''} |`);
  row('posts / snapshots / entries (cumulative)', (s) => `${int(s.counts.posts)} / ${int(s.counts.postStats)} / ${int(s.counts.entries)}`);
  row('COPY of the step (s)', (s) => f1(Object.values(s.copySeconds).reduce((x, y) => x + y, 0)));
  row('rebuildAggregates (s)', (s) => f1(s.rebuild.totalSeconds));
  for (const part of (a ?? t)?.rebuild.parts ?? []) {
    row(`&nbsp;&nbsp;${part.label.replace(/ \(\d+ bindings/, ' (bindings')} (s)`, (s) => f1(s.rebuild.parts.find((x) => x.label.split(' (')[0] === part.label.split(' (')[0])?.seconds ?? Number.NaN));
  }
  row('ANALYZE (s)', (s) => f1(s.analyzeSeconds));
  row('rows: entry_daily / channel_daily / measure_daily', (s) => `${int(s.counts.entryDaily)} / ${int(s.counts.channelDaily)} / ${int(s.counts.measureDaily)}`);
  for (const asOf of Object.keys(a?.reads ?? t?.reads ?? {})) {
    row(`progress read, asOf ${asOf}: median / p99 (ms)`, (s) => {
      const x = s.reads[asOf];
      return x ? `${f2(x.medianMs)} / ${f2(x.p99Ms)}` : '';
    });
  }
  lines.push('');
  const rounds = (a ?? t)?.reads[HEADLINE_AS_OF]?.roundMediansMs?.length ?? 1;
  lines.push(`Progress reads: ${a?.reads[HEADLINE_AS_OF]?.n ?? t?.reads[HEADLINE_AS_OF]?.n ?? 0} sequential \`GET /api/projects/:id/progress\` of random projects per size and day, in process (\`app.request\`, no HTTP); ` +
    `best of ${rounds} rounds by median (round medians, ms: ${r.sizesResults.map((s) => `${s.label} ${Object.entries(s.reads).map(([d, x]) => `${d} ${(x.roundMediansMs ?? [x.medianMs]).map(f2).join('/')}`).join(', ')}`).join('; ')}).`);
  lines.push('');
  lines.push('**Where a progress read spends its time** (median ms of each part, called alone, one after another):');
  lines.push('');
  const parts = Object.keys(Object.values(a?.breakdown ?? t?.breakdown ?? {})[0] ?? {});
  const asOfs = Object.keys(a?.breakdown ?? {});
  lines.push(`| part | ${asOfs.map((d) => `tenth ${d} | all ${d}`).join(' | ')} |`);
  lines.push(`|---|${asOfs.map(() => '---:|---:').join('|')}|`);
  for (const p of parts) lines.push(`| ${p} | ${asOfs.map((d) => `${f2(t?.breakdown[d]?.[p] ?? Number.NaN)} | ${f2(a?.breakdown[d]?.[p] ?? Number.NaN)}`).join(' | ')} |`);
  lines.push('');
  lines.push(`**HTTP** (one @hono/node-server on 127.0.0.1, full data set; load from a child process, ${bare.connections} connections, ` +
    `${bare.durationSeconds} s per route after a warm-up; app pool ${r.http.appPoolSize} PostgreSQL connections)`);
  lines.push('');
  lines.push('| route | requests/s | p50 ms | p99 ms | max ms | non-2xx | errors | bytes/response | server-process CPU ms/request |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const routes = [
    ['`GET /bare` (bare Hono JSON)', bare],
    ['`GET /bare-db` (reference: Hono + one `select 1` through the app\'s pool)', oneQuery],
    ['`GET /api/projects/:id/progress?asOf=2024-07-01`', progress],
  ] as const;
  for (const [name, x] of routes) {
    lines.push(`| ${name} | ${int(x.rps)} | ${f2(x.latencyMs.p50)} | ${f2(x.latencyMs.p99)} | ${f2(x.latencyMs.max)} | ${x.non2xx} | ${x.errors} | ${int(x.meanBodyBytes)} | ${x.serverCpuMsPerRequest.toFixed(3)} |`);
  }
  lines.push('');
  lines.push('**Ratios**');
  lines.push('');
  lines.push(`- throughput progress / bare: **${(q.throughput * 100).toFixed(1)} %** (aim ≥ 30 %: ${q.throughput >= 0.3 ? 'met' : '**not met**'})`);
  lines.push(`- throughput progress / one-query reference route: ${(q.throughputVsOneQuery * 100).toFixed(1)} %`);
  lines.push(`- p99 progress / bare: ${f1(q.p99)}×`);
  for (const [asOf, s] of Object.entries(q.scaling)) {
    lines.push(`- progress time all / tenth, asOf ${asOf}: median **${f2(s.median)}×**, p99 ${f2(s.p99)}× (aim ≤ 1.5×: ${s.median <= 1.5 ? 'met' : '**not met**'})${asOf === HEADLINE_AS_OF ? ' — headline (a read over the whole year)' : ''}`);
  }
  if (!head) lines.push('- (scaling not measured)');
  lines.push('');
  lines.push(...ingestMarkdown(r.ingest));
  return lines.join('\n');
}

export function summaryText(r: BenchResult): string {
  const q = ratios(r);
  const { bare, oneQuery, progress } = r.http;
  const out = [
    '',
    '== summary',
    `bare      ${int(bare.rps).padStart(8)} req/s   p50 ${f2(bare.latencyMs.p50).padStart(7)} ms   p99 ${f2(bare.latencyMs.p99).padStart(7)} ms   (non-2xx ${bare.non2xx}, errors ${bare.errors})`,
    `bare-db   ${int(oneQuery.rps).padStart(8)} req/s   p50 ${f2(oneQuery.latencyMs.p50).padStart(7)} ms   p99 ${f2(oneQuery.latencyMs.p99).padStart(7)} ms   (one select 1 per request, reference)`,
    `progress  ${int(progress.rps).padStart(8)} req/s   p50 ${f2(progress.latencyMs.p50).padStart(7)} ms   p99 ${f2(progress.latencyMs.p99).padStart(7)} ms   (non-2xx ${progress.non2xx}, errors ${progress.errors})`,
    `throughput ratio progress/bare: ${(q.throughput * 100).toFixed(1)} %  (aim >= 30 %: ${q.throughput >= 0.3 ? 'met' : 'NOT met'})   p99 ratio: ${f1(q.p99)}x   progress/bare-db: ${(q.throughputVsOneQuery * 100).toFixed(1)} %`,
  ];
  for (const s of r.sizesResults) {
    out.push(`${s.label.padEnd(5)}: copy ${f1(Object.values(s.copySeconds).reduce((x, y) => x + y, 0))} s, rebuild ${f1(s.rebuild.totalSeconds)} s, analyze ${f1(s.analyzeSeconds)} s; ` +
      Object.entries(s.reads).map(([d, x]) => `asOf ${d}: median ${f2(x.medianMs)} ms p99 ${f2(x.p99Ms)} ms`).join('; '));
  }
  for (const [asOf, s] of Object.entries(q.scaling)) {
    out.push(`time ratio all/tenth asOf ${asOf}: median ${f2(s.median)}x, p99 ${f2(s.p99)}x  (aim <= 1.5x: ${s.median <= 1.5 ? 'met' : 'NOT met'} on the median)`);
  }
  const g = r.ingest;
  out.push(`ingest: upsertSnapshots ${int(g.upsert.perSecond)} snapshots/s, COPY ${int(g.copy.perSecond)} rows/s (COPY ${f1(g.copy.perSecond / g.upsert.perSecond)}x faster), ` +
    `idempotent re-run ${int(g.rerun.perSecond)} snapshots/s (written ${g.rerun.written}); channel_daily vs rebuild: ${checkWord(g)}`);
  out.push(`wall time ${f1(r.wallSeconds)} s`);
  return out.join('\n');
}

const checkWord = (g: IngestResult) => {
  const bad = g.checks.filter((c) => c.mismatches > 0);
  return bad.length === 0 ? 'match' : `MISMATCH (${bad.map((c) => `${c.label}: ${c.mismatches} rows`).join('; ')})`;
};

function ingestMarkdown(g: IngestResult): string[] {
  const lines: string[] = [];
  lines.push(`**Ingest** (after the HTTP phase, same server and data set: ${int(g.snapshots)} new snapshots, ${int(g.posts)} existing posts of ${g.channels} WeChat channels × ` +
    `${g.days.length} days ${g.days[0]} – ${g.days[g.days.length - 1]}, into a post_stats of ${int(g.postStatsBefore)} rows; one connection, ` +
    `${g.transactions} sequential transactions of ${int(g.perTransaction)} snapshots through the app's \`openDatabase\` + drizzle, as a job writes a day batch)`);
  lines.push('');
  lines.push('| write | rows | s | rows/s | rows written | channel_daily recomputations (s) | upsert + rest (s) | per transaction median / p99 / max (ms) |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  const pass = (name: string, p: IngestResult['upsert']) =>
    lines.push(`| ${name} | ${int(p.snapshots)} | ${f1(p.seconds)} | **${int(p.perSecond)}** | ${int(p.written)} | ${f1(p.growthSeconds)} | ${f1(p.otherSeconds)} | ` +
      `${p.transactionMs.median.toFixed(0)} / ${p.transactionMs.p99.toFixed(0)} / ${p.transactionMs.max.toFixed(0)} |`);
  pass('`upsertSnapshots`, new (post, day) keys', g.upsert);
  lines.push(`| \`COPY post_stats FROM STDIN\`, new keys (as many posts of ${g.copy.channels} other channels, same days), one statement | ${int(g.copy.rows)} | ${f1(g.copy.seconds)} | **${int(g.copy.perSecond)}** | ${int(g.copy.rows)} | – | – | – |`);
  pass('`upsertSnapshots` again, the same snapshots (idempotent re-run)', g.rerun);
  lines.push('');
  lines.push(`- COPY / upsert: **${f1(g.copy.perSecond / g.upsert.perSecond)}×** (the upsert path writes at ${(100 * g.upsert.perSecond / g.copy.perSecond).toFixed(1)} % of COPY's rate)`);
  lines.push(`- idempotent re-run / first upsert: ${f2(g.rerun.perSecond / g.upsert.perSecond)}× the rate; ${int(g.rerun.written)} rows written`);
  lines.push(`- share of the upsert time in the two channel_daily recomputations: first run ${(100 * g.upsert.growthSeconds / g.upsert.seconds).toFixed(0)} %, re-run ${(100 * g.rerun.growthSeconds / g.rerun.seconds).toFixed(0)} %`);
  for (const c of g.checks) {
    lines.push(`- channel_daily of the ${c.channels} upserted channels vs a rebuild from the facts, ${c.label}: ${int(c.rows)} rows, ` +
      `${c.mismatches === 0 ? '**equal**' : `**${int(c.mismatches)} differ** (${c.sample.join('; ')})`}`);
  }
  return lines;
}

const START = '<!-- bench-results:start (written by `npm run bench -- --write-docs`) -->';
const END = '<!-- bench-results:end -->';

/** Replaces the results block of the doc (creating the doc if missing), leaving the prose around it. */
export function writeDocs(path: string, r: BenchResult): void {
  const block = `${START}\n${resultsMarkdown(r)}\n${END}`;
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n## Results\n\n${START}\n${END}\n`;
  const s = doc.indexOf(START);
  const e = doc.indexOf(END);
  const next = s >= 0 && e > s ? doc.slice(0, s) + block + doc.slice(e + END.length) : `${doc.trimEnd()}\n\n## Results\n\n${block}\n`;
  writeFileSync(path, next);
}
