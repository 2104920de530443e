// The jobs as the faces see them (docs/design.md "Jobs"): the list with schedules, a run by hand,
// the history. The API, the CLI and (later) the pages call this module and never jobs/.
//
// Direction: jobs/ depends on src/services (a job fetches from its connectors and hands the data to the
// services), never the reverse. What this module needs of jobs/ — the definitions, the run loop with its
// retries and follow-up, the scheduler — is the JobCatalog port below; the jobs layer implements it
// (jobs/catalog.ts) and the composition roots hand it in (AppDeps.jobs, the CLI's job commands); see
// docs/architecture.md.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import { NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { auditJobRun } from './audit.ts';
import { runHistory, type RunCounts } from './job-ledger.ts';

export interface JobInfo {
  name: string;
  /** node-cron expression, Asia/Shanghai */
  schedule: string;
  description: string;
}

export interface JobResult extends RunCounts {
  /** Projects whose evidence changed: the alerts job re-evaluates them. */
  changedProjects: number[];
}

/** What became of one slot of one job. */
export interface RunOutcome {
  job: string;
  /** ISO instant the run stands for */
  slot: string;
  runId: number | null;
  /** `not_claimed`: another process has (or had) the slot. */
  status: 'succeeded' | 'failed' | 'skipped' | 'not_claimed';
  attempts: number;
  result: JobResult | null;
  /** Written for people (a connector's or an AppError's message, secrets masked); `internal` says only that. */
  error: { kind: string; code: string; message: string } | null;
}

/** What running a job needs; the jobs layer adds its own parts (owner, secrets, connector context). */
export interface JobRunDeps {
  db: Db;
  config: Config;
  logger: Logger;
  now: () => Date;
}

export interface JobScheduler {
  /** Resolves when in-flight runs have finished (or been aborted) and the schedule is stopped. */
  stop(): Promise<void>;
}

/** The port the jobs layer implements (jobs/catalog.ts). */
export interface JobCatalog {
  /** The jobs and their cron expressions, from the configuration (SCHEDULE_*). */
  list(config: Config): JobInfo[];
  /**
   * Runs a known job's slot now — claimed in the ledger like any slot, with retries — and then its
   * follow-up: the alerts job when the run changed evidence. One outcome per run, in order.
   */
  run(deps: JobRunDeps, name: string, opts: { slot: Date; dataDay: string | null }): Promise<RunOutcome[]>;
  /** Starts the schedule (and the catch-up of missed slots) in this process. */
  startScheduler(deps: JobRunDeps): JobScheduler;
}

export interface JobsDeps extends JobRunDeps {
  /** Absent in an app built without its jobs layer (a bench, a read-only test app). */
  jobs?: JobCatalog;
}

function catalogOf(deps: { jobs?: JobCatalog }): JobCatalog {
  // A wiring mistake of the process, not something a caller did: a 500 with the reason in the log.
  if (!deps.jobs) throw new Error('jobs: no JobCatalog was given to this process (AppDeps.jobs)');
  return deps.jobs;
}

export function listJobs(deps: Pick<JobsDeps, 'config' | 'jobs'>): JobInfo[] {
  return catalogOf(deps).list(deps.config);
}

/**
 * Runs a job by hand now. `date` is the data day: the run does what the scheduled run on the morning of
 * date + 1 does. A failed run is an outcome, not an exception; the run and its follow-ups are recorded in
 * the audit log as the actor's (docs/design.md "Access").
 */
export async function runJobNow(deps: JobsDeps, input: { name: string; date: string | null; actor: Actor }): Promise<RunOutcome[]> {
  const catalog = catalogOf(deps);
  if (!catalog.list(deps.config).some((j) => j.name === input.name)) throw new NotFoundError('job', input.name);
  const runs = await catalog.run(deps, input.name, { slot: deps.now(), dataDay: input.date });
  await auditJobRun(deps.db, input.actor, input.name, input.date, runs);
  return runs;
}

/** The latest runs from the ledger, newest first; `job` null for every job. */
export async function jobHistory(db: Db, input: { job: string | null; limit: number }) {
  return runHistory(db, input.job, input.limit);
}
