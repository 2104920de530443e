import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { projects, type Project } from '../../db/schema/index.ts';
import { jobDeps } from '../../jobs/deps.ts';
import type { JobDeps } from '../../jobs/job-types.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger, type Logger } from '../../src/logger.ts';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { seedBytes } from './seed.ts';

/**
 * Job dependencies for tests: fast retries, short timeouts, a fixed clock and a private environment.
 * `env` and `config` are read together as the process environment would be, so the connectors see what
 * they see in production: config.secrets, the `JIXIAO_SECRET_*` variables only. Tests that point a
 * channel's baseUrl or a robot's webhook at a local fake set `OUTBOUND_HOSTS: '127.0.0.1'` in `config`.
 */
export function testJobDeps(db: Db, options: { now: Date; env?: Record<string, string>; config?: Record<string, string>; logger?: Logger }): JobDeps {
  const config = loadConfig({
    JOBS_BACKOFF_BASE_MS: '20',
    JOBS_BACKOFF_MAX_MS: '200',
    JOBS_MAX_ATTEMPTS: '4',
    HTTP_CONNECT_TIMEOUT_MS: '1000',
    HTTP_HEADERS_TIMEOUT_MS: '1000',
    HTTP_BODY_TIMEOUT_MS: '1000',
    JOBS_STALE_AFTER_MS: '3000',
    ...options.config,
    ...options.env,
  });
  return jobDeps(db, config, options.logger ?? silentLogger, () => options.now);
}

/** The outbound rules addChannel applies, from the deps' configuration (OUTBOUND_HOSTS). */
export function channelRules(deps: Pick<JobDeps, 'config'>): { outboundHosts: readonly string[] } {
  return { outboundHosts: deps.config.outboundHosts };
}

/** The seed's four projects for a year; returns their ids in table order. */
export async function importSeed(db: Db, year: number): Promise<number[]> {
  const s = await importTargetTable(db, { fileName: 'seed.txt', bytes: seedBytes(), year, yearGiven: true });
  return s.projects.map((p) => p.id);
}

/** A project's stored row, as the progress service takes it. */
export async function projectRow(db: Db, id: number): Promise<Project> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  if (!row) throw new Error(`no project ${id}`);
  return row;
}
