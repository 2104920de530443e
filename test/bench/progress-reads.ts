import type { Db } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { latestAssessments, loadProjectFacts, spentUpTo } from '../../src/services/project-facts.ts';
import { loadBoundIndicators } from '../../src/services/bound-indicators.ts';
import { projectProgress } from '../../src/services/progress.ts';
import { requireProject } from '../../src/services/projects.ts';
import { percentile } from './http-load.ts';
import { hash32 } from './prng.ts';
import type { ReadTiming } from './report.ts';

// Sequential progress reads of pseudo-random projects (the same projects at every size), in process, so
// the time is the app's and the database's without HTTP or concurrency.

const WARMUP_READS = 20;

const projectAt = (k: number, projects: number) => 1 + (hash32(k, 4242) % projects);

function timing(samples: number[]): ReadTiming {
  const sorted = Float64Array.from(samples).sort();
  return {
    n: samples.length,
    medianMs: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    meanMs: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
  };
}

async function readRound(app: App, projects: number, asOf: string, reads: number, token: string): Promise<ReadTiming> {
  const samples: number[] = [];
  for (let k = -WARMUP_READS; k < reads; k++) {
    const id = projectAt(k + WARMUP_READS, projects);
    const started = performance.now();
    const res = await app.request(`/api/projects/${id}/progress?asOf=${asOf}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { projects?: { indicators?: unknown[] }[] };
    const ms = performance.now() - started;
    if (res.status !== 200 || body.projects?.[0]?.indicators?.length !== 8) {
      throw new Error(`progress of project ${id} as of ${asOf}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    if (k >= 0) samples.push(ms);
  }
  return timing(samples);
}

/**
 * `rounds` rounds of the same reads; the round with the lowest median counts (the others are kept), so a
 * burst of unrelated load on a shared machine does not decide the ratio.
 */
export async function measureReads(app: App, projects: number, asOf: string, reads: number, rounds: number, token: string): Promise<ReadTiming> {
  const all: ReadTiming[] = [];
  for (let r = 0; r < rounds; r++) all.push(await readRound(app, projects, asOf, reads, token));
  const best = all.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  return { ...best, roundMediansMs: all.map((x) => x.medianMs) };
}

/**
 * Median time of each part of a progress read, each called alone: the project row, the indicators with
 * their bindings, the facts of the entry-aggregate measures (measure_daily), of the duration measures (raw
 * entries), of the channel measures (channel_daily), the assessments, the budget spent, and the whole service.
 */
export async function measureBreakdown(db: Db, projects: number, asOf: string, reads: number): Promise<Record<string, number>> {
  const parts: Record<string, number[]> = {};
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await fn();
    (parts[name] ??= []).push(performance.now() - started);
    return out;
  };
  for (let k = 0; k < reads; k++) {
    const id = projectAt(k + 7, projects);
    const project = await time('project row', () => requireProject(db, id));
    const list = await time('indicators + bindings', () => loadBoundIndicators(db, { projectId: id }));
    const bound = list.flatMap((l) => (l.spec ? [{ indicatorId: l.indicator.id, spec: l.spec }] : []));
    const of = (test: (s: (typeof bound)[number]['spec']) => boolean) => bound.filter((b) => test(b.spec));
    await time('facts: measure_daily', () =>
      loadProjectFacts(
        db,
        project,
        of((s) => s.type !== 'duration' && 'source' in s && s.source === 'entries'),
        asOf,
      ),
    );
    await time('facts: duration entries (raw)', () =>
      loadProjectFacts(
        db,
        project,
        of((s) => s.type === 'duration'),
        asOf,
      ),
    );
    await time('facts: channel_daily', () =>
      loadProjectFacts(
        db,
        project,
        of((s) => 'source' in s && (s.source === 'posts' || s.source === 'post_stats')),
        asOf,
      ),
    );
    await time('assessments', () =>
      latestAssessments(
        db,
        list.map((l) => l.indicator.id),
        asOf,
      ),
    );
    await time('budget spent (entry_daily)', () => spentUpTo(db, id, asOf));
    await time('whole projectProgress', () => projectProgress(db, project, asOf));
  }
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, timing(v).medianMs]));
}
