import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeProblems, hasBrowser, noSideScroll, openSeedPages, SHOTS, type SeedPages } from '../helpers/chromium.ts';
import { exportedXlsx, sampleFixture, withChanges } from '../helpers/selfeval-tables.ts';

// 自评复核 in a real headless Chromium (docs/design.md "Self-evaluation review"): a leader uploads another unit's
// filled table with a planted wrong score and sees the finding beside its row; axe and the phone width hold.
// Screenshots go under test/e2e/screenshots/ to look at. Skipped without /usr/bin/chromium.

const onPglite = process.env.TEST_DB_KIND !== 'postgres';
const PASSWORD = 'Jx!review-password-1';
let pages: SeedPages;

describe.runIf(hasBrowser && onPglite)('the review page in a browser', () => {
  beforeAll(async () => {
    pages = await openSeedPages(new Date('2026-01-10T02:00:00Z'), [{ name: 'leader', role: 'leader' }], PASSWORD);
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('shows each finding beside its row, passes axe, and fits a phone', async () => {
    // 8万条 of ≥10万条 earns 10.00 of 12.50: 12.00 is planted, and the 总分 no longer adds up.
    const planted = withChanges(sampleFixture(), { rows: { 1: { score: '12.00' } } });
    const file = join(SHOTS, 'planted-selfeval.xlsx');
    writeFileSync(file, await exportedXlsx(planted));

    const page = await pages.signIn('leader');
    await page.click('nav a[href="/review"]');
    expect(new URL(page.url()).pathname).toBe('/review');
    expect(await axeProblems(page)).toEqual([]);
    await page.setInputFiles('#file', file);
    await Promise.all([page.waitForURL(/\/review$/), page.click('form[action="/review"] button[type=submit]')]);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('信息采集量');
    expect(text).toContain('12.00');
    expect(text).toContain('10.00');
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/review-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/review-375.png`, fullPage: true });
    await page.close();
  });
});
