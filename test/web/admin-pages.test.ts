import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { listAudit } from '../../src/services/audit.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import { claimSlot, finishRun } from '../../src/services/job-ledger.ts';
import { listBindings } from '../../src/services/measures.ts';
import { listProbeEndpoints } from '../../src/services/probes.ts';
import { addUser } from '../../src/services/users.ts';
import { importSeed } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { pageBrowser } from '../helpers/web-browser.ts';

// 管理 (docs/design.md "Access"): the admin screens in process — each renders for an admin (with data and on an
// empty database), other roles get 403 and no 管理 link, every post needs its token, refused forms keep what
// was typed with the error beside the field, and new secrets are shown once.

const PASSWORD = 'Jx!admin-pages-password-1';
const clock = new Date('2024-07-01T02:00:00Z');

interface World {
  database: TestDatabase;
  feed: ChangeFeed;
  app: App;
}

async function world(env: Record<string, string> = {}): Promise<World> {
  const database = await createTestDb();
  const feed = await startChangeFeed(database);
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config: loadConfig(env),
    now: () => clock,
    logger: silentLogger,
    feed,
    jobs: jobCatalog,
  });
  return { database, feed, app };
}

let full: World;
let empty: World;
let projects: number[];

const PAGES = [
  '/admin',
  '/admin/bindings',
  '/admin/channels',
  '/admin/probes',
  '/admin/robots',
  '/admin/jobs',
  '/admin/users',
  '/admin/tokens',
  '/admin/audit',
];

