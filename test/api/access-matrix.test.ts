import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftOf } from '../helpers/malformed/baseline.ts';
import { requestOf } from '../helpers/malformed/draft.ts';
import type { Operation } from '../helpers/malformed/openapi.ts';
import { excerpt } from '../helpers/malformed/run.ts';
import { followCorrection, followRemoval, outboundRisk } from '../helpers/malformed/seed.ts';
import { fileForm } from '../helpers/seed.ts';
import {
  expectedFor,
  type Expected,
  INVALID,
  PRINCIPALS,
  type PrincipalName,
  type Rule,
  RULES,
  statusMatches,
  unknownRoutes,
} from '../helpers/access/rules.ts';
import { type Answer, appOver, createWorld, type UnitData, WORLD_NOW, type World } from '../helpers/access/world.ts';

// Issue 8, deliverable 7: every operation of /api/openapi.json × every kind of caller, judged against the
// rules in test/helpers/access/rules.ts (written apart from the routes' guards). Every `{id}` names a thing
// of unit A (the seed); unit B is a copy of the seed under another unit line. Refusals (401/403) must write
// nothing; the successes run last on each route, on the baseline as it stands then (a correction moves the
// entry being corrected on). The routes come from the document, so a new route is judged without editing
// this file — and fails until its rule is written down.

let w: World;

beforeAll(async () => {
  w = await createWorld({ unitB: true });
}, 120_000);

afterAll(async () => {
  await w?.t.close();
});

/** A refusal says nothing but the refusal: the error object and no data beside it. */
function refusalLeaks(a: Answer): string | null {
  const body = a.json as Record<string, unknown> | null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `not an error body: ${excerpt(a.text)}`;
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'error') return `carries ${keys.join(', ')} beside the error: ${excerpt(a.text)}`;
  const e = body.error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') return `error without code and message: ${excerpt(a.text)}`;
  return null;
}

function describeExpected(e: Expected) {
  return e === '2xx' ? '2xx' : String(e);
}

