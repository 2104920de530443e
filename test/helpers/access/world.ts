// A database with two units and one principal of each kind the access tests judge: unit A is the seed's
// (written through the API by the malformed-input harness, so every operation has a valid baseline request
// aimed at A's things), unit B a copy of the seed under another unit line with an entry and a channel of
// its own. Requests carry a fresh X-Forwarded-For each (TRUST_PROXY=true), so that the failures the matrix
// provokes on purpose never add up to the per-address throttle of one address.
import { sql } from 'drizzle-orm';
import { jobCatalog } from '../../../jobs/catalog.ts';
import { createApp, type App } from '../../../src/app.ts';
import { systemActor, type Role } from '../../../src/auth/actor.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/logger.ts';
import { createToken } from '../../../src/services/api-tokens.ts';
import { addUser } from '../../../src/services/users.ts';
import { fileForm, seedText } from '../seed.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-app.ts';
import { draftOf } from '../malformed/baseline.ts';
import { requestOf } from '../malformed/draft.ts';
import { createHarness, type Harness } from '../malformed/harness.ts';
import type { Operation } from '../malformed/openapi.ts';
import { RowCounter } from '../malformed/run.ts';
import { PRINCIPALS, type PrincipalName } from './rules.ts';

export const UNIT_A_LINE = '362207天津市生态环境综合保障中心';
export const UNIT_B_CODE = '999999';
export const UNIT_B_LINE = `${UNIT_B_CODE}测试单位`;
export const B_CHANNEL = '测试单位门户网站';

/** The fixed clock of the world's app (the test app's default). */
export const WORLD_NOW = new Date('2026-07-01T04:00:00Z');

export interface UnitData {
  id: number;
  code: string;
  name: string;
  projects: number[];
  indicators: number[];
  /** Every entry of the unit's projects, history included. */
  entries: number[];
  channels: number[];
}

export interface Principal {
  name: PrincipalName;
  /** The user the credential belongs to (null: none, or a credential that names nobody). */
  user: { id: number; name: string } | null;
  /** The Authorization header sent, or null for none. */
  authorization: string | null;
  token: string | null;
}

export interface Answer {
  status: number;
  text: string;
  json: any;
  headers: Headers;
  address: string;
}

export interface World {
  t: TestApp;
  h: Harness;
  counter: RowCounter;
  a: UnitData;
  b: UnitData | null;
  /** One credential per kind; without unit B (`unitB: false`), B's staff and leader belong to unit A. */
  principals: Record<PrincipalName, Principal>;
  /** Malformed Authorization headers; the matrix's `malformed` principal sends one per route, in turn. */
  malformedHeaders: string[];
  /** Every token and password the world issued or learned (for the secret greps). */
  secrets: Set<string>;
  /** A fresh client address. */
  nextAddress(): string;
  /** Sends as a principal (or with the given Authorization), from a fresh address unless one is given. */
  send(who: PrincipalName | { authorization: string | null }, url: string, init?: RequestInit & { address?: string }): Promise<Answer>;
  /** The baseline request of an operation (its `index`th), aimed at unit A, as a URL and init. */
  baselineRequest(op: Operation, index?: number): { url: string; init: RequestInit };
  /** Admin GET that must answer 2xx. */
  adminGet(url: string): Promise<any>;
}

/** The app over a world's database with another clock or environment (time moves by making another app). */
export function appOver(t: TestApp, options: { now?: Date; env?: Record<string, string> } = {}): App {
  const now = options.now ?? WORLD_NOW;
  const config = loadConfig({ UPLOAD_LIMIT_MB: '20', ...options.env });
  return createApp({ db: t.database.db, databaseKind: t.database.kind, config, now: () => now, logger: silentLogger, jobs: jobCatalog });
}

