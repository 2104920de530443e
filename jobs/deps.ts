import { hostname } from 'node:os';
import type { Db } from '../db/client.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import type { JobDeps } from './job-types.ts';

export function jobDeps(db: Db, config: Config, logger: Logger, now: () => Date = () => new Date(), env: NodeJS.ProcessEnv = process.env): JobDeps {
  return { db, config, logger, now, env, owner: `${hostname()}:${process.pid}` };
}
