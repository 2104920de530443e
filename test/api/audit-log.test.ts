import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../helpers/malformed/openapi.ts';
import { excerpt } from '../helpers/malformed/run.ts';
import { followCorrection, followRemoval, outboundRisk, SIGN_IN_USER } from '../helpers/malformed/seed.ts';
import { type PrincipalName, type Rule, RULES } from '../helpers/access/rules.ts';
import { type Answer, createWorld, pathParamOf, rowsOf, type World } from '../helpers/access/world.ts';

// Issue 8, deliverables 4 and 7: every change leaves audit rows, and only a change does. For each non-GET
// operation of /api/openapi.json (so a new write is covered without editing this file), its baseline
// request as admin — as A's staff for `record` routes — must add rows naming the credential's user, `api`,
// the client address, the action and the target, with `before` where something that existed changed; a
// refused request must add none. The log is append-only through the app's own database handle; GET
// /api/audit filters and pages; no password, token or hash is ever in it.

let w: World;

beforeAll(async () => {
  w = await createWorld();
}, 120_000);

afterAll(async () => {
  await w?.t.close();
});

interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor: string;
  via: string;
  address: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
}

const db = () => w.t.database.db;

async function maxAuditId(): Promise<number> {
  const [r] = rowsOf(await db().execute(sql`select coalesce(max(id), 0)::text as id from audit_log`));
  return Number(r!.id);
}

async function auditRowsAfter(id: number): Promise<AuditRow[]> {
  const rows = rowsOf(await db().execute(sql`select * from audit_log where id > ${id} order by id`));
  return rows.map((r) => ({
    ...(r as unknown as AuditRow),
    id: Number(r.id),
    actor_id: r.actor_id === null ? null : Number(r.actor_id),
    before: parse(r.before),
    after: parse(r.after),
  }));
}

