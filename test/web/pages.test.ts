import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users, webSessions } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import { createToken } from '../../src/services/api-tokens.ts';
import { addEntries } from '../../src/services/entries.ts';
import { setBinding } from '../../src/services/measures.ts';
import { addUser, disableUser, resetPassword } from '../../src/services/users.ts';
import { importSeed } from '../helpers/job-env.ts';
import { fileForm } from '../helpers/seed.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { pageBrowser } from '../helpers/web-browser.ts';

// The pages in process (docs/design.md "Access", "Display"): signing in, sessions and their ends, CSRF,
// roles, and what the overview and project pages show. The real browser runs in test/e2e/browser.test.ts.

const PASSWORD = 'Jx!pages-password-1';
let database: TestDatabase;
let feed: ChangeFeed;
let app: App;
let clock = new Date('2024-07-01T02:00:00Z');
let projects: number[];
let otherUnitProject: number;

const browser = (headers: Record<string, string> = {}) => pageBrowser(app, PASSWORD, headers);

beforeAll(async () => {
  database = await createTestDb();
  feed = await startChangeFeed(database);
  app = createApp({ db: database.db, databaseKind: database.kind, config: loadConfig({}), now: () => clock, logger: silentLogger, feed, jobs: jobCatalog });
  projects = await importSeed(database.db, 2024);
  for (const [name, role] of [
    ['boss', 'admin'],
    ['lead', 'leader'],
    ['clerk', 'staff'],
  ] as const) {
    await addUser(database.db, { name, role, password: PASSWORD }, systemActor);
  }
  const [seedProject] = await database.db.query.projects.findMany({ where: (p, { eq }) => eq(p.id, projects[0]!) });
  await database.db.update(users).set({ unitId: seedProject!.unitId }).where(eq(users.name, 'clerk'));
  await database.db.update(users).set({ unitId: seedProject!.unitId }).where(eq(users.name, 'lead'));
  // A project of another unit, which the unit's staff may not see.
  const { importTargetTable } = await import('../../src/services/import-targets.ts');
  const text = readFileSync('db/examples/tianjin-eco-support-centre-2024.txt', 'utf8').replaceAll('362207天津市生态环境综合保障中心', '999001天津市另一个中心');
  const other = await importTargetTable(database.db, { fileName: 'other.txt', bytes: new TextEncoder().encode(text), year: 2023, yearGiven: true });
  otherUnitProject = other.projects[0]!.id;
});
afterAll(async () => {
  await feed?.close();
  await database?.close();
});

