// `jixiao doctor` (docs/operations.md "Doctor"): what an operator checks before blaming the code — the
// configuration, the database and its migrations, the clocks, the secrets that channels and robots name,
// and whether the upstreams answer. Each check is a plain function of what it is handed (a database, a
// config, a `reach` that opens a connection), so tests give it local servers; the CLI hands it the real ones.
// Secret values are never read into a message: only whether a variable is set.
import cron from 'node-cron';
import { sql } from 'drizzle-orm';
import { type Db, redactUrl } from '../../db/client.ts';
import { channels, fileBlobs, probeEndpoints, robots } from '../../db/schema/index.ts';
import { isNull } from 'drizzle-orm';
import { presentInDir } from '../files/files-dir.ts';
import { shanghaiDate } from '../clock.ts';
import type { Config } from '../config.ts';
import { AppError, bilingual, type Said, said, type Text } from '../errors.ts';
import { isSecretName, outboundProblem, shownName, UPSTREAM_HOSTS, type Upstream } from './outbound-rules.ts';
import { databaseLevel } from './migration-level.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** A short stable name (`config`, `database`, `secrets`, `upstream`, …): what `--json` readers key on. */
  check: string;
  status: CheckStatus;
  message: Text;
}

/** Whether something answered at `target` (an http(s) origin or `tcp://host:port`): `detail` is a status or an error code, never a body. */
export interface Reach {
  reachable: boolean;
  detail: string;
}
export type Reacher = (target: string, timeoutMs: number) => Promise<Reach>;

export interface DoctorDeps {
  /** Reads the configuration; throws ConfigError when the environment is wrong. */
  loadConfig: () => Config;
  /** Opens the configured database (migrated), runs `fn`, closes it. */
  withDb: <T>(fn: (db: Db) => Promise<T>) => Promise<T>;
  reach: Reacher;
  now: () => Date;
}

/** How far the database's clock may be from this process's before the doctor says so. */
export const CLOCK_TOLERANCE_MS = 5_000;
/** The longest the doctor waits for one upstream. */
const REACH_TIMEOUT_MAX_MS = 5_000;

const ok = (check: string, message: Text): CheckResult => ({ check, status: 'ok', message });
const warn = (check: string, message: Text): CheckResult => ({ check, status: 'warn', message });
const fail = (check: string, message: Text): CheckResult => ({ check, status: 'fail', message });

/** The configuration loads, its schedules are cron expressions, and what it leaves unset is said. */
export function configChecks(load: () => Config): { config: Config | null; results: CheckResult[] } {
  let config: Config;
  try {
    config = load();
  } catch (err) {
    const problem = err instanceof Error ? err.message.replace(/^invalid environment: /, '') : String(err);
    return { config: null, results: [fail('config', said('ops.doctor.config.fail', { problem }))] };
  }
  const where = config.databaseUrl
    ? said('ops.doctor.where.postgres', { location: redactUrl(config.databaseUrl) })
    : said('ops.doctor.where.pglite', { dir: config.dataDir });
  const results = [ok('config', said('ops.doctor.config.ok', { where, host: config.host, port: config.port }))];
  const bad = Object.entries(config.jobs.schedules).filter(([, expr]) => !cron.validate(expr));
  results.push(
    bad.length > 0
      ? fail('schedules', said('ops.doctor.schedules.bad', { list: bad.map(([job, expr]) => `SCHEDULE_${job.toUpperCase()}=${expr}`).join(', ') }))
      : ok('schedules', said('ops.doctor.schedules.ok')),
  );
  if (!config.jobs.enabled) results.push(warn('jobs', said('ops.doctor.jobs.disabled')));
  if (!config.appUrl) results.push(warn('app-url', said('ops.doctor.appUrl.missing')));
  return { config, results };
}

