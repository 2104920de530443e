import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEntries } from '../../src/services/entries.ts';
import { axeProblems, hasBrowser, noSideScroll, openSeedPages, SHOTS, type SeedPages } from '../helpers/chromium.ts';

// The pages in a real headless Chromium (Debian's, driven by playwright-core): signing in through the form,
// the overview and project pages with their charts drawn, a leader kept out of the admin screens, axe-core on
// every page, and screenshots at 1280 and 375 px under test/e2e/screenshots/ (git-ignored) to look at.
// .ci/run installs Chromium and sets CI_REQUIRE_BROWSER=1, so CI cannot skip this file; elsewhere it runs
// when /usr/bin/chromium exists.

const onPglite = process.env.TEST_DB_KIND !== 'postgres';
const PASSWORD = 'Jx!browser-password-1';

let pages: SeedPages;
let projects: number[];
let origin: string;
let browser: Browser;
let database: SeedPages['database'];
const clock = new Date('2024-07-01T02:00:00Z');

const signIn = (name: string, width = 1280): Promise<Page> => pages.signIn(name, { width, height: 900 });

describe.runIf(hasBrowser && onPglite)('the pages in Chromium', () => {
  beforeAll(async () => {
    pages = await openSeedPages(
      clock,
      [
        { name: 'admin', role: 'admin' },
        { name: 'leader', role: 'leader' },
      ],
      PASSWORD,
    );
    ({ projects, origin, browser, database } = pages);
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('the sign-in page passes axe and leads to the overview with the seed’s four projects', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${origin}/login`);
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
    const signed = await signIn('admin');
    expect(await signed.locator('.card').count()).toBe(4);
    expect(await signed.title()).toContain('总览');
    await signed.close();
  });

  for (const width of [1280, 375]) {
    it(`at ${width} px: the overview, a project and an indicator page render, pass axe, draw their charts and do not scroll sideways`, async () => {
      const page = await signIn('admin', width);
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/overview-${width}.png`, fullPage: true });

      await page.goto(`${origin}/projects/${projects[2]}`);
      const canvases = await page.locator('canvas[data-chart]').count();
      expect(canvases).toBeGreaterThanOrEqual(1);
      // Every canvas became a chart. A function, not a string: the page's CSP forbids eval.
      await page.waitForFunction((n) => {
        const chart = (globalThis as { Chart?: { instances: Record<string, unknown> } }).Chart;
        return chart !== undefined && Object.keys(chart.instances).length === n;
      }, canvases);
      expect(await page.locator('tr[id^="indicator-"]').count()).toBeGreaterThan(3);
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/project-${width}.png`, fullPage: true });

      await page.click('a[href^="/indicators/"]');
      await page.waitForURL(/\/indicators\/\d+$/);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/indicator-${width}.png`, fullPage: true });
      await page.close();
    });
  }

  it('a leader sees the numbers change after a new entry, and cannot reach the admin screens', async () => {
    const page = await signIn('leader');
    expect(await page.locator('a[href="/admin"]').count()).toBe(0);
    // 环境应急与事故调查: 完成工作目标 counts its 调查报告.
    const id = projects[2]!;
    await page.goto(`${origin}/projects/${id}`);
    const row = page.locator('tr', { has: page.locator('a', { hasText: '完成工作目标' }) });
    const before = (await row.locator('td').nth(2).textContent()) ?? '';
    await addEntries(database.db, id, [{ kind: 'report', fields: { date: '2024-06-20', title: '浏览器测试报告' } }], {
      source: 'manual',
      author: 'leader',
      now: clock,
    });
    await page.reload();
    const after = (await row.locator('td').nth(2).textContent()) ?? '';
    expect(after).not.toBe(before);
    expect(Number(/(\d+)/.exec(after)?.[1])).toBe(Number(/(\d+)/.exec(before)?.[1]) + 1);
    const admin = await page.goto(`${origin}/admin`);
    expect([403, 404]).toContain(admin!.status());
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });
});
