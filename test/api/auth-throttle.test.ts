import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts';
import { appOver, rowsOf } from '../helpers/access/world.ts';

// Issue 8, deliverable 6: repeated failed authentication is throttled per account (5 in 15 minutes) and per
// address (20), with a 429 in Chinese and a Retry-After; a good password before the limit clears the
// account's count; bad bearer tokens count against the address, but a valid token always works. Addresses
// come from X-Forwarded-For (TRUST_PROXY=true); time moves by making another app with a later clock over
// the same database.

const T0 = new Date('2026-07-01T04:00:00Z');
const PROXY = { TRUST_PROXY: 'true' };
const at = (ms: number) => appOver(t, { now: new Date(T0.getTime() + ms), env: PROXY });
const MIN = 60_000;

let t: TestApp;
let now: App;
let userSeq = 0;

beforeAll(async () => {
  t = await createTestApp({ now: T0, env: PROXY });
  now = at(0);
});

afterAll(async () => {
  await t?.close();
});

interface Answer {
  status: number;
  json: any;
  retryAfter: string | null;
}

async function signIn(app: App, username: string, password: string, address: string): Promise<Answer> {
  const res = await app.request('/api/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, json: await res.json(), retryAfter: res.headers.get('retry-after') };
}

async function me(app: App, token: string, address: string): Promise<Answer> {
  const res = await app.request('/api/me', { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': address } });
  return { status: res.status, json: await res.json(), retryAfter: res.headers.get('retry-after') };
}

/** A fresh account (password TEST_PASSWORD) and a token of it. */
async function account(): Promise<{ name: string; token: string }> {
  const name = `throttle-user-${++userSeq}`;
  return { name, token: await t.tokenFor(name, 'staff') };
}

const bogusToken = (i: number) => `jx_${String(i).padStart(4, '0')}${'x'.repeat(39)}`;

/** A 429 in Chinese with its wait, in the header and in the body. */
function expectHeld(a: Answer, label: string, maxSeconds = 15 * 60): void {
  expect(a.status, label).toBe(429);
  expect(a.json?.error?.code, label).toBeTypeOf('string');
  expect(a.json.error.message, label).toMatch(/[\u4e00-\u9fff]/);
  expect(a.json.error.message, label).toMatch(/分钟/);
  // The body says how long too; a missing header is reported, and the rest of the test still runs.
  expect(a.json.error.details?.retryAfter, `${label}: details.retryAfter`).toBeGreaterThan(0);
  expect(a.json.error.details.retryAfter, `${label}: details.retryAfter`).toBeLessThanOrEqual(maxSeconds);
  expect.soft(a.retryAfter, `${label}: a 429 without a Retry-After header`).not.toBeNull();
  if (a.retryAfter !== null) {
    expect(a.retryAfter, `${label}: Retry-After header`).toMatch(/^\d+$/);
    expect(Number(a.retryAfter), label).toBeGreaterThan(0);
    expect(Number(a.retryAfter), label).toBeLessThanOrEqual(maxSeconds);
    expect(Number(a.retryAfter), `${label}: header and body agree`).toBe(a.json.error.details.retryAfter);
  }
}

async function count(table: 'api_tokens' | 'audit_log'): Promise<number> {
  const [r] = rowsOf(await t.database.db.execute(sql.raw(`select count(*)::text as n from ${table}`)));
  return Number(r!.n);
}

describe('sign-in throttling per account', { timeout: 90_000 }, () => {
  it('after 5 wrong passwords (from any addresses) the account is held — 429 even with the right password — until its 15 minutes pass', async () => {
    const { name } = await account();
    for (let i = 1; i <= 5; i++) {
      expect((await signIn(now, name, `wrong-password-${i}`, `10.1.0.${i}`)).status, `failure ${i}`).toBe(401);
    }
    const tokensBefore = await count('api_tokens');
    const auditBefore = await count('audit_log');
    expectHeld(await signIn(now, name, TEST_PASSWORD, '10.1.0.9'), 'right password after 5 failures');
    expectHeld(await signIn(now, name, 'wrong-password-6', '10.1.0.10'), 'wrong password after 5 failures');
    // A held sign-in issues nothing and changes nothing.
    expect(await count('api_tokens')).toBe(tokensBefore);
    expect(await count('audit_log')).toBe(auditBefore);

    const late = await signIn(at(14 * MIN), name, TEST_PASSWORD, '10.1.0.11');
    expectHeld(late, 'right password 14 minutes later', 60);
    const after = await signIn(at(15 * MIN + 1000), name, TEST_PASSWORD, '10.1.0.12');
    expect(after.status, JSON.stringify(after.json)).toBe(201);
    expect(after.json.token).toMatch(/^jx_/);
  });

  it('another account is not held by the first one’s failures, from the same addresses', async () => {
    const held = await account();
    const other = await account();
    for (let i = 1; i <= 5; i++) await signIn(now, held.name, 'wrong-password', '10.1.1.1');
    expectHeld(await signIn(now, held.name, TEST_PASSWORD, '10.1.1.1'), 'held account');
    expect((await signIn(now, other.name, TEST_PASSWORD, '10.1.1.1')).status).toBe(201);
  });

  it('the account name is one account whatever its case', async () => {
    const { name } = await account();
    for (let i = 1; i <= 5; i++) await signIn(now, i % 2 ? name.toUpperCase() : name, 'wrong-password', `10.1.2.${i}`);
    expectHeld(await signIn(now, name, TEST_PASSWORD, '10.1.2.9'), 'after failures under both cases');
  });

  it('a right password before the limit clears the account’s count', async () => {
    const { name } = await account();
    const address = (i: number) => `10.1.3.${i}`;
    for (let i = 1; i <= 4; i++) expect((await signIn(now, name, 'wrong-password', address(i))).status).toBe(401);
    expect((await signIn(now, name, TEST_PASSWORD, address(5))).status).toBe(201);
    for (let i = 6; i <= 9; i++) expect((await signIn(now, name, 'wrong-password', address(i))).status).toBe(401);
    // 8 failures in the window, but only 4 since the success: not held.
    expect((await signIn(now, name, TEST_PASSWORD, address(10))).status).toBe(201);
    // And counting starts again: 5 more failures hold it.
    for (let i = 11; i <= 15; i++) expect((await signIn(now, name, 'wrong-password', address(i))).status).toBe(401);
    expectHeld(await signIn(now, name, TEST_PASSWORD, address(16)), 'after 5 failures following a success');
  });
});

describe('bursts of concurrent attempts', { timeout: 90_000 }, () => {
  it('20 wrong passwords for one account sent at once: at most 5 are checked (401), the rest are held (429)', async () => {
    const { name } = await account();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(now, name, `wrong-password-${i}`, `10.7.0.${i + 1}`)));
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.every((s) => s === 401 || s === 429),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(statuses.filter((s) => s === 401).length, `password checks let through in one burst: ${JSON.stringify(statuses)}`).toBeLessThanOrEqual(5);
    expectHeld(await signIn(now, name, TEST_PASSWORD, '10.7.1.1'), 'right password after the burst');
  });

  it('40 bad tokens from one address sent at once: at most 20 are looked up (401), the rest are held (429)', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => me(now, bogusToken(300 + i), '10.7.2.1')));
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.every((s) => s === 401 || s === 429),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(statuses.filter((s) => s === 401).length, `bad tokens let through in one burst: ${JSON.stringify(statuses)}`).toBeLessThanOrEqual(20);
  });
});