function parse(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Strings under `token` / `password` keys anywhere in an answer: issued secrets, kept for the greps. */
function collectSecrets(value: unknown, into: Set<string>, depth = 0): void {
  if (depth > 10 || value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (/^(token|password)$/i.test(k) && typeof v === 'string' && v.length >= 8) into.add(v);
    else collectSecrets(v, into, depth + 1);
  }
}

const mutating = () => w.h.ops.filter((op) => op.method !== 'GET');

/** Who sends a route's successful request: A's staff for `record`, nobody for sign-in, else the admin. */
function actorFor(rule: Rule): PrincipalName {
  return rule.kind === 'record' ? 'staffA' : rule.kind === 'public' ? 'anonymous' : 'admin';
}

async function userId(name: string): Promise<number> {
  const [r] = rowsOf(await db().execute(sql`select id from users where name = ${name}`));
  return Number(r!.id);
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** An answer a test's arrangement needs to be a success; the secrets it carries join `w.secrets`. */
function must(a: Answer, label: string): any {
  if (a.status >= 300) throw new Error(`${label}: ${a.status} ${excerpt(a.text, 200)}`);
  collectSecrets(a.json, w.secrets);
  return a.json;
}

describe('audit rows for every mutating route', { timeout: 90_000 }, () => {
  it('each successful write adds rows naming the credential’s user, api, the address, the action and the target; before → after where something changed', async () => {
    const problems: string[] = [];
    const ops = mutating();
    expect(ops.length).toBeGreaterThan(15);
    for (const op of ops) {
      const rule = RULES[op.route];
      if (!rule) {
        problems.push(`${op.route}: no rule in test/helpers/access/rules.ts — add one, with the audit action its change writes`);
        continue;
      }
      if (rule.kind === 'review') {
        // A POST that only computes (自评复核 of an uploaded table): it succeeds and leaves no trace.
        const since = await maxAuditId();
        const { url, init } = w.baselineRequest(op);
        const a = await w.send('leaderA', url, init);
        if (a.status >= 300) problems.push(`${op.route} as leaderA: the baseline was refused, ${a.status} ${excerpt(a.text, 160)}`);
        const rows = await auditRowsAfter(since);
        if (rows.length > 0) problems.push(`${op.route} as leaderA: changes nothing, but wrote audit rows ${rows.map((x) => x.action).join(', ')}`);
        continue;
      }
      if (!rule.audit) {
        problems.push(`${op.route}: changes state, but its rule names no audit action — add audit: { action } in test/helpers/access/rules.ts`);
        continue;
      }
      const audit = rule.audit;
      const who = actorFor(rule);
      const sendOnce = async (round: number) => {
        if (/^\/api\/jobs\/\{[^}]+\}\/run$/.test(op.path)) {
          const risk = await outboundRisk(w.t.app);
          if (risk) throw new Error(`not running a job that could reach the network: ${risk}`);
        }
        const since = await maxAuditId();
        const { url, init } = w.baselineRequest(op);
        const a = await w.send(who, url, init);
        const label = `${op.route} as ${who}${round > 0 ? ' (sent again: an update)' : ''}`;
        if (a.status >= 300) {
          problems.push(`${label}: the baseline was refused, ${a.status} ${excerpt(a.text, 160)}`);
          return null;
        }
        collectSecrets(a.json, w.secrets);
        if (/\/api\/entries\/\{id\}\/corrections$/.test(op.path)) followCorrection(w.h.state, a.json);
        if (op.path === '/api/files/{id}/removal') followRemoval(w.h.state);
        const rows = await auditRowsAfter(since);
        if (rows.length === 0) {
          problems.push(`${label}: answered ${a.status} but wrote no audit row`);
          return null;
        }
        // Sign-in acts as the user signing in; every other route as the credential's user.
        const actorName = rule.kind === 'public' ? SIGN_IN_USER : w.principals[who].user!.name;
        const actorId = rule.kind === 'public' ? await userId(SIGN_IN_USER) : w.principals[who].user!.id;
        for (const r of rows) {
          const where = `${label}: audit row ${r.id} (${r.action})`;
          if (r.actor !== actorName || r.actor_id !== actorId)
            problems.push(`${where} names ${r.actor}#${r.actor_id}, not the credential's user ${actorName}#${actorId}`);
          if (r.via !== 'api') problems.push(`${where} has via=${r.via}, not api`);
          if (r.address !== a.address) problems.push(`${where} has address ${r.address}, not the client's ${a.address}`);
          if (!r.action) problems.push(`${where} has no action`);
          if (!r.target_type || r.target_id === null || r.target_id === '') problems.push(`${where} names no target (${r.target_type}/${r.target_id})`);
          if (r.after === null || r.after === undefined) problems.push(`${where} has no after`);
        }
        const matching = rows.filter((r) => audit.action.test(r.action));
        if (matching.length === 0) problems.push(`${label}: no audit row with an action like ${audit.action} (got ${rows.map((r) => r.action).join(', ')})`);
        const params = Object.values(pathParamOf(op, url));
        for (const value of params) {
          if (!matching.some((r) => r.target_id === value))
            problems.push(
              `${label}: no ${audit.action} row targets the path's ${value} (targets: ${matching.map((r) => `${r.target_type}/${r.target_id}`).join(', ')})`,
            );
        }
        const needsBefore = audit.before || (audit.upsert && round > 0);
        if (needsBefore && !matching.some((r) => r.before !== null && r.before !== undefined && r.after !== null)) {
          problems.push(
            `${label}: changed something that existed, but no row carries before → after (${JSON.stringify(matching.map((r) => ({ before: r.before, after: r.after }))).slice(0, 200)})`,
          );
        }
        return rows;
      };
      await sendOnce(0);
      if (audit.upsert) await sendOnce(1);
    }
    expect(problems, `audit rows of successful writes:\n${problems.join('\n')}`).toEqual([]);
  }, 120_000);

  it('a refused write (401, 403, 400, 404) adds no audit row', async () => {
    const problems: string[] = [];
    const refusals = (op: Operation, rule: Rule): { label: string; who: PrincipalName; edit: (url: string, init: RequestInit) => [string, RequestInit] }[] => {
      const keep = (url: string, init: RequestInit): [string, RequestInit] => [url, init];
      const out: ReturnType<typeof refusals> = [];
      if (rule.kind === 'public') {
        // Sign-in with a wrong password.
        out.push({
          label: 'wrong password',
          who: 'anonymous',
          edit: (url, init) => [url, { ...init, body: JSON.stringify({ ...JSON.parse(String(init.body)), password: 'not-the-password-1' }) }],
        });
        return out;
      }
      out.push(
        { label: 'no credential', who: 'anonymous', edit: keep },
        { label: 'revoked token', who: 'revoked', edit: keep },
        { label: 'disabled user', who: 'disabled', edit: keep },
      );
      if (rule.kind === 'admin' || rule.kind === 'own-or-admin')
        out.push({ label: 'a staff member', who: 'staffA', edit: keep }, { label: 'a leader', who: 'leaderA', edit: keep });
      if (rule.kind === 'record') out.push({ label: 'a leader of the unit', who: 'leaderA', edit: keep });
      if (rule.kind === 'review') out.push({ label: 'a staff member', who: 'staffA', edit: keep });
      const allowed: PrincipalName = rule.kind === 'record' ? 'staffA' : 'admin';
      if (op.path.includes('{id}')) {
        out.push({ label: 'an id that names nothing', who: allowed, edit: (url, init) => [url.replace(/\/\d+(?=\/|\?|$)/, '/2147483647'), init] });
        out.push({ label: 'a malformed id', who: allowed, edit: (url, init) => [url.replace(/\/\d+(?=\/|\?|$)/, '/0x1F'), init] });
      }
      if (op.path.includes('{name}'))
        out.push({
          label: 'a name that names nothing',
          who: allowed,
          edit: (url, init) => [url.replace(/\/run$/, '').replace(/[^/]+$/, 'no-such-job') + '/run', init],
        });
      if (op.body?.json) {
        out.push({
          label: 'a body with an unknown field',
          who: allowed,
          edit: (url, init) => [
            url,
            {
              ...init,
              headers: { ...(init.headers as Record<string, string>), 'content-type': 'application/json' },
              body: JSON.stringify({ __unknown_field__: 1 }),
            },
          ],
        });
      } else if (op.body) {
        out.push({ label: 'a form without its file', who: allowed, edit: (url, init) => [url, { ...init, body: new FormData() }] });
      }
      if (op.route === 'POST /api/me/password') {
        out.push({
          label: 'a wrong current password',
          who: 'staffA',
          edit: (url, init) => [url, { ...init, body: JSON.stringify({ ...JSON.parse(String(init.body)), current: 'not-the-password-1' }) }],
        });
      }
      return out;
    };
    // An entry made history by a correction of A's staff (the baseline correction, as the first test sends it).
    const superseded = w.h.state.entryHead;
    const corrections = w.baselineRequest(w.h.op('POST', '/api/entries/{id}/corrections'));
    followCorrection(w.h.state, must(await w.send('staffA', corrections.url, corrections.init), 'correcting the head entry'));
    let sent = 0;
    for (const op of mutating()) {
      const rule = RULES[op.route];
      if (!rule) {
        problems.push(`${op.route}: no rule in test/helpers/access/rules.ts — add one`);
        continue;
      }
      for (const r of refusals(op, rule)) {
        const base = w.baselineRequest(op);
        const [url, init] = r.edit(base.url, base.init);
        const since = await maxAuditId();
        const a = await w.send(r.who, url, init);
        sent += 1;
        const rows = await auditRowsAfter(since);
        if (a.status < 400 || a.status >= 500)
          problems.push(`${op.route} with ${r.label} (as ${r.who}): expected a 4xx refusal, got ${a.status} ${excerpt(a.text, 140)}`);
        if (rows.length > 0)
          problems.push(`${op.route} with ${r.label} (as ${r.who}): answered ${a.status} and wrote audit rows ${rows.map((x) => x.action).join(', ')}`);
      }
    }
    // Conflicts with what is stored (409) write no row either.
    const conflicts: [string, PrincipalName, string, RequestInit][] = [
      [
        'a user name that exists',
        'admin',
        '/api/users',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'staff-a', role: 'staff' }) },
      ],
      ['disabling oneself', 'admin', `/api/users/${w.principals.admin.user!.id}/disable`, { method: 'POST' }],
      [
        'correcting a superseded entry',
        'staffA',
        `/api/entries/${superseded}/corrections`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: '再次更正', fields: { title: '又一次' } }) },
      ],
      [
        'a token for a disabled user',
        'admin',
        '/api/tokens',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'disabled-user' }) },
      ],
    ];
    for (const [label, who, url, init] of conflicts) {
      const since = await maxAuditId();
      const a = await w.send(who, url, init);
      sent += 1;
      const rows = await auditRowsAfter(since);
      if (a.status !== 409) problems.push(`${label} (${url} as ${who}): expected 409, got ${a.status} ${excerpt(a.text, 140)}`);
      if (rows.length > 0) problems.push(`${label} (${url} as ${who}): answered ${a.status} and wrote audit rows ${rows.map((x) => x.action).join(', ')}`);
    }
    expect(sent).toBeGreaterThan(60);
    expect(problems, `refused writes:\n${problems.join('\n')}`).toEqual([]);
  }, 120_000);
});

