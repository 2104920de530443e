import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { importBatches, importDrafts, indicators, projects, units } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import { addUser } from '../../src/services/users.ts';
import type { ParsedTable } from '../../src/targets/types.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { pageBrowser } from '../helpers/web-browser.ts';

// 管理 › 导入目标表 in process (docs/design.md "Import preview"): upload → preview of every row as read → fix a
// cell → confirm once. Each test uploads the seed under a unit code of its own.

const PASSWORD = 'Jx!import-pages-password-1';
let database: TestDatabase;
let feed: ChangeFeed;
let app: App;
const clock = new Date('2024-07-01T02:00:00Z');

const browser = () => pageBrowser(app, PASSWORD);

beforeAll(async () => {
  database = await createTestDb();
  feed = await startChangeFeed(database);
  app = createApp({ db: database.db, databaseKind: database.kind, config: loadConfig({}), now: () => clock, logger: silentLogger, feed, jobs: jobCatalog });
  for (const [name, role] of [
    ['importer', 'admin'],
    ['lead', 'leader'],
    ['clerk', 'staff'],
  ] as const) {
    await addUser(database.db, { name, role, password: PASSWORD }, systemActor);
  }
});
afterAll(async () => {
  await feed?.close();
  await database?.close();
});

async function signedIn(name = 'importer') {
  const b = browser();
  await b.signIn(name);
  return b;
}

function uploadForm(token: string, content: string, fileName = 'seed.txt', year = '2024') {
  const form = new FormData();
  form.append('_csrf', token);
  form.append('year', year);
  form.append('file', new File([content], fileName, { type: 'text/plain' }));
  return form;
}

/** Signs in as the admin, uploads the seed under unit `code`; the draft's id and the browser. */
async function uploaded(code: string) {
  const b = await signedIn();
  const page = await b.send('/admin/import');
  const res = await b.send('/admin/import', { multipart: uploadForm(b.token(page.html), seedTextForUnit(code)) });
  expect(res.res.status).toBe(303);
  const location = res.res.headers.get('location')!;
  expect(location).toMatch(/^\/admin\/import\/drafts\/\d+$/);
  return { b, id: Number(location.split('/').pop()), location };
}

async function unitProjects(code: string) {
  const [unit] = await database.db.select().from(units).where(eq(units.key, code));
  return unit ? database.db.select().from(projects).where(eq(projects.unitId, unit.id)) : [];
}