describe('signing in', () => {
  it('a page without a session redirects to the sign-in page, which comes back afterwards', async () => {
    const b = browser();
    const { res } = await b.send(`/projects/${projects[0]}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/projects/${projects[0]}`)}`);
    const login = await b.send(res.headers.get('location')!);
    expect(login.res.status).toBe(200);
    expect(login.html).toContain('<html lang="zh-CN">');
    expect(login.html).toMatch(/name="next" value="\/projects\/\d+"/);
    const csp = login.res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const signed = await b.send('/login', { form: { _csrf: b.token(login.html), username: 'clerk', password: PASSWORD, next: `/projects/${projects[0]}` } });
    expect(signed.res.status).toBe(303);
    expect(signed.res.headers.get('location')).toBe(`/projects/${projects[0]}`);
    const cookie = signed.res.headers.getSetCookie().find((c) => c.startsWith('jx_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/);
    // 128 random bits, base64url.
    expect(/^jx_session=([\w-]+);/.exec(cookie)?.[1]).toHaveLength(22);
  });

  it('a wrong password keeps the name typed and says what is wrong, in Chinese, with 错误： in the title', async () => {
    const b = browser();
    const { res, html } = await b.signIn('clerk', 'wrong-password');
    expect(res.status).toBe(401);
    expect(html).toContain('<title>错误：登录');
    expect(html).toContain('用户名或密码不正确');
    expect(html).toContain('value="clerk"');
    expect(b.jar.has('jx_session')).toBe(false);
  });

  it('a sign-in without the form token is refused, and a GET never signs anyone in', async () => {
    const b = browser();
    await b.send('/login');
    const { res } = await b.send('/login', { form: { username: 'clerk', password: PASSWORD } });
    expect(res.status).toBe(403);
    expect(b.jar.has('jx_session')).toBe(false);
    const get = await b.send(`/login?username=clerk&password=${encodeURIComponent(PASSWORD)}`);
    expect(get.res.status).toBe(200);
    expect(b.jar.has('jx_session')).toBe(false);
  });

  it('a form posted from another origin is refused before anything else', async () => {
    const b = browser({ origin: 'http://evil.example' });
    const { html } = await b.send('/login');
    const { res } = await b.send('/login', { form: { _csrf: b.token(html), username: 'clerk', password: PASSWORD } });
    expect(res.status).toBe(403);
    expect(b.jar.has('jx_session')).toBe(false);
  });

  it('only a local path is returned to after signing in', async () => {
    const b = browser();
    const { html } = await b.send('/login');
    const { res } = await b.send('/login', { form: { _csrf: b.token(html), username: 'clerk', password: PASSWORD, next: '//evil.example/x' } });
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('sessions end', () => {
  it('on signing out (with the token; without it nothing happens)', async () => {
    const b = browser();
    await b.signIn('clerk');
    const page = await b.send('/');
    expect(page.res.status).toBe(200);
    const session = b.jar.get('jx_session')!;
    expect((await b.send('/logout', { form: {} })).res.status).toBe(403);
    expect((await b.send('/')).res.status).toBe(200);
    const out = await b.send('/logout', { form: { _csrf: b.token(page.html) } });
    expect(out.res.status).toBe(303);
    const again = browser();
    again.jar.set('jx_session', session);
    expect((await again.send('/')).res.status).toBe(303);
  });

  it('when its row is deleted elsewhere (another process signing it out), though this process held it', async () => {
    const b = browser();
    await b.signIn('clerk');
    expect((await b.send('/')).res.status).toBe(200);
    expect((await b.send('/')).res.status).toBe(200);
    const [clerk] = await database.db.select().from(users).where(eq(users.name, 'clerk'));
    await database.db.delete(webSessions).where(eq(webSessions.userId, clerk!.id));
    // The delete notes `auth`; the in-memory session is dropped when the note arrives.
    await expect.poll(async () => (await b.send('/')).res.status, { timeout: 5000 }).toBe(303);
  });

  it('after 8 idle hours, and 7 days after signing in however busy', async () => {
    const start = clock;
    try {
      const b = browser();
      await b.signIn('clerk');
      clock = new Date(start.getTime() + 7.9 * 3_600_000);
      expect((await b.send('/')).res.status).toBe(200);
      clock = new Date(clock.getTime() + 8.1 * 3_600_000);
      expect((await b.send('/')).res.status).toBe(303);

      clock = start;
      const busy = browser();
      await busy.signIn('clerk');
      for (let h = 6; h < 7 * 24; h += 6) {
        clock = new Date(start.getTime() + h * 3_600_000);
        expect((await busy.send('/')).res.status).toBe(200);
      }
      clock = new Date(start.getTime() + 7 * 24 * 3_600_000 + 60_000);
      expect((await busy.send('/')).res.status).toBe(303);
    } finally {
      clock = start;
    }
  });

  it('when the password changes or the user is disabled', async () => {
    await addUser(database.db, { name: 'temp', role: 'staff', password: PASSWORD }, systemActor);
    const b = browser();
    await b.signIn('temp');
    expect((await b.send('/')).res.status).toBe(200);
    await resetPassword(database.db, 'temp', 'Jx!another-password-2', systemActor);
    expect((await b.send('/')).res.status).toBe(303);
    const c = browser();
    await c.signIn('temp', 'Jx!another-password-2');
    expect((await c.send('/')).res.status).toBe(200);
    await disableUser(database.db, 'temp', systemActor);
    expect((await c.send('/')).res.status).toBe(303);
  });
});

describe('roles and units on the pages', () => {
  it('a leader sees the overview but no 登记 or 管理, and cannot open the admin pages', async () => {
    const b = browser();
    await b.signIn('lead');
    const { html } = await b.send('/');
    expect(html).toContain('总览');
    expect(html).not.toContain('href="/log"');
    expect(html).not.toContain('href="/admin"');
    const admin = await b.send('/admin');
    expect([403, 404]).toContain(admin.res.status);
  });

  it('staff see 登记 but not 管理; a project of another unit is a 403 page, an unknown one a 404 page', async () => {
    const b = browser();
    await b.signIn('clerk');
    const { html } = await b.send('/');
    expect(html).toContain('href="/log"');
    expect(html).not.toContain('href="/admin"');
    const other = await b.send(`/projects/${otherUnitProject}`);
    expect(other.res.status).toBe(403);
    expect(other.html).toContain('没有权限');
    expect(other.html).not.toMatch(/at |Error:|select /);
    const missing = await b.send('/projects/999999');
    expect(missing.res.status).toBe(404);
    expect(missing.html).toContain('找不到这一页');
  });

  it('an admin sees every unit and the 管理 link', async () => {
    const b = browser();
    await b.signIn('boss');
    const { html } = await b.send('/?year=2023');
    expect(html).toContain('href="/admin"');
    expect(html).toContain(`href="/projects/${otherUnitProject}"`);
  });
});

describe('the overview and the project page', () => {
  it('the overview has a card per project of the year, worst first, each with lamps in words, budget and score', async () => {
    const b = browser();
    await b.signIn('clerk');
    const { res, html } = await b.send('/?year=2024');
    expect(res.status).toBe(200);
    const cards = [...html.matchAll(/<section class="card"[^>]*>\s*<h2 id="card-(\d+)">/g)].map((m) => Number(m[1]));
    expect(cards.sort()).toEqual([...projects].sort());
    expect(html).toContain('预算执行');
    expect(html).toMatch(/class="lamp lamp-red">红/);
    expect(html).toMatch(/class="lamp lamp-grey">灰/);
    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
  });

  it('the project page lists every indicator under its 一级 › 二级 with target, actual, expected and lamp, and its charts as data', async () => {
    const b = browser();
    await b.signIn('clerk');
    const id = projects[0]!;
    const { res, html } = await b.send(`/projects/${id}`);
    expect(res.status).toBe(200);
    expect(html).toContain('产出指标 › 数量指标');
    expect((html.match(/<tr id="indicator-\d+">/g) ?? []).length).toBeGreaterThan(3);
    expect(html).toContain('/static/chart.umd.min.js');
    expect(html).toContain('data-chart="chart-budget"');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/ style="/);
    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
  });

  it('a new entry shows on the project page at once', async () => {
    const b = browser();
    await b.signIn('clerk');
    const id = projects[1]!;
    const before = (await b.send(`/projects/${id}`)).html;
    const count = (h: string) => /data-chart="chart-entries"/.test(h);
    await addEntries(database.db, id, [{ kind: 'report', fields: { date: '2024-06-01', title: '调查报告 1' } }], {
      source: 'manual',
      author: 'clerk',
      now: clock,
    });
    const after = (await b.send(`/projects/${id}`)).html;
    expect(count(after)).toBe(true);
    expect(after).not.toBe(before);
  });

  it('English by the switch (a form with the token) or by Accept-Language; Chinese by default', async () => {
    const en = browser({ 'accept-language': 'en-US,en;q=0.9' });
    const login = await en.send('/login');
    expect(login.html).toContain('<html lang="en">');
    expect(login.html).toContain('Sign in');
    const b = browser();
    await b.signIn('clerk');
    const page = await b.send('/');
    expect(page.html).toContain('<html lang="zh-CN">');
    const switched = await b.send('/lang', { form: { _csrf: b.token(page.html), to: 'en', next: '/' } });
    expect(switched.res.status).toBe(303);
    expect((await b.send('/')).html).toContain('Overview');
    expect((await b.send('/lang', { form: { to: 'zh', next: '/' } })).res.status).toBe(403);
  });

  it('chart.js and the stylesheet are served by us, with an ETag', async () => {
    const res = await app.request('/static/chart.umd.min.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    const etag = res.headers.get('etag')!;
    expect((await app.request('/static/chart.umd.min.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await app.request('/static/app.css')).status).toBe(200);
    expect((await app.request('/static/..%2Fpackage.json')).status).toBe(404);
  });
});

describe('measure coverage on the project page', () => {
  type Coverage = { automatic: number; tallies: number; manual: number; assessment: number; none: number; notApplicable: number };
  const api = async (path: string, init: RequestInit = {}) => {
    const token = (await createToken(database.db, { user: 'boss' }, systemActor, clock)).token;
    return app.request(path, { ...init, headers: { authorization: `Bearer ${token}` } });
  };
  const coverageOf = async (id: number) => ((await (await api(`/api/projects/${id}/coverage`)).json()) as { coverage: Coverage }).coverage;
  const line = (c: Coverage) =>
    `度量覆盖：自动计算 ${c.automatic} · 计数登记 ${c.tallies} · 人工填报 ${c.manual} · 人工评价 ${c.assessment} · 未设置度量 ${c.none}${
      c.notApplicable > 0 ? ` · 不适用 ${c.notApplicable}` : ''
    }`;

  it('shows each seed project’s coverage as the API counts it, to every role; only an admin gets the link to the bindings', async () => {
    const clerk = browser();
    await clerk.signIn('clerk');
    const lead = browser();
    await lead.signIn('lead');
    const boss = browser();
    await boss.signIn('boss');
    let indicatorsCounted = 0;
    for (const id of projects) {
      const c = await coverageOf(id);
      indicatorsCounted += c.automatic + c.tallies + c.manual + c.assessment + c.none + c.notApplicable;
      for (const b of [clerk, lead]) {
        const { html } = await b.send(`/projects/${id}`);
        expect(html).toContain(line(c));
        expect(html).not.toContain(`href="/admin/bindings?project=${id}"`);
      }
      const { html } = await boss.send(`/projects/${id}`);
      expect(html).toContain(line(c));
      expect(html).toContain(`href="/admin/bindings?project=${id}">设置度量绑定</a>`);
    }
    // Every one of the seed's 25 indicators is counted once.
    expect(indicatorsCounted).toBe(25);
  });

  it('shows the training table’s tallies, follows a rebinding at once, and speaks English', async () => {
    const text = readFileSync('test/fixtures/tables/styles/training.txt', 'utf8');
    const res = await api(`/api/imports?unit=${encodeURIComponent('930302 培训中心')}`, { method: 'POST', body: fileForm('training.txt', text) });
    expect(res.status).toBeLessThan(300);
    const id = ((await res.json()) as { projects: { id: number }[] }).projects[0]!.id;
    const b = browser();
    await b.signIn('boss');
    const c = await coverageOf(id);
    expect(c.tallies).toBeGreaterThan(0);
    expect(c.assessment).toBeGreaterThan(0);
    expect((await b.send(`/projects/${id}`)).html).toContain(line(c));
    // The page is cached per progress answer; a binding changed drops it with the answer.
    const { getProject } = await import('../../src/services/projects.ts');
    const people = (await getProject(database.db, id)).indicators.find((i) => i.level3 === '培训人次')!;
    await setBinding(database.db, people.id, { type: 'manual' }, 'boss');
    const after = await coverageOf(id);
    expect(after).toMatchObject({ tallies: c.tallies - 1, manual: c.manual + 1 });
    expect((await b.send(`/projects/${id}`)).html).toContain(line(after));
    b.jar.set('lang', 'en');
    const english = await b.send(`/projects/${id}`);
    expect(english.html).toContain(`Measure coverage: computed ${after.automatic} · tallies ${after.tallies} · typed figures ${after.manual}`);
    expect(english.html).toContain('>Edit measure bindings</a>');
  });
});

describe('the indicator page', () => {
  /** The first indicator of the seed's projects matching a test. */
  async function findIndicator(test: (i: { target: { kind: string }; needsReview: boolean }) => boolean): Promise<number> {
    const { getProject } = await import('../../src/services/projects.ts');
    for (const id of projects) {
      const found = (await getProject(database.db, id)).indicators.find(test);
      if (found) return found.id;
    }
    throw new Error('no such indicator in the seed');
  }

  it('shows where it stands, its chart data and the facts behind it, the ones outside the period marked not counted', async () => {
    const b = browser();
    await b.signIn('clerk');
    const id = projects[2]!;
    await addEntries(
      database.db,
      id,
      [
        { kind: 'report', fields: { date: '2024-05-01', title: '期内报告' } },
        { kind: 'report', fields: { date: '2023-12-20', title: '期外报告' } },
      ],
      { source: 'manual', author: 'clerk', now: clock },
    );
    const { html: project } = await b.send(`/projects/${id}`);
    const indicatorId = /<a href="\/indicators\/(\d+)">完成工作目标<\/a>/.exec(project)?.[1];
    expect(indicatorId).toBeDefined();
    const { res, html } = await b.send(`/indicators/${indicatorId}`);
    expect(res.status).toBe(200);
    expect(html).toContain('<h1>完成工作目标</h1>');
    expect(html).toContain('期内报告');
    expect(html).toMatch(/期外报告[\s\S]*?不在项目期内，不计入/);
    expect(html).toContain('data-chart="chart-indicator-');
  });

  it('an assessment outside its tier’s band comes back with the error beside the field and what was typed kept; a good one is saved', async () => {
    const id = await findIndicator((i) => i.target.kind === 'qualitative');
    const b = browser();
    await b.signIn('clerk');
    const { html } = await b.send(`/indicators/${id}`);
    expect(html).toContain('定性评价');
    const bad = await b.send(`/indicators/${id}/assessments`, { form: { _csrf: b.token(html), tier: '达成', score: '65', asOf: '2024-06-30', note: '自评' } });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain('<title>错误：');
    expect(bad.html).toMatch(/class="field field-error"><label for="score">/);
    expect(bad.html).toContain('value="65"');
    expect(bad.html).toContain('value="自评"');
    const good = await b.send(`/indicators/${id}/assessments`, { form: { _csrf: b.token(html), tier: '达成', score: '90', asOf: '2024-06-30' } });
    expect(good.res.status).toBe(303);
    expect((await b.send(good.res.headers.get('location')!)).html).toContain('已保存');
  });

  it('a leader sees no form and cannot post one; a form without its token is refused', async () => {
    const id = await findIndicator((i) => i.target.kind === 'qualitative');
    const lead = browser();
    await lead.signIn('lead');
    const { html } = await lead.send(`/indicators/${id}`);
    expect(html).not.toContain('action="/indicators/');
    const posted = await lead.send(`/indicators/${id}/assessments`, { form: { _csrf: lead.token(html), tier: '达成', score: '90', asOf: '2024-06-30' } });
    expect(posted.res.status).toBe(403);
    const clerk = browser();
    await clerk.signIn('clerk');
    const noToken = await clerk.send(`/indicators/${id}/assessments`, { form: { tier: '达成', score: '90', asOf: '2024-06-30' } });
    expect(noToken.res.status).toBe(403);
  });
});