describe('sign-in refusals', { timeout: 90_000 }, () => {
  it('a disabled account, an unknown name and a wrong password get the same 401, and no token', async () => {
    const { name } = await account();
    const disabled = await account();
    const [row] = rowsOf(await t.database.db.execute(sql`select id from users where name = ${disabled.name}`));
    const res = await t.app.request(`/api/users/${Number(row!.id)}/disable`, { method: 'POST' });
    expect(res.status).toBe(200);
    const tokensBefore = await count('api_tokens');
    const answers = [
      await signIn(now, disabled.name, TEST_PASSWORD, '10.6.0.1'),
      await signIn(now, 'no-such-user-at-all', TEST_PASSWORD, '10.6.0.2'),
      await signIn(now, name, 'wrong-password', '10.6.0.3'),
    ];
    for (const a of answers) expect(a.status).toBe(401);
    expect(new Set(answers.map((a) => JSON.stringify(a.json))).size, 'one message for all three').toBe(1);
    expect(await count('api_tokens')).toBe(tokensBefore);
  });
});

describe('sign-in throttling per address', { timeout: 90_000 }, () => {
  it('failures for different accounts from one address are held after 20; the same account from another address still signs in', async () => {
    const address = '10.2.0.1';
    for (let i = 1; i <= 20; i++) {
      // Each account fails once (never reaching its own limit): some real, some unknown names.
      const name = i % 5 === 0 ? (await account()).name : `no-such-user-${i}`;
      expect((await signIn(now, name, 'wrong-password', address)).status, `failure ${i}`).toBe(401);
    }
    const fresh = await account();
    expectHeld(await signIn(now, fresh.name, TEST_PASSWORD, address), 'a fresh account from the held address');
    expect((await signIn(now, fresh.name, TEST_PASSWORD, '10.2.0.2')).status).toBe(201);
    expectHeld(await signIn(at(14 * MIN), fresh.name, TEST_PASSWORD, address), 'the held address 14 minutes later', 60);
    expect((await signIn(at(15 * MIN + 1000), fresh.name, TEST_PASSWORD, address)).status).toBe(201);
  });
});

