import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/auth/actor.ts';
import { addEntries } from '../../src/services/entries.ts';
import { addMonitoringNote } from '../../src/services/monitoring-notes.ts';
import { getProject } from '../../src/services/projects.ts';
import { axeProblems, hasBrowser, noSideScroll, openSeedPages, SHOTS, type SeedPages } from '../helpers/chromium.ts';

// The project page printed on A4 for a meeting (UI.md "Print"), in a real headless Chromium: print media hides
// the navigation, forms and buttons, keeps every indicator row whole and every table within the page, sizes
// the charts to the page and starts each 一级 group on a new page; page.pdf gives A4 pages. A screenshot of the
// print-emulated page and the PDF go under test/e2e/screenshots/ (git-ignored) to look at. Skipped without
// /usr/bin/chromium, as test/e2e/browser.test.ts is.

const onPglite = process.env.TEST_DB_KIND !== 'postgres';
const PASSWORD = 'Jx!print-password-1';
/** A4 less the 12 mm margins, in CSS pixels: the width print lays the page out in. */
const A4_CONTENT = { width: Math.floor((186 * 96) / 25.4), height: Math.floor((273 * 96) / 25.4) };

let pages: SeedPages;
let origin: string;
let projects: number[];
const clock = new Date('2024-07-01T02:00:00Z');

const signIn = (name: string, viewport: { width: number; height: number }): Promise<Page> => pages.signIn(name, viewport);

/** Opens a project page and waits until every canvas became a chart. */
async function openProject(page: Page, id: number): Promise<number> {
  await page.goto(`${origin}/projects/${id}`);
  const canvases = await page.locator('canvas[data-chart]').count();
  // A function, not a string: the page's CSP forbids eval.
  await page.waitForFunction((n) => {
    const chart = (globalThis as { Chart?: { instances: Record<string, unknown> } }).Chart;
    return chart !== undefined && Object.keys(chart.instances).length === n;
  }, canvases);
  return canvases;
}

