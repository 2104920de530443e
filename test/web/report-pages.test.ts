import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { addEntries } from '../../src/services/entries.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import type { ProgressReport } from '../../src/services/progress-model.ts';
import { addUser } from '../../src/services/users.ts';
import { SELFEVAL_LAYOUT } from '../../src/reports/selfeval-xlsx.ts';
import { importSeed } from '../helpers/job-env.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { pageBrowser } from '../helpers/web-browser.ts';

// The official tables from the pages (docs/design.md "Official tables"): the project page's buttons, the
// printable self-evaluation table and the downloads with a session, bounded by the reader's unit.

const PASSWORD = 'Jx!report-password-1';
let database: TestDatabase;
let feed: ChangeFeed;
let app: App;
let projects: number[];
let unitId: number;
let otherUnit: number;

const browser = () => pageBrowser(app, PASSWORD);

async function signedIn(name: string) {
  const b = browser();
  const r = await b.signIn(name);
  expect(r.res.status).toBe(303);
  return b;
}

async function download(b: ReturnType<typeof browser>, path: string) {
  const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.request(path, { headers: { cookie } });
}

beforeAll(async () => {
  database = await createTestDb();
  feed = await startChangeFeed(database);
  app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config: loadConfig({}),
    now: () => new Date('2025-02-01T02:00:00Z'),
    logger: silentLogger,
    feed,
    jobs: jobCatalog,
  });
  projects = await importSeed(database.db, 2024);
  await addEntries(
    database.db,
    projects[1]!,
    [
      { kind: 'activity', fields: { date: '2024-03-12', title: '宣传活动' } },
      { kind: 'expenditure', fields: { date: '2024-04-01', amount: 120_000 } },
    ],
    { source: 'manual', author: 'clerk', now: new Date('2025-02-01T02:00:00Z') },
  );
  const [p] = await database.db.query.projects.findMany({ where: (x, { eq }) => eq(x.id, projects[0]!) });
  unitId = p!.unitId;
  const { importTargetTable } = await import('../../src/services/import-targets.ts');
  const { readFileSync } = await import('node:fs');
  const text = readFileSync('db/examples/tianjin-eco-support-centre-2024.txt', 'utf8').replaceAll('362207天津市生态环境综合保障中心', '999001天津市另一个中心');
  const other = await importTargetTable(database.db, { fileName: 'other.txt', bytes: new TextEncoder().encode(text), year: 2024, yearGiven: true });
  const [o] = await database.db.query.projects.findMany({ where: (x, { eq }) => eq(x.id, other.projects[0]!.id) });
  otherUnit = o!.unitId;
  for (const [name, role, unit] of [
    ['boss', 'admin', null],
    ['lead', 'leader', unitId],
    ['stranger', 'leader', otherUnit],
  ] as const) {
    await addUser(database.db, { name, role, password: PASSWORD }, systemActor);
    if (unit !== null) await database.db.update(users).set({ unitId: unit }).where(eq(users.name, name));
  }
});
afterAll(async () => {
  await feed?.close();
  await database?.close();
});

describe('the project page', () => {
  it('offers the two workbooks and the printable table for the day it shows', async () => {
    const b = await signedIn('lead');
    const { res, html } = await b.send(`/projects/${projects[1]}?asOf=2024-09-30`);
    expect(res.status).toBe(200);
    expect(html).toContain(`href="/projects/${projects[1]}/selfeval.xlsx?asOf=2024-09-30"`);
    expect(html).toContain(`href="/projects/${projects[1]}/monitoring.xlsx?asOf=2024-09-30"`);
    expect(html).toContain(`href="/projects/${projects[1]}/selfeval?asOf=2024-09-30"`);
    expect(html).toContain('下载自评表（Excel）');
    expect(html).toContain('/static/report.css');
  });
});

describe('the overview', () => {
  it('offers a unit’s workbooks when the cards shown are one unit’s, and not when they are several units’', async () => {
    const lead = await signedIn('lead');
    const mine = await lead.send('/?year=2024');
    expect(mine.html).toContain(`href="/units/${unitId}/selfeval.xlsx?year=2024"`);
    expect(mine.html).toContain(`href="/units/${unitId}/monitoring.xlsx?year=2024"`);
    const admin = await signedIn('boss');
    expect((await admin.send('/?year=2024')).html).not.toContain('/selfeval.xlsx');
    expect((await admin.send(`/?year=2024&unit=${otherUnit}`)).html).toContain(`href="/units/${otherUnit}/selfeval.xlsx?year=2024"`);
  });
});