beforeAll(async () => {
  [full, empty] = await Promise.all([world({ JIXIAO_SECRET_ROBOT: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=never-shown' }), world()]);
  projects = await importSeed(full.database.db, 2024);
  const [seedProject] = await full.database.db.query.projects.findMany({ where: (p, { eq }) => eq(p.id, projects[0]!) });
  for (const [name, role] of [
    ['boss', 'admin'],
    ['lead', 'leader'],
    ['clerk', 'staff'],
  ] as const) {
    await addUser(full.database.db, { name, role, password: PASSWORD }, systemActor);
  }
  await full.database.db.update(users).set({ unitId: seedProject!.unitId }).where(eq(users.name, 'clerk'));
  await full.database.db.update(users).set({ unitId: seedProject!.unitId }).where(eq(users.name, 'lead'));
  await addUser(empty.database.db, { name: 'boss', role: 'admin', password: PASSWORD }, systemActor);
});
afterAll(async () => {
  for (const w of [full, empty]) {
    await w?.feed.close();
    await w?.database.close();
  }
});

async function signedIn(w: World, name = 'boss', password = PASSWORD, headers: Record<string, string> = {}) {
  const b = pageBrowser(w.app, password, headers);
  const { res } = await b.signIn(name, password);
  expect(res.status).toBe(303);
  return b;
}

/** A page's form token, read off a GET of it. */
async function tokenOf(b: ReturnType<typeof pageBrowser>, path = '/admin') {
  const { html } = await b.send(path);
  return b.token(html);
}

/** The page's markup keeps to the CSP (no inline script or style) and wraps every table for narrow screens. */
function wellFormed(html: string) {
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
  const tables = html.split('<table').length - 1;
  const wrapped = html.match(/<div class="table-wrap"[^>]*>\s*<table/g)?.length ?? 0;
  expect(wrapped).toBe(tables);
}

/** The text of the error beside a field (the Field component's markup). */
const errorBeside = (html: string, id: string) => new RegExp(`id="${id}-error">([^<]*)<`).exec(html)?.[1] ?? null;

let unique = 0;
const fresh = (prefix: string) => `${prefix}${Date.now().toString(36)}${unique++}`;

describe('what each role sees', () => {
  it('every admin screen renders for an admin with data, in Chinese, under 管理, keeping to the CSP', async () => {
    const b = await signedIn(full);
    for (const path of PAGES) {
      const { res, html } = await b.send(path);
      expect(res.status, path).toBe(200);
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toMatch(/<a href="\/admin" aria-current="page">管理<\/a>/);
      expect(html).toContain('class="subnav');
      wellFormed(html);
    }
    const home = await b.send('/admin');
    // The import comes first among the cards.
    expect(home.html.indexOf('/admin/import')).toBeLessThan(home.html.indexOf('/admin/bindings"'));
    const bindings = await b.send(`/admin/bindings?project=${projects[0]}`);
    expect(bindings.res.status).toBe(200);
    expect(bindings.html).toContain('/admin/bindings/');
    wellFormed(bindings.html);
    const indicatorId = /href="\/admin\/bindings\/(\d+)"/.exec(bindings.html)![1];
    const edit = await b.send(`/admin/bindings/${indicatorId}`);
    expect(edit.res.status).toBe(200);
    expect(edit.html).toContain('name="measure"');
    wellFormed(edit.html);
  });

  it('an empty database shows what to do next on every list', async () => {
    const b = await signedIn(empty);
    const expectations: Record<string, string> = {
      '/admin/bindings': '请先在“导入目标表”导入',
      '/admin/channels': '还没有渠道',
      '/admin/probes': '还没有探测端点',
      '/admin/robots': '还没有群机器人',
      '/admin/jobs': '还没有运行记录',
      '/admin/tokens': '还没有接口令牌',
    };
    for (const [path, words] of Object.entries(expectations)) {
      const { res, html } = await b.send(path);
      expect(res.status, path).toBe(200);
      expect(html, path).toContain(words);
      expect(html).toContain('class="panel admin-empty"');
      wellFormed(html);
    }
    const home = await b.send('/admin');
    expect(home.res.status).toBe(200);
    expect(home.html).toContain('已导入 0 个项目');
    const audit = await b.send('/admin/audit?action=nothing.here');
    expect(audit.html).toContain('没有符合条件的记录');
  });

  it('the English switch turns the admin screens into English', async () => {
    const b = await signedIn(full, 'boss', PASSWORD, { 'accept-language': 'en' });
    const { html } = await b.send('/admin/users');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Add a user');
    expect(html).not.toContain('添加用户');
  });

  for (const who of ['lead', 'clerk']) {
    it(`a ${who === 'lead' ? 'leader' : 'staff user'} gets 403 on every admin screen and post, and no 管理 link`, async () => {
      const b = await signedIn(full, who);
      const overview = await b.send('/');
      expect(overview.res.status).toBe(200);
      expect(overview.html).not.toContain('href="/admin"');
      const csrf = b.token(overview.html);
      for (const path of [...PAGES, `/admin/bindings?project=${projects[0]}`]) {
        const { res, html } = await b.send(path);
        expect(res.status, path).toBe(403);
        expect(html).not.toContain('href="/admin"');
      }
      const posts: [string, Record<string, string>][] = [
        ['/admin/users', { name: fresh('sneak'), role: 'admin', unit: '', password: '' }],
        ['/admin/users/1/disable', {}],
        ['/admin/users/1/reset-password', { password: '' }],
        ['/admin/tokens', { user: '1', label: '', expiresDays: '90' }],
        ['/admin/tokens/1/revoke', {}],
        ['/admin/channels', { platform: 'rss', name: fresh('ch'), url: 'https://example.com/feed' }],
        ['/admin/probes', { name: fresh('pr'), target: 'tcp://10.0.0.1:443', project: '', intervalMinutes: '5' }],
        ['/admin/robots', { kind: 'wecom', webhookEnv: 'JIXIAO_SECRET_ROBOT', projects: String(projects[0]), events: 'alerts' }],
        ['/admin/jobs/alerts/run', { date: '' }],
        ['/admin/bindings/1', { measure: 'manual' }],
      ];
      const before = (await listAudit(full.database.db, { limit: 1, offset: 0 })).total;
      for (const [path, form] of posts) {
        const { res } = await b.send(path, { form: { _csrf: csrf, ...form } });
        expect(res.status, path).toBe(403);
      }
      expect((await listAudit(full.database.db, { limit: 1, offset: 0 })).total).toBe(before);
    });
  }

  it('a post without the form token is refused (403) and changes nothing', async () => {
    const b = await signedIn(full);
    const name = fresh('nocsrf');
    const { res } = await b.send('/admin/users', { form: { name, role: 'staff', unit: '', password: '' } });
    expect(res.status).toBe(403);
    const wrong = await b.send('/admin/probes', { form: { _csrf: 'x'.repeat(22), name, target: 'tcp://10.0.0.1:443' } });
    expect(wrong.res.status).toBe(403);
    const { html } = await b.send('/admin/users');
    expect(html).not.toContain(name);
    expect((await listProbeEndpoints(full.database.db)).some((p) => p.name === name)).toBe(false);
  });

  it('a GET with a form’s fields changes nothing', async () => {
    const b = await signedIn(full);
    const name = fresh('getter');
    await b.send(`/admin/users?name=${name}&role=staff`);
    await b.send(`/admin/probes?name=${name}&target=tcp://10.0.0.1:443`);
    const { html } = await b.send('/admin/users');
    expect(html).not.toContain(name);
  });
});

describe('users', () => {
  it('adding a user shows the generated password once, and the new user can sign in with it', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/users');
    const name = fresh('newbie');
    const { res, html } = await b.send('/admin/users', { form: { _csrf: csrf, name, role: 'staff', unit: '', password: '' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('只显示这一次');
    const password = /id="secret"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /value="([^"]+)"[^>]*id="secret"/.exec(html)?.[1];
    expect(password).toBeTruthy();
    const list = await b.send('/admin/users');
    expect(list.html).toContain(name);
    expect(list.html).not.toContain(password!);
    const them = pageBrowser(full.app, password!);
    const signIn = await them.signIn(name, password!);
    expect(signIn.res.status).toBe(303);
    expect((await them.send('/')).res.status).toBe(200);
  });

  it('a chosen password is not shown; the page redirects and says the user was added', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/users');
    const name = fresh('chosen');
    const { res } = await b.send('/admin/users', { form: { _csrf: csrf, name, role: 'leader', unit: '', password: 'Zq!chosen-password-9' } });
    expect(res.status).toBe(303);
    const back = await b.send(res.headers.get('location')!);
    expect(back.html).toContain(`已添加用户“${name}”`);
    expect(back.html).not.toContain('Zq!chosen-password-9');
  });

  it('a duplicate name is refused beside the field in Chinese, with what was typed kept', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/users');
    const { res, html } = await b.send('/admin/users', { form: { _csrf: csrf, name: 'clerk', role: 'leader', unit: '', password: '' } });
    expect(res.status).toBe(400);
    expect(html).toContain('<title>错误：');
    expect(errorBeside(html, 'name')).toContain('已存在');
    expect(html).toMatch(/id="name" name="name" value="clerk"/);
    expect(html).toMatch(/<option value="leader" selected/);
  });

  it('a weak chosen password is refused beside the field', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/users');
    const name = fresh('weak');
    const { res, html } = await b.send('/admin/users', { form: { _csrf: csrf, name, role: 'staff', unit: '', password: 'short' } });
    expect(res.status).toBe(400);
    expect(errorBeside(html, 'password')).toMatch(/[\u4e00-\u9fff]/);
    expect(html).toContain(`value="${name}"`);
  });

  it('disabling a user ends their sessions at once', async () => {
    const name = fresh('leaving');
    const { user } = await addUser(full.database.db, { name, role: 'staff', password: PASSWORD }, systemActor);
    const them = await signedIn(full, name);
    expect((await them.send('/')).res.status).toBe(200);
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/users');
    const { res } = await b.send(`/admin/users/${user.id}/disable`, { form: { _csrf: csrf } });
    expect(res.status).toBe(303);
    const back = await b.send(res.headers.get('location')!);
    expect(back.html).toContain(`已停用“${name}”`);
    const after = await them.send('/');
    expect(after.res.status).toBe(303);
    expect(after.res.headers.get('location')).toMatch(/^\/login/);
    expect((await them.signIn(name)).res.status).toBe(401);
  });

  it('an admin is not offered to disable themself or reset their own password without the current one', async () => {
    const b = await signedIn(full);
    const { html } = await b.send('/admin/users');
    const [boss] = await full.database.db.select().from(users).where(eq(users.name, 'boss'));
    expect(html).not.toContain(`/admin/users/${boss!.id}/disable`);
    expect(html).not.toContain(`/admin/users/${boss!.id}/reset-password`);
  });

  it('resetting a password shows the new one once and ends the user’s sessions', async () => {
    const name = fresh('forgot');
    const { user } = await addUser(full.database.db, { name, role: 'leader', password: PASSWORD }, systemActor);
    const them = await signedIn(full, name);
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/users');
    const { res, html } = await b.send(`/admin/users/${user.id}/reset-password`, { form: { _csrf: csrf, password: '' } });
    expect(res.status).toBe(200);
    const password = /value="([^"]+)"[^>]*class="admin-secret-value"|class="admin-secret-value"[^>]*value="([^"]+)"|id="secret"[^>]*value="([^"]+)"/.exec(html);
    const secret = password?.[1] ?? password?.[2] ?? password?.[3];
    expect(secret).toBeTruthy();
    expect((await them.send('/')).res.status).toBe(303);
    expect((await pageBrowser(full.app, secret!).signIn(name, secret!)).res.status).toBe(303);
  });
});

