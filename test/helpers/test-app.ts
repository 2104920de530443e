import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { createTestDb, type TestDatabase } from './test-db.ts';

export interface TestApp {
  app: App;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real app on a private database, with a fixed clock. */
export async function createTestApp(options: { now?: Date; uploadLimitMb?: number } = {}): Promise<TestApp> {
  const database = await createTestDb();
  const now = options.now ?? new Date('2026-07-01T04:00:00Z');
  const config = loadConfig({ UPLOAD_LIMIT_MB: String(options.uploadLimitMb ?? 20) });
  const app = createApp({ db: database.db, databaseKind: database.kind, config, now: () => now, logger: silentLogger });
  return { app, database, close: () => database.close() };
}
