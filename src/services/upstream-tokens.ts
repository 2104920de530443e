// Short-lived upstream credentials (the WeChat access_token), kept in the database so every process, and a
// restarted one, reuses the same token instead of spending the upstream's daily quota (docs/design.md
// "Data sources"). The connectors use the TokenStore interface; this module is its database side.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accessTokens } from '../../db/schema/index.ts';

/**
 * The store keeps what it is given; the WeChat connector gives it the token sealed
 * (jobs/connectors/wechat-token.ts), so the table never holds a usable credential.
 */
export interface TokenStore {
  get(key: string): Promise<{ token: string; expiresAt: Date } | null>;
  set(key: string, token: string, expiresAt: Date): Promise<void>;
  /** Forget a token the upstream rejected, unless another process already replaced it. */
  invalidate(key: string, token: string): Promise<void>;
}

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