/** Reachable (the caller got a connection) and migrated to this code's level. */
export async function databaseChecks(db: Db, kind: string): Promise<CheckResult[]> {
  const level = await databaseLevel(db);
  const results = [ok('database', said('ops.doctor.database.ok', { kind }))];
  if (level.state === 'current') results.push(ok('migrations', said('ops.doctor.migrations.ok', { tag: level.level.tag })));
  else if (level.state === 'ahead') results.push(fail('migrations', said('ops.doctor.migrations.ahead')));
  else results.push(fail('migrations', said('ops.doctor.migrations.behind', { n: level.missing })));
  return results;
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Record<string, unknown>[];
}

/** The database's clock against this process's, measured around one round trip. */
export async function clockCheck(db: Db, now: () => Date): Promise<CheckResult> {
  const before = now().getTime();
  const [row] = rowsOf(await db.execute(sql`select (extract(epoch from clock_timestamp()) * 1000)::float8::text as ms`));
  const after = now().getTime();
  const skew = Math.round(Number(row?.ms) - (before + after) / 2);
  if (!Number.isFinite(skew)) return fail('clock', said('ops.doctor.clock.unknown'));
  const params = { ms: Math.abs(skew), side: said(skew >= 0 ? 'ops.doctor.clock.ahead' : 'ops.doctor.clock.behind') };
  return Math.abs(skew) <= CLOCK_TOLERANCE_MS
    ? ok('clock', said('ops.doctor.clock.ok', params))
    : fail('clock', said('ops.doctor.clock.skew', { ...params, max: CLOCK_TOLERANCE_MS }));
}

/** Every day of the domain is a day in Asia/Shanghai (UTC+8): this runtime must know that zone. */
export function timeZoneCheck(now: Date): CheckResult {
  try {
    // 2024-01-01 16:30 UTC is already 2 January in Shanghai; a runtime without the zone's data says otherwise or throws.
    if (shanghaiDate(new Date('2024-01-01T16:30:00Z')) !== '2024-01-02') return fail('time-zone', said('ops.doctor.timeZone.wrong'));
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(now);
    return ok('time-zone', said('ops.doctor.timeZone.ok', { local }));
  } catch {
    return fail('time-zone', said('ops.doctor.timeZone.wrong'));
  }
}

/**
 * Where the supporting files' bytes are (docs/design.md "Supporting files"): in the database, or under FILES_DIR.
 * Bytes the database says are in the directory must be there at their size; without FILES_DIR they cannot be read.
 */
export async function filesCheck(db: Db, filesDir: string | null): Promise<CheckResult> {
  const outside = await db.select({ sha256: fileBlobs.sha256, size: fileBlobs.size }).from(fileBlobs).where(isNull(fileBlobs.content));
  const [all] = await db.select({ n: sql<number>`count(*)::int` }).from(fileBlobs);
  const inDb = Number(all?.n ?? 0) - outside.length;
  if (outside.length === 0) return ok('files', said(filesDir ? 'ops.doctor.files.dirUnused' : 'ops.doctor.files.inDb', { inDb, dir: filesDir ?? '' }));
  if (!filesDir) return fail('files', said('ops.doctor.files.noDir', { n: outside.length }));
  let missing = 0;
  for (const b of outside) if (!(await presentInDir(filesDir, b.sha256, Number(b.size)))) missing += 1;
  if (missing > 0) return fail('files', said('ops.doctor.files.missing', { missing, n: outside.length, dir: filesDir }));
  return ok('files', said('ops.doctor.files.ok', { inDb, n: outside.length, dir: filesDir }));
}

/** Who names a secret, in words. */
type Owner = Said;

