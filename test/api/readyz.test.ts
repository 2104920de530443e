import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createReadiness, type ReadinessHolder } from '../../src/services/readiness.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';

// GET /readyz (docs/design.md "Operations"): 200 when the database answers, has every migration and the
// scheduler runs or is switched off; 503 otherwise — without a credential, from any Host, and with nothing
// but check names and states in the body (what failed goes to the log).

// One database for the tests that only read; a test that closes or changes its database gets its own.
let shared: TestDatabase;
let own: TestDatabase | undefined;

beforeAll(async () => {
  shared = await createTestDb();
});

afterAll(async () => {
  await shared?.close();
});

afterEach(async () => {
  await own?.close().catch(() => {});
  own = undefined;
});

async function appWith(readiness: ReadinessHolder | undefined, env: Record<string, string> = {}, alone = false) {
  const database = alone ? (own = await createTestDb()) : shared;
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', (l) => lines.push(JSON.parse(l)));
  const app = createApp({ db: database.db, databaseKind: database.kind, config: loadConfig(env), now: () => new Date(), logger, jobs: jobCatalog, readiness });
  return { app, lines, database };
}

async function ready(app: ReturnType<typeof createApp>, host = 'localhost') {
  const res = await app.request('http://x/readyz', { headers: { host } });
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> }, res };
}

describe('GET /readyz', () => {
  it('is 200 when the database answers, migrations are current and the scheduler runs — with no credential, from any Host', async () => {
    const { app } = await appWith(createReadiness('running'));
    const r = await ready(app, 'lb.internal:8080');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'current', scheduler: 'running' } });
    expect(r.res.headers.get('cache-control')).toBe('no-store');
  });

  it('reports a scheduler switched off by JOBS_ENABLED=false and is still ready', async () => {
    const { app } = await appWith(createReadiness('disabled'), { JOBS_ENABLED: 'false' });
    const r = await ready(app);
    expect(r.status).toBe(200);
    expect(r.body.checks.scheduler).toBe('disabled');
  });

  it('follows the holder: 503 while the scheduler is starting or once the process is stopping', async () => {
    const holder = createReadiness();
    const { app } = await appWith(holder);
    expect((await ready(app)).status).toBe(503);
    expect((await ready(app)).body).toEqual({ status: 'not_ready', checks: { database: 'ok', migrations: 'current', scheduler: 'starting' } });
    holder.scheduler = 'running';
    expect((await ready(app)).status).toBe(200);
    holder.scheduler = 'stopped';
    const r = await ready(app);
    expect(r.status).toBe(503);
    expect(r.body.checks.scheduler).toBe('stopped');
  });

  it('is 503 when the database is closed, saying which check failed and no driver text; the log has the reason', async () => {
    const { app, lines, database: db } = await appWith(createReadiness('running'), {}, true);
    await db.close();
    const r = await ready(app);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: 'not_ready', checks: { database: 'fail', migrations: 'unknown', scheduler: 'running' } });
    const logged = lines.find((l) => l.msg === 'not ready');
    expect(logged?.problem).toEqual(expect.any(String));
    expect(JSON.stringify(r.body)).not.toContain(String(logged?.problem));
    expect(logged?.requestId).toBe(r.res.headers.get('x-request-id'));
  });

  it('is 503 when the database lacks the newest migration', async () => {
    const { app, database: db } = await appWith(createReadiness('running'), {}, true);
    await db.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
    const r = await ready(app);
    expect(r.status).toBe(503);
    expect(r.body.checks).toEqual({ database: 'ok', migrations: 'behind', scheduler: 'running' });
  });

  it('is 503 when a newer jixiao migrated the database', async () => {
    const { app, database: db } = await appWith(createReadiness('running'), {}, true);
    await db.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('newer', 99999999999999)`);
    const r = await ready(app);
    expect(r.status).toBe(503);
    expect(r.body.checks.migrations).toBe('ahead');
  });

  it('an app built without a holder runs no scheduler: `none`, and ready', async () => {
    const { app } = await appWith(undefined);
    const r = await ready(app);
    expect(r.status).toBe(200);
    expect(r.body.checks.scheduler).toBe('none');
  });
});
