import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
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
  /** `actor`: who is calling, from the credential (authenticate.ts); every route but sign-in has one. */
  Variables: { deps: AppDeps; actor: Actor };
}
