import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export interface AppDeps {
  db: Db;
  databaseKind: 'pglite' | 'postgres';
  config: Config;
  now: () => Date;
  logger: Logger;
}

export interface AppEnv {
  Variables: { deps: AppDeps };
}
