import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { ProgressCache } from '../services/progress-cache.ts';

export interface AppDeps {
  db: Db;
  databaseKind: 'pglite' | 'postgres';
  config: Config;
  now: () => Date;
  logger: Logger;
  /** Optional: createApp makes one when absent. */
  progressCache?: ProgressCache;
}

export interface AppEnv {
  /** `user`: the caller's name from `X-User` (see who.ts), null when absent. */
  Variables: { deps: AppDeps; user: string | null };
}
