import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { excerpt } from '../helpers/malformed/run.ts';
import { fileForm, seedText } from '../helpers/seed.ts';
import { appOver, createWorld, type World } from '../helpers/access/world.ts';

// Issue 8, deliverable 6: defences for the browser pages to come. A state change from another origin is a
// 403 that writes nothing, whatever its body (the issue saw a form POST from http://evil.example import a
// table); a Host the server was not told to answer to is refused on /api (DNS rebinding) while /healthz
// stays open; every answer carries the security headers, HSTS only when APP_URL is https. The writes come
// from /api/openapi.json, so a new one is covered without editing this file.

let w: World;

beforeAll(async () => {
  w = await createWorld();
}, 120_000);

afterAll(async () => {
  await w?.t.close();
});

const FOREIGN: [string, Record<string, string>][] = [
  ['Origin: http://evil.example', { origin: 'http://evil.example' }],
  ['Origin: null', { origin: 'null' }],
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['Origin: http://localhost.evil.example', { origin: 'http://localhost.evil.example' }],
  ['Origin: not a URL', { origin: 'evil' }],
  ['Origin: http://evil.example with Sec-Fetch-Site: same-origin', { origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' }],
];

async function rowsChanged(before: Record<string, string>): Promise<string[]> {
  const after = await w.counter.count();
  return Object.keys(after)
    .filter((t) => after[t] !== before[t])
    .map((t) => `${t} ${before[t]}→${after[t]}`);
}

function withHeaders(init: RequestInit, extra: Record<string, string>): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), ...extra } };
}

