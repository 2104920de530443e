import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { apiTokens, users } from '../../db/schema/index.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Tokens are answered from memory once looked up (docs/design.md "Caches and invalidation"), and a change to
// what a credential may do reaches every cache: at commit in this process, through LISTEN otherwise.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const me = (token: string) => t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });

async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (await check()) return true;
  return check();
}

describe('token cache', () => {
  it('a token revoked through the service stops at once; one revoked by another writer stops once its note arrives', async () => {
    const a = await t.tokenFor('甲', 'leader');
    expect((await me(a)).status).toBe(200);
    expect((await me(a)).status).toBe(200);
    const [row] = await t.database.db.select({ id: apiTokens.id }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(users.name, '甲'));
    expect((await t.app.request(`/api/tokens/${row!.id}/revoke`, { method: 'POST' })).status).toBe(200);
    expect((await me(a)).status).toBe(401);

    // Outside any transaction of the app (another process, a DBA): only the NOTIFY tells.
    const b = await t.tokenFor('乙', 'staff');
    expect((await me(b)).status).toBe(200);
    await t.database.db.execute(sql`update users set disabled_at = now() where name = '乙'`);
    expect(await eventually(async () => (await me(b)).status === 401)).toBe(true);
  });

  it('a used token records when it was last used (written beside the request, not before it answers)', async () => {
    const c = await t.tokenFor('丙', 'leader');
    for (let i = 0; i < 5; i++) expect((await me(c)).status).toBe(200);
    expect(
      await eventually(async () => {
        const [r] = await t.database.db
          .select({ lastUsedAt: apiTokens.lastUsedAt })
          .from(apiTokens)
          .innerJoin(users, eq(users.id, apiTokens.userId))
          .where(eq(users.name, '丙'));
        return r?.lastUsedAt !== null;
      }),
    ).toBe(true);
  });
});
