import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';

export interface TestDatabase extends Database {
  /** Connection URL on PostgreSQL (for code that opens its own connections); null on PGlite. */
  url: string | null;
}

let pgliteTemplate: Promise<PGlite> | undefined;

/** A migrated PGlite, made once per worker; files get clones, which take a fraction of a fresh boot. */
function migratedTemplate(): Promise<PGlite> {
  pgliteTemplate ??= (async () => {
    const pg = new PGlite();
    const database = await openDatabase({ pglite: pg });
    await runMigrations(database);
    return pg;
  })();
  return pgliteTemplate;
}

/** A private, migrated database for one test file: PGlite clone, or a fresh PostgreSQL database. */
export async function createTestDb(): Promise<TestDatabase> {
  if (process.env.TEST_DB_KIND === 'postgres') return createPostgresDb();
  const template = await migratedTemplate();
  const clone = (await template.clone()) as PGlite;
  const database = await openDatabase({ pglite: clone });
  return { ...database, url: null };
}

async function createPostgresDb(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB_KIND=postgres needs TEST_DATABASE_URL');
  const name = `jixiao_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const template = inject('pgTemplate');
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${template}`);
      break;
    } catch (err) {
      // Two workers copying one template at once can collide; the copy itself is cheap, so retry.
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const database = await openDatabase({ url: dbUrl, maxConnections: 4 });
  return {
    ...database,
    url: dbUrl,
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