describe('cross-origin state changes', { timeout: 90_000 }, () => {
  it('every POST/PUT of the document from a foreign origin is a 403 and writes nothing, with an admin’s credential or none', async () => {
    const writes = w.h.ops.filter((op) => op.method !== 'GET');
    expect(writes.map((o) => o.route)).toEqual(expect.arrayContaining(['POST /api/imports', 'POST /api/auth/token', 'PUT /api/indicators/{id}/measure']));
    const problems: string[] = [];
    for (const op of writes) {
      for (const [label, headers] of FOREIGN) {
        for (const who of ['admin', 'anonymous'] as const) {
          const before = await w.counter.count();
          const { url, init } = w.baselineRequest(op);
          const a = await w.send(who, url, withHeaders(init, headers));
          if (a.status !== 403) problems.push(`${op.route} with ${label} as ${who}: expected 403, got ${a.status} ${excerpt(a.text, 120)}`);
          else if (a.json?.error?.code === undefined) problems.push(`${op.route} with ${label}: a 403 without the error body`);
          const changed = await rowsChanged(before);
          if (changed.length) problems.push(`${op.route} with ${label} as ${who}: wrote ${changed.join(', ')}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  it('POST /api/imports from http://evil.example is refused as a form, as text, as bytes and with an empty body (the issue’s 201)', async () => {
    const evil = { origin: 'http://evil.example' };
    const bodies: [string, RequestInit][] = [
      ['a multipart form', { method: 'POST', headers: evil, body: fileForm('seed.txt', seedText()) }],
      ['an urlencoded form', { method: 'POST', headers: { ...evil, 'content-type': 'application/x-www-form-urlencoded' }, body: 'file=abc' }],
      ['text/plain', { method: 'POST', headers: { ...evil, 'content-type': 'text/plain' }, body: seedText() }],
      ['octet-stream', { method: 'POST', headers: { ...evil, 'content-type': 'application/octet-stream' }, body: new TextEncoder().encode(seedText()) }],
      ['an empty body', { method: 'POST', headers: evil }],
      ['an empty body, dryRun=1', { method: 'POST', headers: { ...evil, 'content-type': 'text/plain' }, body: '' }],
    ];
    for (const [label, init] of bodies) {
      const before = await w.counter.count();
      const a = await w.send('admin', label.includes('dryRun') ? '/api/imports?year=2024&dryRun=1' : '/api/imports?year=2024', init);
      expect(a.status, `${label}: ${a.text.slice(0, 200)}`).toBe(403);
      expect(await rowsChanged(before), label).toEqual([]);
    }
  });

  it('same-origin requests and requests without Origin pass; reads from any origin pass', async () => {
    const op = w.h.op('POST', '/api/projects/{id}/entries');
    const passing: [string, Record<string, string>][] = [
      ['no Origin', {}],
      ['Origin: http://localhost', { origin: 'http://localhost' }],
      ['Origin: http://localhost:3000 to Host localhost:3000', { origin: 'http://localhost:3000', host: 'localhost:3000' }],
      ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost' }],
      ['Sec-Fetch-Site: none (typed by the user)', { 'sec-fetch-site': 'none' }],
    ];
    for (const [label, headers] of passing) {
      const { url, init } = w.baselineRequest(op);
      const a = await w.send('admin', url, withHeaders(init, headers));
      expect(a.status, `${label}: ${a.text.slice(0, 200)}`).toBe(201);
    }
    for (const [label, headers] of FOREIGN) {
      const a = await w.send('admin', `/api/projects/${w.a.projects[0]}`, { headers });
      expect(a.status, `GET with ${label}`).toBe(200);
    }
  });

  it('another port or another subdomain is another origin: refused (403) for a change', async () => {
    const op = w.h.op('POST', '/api/projects/{id}/entries');
    const refused: [string, Record<string, string>][] = [
      ['Origin :8080 to Host :3000', { origin: 'http://localhost:8080', host: 'localhost:3000' }],
      ['https Origin to an http Host on another port', { origin: 'https://localhost', host: 'localhost:3000' }],
      ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ];
    for (const [label, headers] of refused) {
      const { url, init } = w.baselineRequest(op);
      const a = await w.send('admin', url, withHeaders(init, headers));
      expect(a.status, `${label}: ${a.text.slice(0, 200)}`).toBe(403);
    }
  });
});

describe('allowed hosts', { timeout: 90_000 }, () => {
  const get = (app: App, url: string, host?: string) => app.request(url, { headers: { authorization: `Bearer ${w.t.adminToken}`, ...(host ? { host } : {}) } });

  it('a Host not in ALLOWED_HOSTS is refused on /api, reads and writes, with the error body; /healthz stays open', async () => {
    for (const host of ['evil.example', 'evil.example:3000', 'localhost.evil.example', '10.0.0.1', '[::2]:3000']) {
      const read = await get(w.t.raw, '/api/projects', host);
      expect(read.status, `GET /api/projects with Host ${host}`).toBeGreaterThanOrEqual(400);
      expect(read.status).toBeLessThan(500);
      expect(((await read.json()) as { error: { code: string } }).error.code).toBeTypeOf('string');
      const anonymous = await w.t.raw.request('/api/projects', { headers: { host } });
      expect(anonymous.status, `anonymous GET /api/projects with Host ${host}`).toBeGreaterThanOrEqual(400);
      expect(anonymous.status).toBeLessThan(500);
      const before = await w.counter.count();
      const { url, init } = w.baselineRequest(w.h.op('POST', '/api/projects/{id}/entries'));
      const write = await w.send('admin', url, withHeaders(init, { host }));
      expect(write.status, `POST entries with Host ${host}`).toBeGreaterThanOrEqual(400);
      expect(await rowsChanged(before)).toEqual([]);
      expect((await get(w.t.raw, '/healthz', host)).status, `/healthz with Host ${host}`).toBe(200);
    }
    // The host in the URL (no Host header) is judged the same way.
    expect(
      (await w.t.raw.request('http://evil.example/api/projects', { headers: { authorization: `Bearer ${w.t.adminToken}` } })).status,
    ).toBeGreaterThanOrEqual(400);
    expect((await w.t.raw.request('http://evil.example/healthz')).status).toBe(200);
  });

  it('the local names are allowed by default, in any case and with a port', async () => {
    for (const host of ['localhost', 'LOCALHOST:3000', '127.0.0.1', '127.0.0.1:8080', '[::1]', '[::1]:3000']) {
      expect((await get(w.t.raw, '/api/projects', host)).status, `Host ${host}`).toBe(200);
    }
  });

  it('ALLOWED_HOSTS=* allows any Host; a list allows its hosts only', async () => {
    const any = appOver(w.t, { env: { ALLOWED_HOSTS: '*' } });
    for (const host of ['evil.example', 'anything.example:8443', '10.0.0.1'])
      expect((await get(any, '/api/projects', host)).status, `* with Host ${host}`).toBe(200);
    const listed = appOver(w.t, { env: { ALLOWED_HOSTS: 'jixiao.internal, Reports.Example.gov.cn' } });
    expect((await get(listed, '/api/projects', 'jixiao.internal:3000')).status).toBe(200);
    expect((await get(listed, '/api/projects', 'reports.example.gov.cn')).status).toBe(200);
    expect((await get(listed, '/api/projects', 'evil.example')).status).toBeGreaterThanOrEqual(400);
    expect((await get(listed, '/healthz', 'evil.example')).status).toBe(200);
  });

  it('APP_URL’s host is allowed by default, and a write from APP_URL’s origin passes', async () => {
    const app = appOver(w.t, { env: { APP_URL: 'https://jixiao.example.gov.cn' } });
    expect((await get(app, '/api/projects', 'jixiao.example.gov.cn')).status).toBe(200);
    expect((await get(app, '/api/projects', 'localhost')).status).toBe(200);
    expect((await get(app, '/api/projects', 'evil.example')).status).toBeGreaterThanOrEqual(400);
    const { url, init } = w.baselineRequest(w.h.op('POST', '/api/projects/{id}/entries'));
    const same = await app.request(
      url,
      withHeaders(init, { authorization: `Bearer ${w.t.adminToken}`, host: 'jixiao.example.gov.cn', origin: 'https://jixiao.example.gov.cn' }),
    );
    expect(same.status, await same.clone().text()).toBe(201);
    const foreign = await app.request(
      url,
      withHeaders(init, { authorization: `Bearer ${w.t.adminToken}`, host: 'jixiao.example.gov.cn', origin: 'https://evil.example' }),
    );
    expect(foreign.status).toBe(403);
  });
});

describe('security headers on every answer', { timeout: 90_000 }, () => {
  function headerProblems(label: string, res: Response, https: boolean): string[] {
    const out: string[] = [];
    const h = (name: string) => res.headers.get(name);
    const csp = h('content-security-policy') ?? '';
    if (!/(^|;)\s*default-src 'self'(\s*;|\s*$)/.test(csp)) out.push(`${label}: CSP without default-src 'self' (${JSON.stringify(csp)})`);
    if (!/(^|;)\s*frame-ancestors 'none'(\s*;|\s*$)/.test(csp)) out.push(`${label}: CSP without frame-ancestors 'none' (${JSON.stringify(csp)})`);
    if (h('x-content-type-options') !== 'nosniff') out.push(`${label}: X-Content-Type-Options ${h('x-content-type-options')}`);
    if (!h('referrer-policy')) out.push(`${label}: no Referrer-Policy`);
    if (!/^(DENY|SAMEORIGIN)$/i.test(h('x-frame-options') ?? '')) out.push(`${label}: X-Frame-Options ${h('x-frame-options')}`);
    const hsts = h('strict-transport-security');
    if (https && !/max-age=\d{6,}/.test(hsts ?? '')) out.push(`${label}: no Strict-Transport-Security although APP_URL is https (${hsts})`);
    if (!https && hsts !== null) out.push(`${label}: Strict-Transport-Security ${hsts} although APP_URL is not https`);
    if (res.status >= 500) out.push(`${label}: answered ${res.status}`);
    return out;
  }

  async function answers(app: App, https: boolean): Promise<[string, Response][]> {
    const admin = { authorization: `Bearer ${w.t.adminToken}` };
    const staff = { authorization: w.principals.staffA.authorization! };
    const out: [string, Response][] = [
      ['200 /healthz', await app.request('/healthz')],
      ['200 /api/projects', await app.request('/api/projects', { headers: admin })],
      ['200 /api/openapi.json', await app.request('/api/openapi.json', { headers: admin })],
      ['401 /api/projects anonymous', await app.request('/api/projects')],
      ['401 /api/projects bad token', await app.request('/api/projects', { headers: { authorization: 'Bearer nope' } })],
      ['403 /api/users as staff', await app.request('/api/users', { headers: staff })],
      ['403 cross-origin POST', await app.request('/api/imports', { method: 'POST', headers: { ...admin, origin: 'http://evil.example' } })],
      ['400 /api/projects/0x1F', await app.request('/api/projects/0x1F', { headers: admin })],
      ['400 refused Host', await app.request('/api/projects', { headers: { ...admin, host: 'evil.example' } })],
      ['404 /api/projects/2147483647', await app.request('/api/projects/2147483647', { headers: admin })],
      ['404 /api/no-such-route', await app.request('/api/no-such-route', { headers: admin })],
      ['404 /no-such-page', await app.request('/no-such-page')],
      [
        '415 /api/indicators/1/measure as text',
        await app.request(`/api/indicators/${w.h.state.indicators.counted}/measure`, {
          method: 'PUT',
          headers: { ...admin, 'content-type': 'text/plain' },
          body: 'x',
        }),
      ],
    ];
    // 413: a body over the upload limit (1 MB here).
    const small = appOver(w.t, { env: { UPLOAD_LIMIT_MB: '1', APP_URL: https ? 'https://jixiao.example.gov.cn' : '' } });
    out.push([
      '413 an upload over the limit',
      await small.request('/api/imports?year=2024', { method: 'POST', headers: { ...admin, 'content-type': 'text/plain' }, body: 'x'.repeat(1_100_000) }),
    ]);
    // 429: an address held for its bad tokens.
    const proxied = appOver(w.t, { env: { TRUST_PROXY: 'true', APP_URL: https ? 'https://jixiao.example.gov.cn' : '' } });
    const address = `10.99.${https ? 1 : 0}.1`;
    for (let i = 0; i < 20; i++)
      await proxied.request('/api/me', { headers: { authorization: `Bearer jx_${String(i).padStart(43, 'q')}`, 'x-forwarded-for': address } });
    out.push(['429 a held address', await proxied.request('/api/me', { headers: { authorization: 'Bearer jx_nope', 'x-forwarded-for': address } })]);
    return out;
  }

  it('200, 401, 403, 400, 404, 413, 415, 429 — and every route’s anonymous 401 — carry CSP (default-src ’self’, frame-ancestors ’none’), nosniff, Referrer-Policy, X-Frame-Options; no HSTS without https', async () => {
    const problems: string[] = [];
    const seen = new Set<number>();
    for (const [label, res] of await answers(w.t.raw, false)) {
      seen.add(res.status);
      problems.push(...headerProblems(label, res, false));
    }
    expect([...seen]).toEqual(expect.arrayContaining([200, 401, 403, 400, 404, 413, 415, 429]));
    for (const op of w.h.ops) {
      const { url, init } = w.baselineRequest(op);
      const a = await w.t.raw.request(url, init);
      problems.push(...headerProblems(`${a.status} ${op.route} anonymous`, a, false));
    }
    const plain = appOver(w.t, { env: { APP_URL: 'http://jixiao.example.gov.cn' } });
    problems.push(...headerProblems('200 /healthz with an http APP_URL', await plain.request('/healthz'), false));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('Strict-Transport-Security on every answer when APP_URL is https', async () => {
    const app = appOver(w.t, { env: { APP_URL: 'https://jixiao.example.gov.cn' } });
    const problems: string[] = [];
    for (const [label, res] of await answers(app, true)) problems.push(...headerProblems(label, res, true));
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