const rowHtml = (html: string, line: number) => {
  const start = html.indexOf(`id="row-${line}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start));
};

const batchCount = async () => (await database.db.select({ n: count() }).from(importBatches))[0]!.n;
const draftCount = async () => (await database.db.select({ n: count() }).from(importDrafts))[0]!.n;

describe('upload and preview', () => {
  it('the upload form is labelled, carries the token, and lists nothing written yet', async () => {
    const b = await signedIn();
    const { res, html } = await b.send('/admin/import');
    expect(res.status).toBe(200);
    expect(html).toContain('<title>导入目标表 - ');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(/<label for="file">目标表文件<\/label>/);
    expect(html).toMatch(/<label for="year">预算年度（可选）<\/label>/);
    expect(html).toMatch(/name="_csrf" value="[^"]+"/);
    expect(html).toContain('aria-current="page">导入目标表');
    expect(html).not.toMatch(/ style=/);
    expect(html).not.toMatch(/<script(?! src=)/);
  });

  it('uploading the seed shows every row as read, per project, and writes no project', async () => {
    const { b, location } = await uploaded('820001');
    const { res, html } = await b.send(location);
    expect(res.status).toBe(200);
    expect(html.match(/<tr id="row-\d+"/g)).toHaveLength(25);
    for (const name of ['天津市生态环境信息网络、设备及系统运行维护', '环境应急与事故调查', '天津市生态环境信息网络设备更新改造项目']) {
      expect(html).toContain(name);
    }
    expect(html).toContain('4 个项目 · 25 个指标 · 1 个待确认 · 0 处已修改');
    const row43 = rowHtml(html, 43);
    expect(row43).toContain('≤320万元');
    expect(row43).toContain('定量');
    expect(row43).toMatch(/比较符<\/span> <b>≤<\/b>/);
    expect(row43).toMatch(/数值<\/span> <b>320<\/b>/);
    expect(row43).toMatch(/单位<\/span> <b>万元<\/b>/);
    const row265 = rowHtml(html, 265);
    expect(row265).toContain('待确认');
    expect(row265).toContain('不是计量单位');
    expect(row265).toContain('href="/admin/import/drafts/');
    expect(html).toContain('id="confirm"');
    expect(html).toContain('class="table-wrap"');
    expect(await unitProjects('820001')).toHaveLength(0);
  });

  it('a file that is not a target table shows its line errors (400) and writes nothing', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const [drafts, batches] = [await draftCount(), await batchCount()];
    const { res, html } = await b.send('/admin/import', { multipart: uploadForm(b.token(page.html), '会议纪要\n今天讨论了预算。\n', 'notes.txt', '') });
    expect(res.status).toBe(400);
    expect(html).toContain('<title>错误：导入目标表');
    expect(html).toContain('文件无法作为绩效目标表导入，未写入任何数据');
    expect(html).toMatch(/第 1 行<\/span>：未找到绩效目标表/);
    expect(await draftCount()).toBe(drafts);
    expect(await batchCount()).toBe(batches);
  });

  it('a missing file or a wrong year is an error beside the field; the year typed is kept', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const form = new FormData();
    form.append('_csrf', b.token(page.html));
    form.append('year', '24年');
    const { res, html } = await b.send('/admin/import', { multipart: form });
    expect(res.status).toBe(400);
    expect(html).toContain('<title>错误：');
    expect(html).toContain('id="file-error">请选择要上传的目标表文件');
    expect(html).toContain('id="year-error">请输入 2000–2100 之间的年度');
    expect(html).toContain('value="24年"');
  });
});

describe('fixing a row', () => {
  it('a fixed target cell reads again, the preview marks it and keeps the original struck through', async () => {
    const { b, id, location } = await uploaded('820002');
    const edit = await b.send(`/admin/import/drafts/${id}/rows/265`);
    expect(edit.res.status).toBe(200);
    expect(edit.html).toContain('<label for="target">指标值（原文）</label>');
    expect(edit.html).toMatch(/id="target" name="target" value="&gt;1保障各项业务正常运行"/);
    const saved = await b.send(`/admin/import/drafts/${id}/rows/265`, {
      form: { _csrf: b.token(edit.html), level1: '效益指标', level2: '可持续影响指标', level3: '延长设备使用寿命', target: '≥1年' },
    });
    expect(saved.res.status).toBe(303);
    expect(saved.res.headers.get('location')).toBe(`${location}?fixed=265#row-265`);
    const { html } = await b.send(`${location}?fixed=265`);
    expect(html).toContain('已保存第 265 行的修改');
    const row = rowHtml(html, 265);
    expect(row).toContain('class="row-fixed"');
    expect(row).toContain('≥1年');
    expect(row).toContain('已修改');
    expect(row).toMatch(/<del>&gt;1保障各项业务正常运行<\/del>/);
    expect(row).toMatch(/比较符<\/span> <b>≥<\/b>/);
    expect(row).toMatch(/单位<\/span> <b>年<\/b>/);
    expect(row).not.toContain('待确认');
    expect(html).toContain('0 个待确认 · 1 处已修改');
  });

  it('a target that cannot be read is refused in Chinese naming the row, and what was typed is kept', async () => {
    const { b, id } = await uploaded('820003');
    const edit = await b.send(`/admin/import/drafts/${id}/rows/265`);
    const { res, html } = await b.send(`/admin/import/drafts/${id}/rows/265`, {
      form: { _csrf: b.token(edit.html), level1: '效益指标', level2: '可持续影响指标', level3: '寿命', target: '>1保障运行' },
    });
    expect(res.status).toBe(400);
    expect(html).toContain('<title>错误：修改第 265 行');
    expect(html).toContain('id="target-error">第265行 指标「寿命」：');
    expect(html).toContain('href="#target"');
    expect(html).toMatch(/id="target" name="target" value="&gt;1保障运行"/);
    expect(html).toMatch(/id="level3" name="level3" value="寿命"/);
    const [draft] = await database.db.select().from(importDrafts).where(eq(importDrafts.id, id));
    expect(draft!.fixes).toEqual([]);
  });

  it('a row that does not exist is a 404', async () => {
    const { b, id } = await uploaded('820004');
    expect((await b.send(`/admin/import/drafts/${id}/rows/2`)).res.status).toBe(404);
    expect((await b.send('/admin/import/drafts/99999999')).res.status).toBe(404);
    expect((await b.send('/admin/import/drafts/abc')).res.status).toBe(404);
  });
});