describe('tokens', () => {
  it('a token is shown once when created, works on the API, and stops when revoked', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/tokens');
    const [clerk] = await full.database.db.select().from(users).where(eq(users.name, 'clerk'));
    const { res, html } = await b.send('/admin/tokens', { form: { _csrf: csrf, user: String(clerk!.id), label: '报表脚本', expiresDays: '30' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const token = /(jx_[\w-]+)/.exec(html)?.[1];
    expect(token).toBeTruthy();
    const me = await full.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { name: string }).name).toBe('clerk');
    const list = await b.send('/admin/tokens');
    expect(list.html).toContain('报表脚本');
    expect(list.html).not.toContain(token!);
    const id = /<tr id="token-(\d+)">(?:(?!<\/tr>).)*报表脚本/s.exec(list.html)?.[1];
    expect(id).toBeTruthy();
    const revoked = await b.send(`/admin/tokens/${id}/revoke`, { form: { _csrf: csrf } });
    expect(revoked.res.status).toBe(303);
    const back = await b.send(revoked.res.headers.get('location')!);
    expect(back.html).toContain('已撤销');
    expect((await full.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('a bad expiry is refused beside the field with what was typed kept', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/tokens');
    const { res, html } = await b.send('/admin/tokens', { form: { _csrf: csrf, user: '1', label: '试一试', expiresDays: '0' } });
    expect(res.status).toBe(400);
    expect(errorBeside(html, 'expiresDays')).toContain('天');
    expect(html).toContain('value="试一试"');
    expect(html).toMatch(/id="expiresDays" name="expiresDays" value="0"/);
  });
});

describe('sources', () => {
  it('a probe with a bad address is refused beside the field, values kept; a good one is listed', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/probes');
    const name = fresh('门户网站');
    const bad = await b.send('/admin/probes', { form: { _csrf: csrf, name, target: 'ftp://nowhere', project: String(projects[0]), intervalMinutes: '10' } });
    expect(bad.res.status).toBe(400);
    expect(errorBeside(bad.html, 'target')).toContain('应为 tcp://主机:端口');
    expect(bad.html).toContain(`value="${name}"`);
    expect(bad.html).toContain('value="ftp://nowhere"');
    expect(bad.html).toMatch(new RegExp(`<option value="${projects[0]}" selected`));
    const good = await b.send('/admin/probes', {
      form: { _csrf: csrf, name, target: 'https://www.example.gov.cn/', project: String(projects[0]), intervalMinutes: '10' },
    });
    expect(good.res.status).toBe(303);
    const list = await b.send(good.res.headers.get('location')!);
    expect(list.html).toContain(`已保存探测端点“${name}”`);
    expect(list.html).toContain('https://www.example.gov.cn/');
    const stored = (await listProbeEndpoints(full.database.db)).find((p) => p.name === name);
    expect(stored?.projectId).toBe(projects[0]);
  });

  it('a channel may only name a JIXIAO_SECRET_ variable and an allowed host; the refusal sits beside each field', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/channels');
    const name = fresh('公众号');
    const bad = await b.send('/admin/channels', {
      form: {
        _csrf: csrf,
        platform: 'wechat',
        name,
        appId: 'wx123',
        secretEnv: 'DATABASE_URL',
        baseUrl: 'https://evil.example/cgi-bin',
        projects: String(projects[0]),
      },
    });
    expect(bad.res.status).toBe(400);
    expect(errorBeside(bad.html, 'secretEnv')).toContain('JIXIAO_SECRET_');
    expect(errorBeside(bad.html, 'baseUrl')).toContain('不在允许范围');
    expect(bad.html).toContain('value="DATABASE_URL"');
    expect(bad.html).toMatch(new RegExp(`name="projects" value="${projects[0]}" checked`));
    const good = await b.send('/admin/channels', {
      form: { _csrf: csrf, platform: 'wechat', name, appId: 'wx123', secretEnv: 'JIXIAO_SECRET_WECHAT', projects: String(projects[0]) },
    });
    expect(good.res.status).toBe(303);
    const list = await b.send(good.res.headers.get('location')!);
    expect(list.html).toContain(`已保存渠道“${name}”`);
    expect(list.html).toContain('JIXIAO_SECRET_WECHAT');
    expect(list.html).toContain('服务器未配置');
  });

  it('a robot names its webhook variable, shown as configured, never its value', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/robots');
    const name = fresh('应急群');
    const none = await b.send('/admin/robots', { form: { _csrf: csrf, name, kind: 'wecom', webhookEnv: 'JIXIAO_SECRET_ROBOT', events: 'alerts' } });
    expect(none.res.status).toBe(400);
    expect(errorBeside(none.html, 'projects')).toContain('至少关联一个项目');
    expect(none.html).toContain(`value="${name}"`);
    const form = new URLSearchParams({ _csrf: csrf, name, kind: 'wecom', webhookEnv: 'JIXIAO_SECRET_ROBOT', secretEnv: '' });
    form.append('projects', String(projects[0]));
    form.append('events', 'alerts');
    form.append('events', 'digest');
    // Repeated fields (projects, events) as a browser posts them.
    const raw = await full.app.request('/admin/robots', {
      method: 'POST',
      headers: { cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(raw.status).toBe(303);
    const list = await b.send(raw.headers.get('location')!);
    expect(list.html).toContain(`已保存群机器人“${name}”`);
    expect(list.html).toContain('JIXIAO_SECRET_ROBOT');
    expect(list.html).toContain('已配置');
    expect(list.html).not.toContain('never-shown');
    expect(list.html).toMatch(/预警、周报/);
  });
});

describe('bindings', () => {
  it('setting a measure shows it on the page and in listBindings; clearing it too', async () => {
    const b = await signedIn(full);
    const before = await listBindings(full.database.db, projects[0]!);
    const target = before[0]!;
    const csrf = await tokenOf(b, `/admin/bindings/${target.indicatorId}`);
    const { res } = await b.send(`/admin/bindings/${target.indicatorId}`, {
      form: { _csrf: csrf, measure: 'sum_entries', kind: 'expenditure', field: 'amount' },
    });
    expect(res.status).toBe(303);
    const page = await b.send(res.headers.get('location')!);
    expect(page.html).toContain(`已保存：${target.level3}`);
    expect(page.html).toContain('登记：支出');
    expect(page.html).toContain('已由 boss 确认');
    const after = (await listBindings(full.database.db, projects[0]!)).find((x) => x.indicatorId === target.indicatorId)!;
    expect(after.measure).toEqual({ type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] });
    expect(after.proposed).toBe(false);
    const edit = await b.send(`/admin/bindings/${target.indicatorId}`);
    expect(edit.html).toMatch(/<option value="sum_entries" selected/);
    const cleared = await b.send(`/admin/bindings/${target.indicatorId}`, { form: { _csrf: csrf, measure: 'none' } });
    expect(cleared.res.status).toBe(303);
    expect((await listBindings(full.database.db, projects[0]!)).find((x) => x.indicatorId === target.indicatorId)!.measure).toBeNull();
  });

  it('an indicator can be measured by the tallies logged toward it, chosen from the list, and the edit page says so again', async () => {
    const b = await signedIn(full);
    const target = (await listBindings(full.database.db, projects[0]!))[2]!;
    const csrf = await tokenOf(b, `/admin/bindings/${target.indicatorId}`);
    const { res } = await b.send(`/admin/bindings/${target.indicatorId}`, { form: { _csrf: csrf, measure: 'sum_tallies' } });
    expect(res.status).toBe(303);
    const after = (await listBindings(full.database.db, projects[0]!)).find((x) => x.indicatorId === target.indicatorId)!;
    expect(after.measure).toEqual({
      type: 'sum',
      source: 'entries',
      kind: 'tally',
      field: 'quantity',
      where: [{ op: 'eq', field: 'indicator', value: target.indicatorId }],
    });
    const edit = await b.send(`/admin/bindings/${target.indicatorId}`);
    expect(edit.html).toMatch(/<option value="sum_tallies" selected/);
    expect((await b.send(res.headers.get('location')!)).html).toContain('计数登记');
  });

  it('a rate is bound as the ratio of two tallied indicators picked from lists; a pick that is not tallied is refused beside its list', async () => {
    const b = await signedIn(full);
    // The training table of another kind of unit: its counts are proposed as sums of their tallies.
    const training = readFileSync(new URL('../fixtures/tables/styles/training.txt', import.meta.url));
    const imported = await importTargetTable(full.database.db, {
      fileName: 'training.txt',
      bytes: new Uint8Array(training),
      year: 2024,
      yearGiven: true,
      options: { unit: '900777 绑定测试培训中心', projectName: null, strict: false },
    });
    const bindings = await listBindings(full.database.db, imported.projects[0]!.id);
    const id = (name: string) => bindings.find((x) => x.level3 === name)!.indicatorId;
    const rate = id('培训完成率');
    const page = await b.send(`/admin/bindings/${rate}`);
    expect(page.html).toContain('<option value="ratio_tallies"');
    // The lists offer the tallied indicators, not the rate itself nor a manual one.
    const numerator = /<select id="numerator"[\s\S]*?<\/select>/.exec(page.html)![0];
    expect(numerator).toContain('结业人次');
    expect(numerator).toContain('培训人次');
    expect(numerator).not.toContain('培训完成率');
    expect(numerator).not.toContain('人均培训成本');
    const csrf = await tokenOf(b, `/admin/bindings/${rate}`);
    const missing = await b.send(`/admin/bindings/${rate}`, {
      form: { _csrf: csrf, measure: 'ratio_tallies', numerator: String(id('结业人次')), denominator: '' },
    });
    expect(missing.res.status).toBe(400);
    expect(errorBeside(missing.html, 'denominator')).toContain('计数登记');
    const wrong = await b.send(`/admin/bindings/${rate}`, {
      form: { _csrf: csrf, measure: 'ratio_tallies', numerator: String(id('结业人次')), denominator: String(id('人均培训成本')) },
    });
    expect(wrong.res.status).toBe(400);
    expect(errorBeside(wrong.html, 'denominator')).toBeTruthy();
    const { res } = await b.send(`/admin/bindings/${rate}`, {
      form: { _csrf: csrf, measure: 'ratio_tallies', numerator: String(id('结业人次')), denominator: String(id('培训人次')) },
    });
    expect(res.status).toBe(303);
    const after = (await listBindings(full.database.db, imported.projects[0]!.id)).find((x) => x.indicatorId === rate)!;
    expect(after.measure).toEqual({ type: 'ratio', source: 'tallies', numerator: id('结业人次'), denominator: id('培训人次') });
    const again = await b.send(`/admin/bindings/${rate}`);
    expect(again.html).toMatch(/<option value="ratio_tallies" selected/);
    expect(again.html).toMatch(new RegExp(`<select id="denominator"[\\s\\S]*?<option value="${id('培训人次')}" selected`));
  });

  it('a field the entry kind lacks, or broken JSON, is refused beside the field with the choice kept', async () => {
    const b = await signedIn(full);
    const target = (await listBindings(full.database.db, projects[0]!))[1]!;
    const csrf = await tokenOf(b, `/admin/bindings/${target.indicatorId}`);
    const bad = await b.send(`/admin/bindings/${target.indicatorId}`, { form: { _csrf: csrf, measure: 'sum_entries', kind: 'activity', field: 'amount' } });
    expect(bad.res.status).toBe(400);
    expect(errorBeside(bad.html, 'field')).toContain('宣传活动');
    expect(bad.html).toMatch(/<option value="sum_entries" selected/);
    expect(bad.html).toMatch(/<option value="activity" selected/);
    const json = await b.send(`/admin/bindings/${target.indicatorId}`, { form: { _csrf: csrf, measure: 'json', spec: '{"type": "count"' } });
    expect(json.res.status).toBe(400);
    expect(errorBeside(json.html, 'spec')).toContain('JSON');
    const wrongType = await b.send(`/admin/bindings/${target.indicatorId}`, {
      form: { _csrf: csrf, measure: 'json', spec: '{"type":"count","source":"posts","platforms":[]}' },
    });
    expect(wrongType.res.status).toBe(400);
    expect(errorBeside(wrongType.html, 'spec')).toBeTruthy();
    expect(wrongType.html).toContain('&quot;platforms&quot;:[]');
  });
});

describe('jobs', () => {
  it('runs a job now and shows the run in the history, with the run in the audit log', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/jobs');
    const { res } = await b.send('/admin/jobs/alerts/run', { form: { _csrf: csrf, date: '' } });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/admin\/jobs\?ran=alerts&runs=\d+/);
    const page = await b.send(location);
    expect(page.html).toContain('已手动运行 alerts');
    expect(page.html).toContain('成功');
    expect(page.html).toContain('手动');
    const runId = /runs=(\d+)/.exec(location)![1];
    expect(page.html).toContain(`id="run-${runId}"`);
    const audit = await listAudit(full.database.db, { action: 'job.run', limit: 5, offset: 0 });
    expect(audit.items.some((r) => r.actor === 'boss' && r.targetId === 'alerts')).toBe(true);
  });

  it('a failed run shows its reason in our words', async () => {
    const b = await signedIn(full);
    const runId = await claimSlot(full.database.db, {
      job: 'digest',
      slot: new Date('2024-06-30T00:00:00Z').toISOString(),
      trigger: 'schedule',
      dataDay: null,
      owner: 'test:1',
      staleAfterMs: 120_000,
      retakeFailed: false,
    });
    expect(runId).not.toBeNull();
    await finishRun(full.database.db, runId!, {
      status: 'failed',
      counts: null,
      error: { kind: 'config', code: 'missing_secret', message: '环境变量 JIXIAO_SECRET_X 未设置' },
    });
    const { html } = await b.send('/admin/jobs');
    expect(html).toContain(`id="run-${runId}"`);
    expect(html).toContain('配置错误');
    expect(html).toContain('missing_secret');
    expect(html).toContain('环境变量 JIXIAO_SECRET_X 未设置');
    const home = await b.send('/admin');
    expect(home.html).toMatch(/\d+ \/ \d+ 个任务最近一次失败/);
  });

  it('a bad date is refused beside the job’s field; an unknown job is a 404', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/jobs');
    const bad = await b.send('/admin/jobs/alerts/run', { form: { _csrf: csrf, date: '2024-02-30' } });
    expect(bad.res.status).toBe(400);
    expect(errorBeside(bad.html, 'date-alerts')).toBeTruthy();
    expect(bad.html).toContain('value="2024-02-30"');
    const unknown = await b.send('/admin/jobs/nope/run', { form: { _csrf: csrf, date: '' } });
    expect(unknown.res.status).toBe(404);
  });
});