describe.runIf(hasBrowser && onPglite)('the project page printed on A4', () => {
  beforeAll(async () => {
    pages = await openSeedPages(clock, [{ name: 'leader', role: 'leader' }], PASSWORD);
    ({ origin, projects } = pages);
    const database = pages.database;
    // Some facts for the charts, and a monitoring note shown beside a computed likelihood.
    await addEntries(
      database.db,
      projects[2]!,
      [
        { kind: 'report', fields: { date: '2024-03-01', title: '调查报告一' } },
        { kind: 'expenditure', fields: { date: '2024-04-01', amount: 52000, voucher: '记-1' } },
      ],
      { source: 'manual', author: 'staff', now: clock },
    );
    const detail = await getProject(database.db, projects[2]!);
    await addMonitoringNote(
      database.db,
      detail.indicators[0]!.id,
      { likelihood: 'possible', reasons: ['staff', 'other'], reasonText: '人员调整', measures: '补充人手', asOf: '2024-07-01' },
      { actor: systemActor },
    );
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('on screen, the 打印 button appears (print.js) and opens the print dialog', async () => {
    const page = await signIn('leader', { width: 1280, height: 900 });
    await openProject(page, projects[2]!);
    const button = page.locator('button[data-print]');
    await expect.poll(() => button.isVisible()).toBe(true);
    expect(await button.textContent()).toBe('打印');
    // window.print() cannot be watched in headless Chromium: count the calls instead.
    await page.evaluate(() => {
      const w = globalThis as unknown as { print: () => void; printed: number };
      w.printed = 0;
      w.print = () => {
        w.printed += 1;
      };
    });
    await button.click();
    expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);
    await page.close();
  });

  it('print media hides navigation, forms and buttons, keeps rows whole and tables and charts within the A4 width', async () => {
    const page = await signIn('leader', A4_CONTENT);
    const charts = await openProject(page, projects[2]!);
    expect(charts).toBeGreaterThanOrEqual(1);
    await page.emulateMedia({ media: 'print' });
    // Let chart.js follow its boxes to the print size.
    await page.waitForTimeout(300);

    for (const hidden of ['header.top', 'button[data-print]', 'form[action="/lang"]', 'form[action="/logout"]']) {
      expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
    }
    const rows = page.locator('tr[id^="indicator-"]');
    expect(await rows.count()).toBeGreaterThan(3);
    // A string, evaluated through the DevTools protocol (no DOM types in this project's TypeScript).
    const layout = (await page.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      const tables = [...document.querySelectorAll('table')].map((t) => ({
        right: t.getBoundingClientRect().right,
        scroll: t.parentElement.scrollWidth - t.parentElement.clientWidth,
      }));
      const rowsStyle = [...document.querySelectorAll('tr[id^="indicator-"]')].map((r) => ({ visible: r.offsetHeight > 0, breakInside: getComputedStyle(r).breakInside }));
      const boxes = [...document.querySelectorAll('.chart-box')].map((b) => {
        const box = b.getBoundingClientRect();
        const canvas = b.querySelector('canvas').getBoundingClientRect();
        return { right: box.right, canvasRight: canvas.right, boxRight: box.right + 0.5, canvasWidth: canvas.width, canvasHeight: canvas.height };
      });
      const groups = [...document.querySelectorAll('section.level1')].map((s) => getComputedStyle(s).breakBefore);
      const wide = [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > width + 1).slice(0, 5).map((e) => e.tagName + '.' + e.className);
      return { width, docWidth: document.documentElement.scrollWidth, wide, tables, rowsStyle, boxes, groups, note: document.body.innerText.includes('监测记录：有可能') };
    })()`)) as {
      width: number;
      docWidth: number;
      wide: string[];
      tables: { right: number; scroll: number }[];
      rowsStyle: { visible: boolean; breakInside: string }[];
      boxes: { right: number; canvasRight: number; boxRight: number; canvasWidth: number; canvasHeight: number }[];
      groups: string[];
      note: boolean;
    };
    expect(layout.wide, 'elements wider than the A4 content box').toEqual([]);
    expect(layout.docWidth).toBeLessThanOrEqual(layout.width);
    for (const t of layout.tables) {
      expect(t.right).toBeLessThanOrEqual(layout.width + 0.5);
      expect(t.scroll).toBeLessThanOrEqual(0);
    }
    for (const r of layout.rowsStyle) expect(r).toEqual({ visible: true, breakInside: 'avoid' });
    for (const b of layout.boxes) {
      expect(b.right).toBeLessThanOrEqual(layout.width + 0.5);
      expect(b.canvasRight).toBeLessThanOrEqual(b.boxRight);
      expect(b.canvasWidth).toBeGreaterThan(100);
      expect(b.canvasHeight).toBeGreaterThan(100);
    }
    expect(layout.groups[0]).not.toBe('page');
    expect(layout.groups.slice(1).every((g) => g === 'page')).toBe(true);
    expect(layout.note).toBe(true);
    await page.screenshot({ path: `${SHOTS}/project-print.png`, fullPage: true });

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(`${SHOTS}/project-print.pdf`, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 pages (595 × 842 pt), one per 一级 group at least.
    const text = pdf.toString('latin1');
    const pages = text.match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(layout.groups.length);
    expect(text).toMatch(/\/MediaBox\s*\[\s*0 0 595(\.\d+)? 841\.\d+|\/MediaBox\s*\[\s*0 0 595(\.\d+)? 842/);
    await page.close();
  });
  it('the self-evaluation table (自评表) reads on screen and on a phone, and prints on A4 within the width', async () => {
    const page = await signIn('leader', { width: 1280, height: 900 });
    await page.goto(`${origin}/projects/${projects[2]}/selfeval?asOf=2024-12-31`);
    expect(await page.locator('table.official').count()).toBe(1);
    expect(await page.locator('button[data-print]').isVisible()).toBe(true);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/selfeval-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    // The form is wider than a phone: it scrolls inside its own box, the page does not.
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/selfeval-375.png`, fullPage: true });

    await page.setViewportSize(A4_CONTENT);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['header.top', 'button[data-print]', '.report-actions']) expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
    const fit = (await page.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      const t = document.querySelector('table.official').getBoundingClientRect();
      return { width, right: t.right, docWidth: document.documentElement.scrollWidth };
    })()`)) as { width: number; right: number; docWidth: number };
    expect(fit.right).toBeLessThanOrEqual(fit.width + 0.5);
    expect(fit.docWidth).toBeLessThanOrEqual(fit.width);
    await page.screenshot({ path: `${SHOTS}/selfeval-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(`${SHOTS}/selfeval-print.pdf`, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
