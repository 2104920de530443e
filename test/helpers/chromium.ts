import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { startChangeFeed } from '../../src/services/change-feed.ts';
import { addUser } from '../../src/services/users.ts';
import { importSeed } from './job-env.ts';
import { createTestDb, type TestDatabase } from './test-db.ts';

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

/** The seed's pages served over HTTP on a test database, with Chromium open: what the in-process browser tests share. */
export interface SeedPages {
  database: TestDatabase;
  projects: number[];
  origin: string;
  browser: Browser;
  /** A new page signed in through the form as `name`, on the overview. */
  signIn(name: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function openSeedPages(clock: Date, users: { name: string; role: 'admin' | 'leader' | 'staff' }[], password: string): Promise<SeedPages> {
  mkdirSync(SHOTS, { recursive: true });
  const database = await createTestDb();
  const feed = await startChangeFeed(database);
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config: loadConfig({}),
    now: () => clock,
    logger: silentLogger,
    feed,
    jobs: jobCatalog,
  });
  const projects = await importSeed(database.db, 2024);
  for (const u of users) await addUser(database.db, { ...u, password }, systemActor);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return {
    database,
    projects,
    origin,
    browser,
    async signIn(name, viewport = { width: 1280, height: 900 }) {
      const page = await browser.newPage({ viewport, locale: 'zh-CN' });
      await page.goto(`${origin}/`);
      if (new URL(page.url()).pathname !== '/login') throw new Error(`expected the sign-in page, got ${page.url()}`);
      await page.fill('#username', name);
      await page.fill('#password', password);
      await Promise.all([page.waitForURL(`${origin}/`), page.click('form[action="/login"] button[type=submit]')]);
      return page;
    },
    async close() {
      await browser.close();
      server.close();
      await feed.close();
      await database.close();
    },
  };
}