describe('audit', () => {
  it('filters narrow the log by actor, action and date, and a bad date is said beside its field', async () => {
    const b = await signedIn(full);
    const csrf = await tokenOf(b, '/admin/users');
    await b.send('/admin/users', { form: { _csrf: csrf, name: fresh('audited'), role: 'staff', unit: '', password: '' } });
    const total = (html: string) => Number(/共 (\d+) 条/.exec(html)?.[1]);
    const all = await b.send('/admin/audit');
    const byAction = await b.send('/admin/audit?action=user.add');
    const byBoth = await b.send('/admin/audit?action=user.add&user=boss');
    expect(total(byAction.html)).toBeGreaterThan(0);
    expect(total(byAction.html)).toBeLessThan(total(all.html));
    expect(total(byBoth.html)).toBeGreaterThan(0);
    expect(total(byBoth.html)).toBeLessThan(total(byAction.html));
    expect(byBoth.html).toContain('value="boss"');
    const future = await b.send('/admin/audit?since=2099-01-01');
    expect(total(future.html)).toBe(0);
    expect(future.html).toContain('没有符合条件的记录');
    const bad = await b.send('/admin/audit?since=2024-13-01');
    expect(bad.res.status).toBe(400);
    expect(errorBeside(bad.html, 'since')).toBeTruthy();
  });
});
