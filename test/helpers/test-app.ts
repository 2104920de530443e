import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor, type Role } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { createToken } from '../../src/services/api-tokens.ts';
import { startChangeFeed } from '../../src/services/change-feed.ts';
import { addUser } from '../../src/services/users.ts';
import { createTestDb, type TestDatabase } from './test-db.ts';

type Request = App['request'];

/** Anything that answers `request` like the app (the wrapped test app, or the app itself). */
export interface RequestApp {
  request: Request;
}

export interface TestApp {
  /** The app, sending the admin's token unless a request sets its own `Authorization` (or `anonymous()`). */
  app: RequestApp;
  /** The app as it is: no credential added. */
  raw: App;
  database: TestDatabase;
  /** The token of the user `admin` the helper made. */
  adminToken: string;
  /** Makes a user with a role (and unit id) and returns a token for them. */
  tokenFor(name: string, role: Role, unitId?: number | null, expiresDays?: number): Promise<string>;
  close(): Promise<void>;
}

/** Every user the helper makes has this password. */
export const TEST_PASSWORD = 'Jx!test-password-1';

/** Headers that say "send no credential": the wrapper leaves them without Authorization. */
export const ANONYMOUS = 'x-test-anonymous';

/** The real app on a private database, with a fixed clock, and an admin token every request carries. */
export async function createTestApp(options: { now?: Date; uploadLimitMb?: number; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDb();
  const now = options.now ?? new Date('2026-07-01T04:00:00Z');
  const config = loadConfig({ UPLOAD_LIMIT_MB: String(options.uploadLimitMb ?? 20), ...options.env });
  const feed = await startChangeFeed(database);
  const app = createApp({ db: database.db, databaseKind: database.kind, config, now: () => now, logger: silentLogger, feed, jobs: jobCatalog });

  const tokenFor = async (name: string, role: Role, unitId: number | null = null, expiresDays?: number) => {
    const { user } = await addUser(database.db, { name, role, password: TEST_PASSWORD }, systemActor);
    if (unitId !== null) {
      const { users } = await import('../../db/schema/index.ts');
      const { eq } = await import('drizzle-orm');
      await database.db.update(users).set({ unitId }).where(eq(users.id, user.id));
    }
    return (await createToken(database.db, { user: user.id, expiresDays }, systemActor, now)).token;
  };
  const adminToken = await tokenFor('admin', 'admin');

  const request: Request = (input, init, ...rest) => {
    const headers = new Headers(init?.headers);
    if (headers.has(ANONYMOUS)) headers.delete(ANONYMOUS);
    else if (!headers.has('authorization')) headers.set('authorization', `Bearer ${adminToken}`);
    return app.request(input, { ...init, headers }, ...rest);
  };
  return {
    app: { request },
    raw: app,
    database,
    adminToken,
    tokenFor,
    close: async () => {
      await feed.close();
      await database.close();
    },
  };
}
