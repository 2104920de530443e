import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Debian's Chromium for the browser tests (playwright-core cannot download one here). .ci/run installs it
// and sets CI_REQUIRE_BROWSER=1, so CI cannot skip a browser test; elsewhere they run when it exists.

export const CHROMIUM = '/usr/bin/chromium';
export const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser && process.env.CI_REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium`);
export const SHOTS = 'test/e2e/screenshots';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page, as `rule: target` lines. */
export async function axeProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline script) does not govern.
  await page.evaluate(axeSource);
  const result = (await page.evaluate('axe.run(document)')) as { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The page fits its viewport's width (usable at 375 px without scrolling sideways). */
export const noSideScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;
