import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicators, users } from '../../db/schema/index.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { addEntries } from '../../src/services/entries.ts';
import { addManualValue } from '../../src/services/indicator-values.ts';
import { setBinding } from '../../src/services/measures.ts';
import { axeProblems, hasBrowser, noSideScroll, openSeedPages, type SeedPages } from '../helpers/chromium.ts';
import { samplePng } from '../helpers/sample-files.ts';

// 佐证材料 in a real Chromium (docs/design.md "Supporting files"): staff upload a PNG through the indicator page's
// form and through a log entry's, the thumbnail loads (a real image, served under the session), both pages pass
// axe without sideways scrolling at 1280 and 375 px. Screenshots go to JX_SHOTS (default /tmp/jx-shots).

const onPglite = process.env.TEST_DB_KIND !== 'postgres';
const PASSWORD = 'Jx!file-e2e-password-1';
const clock = new Date('2024-07-01T02:00:00Z');
const SHOTS = process.env.JX_SHOTS ?? '/tmp/jx-shots';

/** An image's decoded width in the page: 0 until it has loaded (or when it failed). */
const naturalWidth = (img: unknown) => {
  const i = img as { complete: boolean; naturalWidth: number };
  return i.complete ? i.naturalWidth : 0;
};

let pages: SeedPages;
let project: number;
let indicatorId: number;
let entryId: number;
/** A photo per width (different bytes: the same bytes twice on a record are kept once). */
const photos = new Map<number, string>();

describe.runIf(hasBrowser && onPglite)('supporting files in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    pages = await openSeedPages(clock, [{ name: 'clerk', role: 'staff' }], PASSWORD);
    const db = pages.database.db;
    project = pages.projects[1]!;
    const [p] = await db.query.projects.findMany({ where: (x, { eq }) => eq(x.id, project) });
    await db.update(users).set({ unitId: p!.unitId }).where(eq(users.name, 'clerk'));
    const [row] = await db
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.projectId, project), eq(indicators.level3, '基层组织活动')));
    indicatorId = row!.id;
    await setBinding(db, indicatorId, { type: 'manual' }, systemActor);
    await addManualValue(db, indicatorId, { value: 2, asOf: '2024-06-30' }, { author: 'clerk', source: 'manual' });
    const added = await addEntries(db, project, [{ kind: 'activity', fields: { date: '2024-06-02', title: '社区环保宣传活动' } }], {
      source: 'manual',
      author: 'clerk',
      now: clock,
    });
    entryId = added.inserted[0]!;
    for (const [width, colour] of [
      [1280, '#2a7ab0'],
      [375, '#c0392b'],
    ] as const) {
      const path = join(tmpdir(), `jx-e2e-活动现场-${width}-${process.pid}.png`);
      writeFileSync(path, await samplePng(800, 600, colour));
      photos.set(width, path);
    }
  });
  afterAll(async () => {
    await pages?.close();
  });

  for (const width of [1280, 375]) {
    it(`at ${width} px: a PNG uploaded through the indicator page's form shows as a loaded thumbnail`, async () => {
      const page = await pages.signIn('clerk', { width, height: 900 });
      await page.goto(`${pages.origin}/indicators/${indicatorId}#files`);
      expect(await page.locator('#files-title').textContent()).toBe('佐证材料');
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/files-indicator-empty-${width}.png`, fullPage: true });

      const form = page.locator('form.file-upload').first();
      await form.locator('input[type=file]').setInputFiles(photos.get(width)!);
      await form.locator('input[name=caption]').fill(`${width} 宽度下上传的现场照片`);
      await Promise.all([page.waitForURL(/did=uploaded#files$/), form.locator('button[type=submit]').click()]);
      expect(await page.locator('#files .notice').textContent()).toContain('已上传');
      const thumb = page.locator(`.file-thumb img[alt="${width} 宽度下上传的现场照片"]`);
      await thumb.scrollIntoViewIfNeeded();
      await expect.poll(() => thumb.evaluate(naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.locator('#files').screenshot({ path: `${SHOTS}/files-indicator-${width}.png` });
      await page.screenshot({ path: `${SHOTS}/files-indicator-page-${width}.png`, fullPage: true });

      // The removal form opens from its summary; a missing reason comes back beside the field.
      await page.locator('details.file-remove summary').first().click();
      await page.locator('details.file-remove button[type=submit]').first().click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('.error-summary').textContent()).toContain('请填写移除原因');
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/files-remove-error-${width}.png`, fullPage: true });
      await page.close();
    });

    it(`at ${width} px: a PNG attached on a log entry's page shows there and in the recent list`, async () => {
      const page = await pages.signIn('clerk', { width, height: 900 });
      await page.goto(`${pages.origin}/log/entries/${entryId}`);
      const form = page.locator('form.file-upload');
      await form.locator('input[type=file]').setInputFiles(photos.get(width)!);
      await form.locator('input[name=caption]').fill(`活动照片 ${width}`);
      await Promise.all([page.waitForURL(/did=(uploaded|duplicate)#files$/), form.locator('button[type=submit]').click()]);
      const thumb = page.locator('#files .file-thumb img').first();
      await expect.poll(() => thumb.evaluate(naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/files-entry-${width}.png`, fullPage: true });

      await page.goto(`${pages.origin}/log?project=${project}`);
      const chip = page.locator('ul.file-chips img').first();
      await chip.scrollIntoViewIfNeeded();
      await expect.poll(() => chip.evaluate(naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await noSideScroll(page)).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/files-log-${width}.png`, fullPage: true });
      await page.close();
    });
  }
});
