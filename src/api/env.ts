import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { ChangeFeed } from '../services/change-feed.ts';
import type { ProgressCache } from '../services/progress-cache.ts';
import type { JobCatalog } from '../services/jobs.ts';
import type { ProgressReader } from '../services/progress-reader.ts';
import type { ReadinessHolder } from '../services/readiness.ts';
import type { TokenCache } from '../services/token-cache.ts';
import type { SessionCache } from '../services/web-sessions.ts';

export interface AppDeps {
  db: Db;
  databaseKind: 'pglite' | 'postgres';
  config: Config;
  now: () => Date;
  logger: Logger;
  /** What changed, pushed (src/services/change-feed.ts); without one nothing is cached. */
  feed?: ChangeFeed;
  /** Optional: createApp makes one over `feed` when absent (the bench passes an uncached one). */
  progressCache?: ProgressCache;
  /** The jobs layer (jobs/catalog.ts), handed in by the composition root; without it the job routes answer 500. */
  jobs?: JobCatalog;
  /** The scheduler's state, set by the process that runs it (src/main.ts); absent: this app runs none (GET /readyz). */
  readiness?: ReadinessHolder;
}

/** What createApp adds to the deps it was given. */
export interface AppServices {
  progress: ProgressReader;
  tokens: TokenCache;
  sessions: SessionCache;
}

export interface AppEnv {
  /** `actor`: who is calling, from the credential (authenticate.ts); every route but sign-in has one. */
  Variables: { deps: AppDeps & AppServices; actor: Actor };
}