describe('the audit log is append-only and readable by admins', { timeout: 90_000 }, () => {
  const fingerprint = async () => {
    const [r] = rowsOf(
      await db().execute(sql`select count(*)::text as n, md5(coalesce(string_agg(row_to_json(a)::text, '|' order by id), '')) as h from audit_log a`),
    );
    return `${r!.n}:${r!.h}`;
  };

  it('UPDATE, DELETE and TRUNCATE on audit_log fail through the app’s database handle, and change nothing', async () => {
    const before = await fingerprint();
    expect(Number(before.split(':')[0])).toBeGreaterThan(10);
    const attempts = [
      sql`update audit_log set actor = 'someone else'`,
      sql`update audit_log set after = null where id = (select max(id) from audit_log)`,
      sql`delete from audit_log where id = (select min(id) from audit_log)`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
    ];
    for (const statement of attempts) {
      await expect(db().execute(statement)).rejects.toThrow();
    }
    // Inside a transaction, too (a rolled-back attempt must not leave the log changed either).
    await expect(
      db().transaction(async (tx) => {
        await tx.execute(sql`delete from audit_log`);
      }),
    ).rejects.toThrow();
    expect(await fingerprint()).toBe(before);
  });

  it('GET /api/audit filters by since, until, user and action, and pages newest first', async () => {
    // Rows of A's staff among the admin's: four entries they record.
    for (let i = 1; i <= 4; i++) {
      must(
        await w.send('staffA', `/api/projects/${w.h.state.project}/entries`, postJson({ kind: 'report', date: '2024-03-08', title: `筛选用的报告 ${i}` })),
        'an entry of A’s staff',
      );
    }
    const all = rowsOf(await db().execute(sql`select id, actor, action, at from audit_log order by at desc, id desc`));
    const total = all.length;
    const shanghaiDay = (at: unknown) => new Date(new Date(String(at)).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const first = shanghaiDay(all[all.length - 1]!.at);
    const last = shanghaiDay(all[0]!.at);
    const get = async (query: string) => {
      const a = await w.send('admin', `/api/audit?${query}`);
      expect(a.status, `${query}: ${a.text.slice(0, 200)}`).toBe(200);
      return a.json as { total: number; items: { id: number; actor: string; action: string; at: string }[] };
    };

    expect((await get('limit=500')).total).toBe(total);
    expect((await get(`since=${first}&limit=1`)).total).toBe(total);
    expect((await get(`since=${shift(last, 1)}`)).total).toBe(0);
    expect((await get(`until=${last}&limit=1`)).total).toBe(total);
    expect((await get(`until=${shift(first, -1)}`)).total).toBe(0);
    expect((await get(`since=${first}&until=${last}&limit=1`)).total).toBe(total);

    const byStaff = await get('user=staff-a&limit=500');
    const staffRows = all.filter((r) => r.actor === 'staff-a');
    expect(staffRows.length).toBeGreaterThan(3);
    expect(byStaff.total).toBe(staffRows.length);
    expect(byStaff.items.every((i) => i.actor === 'staff-a')).toBe(true);

    const creates = await get('action=entry.create&limit=500');
    expect(creates.total).toBe(all.filter((r) => r.action === 'entry.create').length);
    expect(creates.total).toBeGreaterThan(1);
    expect(creates.items.every((i) => i.action === 'entry.create')).toBe(true);
    const both = await get('user=staff-a&action=entry.create&limit=500');
    expect(both.total).toBe(all.filter((r) => r.actor === 'staff-a' && r.action === 'entry.create').length);
    expect(both.items.every((i) => i.actor === 'staff-a' && i.action === 'entry.create')).toBe(true);
    expect((await get('user=nobody-at-all')).total).toBe(0);

    // Pages of 7: disjoint, in order, together the whole log.
    const seen: number[] = [];
    for (let offset = 0; offset < total; offset += 7) {
      const page = await get(`limit=7&offset=${offset}`);
      expect(page.total).toBe(total);
      expect(page.items.length).toBe(Math.min(7, total - offset));
      seen.push(...page.items.map((i) => i.id));
    }
    expect(seen).toEqual(all.map((r) => Number(r.id)));
    expect(new Set(seen).size).toBe(total);

    for (const bad of ['since=2024-02-30', 'until=yesterday', 'limit=0', 'limit=501', 'offset=-1']) {
      expect((await w.send('admin', `/api/audit?${bad}`)).status, bad).toBe(400);
    }
  });

  it('no password, token or password/token hash is in any audit row, nor in what GET /api/audit answers', async () => {
    // Every kind of write that handles a secret: a user added with a generated password, that password reset,
    // a sign-in, the user's own password change, a token made for them by the admin and revoked.
    const name = 'audit-secrets-user';
    const added = must(await w.send('admin', '/api/users', postJson({ name, role: 'staff' })), 'adding a user');
    const reset = must(await w.send('admin', `/api/users/${added.user.id}/reset-password`, postJson({})), 'resetting the password');
    const signedIn = must(await w.send('anonymous', '/api/auth/token', postJson({ username: name, password: reset.password })), 'signing in');
    const changed = 'Audit-secrets-2024!';
    w.secrets.add(changed);
    must(
      await w.send({ authorization: `Bearer ${signedIn.token}` }, '/api/me/password', postJson({ current: reset.password, password: changed })),
      'changing the password',
    );
    const made = must(await w.send('admin', '/api/tokens', postJson({ user: name })), 'making a token');
    must(await w.send('admin', `/api/tokens/${made.id}/revoke`, { method: 'POST' }), 'revoking the token');

    const hashes = rowsOf(await db().execute(sql`select password_hash as h from users union all select token_hash from api_tokens`)).map((r) => String(r.h));
    const secrets = [...w.secrets, ...hashes].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(10);
    const rows = rowsOf(await db().execute(sql`select id, action, row_to_json(a)::text as text from audit_log a order by id`));
    const answers: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const a = await w.send('admin', `/api/audit?limit=500&offset=${offset}`);
      answers.push(a.text);
      if ((a.json as { items: unknown[] }).items.length < 500) break;
    }
    const found: string[] = [];
    const look = (where: string, text: string) => {
      for (const s of secrets) if (text.includes(s)) found.push(`${where} contains ${s.slice(0, 12)}…`);
      if (/jx_[A-Za-z0-9_-]{43}/.test(text)) found.push(`${where} contains a whole API token`);
      if (/scrypt\$\d+\$/.test(text)) found.push(`${where} contains a password hash`);
      if (/\b[0-9a-f]{64}\b/.test(text) && hashes.some((h) => text.includes(h))) found.push(`${where} contains a token hash`);
    };
    for (const r of rows) look(`audit row ${r.id} (${r.action})`, String(r.text));
    for (const [i, t] of answers.entries()) look(`GET /api/audit page ${i + 1}`, t);
    expect(rows.length).toBeGreaterThan(20);
    expect(found, found.join('\n')).toEqual([]);
  });
});
