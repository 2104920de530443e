import type { Db } from '../db/client.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import type { ConnectorContext, TokenStore } from './connectors/types.ts';
import type { JobResult } from '../src/services/jobs.ts';

export type { JobResult } from '../src/services/jobs.ts';

export interface JobDeps {
  db: Db;
  config: Config;
  logger: Logger;
  now: () => Date;
  env: Record<string, string | undefined>;
  /** Identifies this process in the ledger (host:pid). */
  owner: string;
}

export interface JobContext extends JobDeps {
  connector: ConnectorContext;
  tokens: TokenStore;
  /** The scheduled time this run stands for. */
  slot: Date;
  /** The day of data the run works on, when the job has one (YYYY-MM-DD, Asia/Shanghai). */
  dataDay: string | null;
  /** Keeps the run's claim alive; long loops call it between batches. */
  heartbeat(): Promise<void>;
}

export interface JobDefinition {
  name: string;
  /** node-cron expression, Asia/Shanghai */
  schedule: string;
  description: string;
  /** Missed slots are run at start (data jobs); probes are not, a past probe cannot be taken now. */
  catchUp: boolean;
  /** The data day a slot works on; e.g. the day before a 09:00 WeChat slot. */
  dataDayOf?: (slot: Date) => string;
  run(ctx: JobContext): Promise<JobResult>;
}

export const emptyResult = (): JobResult => ({ inserted: 0, updated: 0, failed: 0, changedProjects: [] });
