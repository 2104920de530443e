import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { importBatches, importDrafts, indicators, projects, units } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import { projectCoverage } from '../../src/services/coverage.ts';
import { addUser } from '../../src/services/users.ts';
import type { ParsedTable } from '../../src/targets/types.ts';
import { applyFixes } from '../../src/targets/apply-fixes.ts';
import { SEED_UNIT_LINE, seedTextForUnit } from '../helpers/faces-units.ts';
import { seedText } from '../helpers/seed.ts';
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

/** An upload with the optional fields (`unit`, `projectName`, `strict`) as a browser sends them. */
function optionsForm(token: string, content: string, fileName: string, fields: Record<string, string>, year = '') {
  const form = uploadForm(token, content, fileName, year);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

/** The seed with its unit lines blanked (line numbers kept): a table that names no unit. */
const seedWithoutUnit = () => seedText().split(`\t${SEED_UNIT_LINE}\n`).join('\n');

const realTable = (name: string) => readFileSync(`test/fixtures/tables/real/${name}`, 'utf8');

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

const rowHtml = (html: string, line: number | string) => {
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

  it('rows that share a source line (a table copied as one line) are fixed one by one, each at its own address', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const res = await b.send('/admin/import', {
      multipart: optionsForm(b.token(page.html), realTable('03-ezhou.txt'), '03-ezhou.txt', { unit: '4207 鄂州市机关事务服务中心' }),
    });
    expect(res.res.status).toBe(303);
    const location = res.res.headers.get('location')!;
    const id = Number(location.split('/').pop());
    const preview = (await b.send(location)).html;
    // Six rows start on line 15: 15, 15-1 … 15-5, each with its own anchor and fix link.
    for (const key of ['15', '15-1', '15-2', '15-3', '15-4', '15-5']) expect(preview).toContain(`id="row-${key}"`);
    expect(preview).toContain(`href="/admin/import/drafts/${id}/rows/15-3"`);
    const edit = await b.send(`/admin/import/drafts/${id}/rows/15-3`);
    expect(edit.res.status).toBe(200);
    expect(edit.html).toMatch(/id="target" name="target" value="292%"/);
    const saved = await b.send(`/admin/import/drafts/${id}/rows/15-3`, { form: { _csrf: b.token(edit.html), target: '≥92%' } });
    expect(saved.res.status).toBe(303);
    expect(saved.res.headers.get('location')).toBe(`${location}?fixed=15#row-15-3`);
    const [draft] = await database.db.select().from(importDrafts).where(eq(importDrafts.id, id));
    expect(draft!.fixes).toEqual([expect.objectContaining({ line: 15, seq: 3, field: 'target', read: '292%', fixed: '≥92%' })]);
    const fixed = applyFixes(draft!.reading as ParsedTable, draft!.fixes);
    expect(fixed.projects[0]!.indicators.map((i) => i.target.raw)).toEqual(['2280次', '200次', '>92%', '≥92%', '95%', '不超预算']);
    const after = (await b.send(location)).html;
    expect(rowHtml(after, '15-3')).toContain('class="row-fixed"');
    expect(rowHtml(after, 15)).not.toContain('row-fixed');
    expect((await b.send(`/admin/import/drafts/${id}/rows/15-6`)).res.status).toBe(404);
    expect((await b.send(`/admin/import/drafts/${id}/rows/15-x`)).res.status).toBe(404);
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

  it('the result shows how each imported project’s indicators will get their figures, with the way to the bindings', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const text = readFileSync('test/fixtures/tables/styles/training.txt', 'utf8');
    const res = await b.send('/admin/import', { multipart: optionsForm(b.token(page.html), text, 'training.txt', { unit: '820031 培训中心' }, '2024') });
    expect(res.res.status).toBe(303);
    const location = res.res.headers.get('location')!;
    const id = Number(location.split('/').pop());
    const preview = await b.send(location);
    // Nothing is imported yet, so there is no coverage to show.
    expect(preview.html).not.toContain('度量覆盖');
    await b.send(`/admin/import/drafts/${id}/confirm`, { form: { _csrf: b.token(preview.html) } });
    const [project] = await unitProjects('820031');
    const { coverage: c } = await projectCoverage(database.db, project!.id);
    expect(c.tallies).toBeGreaterThan(0);
    const result = await b.send(`${location}?confirmed=new`);
    expect(result.html).toContain(
      `度量覆盖：自动计算 ${c.automatic} · 计数登记 ${c.tallies} · 人工填报 ${c.manual} · 人工评价 ${c.assessment} · 未设置度量 ${c.none}`,
    );
    expect(result.html).toContain(`href="/admin/bindings?project=${project!.id}"`);
    expect(result.html).toContain('“计数登记”和“人工填报”的需要工作人员登记');
    // The seed's four projects each get their own line.
    const seed = await uploaded('820032');
    const seedPreview = await seed.b.send(seed.location);
    await seed.b.send(`/admin/import/drafts/${seed.id}/confirm`, { form: { _csrf: seed.b.token(seedPreview.html) } });
    const seedResult = await seed.b.send(seed.location);
    const stored = await unitProjects('820032');
    expect(stored).toHaveLength(4);
    for (const x of stored) {
      const { coverage } = await projectCoverage(database.db, x.id);
      const item = seedResult.html.slice(seedResult.html.indexOf(`href="/projects/${x.id}"`));
      expect(item.slice(0, item.indexOf('</li>'))).toContain(`自动计算 ${coverage.automatic} · 计数登记 ${coverage.tallies}`);
    }
    expect((seedResult.html.match(/class="coverage-line"/g) ?? []).length).toBe(4);
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

describe('the unit, the project name and strictness', () => {
  it('the upload form has the optional unit and project name, and the strict box, each labelled with its hint', async () => {
    const b = await signedIn();
    const { html } = await b.send('/admin/import');
    expect(html).toMatch(
      /<label for="unit">单位（可选）<\/label><span class="hint" id="unit-hint">表中没有单位或单位不对时填写，如「301002 某市大气污染防治中心」/,
    );
    expect(html).toMatch(/<label for="projectName">项目名称（可选）<\/label><span class="hint" id="projectName-hint">表中没有项目名称时使用/);
    expect(html).toMatch(/<input type="checkbox" id="strict" name="strict" value="1" aria-describedby="strict-hint"\/>严格模式<\/label>/);
    expect(html).toContain('id="strict-hint">有项目被截断时整个文件不导入');
  });

  it('a table without a unit line takes the unit typed, and the preview says it was given', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const res = await b.send('/admin/import', {
      multipart: optionsForm(
        b.token(page.html),
        seedWithoutUnit(),
        'seed.txt',
        { unit: '  820201 某市大气污染防治中心 ', projectName: '', strict: '' },
        '2024',
      ),
    });
    expect(res.res.status).toBe(303);
    const { html } = await b.send(res.res.headers.get('location')!);
    expect(html).toMatch(/<p class="import-unit">单位：<b>820201 某市大气污染防治中心<\/b><span class="unit-source">（按指定的单位）<\/span>/);
  });

  it('a table without a unit and no unit typed takes the file name, and the preview asks to check it', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const res = await b.send('/admin/import', { multipart: uploadForm(b.token(page.html), seedWithoutUnit(), '某市测试中心.txt') });
    expect(res.res.status).toBe(303);
    const { html } = await b.send(res.res.headers.get('location')!);
    expect(html).toMatch(/<p class="import-unit warning-box">单位：<b>某市测试中心<\/b><span class="unit-source">（表中没有单位，取自文件名，请核对）<\/span>/);
  });

  it('a table that names no project takes the project name typed; without one it is refused naming the line', async () => {
    // The seed's first project without its title line and its 项目名称 cells (line numbers kept).
    const lines = seedTextForUnit('820205').split('\n').slice(0, 68);
    for (const k of [0, 4, 5]) lines[k] = '';
    const table = `${lines.join('\n')}\n`;
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const refused = await b.send('/admin/import', { multipart: uploadForm(b.token(page.html), table, 'noname.txt') });
    expect(refused.res.status).toBe(400);
    expect(refused.html).toMatch(/第 8 行<\/span>：第8行开始的项目没有项目名称/);
    const res = await b.send('/admin/import', {
      multipart: optionsForm(b.token(page.html), table, 'noname.txt', { projectName: ' 信息网络运行维护 ' }, '2024'),
    });
    expect(res.res.status).toBe(303);
    const { html } = await b.send(res.res.headers.get('location')!);
    expect(html).toContain('<h2 id="project-0">信息网络运行维护</h2>');
  });

  it('a unit of digits only is refused beside its field (400, in Chinese) before the file is read, and what was typed is kept', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const drafts = await draftCount();
    const { res, html } = await b.send('/admin/import', {
      multipart: optionsForm(b.token(page.html), seedWithoutUnit(), 'seed.txt', { unit: '301002', projectName: '某项目', strict: '1' }, '2024'),
    });
    expect(res.status).toBe(400);
    expect(html).toContain('<title>错误：导入目标表');
    expect(html).toMatch(/id="unit" name="unit" value="301002"/);
    expect(html).toContain('id="unit-error">指定的单位「301002」无效：请写成「代码 名称」或单位名称');
    expect(html).toContain('aria-describedby="unit-hint unit-error"');
    expect(html).toMatch(/id="projectName" name="projectName" value="某项目"/);
    expect(html).toMatch(/id="strict" name="strict" value="1" checked=""/);
    expect(html).toMatch(/id="year" name="year" value="2024"/);
    expect(await draftCount()).toBe(drafts);
  });

  it('a unit or project name too long is an error beside its field, in the page language, and the text is kept', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const longUnit = `820202 ${'某'.repeat(120)}`;
    const longName = '项'.repeat(201);
    const drafts = await draftCount();
    const zh = await b.send('/admin/import', {
      multipart: optionsForm(b.token(page.html), seedWithoutUnit(), 'seed.txt', { unit: longUnit, projectName: longName }),
    });
    expect(zh.res.status).toBe(400);
    expect(zh.html).toContain('<title>错误：导入目标表');
    expect(zh.html).toContain('id="unit-error">单位过长（最多 120 个字）');
    expect(zh.html).toContain('id="projectName-error">项目名称过长（最多 200 个字）');
    expect(zh.html).toContain('<a href="#unit">单位过长（最多 120 个字）</a>');
    expect(zh.html).toContain('aria-describedby="unit-hint unit-error"');
    expect(zh.html).toContain(`value="${longUnit}"`);
    expect(zh.html).toContain(`value="${longName}"`);
    b.jar.set('lang', 'en');
    const en = await b.send('/admin/import', {
      multipart: optionsForm(b.token(page.html), seedWithoutUnit(), 'seed.txt', { unit: longUnit, projectName: 'ok' }),
    });
    expect(en.res.status).toBe(400);
    expect(en.html).toContain('id="unit-error">Unit: Too long (at most 120 characters)');
    expect(en.html).not.toContain('id="projectName-error"');
    expect(await draftCount()).toBe(drafts);
  });

  it('a copy cut off in its second project: the whole one is previewed and the cut one named; strict refuses the file naming the line', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const token = b.token(page.html);
    const res = await b.send('/admin/import', { multipart: uploadForm(token, realTable('04-jingyan-mata.txt'), '04-jingyan-mata.txt', '') });
    expect(res.res.status).toBe(303);
    const { html } = await b.send(res.res.headers.get('location')!);
    expect(html).toContain('<h2 id="project-0">村组干部报酬</h2>');
    expect(html).not.toContain('id="project-1"');
    expect(html).toMatch(/<span class="lamp lamp-green">读取把握：把握大（100%）<\/span>/);
    expect(html).toMatch(/第14行开始的项目「基层组织活动经费」不完整：表格在第18行被截断，该项目未导入/);
    expect(html).not.toContain('import-truncated');

    const drafts = await draftCount();
    const strict = await b.send('/admin/import', {
      multipart: optionsForm(token, realTable('04-jingyan-mata.txt'), '04-jingyan-mata.txt', { strict: '1' }),
    });
    expect(strict.res.status).toBe(400);
    expect(strict.html).toMatch(/第 18 行<\/span>：第18行：第14行开始的项目「基层组织活动经费」不完整：表格在第18行被截断；已指定严格模式/);
    expect(strict.html).toMatch(/id="strict" name="strict" value="1" checked=""/);
    expect(await draftCount()).toBe(drafts);
  });

  it('a project the copy was cut off in shows how sure the reader is, why, and where it was cut', async () => {
    const b = await signedIn();
    const page = await b.send('/admin/import');
    const res = await b.send('/admin/import', { multipart: uploadForm(b.token(page.html), realTable('01-dongguan.txt'), '01-dongguan.txt', '') });
    expect(res.res.status).toBe(303);
    const id = Number(res.res.headers.get('location')!.split('/').pop());
    const { html } = await b.send(`/admin/import/drafts/${id}`);
    const [draft] = await database.db.select().from(importDrafts).where(eq(importDrafts.id, id));
    const [project] = (draft!.reading as ParsedTable).projects;
    expect(project!.truncated).not.toBeNull();
    expect(project!.confidence.reasons.length).toBeGreaterThan(0);
    const level = { high: '把握大', medium: '把握一般', low: '把握小' }[project!.confidence.level];
    expect(html).toContain(`读取把握：${level}（${Math.round(project!.confidence.score * 100)}%）</span>`);
    expect(html).toContain('把握不足的原因：');
    for (const reason of project!.confidence.reasons) expect(html).toContain(`<li>${reason}</li>`);
    expect(html).toContain(`<p class="warning-box import-truncated">${project!.truncated!.message}。只读到截断处之前完整的行，请对照原表核对。</p>`);
    // the row at the cut made no indicator: the rows table says so, with the reader's note
    const rowAtCut = project!.rows.find((r) => r.indicator === null)!;
    const readings = html.slice(html.indexOf('<details class="import-readings"'));
    const tr = readings.slice(readings.indexOf(`<th scope="row" class="num" data-label="行号">${rowAtCut.line}</th>`));
    expect(tr.slice(0, tr.indexOf('</tr>'))).toContain('（未读成指标）');
    expect(tr.slice(0, tr.indexOf('</tr>'))).toContain(rowAtCut.note!);
    // the other column group's cells are named as such
    expect(readings).toContain('<li class="read-cell role-other-group"><span class="read-role">另一组（中长期）</span>');
  });

  it('each project of the seed has a collapsible table of how each row was read: cells with their columns, the indicator linked', async () => {
    const { b, location } = await uploaded('820203');
    const { html } = await b.send(location);
    expect(html.match(/<details class="import-readings" id="readings-\d+">/g)).toHaveLength(4);
    expect(html).toContain('<summary>逐行读法（6）</summary>');
    expect(html).toMatch(/<caption>项目“天津市生态环境信息网络、设备及系统运行维护”：每行读到的单元格、各自归入的列，以及读成的指标<\/caption>/);
    expect(html).toContain('<th scope="col">读到的单元格（归入的列）</th>');
    const start = html.indexOf('<th scope="row" class="num" data-label="行号">43</th>');
    expect(start).toBeGreaterThan(0);
    const row43 = html.slice(start, html.indexOf('</tr>', start));
    for (const [role, text] of [
      ['level2', '二级指标">成本指标'],
      ['level3', '三级指标">年度运维成本'],
      ['value', '指标值">≤320万元'],
    ]) {
      const [label, cell] = text!.split('">');
      expect(row43).toContain(`<li class="read-cell role-${role}"><span class="read-role">${label}</span> <span class="read-text">${cell}</span></li>`);
    }
    expect(row43).toContain('<a href="#row-43">年度运维成本</a>');
    const at265 = html.indexOf('<th scope="row" class="num" data-label="行号">265</th>');
    expect(html.slice(at265, html.indexOf('</tr>', at265))).toContain('不是计量单位，需人工确认');
    // still 25 indicator rows with ids: the rows table adds none
    expect(html.match(/<tr id="row-\d+"/g)).toHaveLength(25);
    expect(html).not.toMatch(/ style=/);
  });

  it('a draft stored before the reader said how sure it was and how it read each row still shows', async () => {
    const { b, id } = await uploaded('820204');
    const [stored] = await database.db.select().from(importDrafts).where(eq(importDrafts.id, id));
    const { unitSource: _source, ...table } = stored!.reading as ParsedTable;
    const old = {
      ...table,
      projects: table.projects.map(({ rows: _rows, confidence: _confidence, truncated: _truncated, ...project }) => project),
    };
    const [row] = await database.db
      .insert(importDrafts)
      .values({ fileName: 'old.txt', sha256: stored!.sha256, year: stored!.year, reading: old as unknown as ParsedTable, createdBy: 'importer' })
      .returning({ id: importDrafts.id });
    const { res, html } = await b.send(`/admin/import/drafts/${row!.id}`);
    expect(res.status).toBe(200);
    expect(html.match(/<tr id="row-\d+"/g)).toHaveLength(25);
    expect(html).toMatch(/<p class="import-unit">单位：<b>820204 测试单位<\/b><\/p>/);
    expect(html).not.toContain('读取把握');
    expect(html).not.toContain('import-readings');
    // its rows can still be fixed
    expect((await b.send(`/admin/import/drafts/${row!.id}/rows/265`)).res.status).toBe(200);
  });
});