describe('confirming', () => {
  it('imports the fixed reading: the projects exist, the batch keeps the fixes, the draft the original', async () => {
    const { b, id, location } = await uploaded('820005');
    const edit = await b.send(`/admin/import/drafts/${id}/rows/265`);
    await b.send(`/admin/import/drafts/${id}/rows/265`, {
      form: { _csrf: b.token(edit.html), level1: '效益指标', level2: '可持续影响指标', level3: '延长设备使用寿命', target: '≥1年' },
    });
    const preview = await b.send(location);
    const confirmed = await b.send(`/admin/import/drafts/${id}/confirm`, { form: { _csrf: b.token(preview.html) } });
    expect(confirmed.res.status).toBe(303);
    expect(confirmed.res.headers.get('location')).toBe(`${location}?confirmed=new#result`);
    const stored = await unitProjects('820005');
    expect(stored).toHaveLength(4);
    const result = await b.send(`${location}?confirmed=new`);
    expect(result.html).toContain('已导入：seed.txt');
    expect(result.html).toContain('项目：新建 4，更新 0 · 指标：新建 25，更新 0，未变 0，停用 0');
    for (const p of stored) expect(result.html).toContain(`href="/projects/${p.id}"`);
    expect(result.html).not.toContain('id="confirm"');
    const rows = await database.db.select().from(indicators).where(eq(indicators.sourceLine, 265));
    const fixed = rows.find((r) => stored.some((p) => p.id === r.projectId))!;
    expect(fixed).toMatchObject({ targetRaw: '≥1年', comparator: '>=', targetKind: 'quantitative', needsReview: false });
    const [draft] = await database.db.select().from(importDrafts).where(eq(importDrafts.id, id));
    expect(draft!.status).toBe('imported');
    const reading = draft!.reading as ParsedTable;
    expect(reading.projects.flatMap((p) => p.indicators).find((i) => i.line === 265)!.target.raw).toBe('>1保障各项业务正常运行');
    const [batch] = await database.db.select().from(importBatches).where(eq(importBatches.id, draft!.batchId!));
    expect(batch!.result.fixes).toEqual([
      expect.objectContaining({ line: 265, field: 'target', read: '>1保障各项业务正常运行', fixed: '≥1年', by: 'importer' }),
    ]);
    // the overview shows the projects
    const overview = await b.send('/');
    for (const p of stored) expect(overview.html).toContain(`/projects/${p.id}`);
  });

  it('confirming twice imports once', async () => {
    const { b, id, location } = await uploaded('820006');
    const preview = await b.send(location);
    const token = b.token(preview.html);
    const before = await batchCount();
    const first = await b.send(`/admin/import/drafts/${id}/confirm`, { form: { _csrf: token } });
    const second = await b.send(`/admin/import/drafts/${id}/confirm`, { form: { _csrf: token } });
    expect(first.res.headers.get('location')).toContain('confirmed=new');
    expect(second.res.headers.get('location')).toContain('confirmed=again');
    expect((await b.send(second.res.headers.get('location')!)).html).toContain('这份目标表已经导入过，没有重复写入');
    expect((await batchCount()) - before).toBe(1);
    expect(await unitProjects('820006')).toHaveLength(4);
    // the row pages no longer take fixes
    const edit = await b.send(`/admin/import/drafts/${id}/rows/265`);
    expect(edit.html).not.toContain('id="save-fix"');
  });

  it('discarding writes nothing and the upload page says so', async () => {
    const { b, id, location } = await uploaded('820007');
    const preview = await b.send(location);
    const res = await b.send(`/admin/import/drafts/${id}/discard`, { form: { _csrf: b.token(preview.html) } });
    expect(res.res.status).toBe(303);
    expect(res.res.headers.get('location')).toBe(`/admin/import?discarded=${id}`);
    const page = await b.send(res.res.headers.get('location')!);
    expect(page.html).toContain('已放弃导入“seed.txt”，未写入任何数据');
    const again = await b.send(`/admin/import/drafts/${id}/confirm`, { form: { _csrf: b.token(preview.html) } });
    expect(again.res.status).toBe(303);
    expect(await unitProjects('820007')).toHaveLength(0);
  });
});

describe('who may', () => {
  it('a leader or staff gets 403 on every import page and form', async () => {
    const { id } = await uploaded('820008');
    for (const name of ['lead', 'clerk']) {
      const b = await signedIn(name);
      const home = await b.send('/');
      const token = b.token(home.html);
      expect((await b.send('/admin/import')).res.status).toBe(403);
      expect((await b.send(`/admin/import/drafts/${id}`)).res.status).toBe(403);
      expect((await b.send(`/admin/import/drafts/${id}/rows/265`)).res.status).toBe(403);
      expect((await b.send('/admin/import', { multipart: uploadForm(token, seedTextForUnit('820009')) })).res.status).toBe(403);
      expect((await b.send(`/admin/import/drafts/${id}/rows/265`, { form: { _csrf: token, target: '≥1年' } })).res.status).toBe(403);
      expect((await b.send(`/admin/import/drafts/${id}/confirm`, { form: { _csrf: token } })).res.status).toBe(403);
      expect((await b.send(`/admin/import/drafts/${id}/discard`, { form: { _csrf: token } })).res.status).toBe(403);
    }
    expect(await unitProjects('820008')).toHaveLength(0);
    expect(await unitProjects('820009')).toHaveLength(0);
  });

  it('a form without its token is refused (403) and changes nothing', async () => {
    const { b, id } = await uploaded('820010');
    const drafts = await draftCount();
    expect((await b.send('/admin/import', { multipart: uploadForm('', seedTextForUnit('820011')) })).res.status).toBe(403);
    expect(await draftCount()).toBe(drafts);
    expect((await b.send(`/admin/import/drafts/${id}/rows/265`, { form: { target: '≥1年' } })).res.status).toBe(403);
    expect((await b.send(`/admin/import/drafts/${id}/confirm`, { form: {} })).res.status).toBe(403);
    expect((await b.send(`/admin/import/drafts/${id}/discard`, { form: { _csrf: 'wrong' } })).res.status).toBe(403);
    const [draft] = await database.db.select().from(importDrafts).where(eq(importDrafts.id, id));
    expect(draft).toMatchObject({ status: 'open', fixes: [] });
    expect(await unitProjects('820010')).toHaveLength(0);
  });
});
