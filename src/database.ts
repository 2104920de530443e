import { openDatabase, type Database } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import type { Config } from './config.ts';

/** PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR; migrated either way. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = config.databaseUrl ? await openDatabase({ url: config.databaseUrl }) : await openDatabase({ dataDir: config.dataDir });
  try {
    await runMigrations(database, config.databaseUrl ?? undefined);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
