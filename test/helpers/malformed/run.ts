// Sends one case and judges the answer: never 5xx, no SQL/driver/stack text, the one error shape, no row
// written by a refused request, definitely-invalid input refused, promised input accepted, and a refusal
// that names its field. Problems are collected, never thrown, so one run reports them all.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { RequestApp as App } from '../test-app.ts';
import { type Baseline, draftOf } from './baseline.ts';
import { requestOf } from './draft.ts';
import { FIELD_WORDS } from './fields.ts';
import type { Case } from './generate.ts';
import type { Operation } from './openapi.ts';
import { followCorrection, followRemoval, outboundRisk, type SeedState } from './seed.ts';

export type Category = '5xx' | 'leak' | 'shape' | 'rows' | 'accepted' | 'refused' | 'unnamed' | 'baseline' | 'client';

export interface Problem {
  category: Category;
  route: string;
  variant: string;
  status: number;
  excerpt: string;
}

export const CATEGORY_TITLES: Record<Category, string> = {
  '5xx': 'answered 5xx',
  leak: 'body carries SQL, driver text or a stack trace',
  shape: 'error body is not { error: { code, message, details } }',
  rows: 'a table changed although the request was refused (4xx)',
  accepted: 'definitely invalid, yet accepted (2xx)',
  refused: 'valid (the API promised to take it), yet refused',
  unnamed: 'the refusal (400/422) does not name the field',
  baseline: 'the valid baseline request was refused (test setup, or the API changed)',
  client: 'the request could not be sent (test bug)',
};

