import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeProblems, CHROMIUM, hasBrowser, noSideScroll, SHOTS } from '../helpers/chromium.ts';
import { seedPath } from '../helpers/seed.ts';

// The journey through the real `npm start` server (bin/server.ts on a fresh PGlite DATA_DIR) in
// Chromium: sign in as the first admin with the password it printed, import the seed table through the
// preview (fixing one target cell), link a WeChat channel, add a staff user and a leader; as staff log an
// activity and a fault and upload a WeChat back-office export; as the leader watch the project page's numbers
// and chart change, and be kept out of the admin screens. axe runs on every page the journey opens.

const onPglite = process.env.TEST_DB_KIND !== 'postgres';
const STAFF_PASSWORD = 'Harbour-lamp-58-quiet';
const LEADER_PASSWORD = 'Meadow-stone-94-brisk';

let dir: string;
let server: ChildProcess | undefined;
let origin: string;
let adminPassword: string;
let browser: Browser;
let startedAt: number;
const axeReport: string[] = [];
const visited = new Set<string>();

/** Starts the server as `npm start` does and reads the first admin's password off its console. */
function startServer(): Promise<void> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), JOBS_ENABLED: 'false' };
    delete env.DATABASE_URL;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'bin/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server = proc;
    let out = '';
    let log = '';
    const timer = setTimeout(() => reject(new Error(`no listening line after 90 s:\n${log}`)), 90_000);
    const check = () => {
      const password = /密码：\s*(\S+)/.exec(out)?.[1];
      const line = log.split('\n').find((l) => l.includes('listening on'));
      if (password && line) {
        clearTimeout(timer);
        adminPassword = password;
        origin = /listening on (\S+)/.exec((JSON.parse(line) as { msg: string }).msg)![1]!.replace(/\/$/, '');
        resolve();
      }
    };
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      check();
    });
    proc.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      check();
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
}

/** Every page the journey opens: axe (serious and critical), no sideways scroll at 375 px, a screenshot. */
async function look(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  const path = new URL(page.url()).pathname.replace(/\d+/g, ':id');
  const problems = await axeProblems(page);
  axeReport.push(...problems.map((p) => `${name} (${path}): ${p}`));
  visited.add(path);
  await page.screenshot({ path: `${SHOTS}/journey-${name}.png`, fullPage: true });
}