describe('bearer token failures per address', { timeout: 90_000 }, () => {
  it('bad tokens from one address are held after 20 (429) while a valid token from that address still works', async () => {
    const address = '10.3.0.1';
    const { name, token } = await account();
    for (let i = 1; i <= 20; i++) expect((await me(now, bogusToken(i), address)).status, `bad token ${i}`).toBe(401);
    expectHeld(await me(now, bogusToken(21), address), 'the 21st bad token');
    expectHeld(await me(now, 'not-even-token-shaped', address), 'a malformed token from the held address');
    const good = await me(now, token, address);
    expect(good.status).toBe(200);
    expect(good.json.name).toBe(name);
    expect((await me(now, bogusToken(22), '10.3.0.2')).status, 'another address').toBe(401);
    expect((await me(at(15 * MIN + 1000), bogusToken(23), address)).status, 'after the window').toBe(401);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: changing it does not escape the hold', async () => {
    const direct = appOver(t, { now: T0, env: {} });
    for (let i = 1; i <= 20; i++) expect((await me(direct, bogusToken(100 + i), `10.4.0.${i}`)).status, `bad token ${i}`).toBe(401);
    expectHeld(await me(direct, bogusToken(200), '10.4.0.99'), 'a new X-Forwarded-For without TRUST_PROXY');
    const { token } = await account();
    expect((await me(direct, token, '10.4.0.100')).status).toBe(200);
  });
});

describe('changing one’s own password is throttled per account', { timeout: 90_000 }, () => {
  it('5 wrong current passwords hold the account: the 6th try, even right, is a 429', async () => {
    const { token } = await account();
    const change = (current: string, address: string) =>
      now.request('/api/me/password', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ current, password: 'Another-pass-2024!' }),
      });
    for (let i = 1; i <= 5; i++) expect((await change('wrong-current-1', `10.5.0.${i}`)).status, `failure ${i}`).toBe(401);
    const held = await change(TEST_PASSWORD, '10.5.0.9');
    expectHeld({ status: held.status, json: await held.json(), retryAfter: held.headers.get('retry-after') }, 'right current password after 5 failures');
  });
});