/** Each channel and robot that names `JIXIAO_SECRET_*` variables: are they all set (non-empty)? */
export async function secretChecks(db: Db, secrets: Readonly<Record<string, string>>): Promise<CheckResult[]> {
  const named: { owner: Owner; vars: unknown[] }[] = [];
  for (const c of await db.select({ name: channels.name, settings: channels.settings }).from(channels).orderBy(channels.name)) {
    const vars = [c.settings.secretEnv, c.settings.tokenEnv].filter((v) => v !== undefined && v !== null);
    if (vars.length > 0) named.push({ owner: said('ops.doctor.owner.channel', { name: c.name }), vars });
  }
  for (const r of await db.select({ name: robots.name, webhookEnv: robots.webhookEnv, secretEnv: robots.secretEnv }).from(robots).orderBy(robots.id)) {
    named.push({ owner: said('ops.doctor.owner.robot', { name: r.name }), vars: [r.webhookEnv, r.secretEnv].filter((v) => v !== null) });
  }
  if (named.length === 0) return [ok('secrets', said('ops.doctor.secrets.none'))];
  return named.map(({ owner, vars }) => {
    const invalid = vars.filter((v) => !isSecretName(v)).map(shownName);
    const missing = vars.filter((v): v is string => isSecretName(v) && !secrets[v]);
    if (invalid.length > 0) return fail('secrets', said('ops.doctor.secrets.invalid', { owner, vars: invalid.join(', ') }));
    if (missing.length > 0) return fail('secrets', said('ops.doctor.secrets.missing', { owner, vars: missing.join(', ') }));
    return ok('secrets', said('ops.doctor.secrets.ok', { owner, vars: (vars as string[]).join(', ') }));
  });
}

/** Something the doctor will try to reach, and how much it matters when it does not answer. */
export interface UpstreamTarget {
  /** An http(s) origin (`https://api.weixin.qq.com`) or `tcp://host:port`; never a path or query (they may hold credentials). */
  target: string;
  what: Text;
  /** `fail` for what a channel or robot uses; `warn` for a configured base no channel uses yet, or a probed endpoint. */
  importance: 'fail' | 'warn';
}

