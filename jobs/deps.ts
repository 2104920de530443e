import { hostname } from 'node:os';
import type { Db } from '../db/client.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import type { JobDeps } from './job-types.ts';

/** The connectors see only the `JIXIAO_SECRET_*` variables (config.secrets), never the whole environment. */
export function jobDeps(db: Db, config: Config, logger: Logger, now: () => Date = () => new Date(), env: Record<string, string> = config.secrets): JobDeps {
  return { db, config, logger, now, env, owner: `${hostname()}:${process.pid}` };
}
