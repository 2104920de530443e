// Whether this process should be sent traffic (docs/design.md "Operations"): the database answers, it has
// every migration this code carries, and the scheduler is where the configuration wants it. A load balancer
// asks GET /readyz; /healthz only says the process is alive.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { databaseLevel } from './migration-level.ts';

/** `starting`: not yet started (the app is built first); `stopped`: the process is shutting down. */
export type SchedulerState = 'starting' | 'running' | 'disabled' | 'stopped';

/**
 * Set by the process that owns the scheduler (src/main.ts builds the app before the scheduler, so the app
 * is handed this and learns the state as it changes). An app built without one runs no scheduler: `none`.
 */
export interface ReadinessHolder {
  scheduler: SchedulerState;
}

export function createReadiness(scheduler: SchedulerState = 'starting'): ReadinessHolder {
  return { scheduler };
}

export interface ReadinessReport {
  ready: boolean;
  checks: {
    database: 'ok' | 'fail';
    /** `behind`: a migration is not applied; `ahead`: a newer jixiao migrated this database; `unknown`: not read. */
    migrations: 'current' | 'behind' | 'ahead' | 'unknown';
    scheduler: SchedulerState | 'none';
  };
  /** What failed, for the log only: it may hold driver text, which never goes into an answer. */
  problem: string | null;
}

/** A database that does not answer within this long is not ready (postgres.js would wait for its connect timeout). */
const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(db: Db, holder: ReadinessHolder | undefined, timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const scheduler = holder ? holder.scheduler : 'none';
  const schedulerReady = scheduler === 'running' || scheduler === 'disabled' || scheduler === 'none';
  const checks: Pick<ReadinessReport['checks'], 'database' | 'migrations'> = { database: 'fail', migrations: 'unknown' };
  let problem: string | null = null;
  try {
    await withTimeout(
      (async () => {
        await db.execute(sql`select 1`);
        checks.database = 'ok';
        checks.migrations = (await databaseLevel(db)).state;
      })(),
      timeoutMs,
    );
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  const ready = checks.database === 'ok' && checks.migrations === 'current' && schedulerReady;
  return { ready, checks: { ...checks, scheduler }, problem };
}