/** The origin of an http(s) URL, or null. */
function originOf(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * What to reach: WECHAT_API_BASE and WEIBO_API_BASE (required when a channel of theirs exists), each
 * channel's own base, count and feed URLs, the robots' hosts, and the probed endpoints. URLs a channel may not
 * use (docs/design.md "Access", OUTBOUND_HOSTS) are refused here and never contacted.
 */
export async function upstreamTargets(db: Db | null, config: Config): Promise<{ targets: UpstreamTarget[]; refused: CheckResult[] }> {
  const targets: UpstreamTarget[] = [];
  const refused: CheckResult[] = [];
  const rows = db ? await db.select().from(channels).orderBy(channels.name) : [];
  const uses = (platform: string) => rows.some((c) => c.platform === platform && !c.settings.baseUrl);
  const wechat = originOf(config.wechatApiBase);
  const weibo = originOf(config.weiboApiBase);
  if (wechat) targets.push({ target: wechat, what: said('ops.doctor.upstream.wechat'), importance: uses('wechat') ? 'fail' : 'warn' });
  if (weibo) targets.push({ target: weibo, what: said('ops.doctor.upstream.weibo'), importance: uses('weibo') ? 'fail' : 'warn' });
  const upstreamOf: Record<string, Upstream | undefined> = { wechat: 'wechat', weibo: 'weibo' };
  for (const c of rows) {
    const what = said('ops.doctor.owner.channel', { name: c.name });
    for (const key of ['baseUrl', 'countUrl'] as const) {
      const value = c.settings[key];
      if (typeof value !== 'string') continue;
      const problem = outboundProblem(value, upstreamOf[c.platform] ?? null, config.outboundHosts);
      const origin = originOf(value);
      if (problem || !origin) refused.push(fail('upstream', said('ops.doctor.upstream.notAllowed', { what, key, problem: problem ?? '—' })));
      else targets.push({ target: origin, what, importance: 'fail' });
    }
    const feed = originOf(c.settings.url);
    if (c.platform === 'rss' && feed) targets.push({ target: feed, what, importance: 'fail' });
  }
  if (db) {
    const kinds = new Set((await db.select({ kind: robots.kind }).from(robots)).map((r) => r.kind));
    for (const kind of ['wecom', 'dingtalk'] as const) {
      if (kinds.has(kind)) targets.push({ target: `https://${UPSTREAM_HOSTS[kind]}`, what: said(`ops.doctor.upstream.${kind}`), importance: 'fail' });
    }
    for (const p of await db.select({ name: probeEndpoints.name, target: probeEndpoints.target }).from(probeEndpoints).orderBy(probeEndpoints.name)) {
      const tcp = /^tcp:\/\/[^/\s]+:\d{1,5}$/.test(p.target) ? p.target : null;
      const origin = tcp ?? originOf(p.target);
      if (origin) targets.push({ target: origin, what: said('ops.doctor.owner.probe', { name: p.name }), importance: 'warn' });
    }
  }
  return { targets, refused };
}

/** Tries each distinct target once, in parallel, with a short timeout. */
export async function reachChecks(targets: UpstreamTarget[], reach: Reacher, timeoutMs: number): Promise<CheckResult[]> {
  const byTarget = new Map<string, UpstreamTarget[]>();
  for (const t of targets) byTarget.set(t.target, [...(byTarget.get(t.target) ?? []), t]);
  const timeout = Math.min(timeoutMs, REACH_TIMEOUT_MAX_MS);
  return Promise.all(
    [...byTarget].map(async ([target, group]) => {
      const what = group.length === 1 ? group[0]!.what : joined(group.map((g) => g.what));
      let answer: Reach;
      try {
        answer = await reach(target, timeout);
      } catch {
        answer = { reachable: false, detail: '—' };
      }
      const params = { what, target, detail: answer.detail };
      if (answer.reachable) return ok('upstream', said('ops.doctor.upstream.ok', params));
      const matters = group.some((g) => g.importance === 'fail');
      return matters ? fail('upstream', said('ops.doctor.upstream.fail', params)) : warn('upstream', said('ops.doctor.upstream.warn', params));
    }),
  );
}

function joined(parts: Text[]): Text {
  return bilingual(parts.map((p) => p.in('zh')).join('、'), parts.map((p) => p.in('en')).join(', '));
}

/** Every check, in the order a person reads them; the database is opened once. */
export async function runDoctor(deps: DoctorDeps): Promise<CheckResult[]> {
  const { config, results } = configChecks(deps.loadConfig);
  results.push(timeZoneCheck(deps.now()));
  if (!config) return results;
  let targets: UpstreamTarget[] = [];
  try {
    await deps.withDb(async (db) => {
      results.push(...(await databaseChecks(db, config.databaseUrl ? 'PostgreSQL' : 'PGlite')));
      results.push(await clockCheck(db, deps.now));
      results.push(...(await secretChecks(db, config.secrets)));
      results.push(await filesCheck(db, config.filesDir));
      const found = await upstreamTargets(db, config);
      results.push(...found.refused);
      targets = found.targets;
    });
  } catch (err) {
    results.push(fail('database', said('ops.doctor.database.fail', { problem: databaseProblem(err) })));
    targets = (await upstreamTargets(null, config)).targets;
  }
  results.push(...(await reachChecks(targets, deps.reach, config.jobs.probeTimeoutMs)));
  return results;
}

/** What went wrong opening the database, in words written for people (never a driver's text, which may quote the URL). */
function databaseProblem(err: unknown): Text {
  if (err instanceof AppError) return err.said ?? bilingual(err.message, err.message);
  if (err instanceof Error && err.name === 'DataDirLockedError') return bilingual(err.message, err.message);
  const code = (err as { code?: unknown } | null)?.code;
  return said('ops.doctor.database.unknown', { code: typeof code === 'string' ? code : '—' });
}

export function summarize(results: CheckResult[]): { ok: number; warn: number; fail: number } {
  return {
    ok: results.filter((r) => r.status === 'ok').length,
    warn: results.filter((r) => r.status === 'warn').length,
    fail: results.filter((r) => r.status === 'fail').length,
  };
}