async function signIn(context: BrowserContext, name: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('#username', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${origin}/`), page.click('form[action="/login"] button[type=submit]')]);
  return page;
}

const submit = (page: Page, form: string) => Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);

/** A project's id from the overview's card links, by a part of its name. */
async function projectId(page: Page, namePart: string): Promise<number> {
  await page.goto(`${origin}/`);
  const href = await page.locator('a[href^="/projects/"]', { hasText: namePart }).first().getAttribute('href');
  return Number(/\/projects\/(\d+)/.exec(href ?? '')?.[1]);
}

/** The actual cell of an indicator's row on the project page, and the page's chart data. */
async function readProject(page: Page, id: number, indicator: string): Promise<{ actual: string; charts: string }> {
  await page.goto(`${origin}/projects/${id}`);
  const row = page.locator('tr[id^="indicator-"]', { has: page.locator('a', { hasText: indicator }) });
  const actual = ((await row.locator('td').nth(2).textContent()) ?? '').trim();
  const charts = await page.locator('script[type="application/json"]').evaluateAll((els) => els.map((e) => e.textContent).join('\n'));
  return { actual, charts };
}

describe.runIf(hasBrowser && onPglite)('the journey of the issue, in Chromium against npm start', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'jixiao-journey-'));
    startedAt = Date.now();
    await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('admin imports the seed through the preview, staff log their work, the leader sees it and no admin screen', { timeout: 300_000 }, async () => {
    // The first admin, with the password npm start printed, reaches the empty overview, then imports.
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const a = await signIn(admin, 'admin', adminPassword);
    await look(a, 'overview-empty');
    await Promise.all([a.waitForURL(/\/admin\/import$/), a.click('a[href="/admin/import"]')]);
    await look(a, 'import');
    await a.setInputFiles('#file', seedPath);
    await a.fill('#year', '2024');
    await Promise.all([a.waitForURL(/\/admin\/import\/drafts\/\d+$/), a.click('#upload')]);
    await look(a, 'import-preview');
    expect(await a.locator('tr[id^="row-"]').count()).toBe(25);
    // Line 265's target cell reads `>1保障各项业务正常运行`: fix it to a target the importer can score.
    await Promise.all([a.waitForURL(/\/rows\/265$/), a.click('#fix-265')]);
    await look(a, 'import-fix');
    await a.fill('#target', '≥1年');
    await Promise.all([a.waitForURL(/\/admin\/import\/drafts\/\d+\?fixed=/), a.click('#save-fix')]);
    expect(await a.locator('#row-265').textContent()).toContain('≥1年');
    await Promise.all([a.waitForNavigation(), a.click('#confirm')]);
    await look(a, 'import-done');
    await a.goto(`${origin}/`);
    expect(await a.locator('.card').count()).toBe(4);
    // The acceptance point: a new user reaches the seed's overview within five minutes of npm start.
    expect(Date.now() - startedAt).toBeLessThan(5 * 60_000);
    await look(a, 'overview');

    const publicity = await projectId(a, '宣传');
    const network = await projectId(a, '运行维护');
    expect(publicity).toBeGreaterThan(0);
    expect(network).toBeGreaterThan(0);

    // A WeChat channel for the publicity project (its back-office export needs one), then the people.
    await a.goto(`${origin}/admin/channels`);
    await look(a, 'admin-channels');
    await a.selectOption('#platform', 'wechat');
    await a.fill('#name', '某市生态环境');
    await a.check(`input[name="projects"][value="${publicity}"]`);
    await submit(a, 'form[action="/admin/channels"]');
    expect(await a.locator('main').textContent()).toContain('某市生态环境');
    await a.goto(`${origin}/admin/users`);
    await look(a, 'admin-users');
    for (const [name, role, password] of [
      ['xiaowang', 'staff', STAFF_PASSWORD],
      ['lingdao', 'leader', LEADER_PASSWORD],
    ] as const) {
      await a.fill('#name', name);
      await a.selectOption('#role', role);
      // The seed's unit: the only one there is.
      await a.selectOption('#unit', { index: 1 });
      await a.fill('#password', password);
      await submit(a, 'form[action="/admin/users"]');
      await a.goto(`${origin}/admin/users`);
      expect(await a.locator('main').textContent()).toContain(name);
    }
    for (const path of [
      '/admin',
      '/admin/bindings',
      `/admin/bindings?project=${publicity}`,
      '/admin/probes',
      '/admin/robots',
      '/admin/jobs',
      '/admin/tokens',
      '/admin/audit',
    ]) {
      await a.goto(`${origin}${path}`);
      await look(a, `admin-${(path.split('/')[2] ?? 'home').replace(/\?.*/, '-project')}`);
    }
    await admin.close();

    // The leader opens the publicity project before anything is logged.
    const leader = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN' });
    const l = await signIn(leader, 'lingdao', LEADER_PASSWORD);
    expect(await l.locator('a[href="/admin"]').count()).toBe(0);
    expect(await l.locator('a[href="/log"]').count()).toBe(0);
    const before = await readProject(l, publicity, '全民参与');
    expect(await noSideScroll(l)).toBe(true);
    await look(l, 'leader-project-before');

    // Staff log an activity and a fault, and upload the WeChat export.
    const staff = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN' });
    const s = await signIn(staff, 'xiaowang', STAFF_PASSWORD);
    await s.goto(`${origin}/log`);
    await look(s, 'log');
    await s.goto(`${origin}/log/${publicity}/activity`);
    await look(s, 'log-activity');
    await s.fill('#date', '2024-06-05');
    await s.fill('#title', '六五环境日宣传');
    await s.fill('#location', '水上公园');
    await submit(s, 'form.log-form');
    expect(await s.locator('.notice').textContent()).toContain('已登记');
    await s.goto(`${origin}/log/${network}/fault`);
    await s.fill('#opened_at', '2024-06-01 09:00');
    await s.fill('#resolved_at', '2024-06-01 10:30');
    await s.fill('#system', '核心交换机');
    await submit(s, 'form.log-form');
    await look(s, 'log-fault-saved');
    expect(await s.locator('.notice').textContent()).toContain('已登记');
    await s.goto(`${origin}/log/${publicity}/wechat-export`);
    await look(s, 'log-wechat');
    const exportRows = readFileSync('test/fixtures/wechat-export/notified-content.csv', 'utf8').split('\n').slice(0, 6).join('\n');
    await s.fill('#asOf', '2024-06-30');
    await s.setInputFiles('#file', { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(exportRows) });
    await submit(s, 'form[action$="/wechat-export"]');
    await look(s, 'log-wechat-done');
    expect(await s.locator('main').textContent()).toMatch(/3/);
    expect(await noSideScroll(s)).toBe(true);
    // Staff may not reach the admin screens either.
    expect((await s.goto(`${origin}/admin`))?.status()).toBe(403);
    await staff.close();

    // The leader's project page now shows the posts and a different chart.
    const after = await readProject(l, publicity, '全民参与');
    expect(after.actual).not.toBe(before.actual);
    expect(after.charts).not.toBe(before.charts);
    await look(l, 'leader-project-after');
    await l.click('a[href^="/indicators/"]');
    await look(l, 'leader-indicator');
    const denied = await l.goto(`${origin}/admin`);
    expect(denied?.status()).toBe(403);
    await look(l, 'leader-admin-403');
    expect(await l.locator('h1').textContent()).toContain('没有权限');
    await leader.close();

    expect(axeReport).toEqual([]);
    expect(visited.size).toBeGreaterThan(15);
  });
});