describe('the printable self-evaluation table', () => {
  it('shows the workbook’s table with the progress answer’s numbers', async () => {
    const b = await signedIn('lead');
    const { res, html } = await b.send(`/projects/${projects[1]}/selfeval?asOf=2024-12-31`);
    expect(res.status).toBe(200);
    const { progressReport } = await import('../../src/services/progress-report.ts');
    const { requireProject } = await import('../../src/services/projects.ts');
    const report: ProgressReport = await progressReport(database.db, [await requireProject(database.db, projects[1]!)], {
      asOf: '2024-12-31',
      today: '2025-02-01',
    });
    const answer = report.projects[0]!;
    expect(html).toContain('项目支出绩效自评表');
    expect(html).toContain('（2024年度）');
    expect(html).toContain('偏差原因分析及改进措施');
    for (const i of answer.indicators) {
      expect(html).toContain(`<td>${i.level3}</td>`);
      expect(html).toContain(i.display.target.replace('>', '&gt;').replace('<', '&lt;'));
    }
    expect(html).toContain(`<strong>${answer.score!.total.toFixed(2)}</strong>`);
    expect(html).toContain(`自评等级：${answer.score!.grade}`);
    expect(html).toContain(answer.display.executionRate);
    expect(html).not.toContain('得分按截至');
  });

  it('says the scores are a forecast before the period ends; a day outside the period is read at its edge', async () => {
    const b = await signedIn('lead');
    const mid = await b.send(`/projects/${projects[1]}/selfeval?asOf=2024-06-30`);
    expect(mid.res.status).toBe(200);
    expect(mid.html).toContain('得分按截至 2024-06-30 的进度预测');
    expect(mid.html).toContain('（2024年度，截至2024-06-30，得分为预测）');
    const early = await b.send(`/projects/${projects[1]}/selfeval?asOf=2019-01-01`);
    expect(early.res.status).toBe(200);
    expect(early.html).toContain('截至2024-01-01');
    const junk = await b.send(`/projects/${projects[1]}/selfeval?asOf=soon`);
    expect(junk.res.status).toBe(200);
    expect(junk.html).toContain('（2024年度）');
  });

  it('is a 403 page for a reader of another unit and a 404 page for no such project', async () => {
    const b = await signedIn('stranger');
    expect((await b.send(`/projects/${projects[1]}/selfeval`)).res.status).toBe(403);
    expect((await download(b, `/projects/${projects[1]}/selfeval.xlsx`)).status).toBe(403);
    expect((await download(b, `/units/${unitId}/monitoring.xlsx`)).status).toBe(403);
    const admin = await signedIn('boss');
    expect((await admin.send('/projects/999999/selfeval')).res.status).toBe(404);
  });
});

describe('downloads with a session', () => {
  it('the project workbook is the API’s, named after the project and the day', async () => {
    const b = await signedIn('lead');
    const res = await download(b, `/projects/${projects[1]}/selfeval.xlsx?asOf=2024-12-31`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toMatch(/-绩效自评表-2024-12-31\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as never);
    const ws = book.worksheets[0]!;
    expect(ws.getRow(SELFEVAL_LAYOUT.indicatorHeaderRow).getCell(9).value).toBe('偏差原因分析及改进措施');
  });

  it('the project page offers the self-evaluation package; it downloads as a zip with both workbooks and the index, and not for another unit', async () => {
    const b = await signedIn('lead');
    const page = await b.send(`/projects/${projects[1]}?asOf=2024-12-31`);
    expect(page.html).toContain(`href="/projects/${projects[1]}/package.zip?asOf=2024-12-31"`);
    expect(page.html).toContain('下载自评材料包（ZIP）');
    const res = await download(b, `/projects/${projects[1]}/package.zip?asOf=2024-12-31`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toMatch(/\.zip$/);
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const names = Object.keys(zip.files);
    expect(names.some((n) => n.endsWith('-绩效自评表-2024-12-31.xlsx'))).toBe(true);
    expect(names.some((n) => n.endsWith('-绩效监控表-2024-12-31.xlsx'))).toBe(true);
    expect(names).toContain('索引.xlsx');
    const outsider = await signedIn('stranger');
    expect((await download(outsider, `/projects/${projects[1]}/package.zip`)).status).toBe(403);
  });

  it('a unit’s monitoring workbook has its projects; without a session the download goes to sign-in', async () => {
    const b = await signedIn('lead');
    const res = await download(b, `/units/${unitId}/monitoring.xlsx?year=2024`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as never);
    expect(book.worksheets).toHaveLength(4);
    const anonymous = await app.request(`/units/${unitId}/monitoring.xlsx`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});