export async function createWorld(options: { unitB?: boolean; env?: Record<string, string> } = {}): Promise<World> {
  const t = await createTestApp({ now: WORLD_NOW, env: { TRUST_PROXY: 'true', ...options.env } });
  const h = await createHarness(t);
  const counter = new RowCounter(t.database.db);
  await counter.init();
  const secrets = new Set<string>([TEST_PASSWORD, t.adminToken]);

  let n = 0;
  const nextAddress = () => {
    n += 1;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };

  const adminGet = async (url: string): Promise<any> => {
    const res = await t.raw.request(url, { headers: { authorization: `Bearer ${t.adminToken}`, 'x-forwarded-for': nextAddress() } });
    if (res.status >= 300) throw new Error(`world: GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res.json();
  };
  const adminSend = async (method: string, url: string, body?: unknown) => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${t.adminToken}`, 'x-forwarded-for': nextAddress() } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await t.raw.request(url, init);
    const text = await res.text();
    if (res.status >= 300) throw new Error(`world: ${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };

  // Unit B: the seed under another unit line, with an entry and a channel of its own.
  if (options.unitB) {
    const copy = seedText().split(UNIT_A_LINE).join(UNIT_B_LINE);
    await adminSend('POST', '/api/imports?year=2024', fileForm('unit-b-2024.txt', copy));
  }
  const units = (await adminGet('/api/units')) as { id: number; code: string; name: string }[];
  const allProjects = (await adminGet('/api/projects')) as { id: number; unit: { id: number; code: string } }[];
  const unitOf = async (code: string): Promise<UnitData> => {
    const u = units.find((x) => x.code === code);
    if (!u) throw new Error(`world: no unit ${code} in ${JSON.stringify(units)}`);
    const projects = allProjects.filter((p) => p.unit.id === u.id).map((p) => p.id);
    const indicators: number[] = [];
    const entries: number[] = [];
    for (const p of projects) {
      const detail = await adminGet(`/api/projects/${p}`);
      indicators.push(...(detail.indicators as { id: number }[]).map((i) => i.id));
      const list = await adminGet(`/api/projects/${p}/entries?history=1&limit=500`);
      entries.push(...(list.items as { id: number }[]).map((e) => e.id));
    }
    return { id: u.id, code, name: u.name, projects, indicators, entries, channels: [] };
  };
  const a = await unitOf(UNIT_A_LINE.slice(0, 6));
  let b: UnitData | null = null;
  if (options.unitB) {
    const bProjects = allProjects.filter((p) => p.unit.code === UNIT_B_CODE).map((p) => p.id);
    await adminSend('POST', `/api/projects/${bProjects[0]}/entries`, { kind: 'report', date: '2024-04-01', title: '测试单位的调查报告' });
    await adminSend('POST', '/api/channels', { platform: 'website', name: B_CHANNEL, projects: [bProjects[0]] });
    b = await unitOf(UNIT_B_CODE);
  }
  const channels = (await adminGet('/api/channels')) as { id: number; projects: { id: number }[] }[];
  for (const unit of [a, b]) {
    if (unit) unit.channels = channels.filter((c) => c.projects.some((p) => unit.projects.includes(p.id))).map((c) => c.id);
  }
  if (a.projects.length < 4 || a.indicators.length === 0 || a.entries.length === 0 || a.channels.length === 0) {
    throw new Error(`world: unit A is missing things: ${JSON.stringify({ ...a, indicators: a.indicators.length, entries: a.entries.length })}`);
  }
  if (b && (b.projects.length < 4 || b.entries.length === 0 || b.channels.length === 0 || b.channels.some((c) => a.channels.includes(c)))) {
    throw new Error(`world: unit B is missing things: ${JSON.stringify({ ...b, indicators: b.indicators.length })}`);
  }
  if (!a.projects.includes(h.state.project) || !a.channels.includes(h.state.channel.id)) throw new Error('world: the baselines do not aim at unit A');

  // The principals.
  const user = async (name: string, role: Role, unitId: number | null) => {
    const token = await t.tokenFor(name, role, unitId);
    const [row] = rowsOf(await t.database.db.execute(sql`select id from users where name = ${name}`));
    secrets.add(token);
    return { id: Number(row!.id), name, token };
  };
  const bUnit = b?.id ?? a.id;
  const staffA = await user('staff-a', 'staff', a.id);
  const leaderA = await user('leader-a', 'leader', a.id);
  const staffB = await user('staff-b', 'staff', bUnit);
  const leaderB = await user('leader-b', 'leader', bUnit);
  const revoked = await user('revoked-user', 'staff', a.id);
  const [revokedToken] = (await adminGet(`/api/tokens?user=${encodeURIComponent(revoked.name)}`)) as { id: number }[];
  await adminSend('POST', `/api/tokens/${revokedToken!.id}/revoke`);
  const disabled = await user('disabled-user', 'staff', a.id);
  await adminSend('POST', `/api/users/${disabled.id}/disable`);
  // Expired: issued two days before the app's clock, for one day.
  const { user: expiredUser } = await addUser(t.database.db, { name: 'expired-user', role: 'staff', password: TEST_PASSWORD }, systemActor);
  await t.database.db.execute(sql`update users set unit_id = ${a.id} where id = ${expiredUser.id}`);
  const expiredToken = (await createToken(t.database.db, { user: expiredUser.id, expiresDays: 1 }, systemActor, new Date(WORLD_NOW.getTime() - 2 * 86_400_000)))
    .token;
  secrets.add(expiredToken);
  const [adminRow] = rowsOf(await t.database.db.execute(sql`select id from users where name = 'admin'`));

  const bearer = (token: string) => `Bearer ${token}`;
  const principal = (name: PrincipalName, u: { id: number; name: string } | null, token: string | null, authorization: string | null): Principal => ({
    name,
    user: u,
    token,
    authorization,
  });
  const malformedHeaders = [
    'Bearer',
    'Bearer ',
    'Basic YWRtaW46SnghdGVzdC1wYXNzd29yZC0x',
    `Token ${t.adminToken}`,
    'Bearer jx_short',
    `Bearer jx_${'A'.repeat(43)}`,
    `Bearer ${t.adminToken.slice(0, -1)}${t.adminToken.endsWith('A') ? 'B' : 'A'}`,
    `Bearer ${t.adminToken} extra`,
    'Bearer jx_\u00e9\u00e9',
    `Bearer ${t.adminToken.slice(3)}`,
  ];
  const principals: Record<PrincipalName, Principal> = {
    anonymous: principal('anonymous', null, null, null),
    malformed: principal('malformed', null, null, malformedHeaders[0]!),
    revoked: principal('revoked', revoked, revoked.token, bearer(revoked.token)),
    expired: principal('expired', { id: expiredUser.id, name: 'expired-user' }, expiredToken, bearer(expiredToken)),
    disabled: principal('disabled', disabled, disabled.token, bearer(disabled.token)),
    staffB: principal('staffB', staffB, staffB.token, bearer(staffB.token)),
    leaderB: principal('leaderB', leaderB, leaderB.token, bearer(leaderB.token)),
    leaderA: principal('leaderA', leaderA, leaderA.token, bearer(leaderA.token)),
    staffA: principal('staffA', staffA, staffA.token, bearer(staffA.token)),
    admin: principal('admin', { id: Number(adminRow!.id), name: 'admin' }, t.adminToken, bearer(t.adminToken)),
  };
  if (Object.keys(principals).length !== PRINCIPALS.length) throw new Error('world: a principal is missing');

  const send: World['send'] = async (who, url, init = {}) => {
    const authorization = typeof who === 'string' ? principals[who].authorization : who.authorization;
    const headers = new Headers(init.headers);
    headers.delete('authorization');
    if (authorization !== null) headers.set('authorization', authorization);
    const address = init.address ?? nextAddress();
    headers.set('x-forwarded-for', address);
    const { address: _drop, ...rest } = init;
    const res = await t.raw.request(url, { ...rest, headers });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, text, json, headers: res.headers, address };
  };

  const baselineRequest = (op: Operation, index = 0) => {
    const b = h.baselines.get(op)?.[index];
    if (!b) throw new Error(`world: ${op.route} has no baseline ${index}`);
    const draft = draftOf(op, b, h.state);
    delete draft.headers['x-user'];
    return requestOf(op.path, draft);
  };

  return { t, h, counter, a, b, principals, malformedHeaders, secrets, nextAddress, send, baselineRequest, adminGet };
}

export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
}

/** `/api/projects/{id}` with its params filled in from a request URL's path, for messages. */
export function pathParamOf(op: Operation, url: string): Record<string, string> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return {};
  const escaped = op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escaped.replace(/\{(\w+)\}/g, '([^/?]+)')}(\\?|$)`);
  const m = pattern.exec(url);
  if (!m) return {};
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]));
}
