import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accessTokens } from '../db/schema/index.ts';
import type { TokenStore } from './connectors/types.ts';

/** Tokens live in the database, so every process (and a restarted one) reuses the same one. */
export function dbTokenStore(db: Db): TokenStore {
  return {
    async get(key) {
      const [row] = await db.select().from(accessTokens).where(eq(accessTokens.key, key));
      return row ? { token: row.token, expiresAt: new Date(row.expiresAt) } : null;
    },
    async set(key, token, expiresAt) {
      await db
        .insert(accessTokens)
        .values({ key, token, expiresAt: expiresAt.toISOString() })
        .onConflictDoUpdate({ target: accessTokens.key, set: { token, expiresAt: expiresAt.toISOString(), updatedAt: new Date().toISOString() } });
    },
    async invalidate(key, token) {
      await db.delete(accessTokens).where(and(eq(accessTokens.key, key), eq(accessTokens.token, token)));
    },
  };
}
