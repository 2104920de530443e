import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { axeProblems, hasBrowser, noSideScroll, openSeedPages, SHOTS, type SeedPages } from '../helpers/chromium.ts';

// The tally form and the project page's measure coverage in a real Chromium (docs/design.md "Tallies",
// "Coverage"): the training table imported beside the seed, a tally logged through the form, both pages
// passing axe without sideways scrolling at 1280 and 375 px, screenshots under test/e2e/screenshots/.

const onPglite = process.env.TEST_DB_KIND !== 'postgres';
const PASSWORD = 'Jx!tally-pages-password-1';
const clock = new Date('2024-07-01T02:00:00Z');

let pages: SeedPages;
let training: number;

describe.runIf(hasBrowser && onPglite)('tallies and coverage in Chromium', () => {
  beforeAll(async () => {
    pages = await openSeedPages(clock, [{ name: 'admin', role: 'admin' }], PASSWORD);
    const imported = await importTargetTable(pages.database.db, {
      fileName: 'training.txt',
      bytes: readFileSync('test/fixtures/tables/styles/training.txt'),
      year: 2024,
      yearGiven: true,
      options: { unit: '930401 培训中心' },
    });
    training = imported.projects[0]!.id;
  });
  afterAll(async () => {
    await pages?.close();
  });

  for (const width of [1280, 375]) {
    it(`at ${width} px: the tally form picks an indicator, logs, and the project page shows the coverage line`, async () => {
      const page = await pages.signIn('admin', { width, height: 900 });
      await page.goto(`${pages.origin}/log/${training}/tally`);
      expect(await page.locator('select#indicator optgroup').count()).toBe(2);
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/tally-form-${width}.png`, fullPage: true });

      await page.selectOption('#indicator', { label: '举办培训批次（≥12批次）' });
      await page.fill('#quantity', '2');
      await page.fill('#title', `第${width}期培训班`);
      await Promise.all([page.waitForURL(/saved=\d+$/), page.click('form.log-form button[type=submit]')]);
      expect(await page.locator('.notice').textContent()).toContain('举办培训批次');
      await page.screenshot({ path: `${SHOTS}/tally-saved-${width}.png`, fullPage: true });

      await page.goto(`${pages.origin}/projects/${training}`);
      expect(await page.locator('.coverage-line').textContent()).toContain('度量覆盖：自动计算');
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/tally-project-${width}.png`, fullPage: true });
      await page.screenshot({ path: `${SHOTS}/tally-project-top-${width}.png` });

      // A tallied indicator's page leads to the form with it chosen.
      await page.click('a[href^="/indicators/"]:text("培训人次")');
      await page.waitForURL(/\/indicators\/\d+$/);
      await page.screenshot({ path: `${SHOTS}/tally-indicator-${width}.png` });
      await Promise.all([page.waitForURL(/\/tally\?indicator=\d+$/), page.click('a:text("登记计数")')]);
      expect(await page.locator('#indicator option:checked').textContent()).toBe('培训人次（≥3000人次）');

      // An indicator left unchosen comes back beside the select, the rest kept.
      await page.goto(`${pages.origin}/log/${training}/tally`);
      await page.fill('#title', '未选指标');
      await page.click('form.log-form button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.locator('.field-error #indicator').count()).toBe(1);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/tally-error-${width}.png`, fullPage: true });
      await page.close();
    });
  }
});