describe('the access matrix', { timeout: 90_000 }, () => {
  it('has a rule for every route the OpenAPI document lists, and none for a route it lost', () => {
    const { missing, stale } = unknownRoutes(w.h.ops.map((o) => o.route));
    expect(
      missing,
      'these routes have no access rule: add each to RULES in test/helpers/access/rules.ts (public, self, own-or-admin, read, record or admin), with its audit action if it changes anything',
    ).toEqual([]);
    expect(stale, 'RULES in test/helpers/access/rules.ts names routes the document no longer has: remove them').toEqual([]);
    expect(w.h.ops.length).toBeGreaterThan(30);
  });

  it('every operation × anonymous, malformed, revoked, expired, disabled, admin, staff and leader of units A and B', async () => {
    const problems: string[] = [];
    let malformedTurn = 0;
    let requests = 0;
    for (const op of w.h.ops) {
      const rule = RULES[op.route];
      if (!rule) {
        problems.push(`${op.route}: no access rule — add it to RULES in test/helpers/access/rules.ts`);
        continue;
      }
      const expected = new Map(PRINCIPALS.map((p) => [p, expectedFor(rule, p)] as const));
      const refused = PRINCIPALS.filter((p) => expected.get(p) !== '2xx');
      const allowed = PRINCIPALS.filter((p) => expected.get(p) === '2xx');

      const judge = async (p: PrincipalName) => {
        if (/^\/api\/jobs\/\{[^}]+\}\/run$/.test(op.path)) {
          const risk = await outboundRisk(w.t.app);
          if (risk) throw new Error(`not running a job that could reach the network: ${risk}`);
        }
        const { url, init } = w.baselineRequest(op);
        const authorization = p === 'malformed' ? w.malformedHeaders[malformedTurn++ % w.malformedHeaders.length]! : w.principals[p].authorization;
        const a = await w.send({ authorization }, url, init);
        requests += 1;
        const want = expected.get(p)!;
        const as = p === 'malformed' ? `malformed (${JSON.stringify(authorization)})` : p;
        if (!statusMatches(want, a.status)) problems.push(`${op.route} as ${as}: expected ${describeExpected(want)}, got ${a.status} ${excerpt(a.text, 160)}`);
        else if (want === 403 || want === 401) {
          const leak = refusalLeaks(a);
          if (leak) problems.push(`${op.route} as ${as}: ${want} ${leak}`);
        }
        if (a.status < 300 && /\/api\/entries\/\{id\}\/corrections$/.test(op.path)) followCorrection(w.h.state, a.json);
        if (a.status < 300 && op.path === '/api/files/{id}/removal') followRemoval(w.h.state);
        return a;
      };

      const before = await w.counter.count();
      for (const p of refused) await judge(p);
      const after = await w.counter.count();
      const changed = Object.keys(after)
        .filter((table) => after[table] !== before[table])
        .map((table) => `${table} ${before[table]}→${after[table]}`);
      if (changed.length) problems.push(`${op.route}: the refused requests (${refused.join(', ')}) changed rows: ${changed.join(', ')}`);
      for (const p of allowed) await judge(p);
    }
    expect(requests).toBeGreaterThan(300);
    expect(problems, `access matrix:\n${problems.join('\n')}`).toEqual([]);
  }, 120_000);

  it('every malformed Authorization header is a 401 on a read and a write, never a pass', async () => {
    const problems: string[] = [];
    const read = w.h.op('GET', '/api/projects');
    const write = w.h.op('POST', '/api/projects/{id}/entries');
    for (const op of [read, write]) {
      for (const authorization of w.malformedHeaders) {
        const before = await w.counter.count();
        const { url, init } = w.baselineRequest(op);
        const a = await w.send({ authorization }, url, init);
        const after = await w.counter.count();
        if (a.status !== 401)
          problems.push(`${op.route} with Authorization ${JSON.stringify(authorization)}: expected 401, got ${a.status} ${excerpt(a.text, 120)}`);
        if (JSON.stringify(before) !== JSON.stringify(after)) problems.push(`${op.route} with Authorization ${JSON.stringify(authorization)} changed rows`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('spellings of every path (trailing slash, doubled or encoded slashes, other case, encoded letters) never get past authentication', async () => {
    const problems: string[] = [];
    const variants = (path: string): string[] => [
      `${path}/`,
      path.replace('/api/', '/api//'),
      path.replace('/api/', '//api/'),
      path.replace('/api/', '/API/'),
      path.toUpperCase(),
      path.replace('/api/', '/%61pi/'),
      path.replace('/api/', '/api%2F'),
      path.replace(/\/([a-z])/, (_, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
      path.replace('/api/', '/api/./'),
      path.replace('/api/', '/x/../api/'),
      `${path};x=1`,
      `${path}%00`,
      `${path}%20`,
      `${path}..`,
    ];
    let sent = 0;
    for (const op of w.h.ops) {
      const rule = RULES[op.route];
      if (!rule || rule.kind === 'public') continue;
      const { url, init } = w.baselineRequest(op);
      const [path, query] = url.split('?');
      for (const v of variants(path!)) {
        const before = await w.counter.count();
        const a = await w.send('anonymous', query ? `${v}?${query}` : v, init);
        sent += 1;
        if (a.status < 400 || a.status >= 500) problems.push(`${op.method} ${v} without a credential: ${a.status} ${excerpt(a.text, 120)}`);
        const after = await w.counter.count();
        if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${op.method} ${v} without a credential wrote rows`);
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 60_000);

  it('lists are narrowed to the caller’s unit: projects, units, channels (without settings) and tokens', async () => {
    const problems: string[] = [];
    const b = w.b!;
    const cases: [PrincipalName, UnitData, UnitData][] = [
      ['staffA', w.a, b],
      ['leaderA', w.a, b],
      ['staffB', b, w.a],
      ['leaderB', b, w.a],
    ];
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    for (const [p, own, other] of cases) {
      for (const url of ['/api/projects', '/api/projects?year=2024']) {
        const a = await w.send(p, url);
        const ids = a.status === 200 ? sorted((a.json as { id: number }[]).map((x) => x.id)) : [];
        if (a.status !== 200 || JSON.stringify(ids) !== JSON.stringify(sorted(own.projects))) {
          problems.push(
            `GET ${url} as ${p}: expected exactly its unit's projects ${JSON.stringify(sorted(own.projects))}, got ${a.status} ${JSON.stringify(ids)}`,
          );
        }
      }
      const units = await w.send(p, '/api/units');
      const unitIds = units.status === 200 ? (units.json as { id: number }[]).map((u) => u.id) : [];
      if (units.status !== 200 || JSON.stringify(unitIds) !== JSON.stringify([own.id]))
        problems.push(`GET /api/units as ${p}: expected only unit ${own.id}, got ${units.status} ${JSON.stringify(unitIds)}`);
      const channels = await w.send(p, '/api/channels');
      const list = channels.status === 200 ? (channels.json as { id: number; settings: Record<string, unknown> }[]) : [];
      const seen = list.map((c) => c.id);
      if (channels.status !== 200) problems.push(`GET /api/channels as ${p}: ${channels.status}`);
      if (seen.some((id) => other.channels.includes(id)))
        problems.push(`GET /api/channels as ${p}: sees the other unit's channels ${JSON.stringify(seen.filter((id) => other.channels.includes(id)))}`);
      if (!own.channels.every((id) => seen.includes(id)))
        problems.push(`GET /api/channels as ${p}: misses its own unit's channels ${JSON.stringify(own.channels)} (got ${JSON.stringify(seen)})`);
      if (list.some((c) => c.settings && Object.keys(c.settings).length > 0))
        problems.push(`GET /api/channels as ${p}: shows connector settings to a non-admin`);
      const tokens = await w.send(p, '/api/tokens');
      const owners = tokens.status === 200 ? [...new Set((tokens.json as { user: string }[]).map((x) => x.user))] : [];
      if (tokens.status !== 200 || JSON.stringify(owners) !== JSON.stringify([w.principals[p].user!.name])) {
        problems.push(
          `GET /api/tokens as ${p}: expected only its own tokens (${w.principals[p].user!.name}), got ${tokens.status} owners ${JSON.stringify(owners)}`,
        );
      }
      const othersTokens = await w.send(p, `/api/tokens?user=admin`);
      if (othersTokens.status === 200 && (othersTokens.json as { user: string }[]).some((x) => x.user !== w.principals[p].user!.name)) {
        problems.push(`GET /api/tokens?user=admin as ${p}: lists another user's tokens`);
      }
    }
    const admin = await w.send('admin', '/api/projects');
    const all = (admin.json as { id: number }[]).map((x) => x.id);
    expect([...w.a.projects, ...b.projects].every((id) => all.includes(id))).toBe(true);
    const adminUnits = (await w.send('admin', '/api/units')).json as { id: number }[];
    expect(adminUnits.map((u) => u.id)).toEqual(expect.arrayContaining([w.a.id, b.id]));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('ids of another unit’s projects, indicators, entries and channels guessed one by one are a 403, never data — both ways', async () => {
    const b = w.b!;
    const kindOf = (op: Operation): keyof Pick<UnitData, 'projects' | 'indicators' | 'entries' | 'channels'> | null => {
      const m = /^\/api\/(projects|indicators|entries|channels)\/\{id\}/.exec(op.path);
      return m ? (m[1] as 'projects' | 'indicators' | 'entries' | 'channels') : null;
    };
    const scoped = w.h.ops.filter((op) => {
      const rule: Rule | undefined = RULES[op.route];
      return rule && (rule.kind === 'read' || rule.kind === 'record') && rule.scope === 'resource' && kindOf(op) !== null;
    });
    expect(scoped.map((o) => o.route)).toEqual(
      expect.arrayContaining([
        'GET /api/projects/{id}',
        'POST /api/projects/{id}/entries',
        'POST /api/entries/{id}/corrections',
        'POST /api/channels/{id}/wechat-export',
        'GET /api/indicators/{id}/facts',
        'POST /api/indicators/{id}/values',
      ]),
    );
    const problems: string[] = [];
    let requests = 0;
    const before = await w.counter.count();
    const guesses: [PrincipalName, UnitData][] = [
      ['staffB', w.a],
      ['leaderB', w.a],
      ['staffA', b],
      ['leaderA', b],
    ];
    for (const [p, victim] of guesses) {
      for (const op of scoped) {
        for (const id of victim[kindOf(op)!]) {
          const draft = draftOf(op, w.h.baselines.get(op)![0]!, w.h.state);
          delete draft.headers['x-user'];
          draft.path.id = String(id);
          const { url, init } = requestOf(op.path, draft);
          const a = await w.send(p, url, init);
          requests += 1;
          if (a.status !== 403) problems.push(`${op.route} id ${id} (unit ${victim.code}) as ${p}: expected 403, got ${a.status} ${excerpt(a.text, 140)}`);
          else {
            const leak = refusalLeaks(a);
            if (leak) problems.push(`${op.route} id ${id} as ${p}: 403 ${leak}`);
          }
        }
      }
    }
    const after = await w.counter.count();
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    expect(requests).toBeGreaterThan(200);
    expect(problems, `${problems.length} of ${requests} guesses:\n${problems.slice(0, 80).join('\n')}`).toEqual([]);
    expect(changed, 'guessed ids wrote rows').toEqual([]);
  }, 120_000);

  it('a bulk entry file naming another unit’s project (by id in a column or in ?project=) writes nothing; a project name both units use means the caller’s own', async () => {
    const problems: string[] = [];
    const before = await w.counter.count();
    const post = (p: PrincipalName, url: string, csv: string) => w.send(p, url, { method: 'POST', body: fileForm('entries.csv', csv, 'text/csv') });
    for (const id of w.a.projects) {
      const byColumn = await post('staffB', '/api/entries/import', `kind,project,date,title\r\nreport,${id},2024-03-08,越权的报告\r\n`);
      if (byColumn.status !== 403)
        problems.push(`POST /api/entries/import, project column ${id} (unit A) as staffB: expected 403, got ${byColumn.status} ${excerpt(byColumn.text, 120)}`);
      const byQuery = await post('staffB', `/api/entries/import?project=${id}`, 'kind,date,title\r\nreport,2024-03-08,越权的报告\r\n');
      if (byQuery.status !== 403)
        problems.push(`POST /api/entries/import?project=${id} (unit A) as staffB: expected 403, got ${byQuery.status} ${excerpt(byQuery.text, 120)}`);
      // Mixed with a row of its own unit: all or nothing.
      const mixed = await post(
        'staffB',
        '/api/entries/import',
        `kind,project,date,title\r\nreport,${w.b!.projects[0]},2024-03-08,本单位的报告\r\nreport,${id},2024-03-08,越权的报告\r\n`,
      );
      if (mixed.status !== 403)
        problems.push(`POST /api/entries/import, rows of units B and A as staffB: expected 403, got ${mixed.status} ${excerpt(mixed.text, 120)}`);
    }
    const after = await w.counter.count();
    const changed = Object.keys(after)
      .filter((table) => after[table] !== before[table])
      .map((table) => `${table} ${before[table]}→${after[table]}`);
    if (changed.length) problems.push(`refused bulk files wrote rows: ${changed.join(', ')}`);

    // Both units have a project of this name: B's staff must not learn A's project (its id) from the answer.
    const detail = await w.adminGet(`/api/projects/${w.a.projects[0]}`);
    const name = detail.name as string;
    const byName = await post('staffB', `/api/entries/import?project=${encodeURIComponent(name)}`, 'kind,date,title\r\nreport,2024-03-09,按名称登记的报告\r\n');
    const mentionsA = w.a.projects.filter((id) => new RegExp(`"id":${id}[,}]`).test(byName.text));
    if (mentionsA.length > 0)
      problems.push(
        `POST /api/entries/import?project=<a name both units use> as staffB: answer ${byName.status} names unit A's project ${mentionsA.join(', ')}: ${excerpt(byName.text, 300)}`,
      );
    // A name is looked up among the projects the caller may see: B's own project of that name, unambiguous.
    if (byName.status !== 201)
      problems.push(
        `POST /api/entries/import?project=<a name both units use> as staffB: expected 201 into unit B's project of that name, got ${byName.status} ${excerpt(byName.text, 300)}`,
      );
    else {
      const into = (byName.json as { projects: { id: number }[] }).projects.map((x) => x.id);
      if (into.length !== 1 || !w.b!.projects.includes(into[0]!))
        problems.push(`POST /api/entries/import?project=<shared name> as staffB wrote into ${JSON.stringify(into)}, not unit B's project`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('each role may revoke its own token (which then stops working) but not another’s', async () => {
    const problems: string[] = [];
    for (const p of ['staffA', 'leaderA', 'staffB', 'leaderB', 'admin'] as PrincipalName[]) {
      const made = await w.send(p, '/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ label: `${p} 的第二个令牌` }),
      });
      if (made.status !== 201) {
        problems.push(`POST /api/tokens as ${p}: expected 201, got ${made.status} ${excerpt(made.text, 120)}`);
        continue;
      }
      const { id, token } = made.json as { id: number; token: string };
      w.secrets.add(token);
      const works = await w.send({ authorization: `Bearer ${token}` }, '/api/me');
      if (works.status !== 200 || (works.json as { name: string }).name !== w.principals[p].user!.name)
        problems.push(`GET /api/me with ${p}'s new token: ${works.status} ${excerpt(works.text, 120)}`);
      if (p !== 'admin') {
        const forOther = await w.send(p, '/api/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: 'admin' }),
        });
        if (forOther.status !== 403)
          problems.push(`POST /api/tokens {user: admin} as ${p}: expected 403, got ${forOther.status} ${excerpt(forOther.text, 120)}`);
        const othersToken = await w.send(p, `/api/tokens/${w.h.state.targetToken}/revoke`, { method: 'POST' });
        if (othersToken.status !== 403) problems.push(`POST /api/tokens/{another user's}/revoke as ${p}: expected 403, got ${othersToken.status}`);
      }
      const revoked = await w.send({ authorization: `Bearer ${token}` }, `/api/tokens/${id}/revoke`, { method: 'POST' });
      if (revoked.status !== 200) problems.push(`POST /api/tokens/{own}/revoke as ${p}: expected 200, got ${revoked.status} ${excerpt(revoked.text, 120)}`);
      const after = await w.send({ authorization: `Bearer ${token}` }, '/api/me');
      if (after.status !== 401) problems.push(`GET /api/me with ${p}'s revoked token: expected 401, got ${after.status}`);
      const still = await w.send(p, '/api/me');
      if (still.status !== 200) problems.push(`GET /api/me with ${p}'s first token after revoking the second: ${still.status}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('a token stops working when it expires by the app’s clock: 90 days by default, or the days asked for', async () => {
    const later = (days: number, seconds = 0) =>
      appOver(w.t, { now: new Date(WORLD_NOW.getTime() + days * 86_400_000 + seconds * 1000), env: { TRUST_PROXY: 'true' } });
    const me = (app: ReturnType<typeof later>, token: string) =>
      app.request('/api/me', { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': w.nextAddress() } });
    const staff = w.principals.staffA.token!;
    expect((await me(later(89), staff)).status).toBe(200);
    expect((await me(later(90, 1), staff)).status).toBe(401);
    const made = await w.send('leaderA', '/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expiresDays: 1, label: '一天' }),
    });
    expect(made.status).toBe(201);
    const short = (made.json as { token: string }).token;
    w.secrets.add(short);
    expect((await me(later(0, 23 * 3600), short)).status).toBe(200);
    expect((await me(later(1, 1), short)).status).toBe(401);
    const listed = (await w.send('leaderA', '/api/tokens')).json as { id: number; active: boolean; expiresAt: string }[];
    expect(listed.find((x) => x.id === (made.json as { id: number }).id)).toMatchObject({
      active: true,
      expiresAt: new Date(WORLD_NOW.getTime() + 86_400_000).toISOString(),
    });
  });

  it('the OpenAPI document itself needs a credential; HEAD and OPTIONS of every GET route get nothing without one', async () => {
    for (const p of INVALID) expect((await w.send(p, '/api/openapi.json')).status, p).toBe(401);
    for (const p of ['staffB', 'leaderA', 'admin'] as PrincipalName[]) expect((await w.send(p, '/api/openapi.json')).status, p).toBe(200);
    const problems: string[] = [];
    for (const op of w.h.ops.filter((o) => o.method === 'GET' && RULES[o.route]?.kind !== 'public')) {
      const { url } = w.baselineRequest(op);
      for (const method of ['HEAD', 'OPTIONS']) {
        const a = await w.send('anonymous', url, { method });
        if (a.status < 400 || a.status >= 500 || (a.text.length > 0 && !a.json?.error))
          problems.push(`${method} ${url} without a credential: ${a.status} ${excerpt(a.text, 100)}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('/api/me names the credential’s user, role and unit; a header or body cannot name someone else', async () => {
    for (const p of ['staffA', 'leaderB', 'admin'] as PrincipalName[]) {
      const a = await w.send(p, '/api/me', { headers: { 'x-user': 'admin' } });
      expect(a.status).toBe(200);
      expect(a.json).toMatchObject({ name: w.principals[p].user!.name, userId: w.principals[p].user!.id });
    }
    for (const p of INVALID) expect((await w.send(p, '/api/me')).status, p).toBe(401);
  });
});