const LEAKS: [string, RegExp][] = [
  ['select', /\bselect /i],
  ['insert', /\binsert /i],
  ['Failed query', /Failed query/],
  ['params:', /params:/],
  ['syntax error', /syntax error/i],
  ['violates', /violates/],
  ['constraint', /constraint/i],
  ['relation "', /relation \\?"/],
  ['duplicate key', /duplicate key/i],
  ['PostgresError', /PostgresError/],
  ['at Object.', /at Object\./],
  ['stack frame', /(\n|\\n) {2,}at \S/],
  ['source position', /\.(ts|js|mjs|cjs):/],
];

export function leaksIn(text: string): string[] {
  return LEAKS.filter(([, re]) => re.test(text)).map(([name]) => name);
}

export function excerpt(text: string, max = 220): string {
  return text
    .replace(/(.)\1{15,}/gs, '$1$1$1…')
    .replace(/\s+/g, ' ')
    .slice(0, max);
}

/** Counts every public table in one statement; the list is read once from information_schema. */
const THROTTLE_TABLES = new Set(['auth_failures']);

export class RowCounter {
  private statement = '';
  constructor(private readonly db: Db) {}

  async init(): Promise<string[]> {
    const rows = rowsOf(
      await this.db.execute(
        sql.raw("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name"),
      ),
    );
    // A refused sign-in is counted for throttling by design: that table may grow on a 4xx.
    const tables = rows.map((r) => String(r.table_name)).filter((t) => !THROTTLE_TABLES.has(t));
    this.statement = `select ${tables.map((t) => `(select count(*) from "${t}")::text as "${t}"`).join(', ')}`;
    return tables;
  }

  async count(): Promise<Record<string, string>> {
    return rowsOf(await this.db.execute(sql.raw(this.statement)))[0] as Record<string, string>;
  }
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
}

export function namesField(json: unknown, field: string, extraWords: string[] = []): boolean {
  const e = (json as { error?: { message?: unknown; details?: unknown } } | null)?.error;
  if (!e) return false;
  const text = JSON.stringify([e.message, e.details]);
  const words = [field, ...(FIELD_WORDS[field] ?? []), ...extraWords];
  return words.some((w) => (/^[\w-]+$/.test(w) ? new RegExp(`(^|[^A-Za-z0-9_])${w.replace(/-/g, '\\-')}([^A-Za-z0-9_]|$)`, 'i').test(text) : text.includes(w)));
}

export interface Outcome {
  status: number;
  text: string;
  json: any;
  ms: number;
}

export class Runner {
  requests = 0;
  readonly problems: Problem[] = [];
  readonly slowest: { route: string; variant: string; ms: number }[] = [];
  /** Milliseconds and requests per route, counting included (for the report). */
  readonly timeByRoute = new Map<string, { ms: number; requests: number }>();
  /** Every answer, for the optional JSON report: route, variant, expectation, status. */
  readonly log: [string, string, string, number][] = [];
  /** Whether each (route, baseline) was accepted, so that a refused "accept" variant is only blamed then. */
  private readonly baselineOk = new Map<string, boolean>();
  private before: Record<string, string> | null = null;
  /** A write was accepted since the last outbound check. */
  private dirty = true;

  constructor(
    private readonly app: App,
    private readonly counter: RowCounter,
    readonly state: SeedState,
    private readonly baselines: Map<Operation, Baseline[]>,
  ) {}

  /** Runs a case; problems go to `sink` (the runner's own list by default). */
  async run(c: Case, sink: Problem[] = this.problems): Promise<Outcome | null> {
    const problem = (category: Category, status: number, text: string, note = '') =>
      sink.push({ category, route: c.op.route, variant: c.variant, status, excerpt: `${note}${excerpt(text)}` });
    const b = this.baselines.get(c.op)?.[c.baseline];
    if (!b) {
      problem('client', 0, `no baseline ${c.baseline}`);
      return null;
    }
    if (/^\/api\/jobs\/\{[^}]+\}\/run$/.test(c.op.path) && this.dirty) {
      // Jobs must fail on configuration before any request leaves the machine: refuse to run one otherwise.
      const risk = await outboundRisk(this.app);
      if (risk) {
        problem('client', 0, `not sent: a job run could reach the network (${risk})`);
        return null;
      }
      this.dirty = false;
    }
    this.before ??= await this.counter.count();
    let out: Outcome;
    const started = performance.now();
    try {
      const draft = draftOf(c.op, b, this.state);
      c.apply?.(draft, this.state);
      const { url, init } = requestOf(c.op.path, draft);
      const res = await this.app.request(url, init);
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* judged below */
      }
      out = { status: res.status, text, json, ms: performance.now() - started };
    } catch (err) {
      problem('client', 0, String((err as Error)?.stack ?? err));
      this.before = null;
      return null;
    }
    this.requests += 1;
    this.log.push([c.op.route, c.variant, c.expect, out.status]);
    this.noteSlow(c, out.ms);
    const { status, text, json } = out;
    const key = `${c.op.route}#${c.baseline}`;
    if (c.group === 'baseline') this.baselineOk.set(key, status < 300);

    if (status >= 500) problem('5xx', status, text);
    const leaks = leaksIn(text);
    if (leaks.length) problem('leak', status, text, `[${leaks.join(', ')}] `);
    if (status >= 400) {
      const e = (json as { error?: Record<string, unknown> } | null)?.error;
      if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !('details' in e)) problem('shape', status, text);
    }
    if (c.group === 'baseline' && status >= 300) problem('baseline', status, text);
    else if (c.expect === 'reject' && status < 300) problem('accepted', status, text);
    else if (c.expect === 'accept' && status >= 400 && status < 500 && this.baselineOk.get(key)) problem('refused', status, text);
    if ((status === 400 || status === 422) && c.field && c.expect !== 'accept' && !namesField(json, c.field, this.wordsOf(c)))
      problem('unnamed', status, text, `(field ${c.field}) `);

    const after = await this.counter.count();
    if (status >= 400 && status < 500) {
      const changed = Object.keys(after)
        .filter((t) => after[t] !== this.before![t])
        .map((t) => `${t} ${this.before![t]}→${after[t]}`);
      if (changed.length) problem('rows', status, text, `[${changed.join(', ')}] `);
    }
    this.before = after;
    if (status < 300 && c.op.method !== 'GET') this.dirty = true;
    const spent = this.timeByRoute.get(c.op.route) ?? { ms: 0, requests: 0 };
    this.timeByRoute.set(c.op.route, { ms: spent.ms + performance.now() - started, requests: spent.requests + 1 });
    if (status < 300 && /\/api\/entries\/\{id\}\/corrections$/.test(c.op.path)) followCorrection(this.state, json as { id?: unknown; voided?: unknown });
    if (status < 300 && c.op.path === '/api/files/{id}/removal') followRemoval(this.state);
    return out;
  }

  private wordsOf(c: Case): string[] {
    const p = c.op.params.find((x) => x.name === c.field);
    return p?.shape.words ?? [];
  }

  private noteSlow(c: Case, ms: number): void {
    this.slowest.push({ route: c.op.route, variant: c.variant, ms });
    this.slowest.sort((a, b) => b.ms - a.ms);
    this.slowest.length = Math.min(this.slowest.length, 5);
  }
}

/** Problems grouped by kind, then route: one readable block for the API owners. */
export function formatProblems(problems: Problem[]): string {
  const lines: string[] = [];
  for (const category of Object.keys(CATEGORY_TITLES) as Category[]) {
    const mine = problems.filter((p) => p.category === category);
    if (mine.length === 0) continue;
    lines.push('', `## ${CATEGORY_TITLES[category]} — ${mine.length}`);
    const routes = [...new Set(mine.map((p) => p.route))];
    for (const route of routes) {
      lines.push(`  ${route}`);
      for (const p of mine.filter((x) => x.route === route)) lines.push(`    · ${p.variant} → ${p.status || 'no answer'} ${p.excerpt}`);
    }
  }
  return lines.join('\n');
}
