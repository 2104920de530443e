import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicators, units, users } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { type App, createApp } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { entryKinds } from '../../src/evidence/entry-kinds.ts';
import { silentLogger } from '../../src/logger.ts';
import { type ChangeFeed, startChangeFeed } from '../../src/services/change-feed.ts';
import { addChannel, listChannels } from '../../src/services/channels.ts';
import { addEntries, listEntries } from '../../src/services/entries.ts';
import { createToken } from '../../src/services/api-tokens.ts';
import { listBindings } from '../../src/services/measures.ts';
import { addUser } from '../../src/services/users.ts';
import { importSeed } from '../helpers/job-env.ts';
import { fileForm } from '../helpers/seed.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { pageBrowser } from '../helpers/web-browser.ts';

// 登记 in process (UI.md "Forms", docs/design.md "Access", "Evidence"): a form per kind with errors beside
// the fields and values kept, corrections and withdrawals with a reason, bulk files previewed before
// anything is written, the WeChat export, roles and units, CSRF.

const PASSWORD = 'Jx!log-pages-password-1';
let database: TestDatabase;
let feed: ChangeFeed;
let app: App;
const clock = new Date('2024-07-01T02:00:00Z');
let projects: number[];
let otherUnitProject: number;
let project: number;

const browser = (a: App = app, headers: Record<string, string> = {}) => pageBrowser(a, PASSWORD, headers);
const csvFile = (name: string, text: string) => new File([new TextEncoder().encode(text)], name, { type: 'text/csv' });
const entriesOf = async (id: number) => (await listEntries(database.db, id, { limit: 1000, offset: 0 })).items;

async function signedIn(name: string, a: App = app) {
  const b = browser(a);
  const { res } = await b.signIn(name);
  expect(res.status).toBe(303);
  return b;
}

/** A form page's token, then a post of `form` to `path`. */
async function post(b: ReturnType<typeof browser>, page: string, path: string, form: Record<string, string>) {
  const { html } = await b.send(page);
  return b.send(path, { form: { _csrf: b.token(html), ...form } });
}

async function postFile(b: ReturnType<typeof browser>, page: string, path: string, fields: Record<string, string | File>) {
  const { html } = await b.send(page);
  const data = new FormData();
  data.set('_csrf', b.token(html));
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return b.send(path, { multipart: data });
}

/** The `<div class="field…">` of one field, to see its error and value together. */
function fieldBlock(html: string, id: string): string {
  const at = html.indexOf(`<label for="${id}"`);
  expect(at).toBeGreaterThan(0);
  const start = html.lastIndexOf('<div class="field', at);
  return html.slice(start, html.indexOf('</div>', html.indexOf(`id="${id}"`, at)) + 6);
}

beforeAll(async () => {
  database = await createTestDb();
  feed = await startChangeFeed(database);
  app = createApp({ db: database.db, databaseKind: database.kind, config: loadConfig({}), now: () => clock, logger: silentLogger, feed, jobs: jobCatalog });
  projects = await importSeed(database.db, 2024);
  project = projects[0]!;
  for (const [name, role] of [
    ['boss', 'admin'],
    ['lead', 'leader'],
    ['clerk', 'staff'],
    ['stranger', 'staff'],
  ] as const) {
    await addUser(database.db, { name, role, password: PASSWORD }, systemActor);
  }
  const [seedProject] = await database.db.query.projects.findMany({ where: (p, { eq }) => eq(p.id, project) });
  for (const name of ['clerk', 'lead']) await database.db.update(users).set({ unitId: seedProject!.unitId }).where(eq(users.name, name));
  const { importTargetTable } = await import('../../src/services/import-targets.ts');
  const text = readFileSync('db/examples/tianjin-eco-support-centre-2024.txt', 'utf8').replaceAll('362207天津市生态环境综合保障中心', '999001天津市另一个中心');
  const other = await importTargetTable(database.db, { fileName: 'other.txt', bytes: new TextEncoder().encode(text), year: 2024, yearGiven: true });
  otherUnitProject = other.projects[0]!.id;
  const [otherProject] = await database.db.query.projects.findMany({ where: (p, { eq }) => eq(p.id, otherUnitProject) });
  await database.db.update(users).set({ unitId: otherProject!.unitId }).where(eq(users.name, 'stranger'));
});
afterAll(async () => {
  await feed?.close();
  await database?.close();
});

describe('choosing what to log', () => {
  it('shows the unit’s projects of the year, every kind with a link, and an empty list saying what to do next', async () => {
    const b = await signedIn('clerk');
    const { res, html } = await b.send('/log');
    expect(res.status).toBe(200);
    expect(html).toContain('<title>登记 - ');
    expect(html).toContain('aria-current="page">登记</a>');
    for (const id of projects) expect(html).toContain(`<option value="${id}"`);
    expect(html).not.toContain(`<option value="${otherUnitProject}"`);
    for (const kind of entryKinds) expect(html).toContain(`href="/log/${project}/${kind}"`);
    expect(html).toContain(`href="/log/${project}/upload"`);
    expect(html).toContain(`href="/log/${project}/wechat-export"`);
    // A project nothing in this file logs to (tests run shuffled, and others log to the first one).
    expect((await b.send(`/log?project=${projects[3]}`)).html).toContain('这个项目还没有登记');
    // CSP: no inline style or script on the page.
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
  });

  it('a unit without projects is told what to do next', async () => {
    const [unit] = await database.db.insert(units).values({ key: '999002', code: '999002', name: '新成立的中心' }).returning();
    await addUser(database.db, { name: 'newcomer', role: 'staff', password: PASSWORD }, systemActor);
    await database.db.update(users).set({ unitId: unit!.id }).where(eq(users.name, 'newcomer'));
    const b = await signedIn('newcomer');
    const { res, html } = await b.send('/log');
    expect(res.status).toBe(200);
    expect(html).toContain('2024 年本单位还没有可以登记的项目');
    expect(html).toContain('请联系管理员导入本单位的项目支出绩效目标表');
    expect(html).not.toContain('<select id="project"');
  });

  it('in English through the catalogue', async () => {
    const b = await signedIn('clerk');
    b.jar.set('lang', 'en');
    const { html } = await b.send(`/log/${project}/activity`);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Log: Publicity activity');
    expect(html).toContain('Participants (optional)');
  });
});

describe('the form of a kind', () => {
  it('logs a 宣传活动: post/redirect/get to an empty form saying what was logged, with an undo link', async () => {
    const b = await signedIn('clerk');
    const { html: form } = await b.send(`/log/${project}/activity`);
    expect(form).toContain('登记宣传活动');
    expect(form).toContain('value="2024-07-01"'); // today as the default day
    const { res } = await b.send(`/log/${project}/activity`, {
      form: { _csrf: b.token(form), date: '2024-06-05', title: '六五环境日宣传', location: '人民公园', participants: '１,２００' },
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/log/${project}/activity\\?saved=\\d+$`));
    const saved = await b.send(location);
    expect(saved.html).toContain('已登记：');
    expect(saved.html).toContain('六五环境日宣传');
    const id = Number(/saved=(\d+)/.exec(location)![1]);
    expect(saved.html).toContain(`href="/log/entries/${id}"`);
    expect(fieldBlock(saved.html, 'title')).toContain('value=""');
    const entry = (await entriesOf(project)).find((e) => e.id === id)!;
    expect(entry).toMatchObject({
      kind: 'activity',
      day: '2024-06-05',
      author: 'clerk',
      fields: { title: '六五环境日宣传', location: '人民公园', participants: 1200 },
    });
    // Sending the same again writes nothing twice.
    const again = await post(b, `/log/${project}/activity`, `/log/${project}/activity`, {
      date: '2024-06-05',
      title: '六五环境日宣传',
      location: '人民公园',
      participants: '1200',
    });
    expect(again.res.headers.get('location')).toBe(`/log/${project}/activity?duplicate=1`);
    expect((await entriesOf(project)).filter((e) => e.fields.title === '六五环境日宣传')).toHaveLength(1);
  });

  it('a bad field comes back (400) with a Chinese error beside it, 错误： in the title, and every typed value kept', async () => {
    const b = await signedIn('clerk');
    const before = (await entriesOf(project)).length;
    const { res, html } = await post(b, `/log/${project}/activity`, `/log/${project}/activity`, {
      date: '2024-02-30',
      title: '进社区宣传',
      location: '河西区',
      participants: '很多',
    });
    expect(res.status).toBe(400);
    expect(html).toContain('<title>错误：登记宣传活动');
    expect(html).toContain('class="error-summary"');
    const date = fieldBlock(html, 'date');
    expect(date).toContain('field-error');
    expect(date).toContain('日期不存在');
    expect(date).toContain('value="2024-02-30"');
    const participants = fieldBlock(html, 'participants');
    expect(participants).toContain('error-message');
    expect(participants).toMatch(/应为.*数字/);
    expect(participants).toContain('value="很多"');
    expect(fieldBlock(html, 'title')).not.toContain('field-error');
    expect(fieldBlock(html, 'title')).toContain('value="进社区宣传"');
    expect(fieldBlock(html, 'location')).toContain('value="河西区"');
    expect(html).toContain('href="#date"');
    // A required field left empty says so.
    const empty = await post(b, `/log/${project}/activity`, `/log/${project}/activity`, { date: '2024-06-01', title: '' });
    expect(empty.res.status).toBe(400);
    expect(fieldBlock(empty.html, 'title')).toContain('不能为空');
    expect((await entriesOf(project)).length).toBe(before);
  });

  it('selects for incident levels and yes/no; an incident logs with its level', async () => {
    const b = await signedIn('clerk');
    const { html } = await b.send(`/log/${project}/incident`);
    expect(html).toContain('<select id="level" name="level"');
    expect(html).toContain('<option value="major">重大</option>');
    const unchosen = await post(b, `/log/${project}/incident`, `/log/${project}/incident`, { occurred_at: '2024-02-30 10:00', level: '', title: '河道油污' });
    expect(unchosen.res.status).toBe(400);
    expect(fieldBlock(unchosen.html, 'level')).toContain('级别：请选择一项');
    expect(fieldBlock(unchosen.html, 'occurred_at')).toContain('发生时间：日期不存在：2024-02-30');
    expect(fieldBlock(unchosen.html, 'occurred_at')).toContain('value="2024-02-30 10:00"');
    const { res } = await post(b, `/log/${project}/incident`, `/log/${project}/incident`, {
      occurred_at: '2024-05-03 14:30',
      level: 'general',
      title: '河道油污',
      location: '',
      closed_at: '',
      standard: '',
    });
    expect(res.status).toBe(303);
    const incident = (await entriesOf(project)).find((e) => e.kind === 'incident')!;
    expect(incident.fields).toMatchObject({ level: 'general', occurred_at: '2024-05-03T06:30:00.000Z', closed_at: null, standard: '国办函〔2014〕119号' });
  });

  it('warns when the kind feeds no indicator of the project, and not when it does', async () => {
    const fed = new Set((await listBindings(database.db, project)).flatMap((b) => (b.measure && 'kind' in b.measure ? [b.measure.kind] : [])));
    const unfed = entryKinds.find((k) => !fed.has(k))!;
    const b = await signedIn('clerk');
    const { html } = await b.send(`/log/${project}/${unfed}`);
    expect(html).toContain('不计入本项目的任何指标');
    const feeding = [...fed][0];
    if (feeding) expect((await b.send(`/log/${project}/${feeding}`)).html).not.toContain('不计入本项目的任何指标');
    expect((await b.send(`/log?project=${project}`)).html).toContain('（不计入任何指标）');
  });
});

describe('corrections and withdrawals', () => {
  it('a correction with a reason supersedes the entry; without a reason it is an error beside the reason', async () => {
    const b = await signedIn('clerk');
    const [id] = (
      await addEntries(database.db, project, [{ kind: 'report', fields: { date: '2024-04-01', title: '调查报告初稿' } }], {
        source: 'manual',
        author: 'clerk',
        now: clock,
      })
    ).inserted;
    const page = await b.send(`/log/entries/${id}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('调查报告初稿');
    // The date is said once: a report's own date is the day that places it.
    const facts = page.html.slice(page.html.indexOf('<dl class="log-facts">'), page.html.indexOf('</dl>'));
    expect(facts.match(/<dt>日期<\/dt>/g)).toHaveLength(1);
    expect(page.html).toContain(`action="/log/entries/${id}/correct"`);
    expect(page.html).toContain(`action="/log/entries/${id}/withdraw"`);

    const missing = await b.send(`/log/entries/${id}/correct`, { form: { _csrf: b.token(page.html), date: '2024-04-01', title: '调查报告定稿', reason: '' } });
    expect(missing.res.status).toBe(400);
    expect(fieldBlock(missing.html, 'reason')).toContain('更正须说明原因');
    expect(missing.html).toContain('value="调查报告定稿"');

    const bad = await b.send(`/log/entries/${id}/correct`, {
      form: { _csrf: b.token(page.html), date: '2024-13-01', title: '调查报告定稿', reason: '标题写错' },
    });
    expect(bad.res.status).toBe(400);
    expect(fieldBlock(bad.html, 'date')).toContain('field-error');
    expect(bad.html).toContain('标题写错');

    const ok = await b.send(`/log/entries/${id}/correct`, {
      form: { _csrf: b.token(page.html), date: '2024-04-01', title: '调查报告定稿', reason: '标题写错' },
    });
    expect(ok.res.status).toBe(303);
    const next = ok.res.headers.get('location')!;
    expect(next).toMatch(/^\/log\/entries\/\d+\?corrected=1$/);
    expect((await b.send(next)).html).toContain('已保存更正');
    const current = (await entriesOf(project)).filter((e) => e.id === id || e.supersedesId === id);
    expect(current.map((e) => e.fields.title)).toEqual(['调查报告定稿']);
    expect(current[0]).toMatchObject({ supersedesId: id, reason: '标题写错' });
    // The old version shows who replaced it and offers no forms.
    const old = await b.send(`/log/entries/${id}`);
    expect(old.html).toContain('已被更正');
    expect(old.html).not.toContain(`action="/log/entries/${id}/correct"`);
  });

  it('a withdrawal needs a reason, then the entry no longer counts', async () => {
    const b = await signedIn('clerk');
    const [id] = (
      await addEntries(database.db, project, [{ kind: 'activity', fields: { date: '2024-04-02', title: '误登的活动' } }], {
        source: 'manual',
        author: 'clerk',
        now: clock,
      })
    ).inserted;
    const missing = await post(b, `/log/entries/${id}`, `/log/entries/${id}/withdraw`, { reason: '  ' });
    expect(missing.res.status).toBe(400);
    expect(fieldBlock(missing.html, 'withdraw-reason')).toContain('更正须说明原因');
    expect((await entriesOf(project)).some((e) => e.id === id)).toBe(true);
    const ok = await post(b, `/log/entries/${id}`, `/log/entries/${id}/withdraw`, { reason: '重复登记' });
    expect(ok.res.status).toBe(303);
    expect(ok.res.headers.get('location')).toBe(`/log?project=${project}&withdrawn=${id}`);
    expect((await b.send(ok.res.headers.get('location')!)).html).toContain(`已撤销记录 ${id}`);
    expect((await entriesOf(project)).some((e) => e.id === id)).toBe(false);
  });
});

describe('bulk upload', () => {
  const bad = ['日期,标题,地点,参与人数', '2024-05-01,六五宣传,公园,30', '2024-02-30,坏日期,广场,abc', '2024-05-03,,街道,10', '2024-05-04,好的一行,,'].join(
    '\n',
  );
  const good = ['日期,标题,地点,参与人数', '2024-05-11,批量一,公园,30', '2024-05-12,批量二,广场,', '2023-12-01,去年的活动,,5'].join('\n');

  it('previews every row error and writes nothing; a good file previews, confirms and writes', async () => {
    const b = await signedIn('clerk');
    const before = (await entriesOf(project)).length;
    const rejected = await postFile(b, `/log/${project}/upload`, `/log/${project}/upload`, { file: csvFile('bad.csv', bad), kind: '' });
    expect(rejected.res.status).toBe(422);
    expect(rejected.html).toContain('<title>错误：批量上传');
    expect(rejected.html).toContain('没有写入任何记录');
    expect(rejected.html).toMatch(/第 3 行 · date（日期）：日期不存在/);
    expect(rejected.html).toMatch(/第 3 行 · participants（参与人数）：/);
    expect(rejected.html).toMatch(/第 4 行 · title（标题）：/);
    expect(rejected.html).toContain('class="row-error"');
    expect(rejected.html).not.toContain('/upload/confirm');
    expect((await entriesOf(project)).length).toBe(before);

    const preview = await postFile(b, `/log/${project}/upload`, `/log/${project}/upload`, { file: csvFile('good.csv', good), kind: 'activity' });
    expect(preview.res.status).toBe(200);
    expect(preview.html).toContain('3 行全部无误');
    expect(preview.html).toContain('批量二');
    expect(preview.html).toContain('项目期间');
    expect(preview.html).toContain(`action="/log/${project}/upload/confirm"`);
    expect((await entriesOf(project)).length).toBe(before);

    const content = /name="content" value="([^"]+)"/.exec(preview.html)![1]!;
    const confirm = new FormData();
    confirm.set('_csrf', b.token(preview.html));
    confirm.set('fileName', 'good.csv');
    confirm.set('kind', 'activity');
    confirm.set('content', content);
    const done = await b.send(`/log/${project}/upload/confirm`, { multipart: confirm });
    expect(done.res.status).toBe(303);
    expect(done.res.headers.get('location')).toBe(`/log/${project}/upload?imported=3&duplicates=0`);
    expect((await b.send(done.res.headers.get('location')!)).html).toContain('已导入 3 条记录');
    const written = await entriesOf(project);
    expect(written.length).toBe(before + 3);
    expect(written.find((e) => e.fields.title === '批量一')).toMatchObject({ source: 'import:good.csv', author: 'clerk' });
  });

  it('the confirm judges the file again: a tampered one is refused and nothing is written', async () => {
    const b = await signedIn('clerk');
    const before = (await entriesOf(project)).length;
    const { html } = await b.send(`/log/${project}/upload`);
    const confirm = new FormData();
    confirm.set('_csrf', b.token(html));
    confirm.set('fileName', 'x.csv');
    confirm.set('content', Buffer.from(bad).toString('base64'));
    const res = await b.send(`/log/${project}/upload/confirm`, { multipart: confirm });
    expect(res.res.status).toBe(422);
    expect(res.html).toMatch(/第 3 行/);
    expect((await entriesOf(project)).length).toBe(before);
  });

  it('a row naming another project is an error, and an empty or missing file says what to do', async () => {
    const b = await signedIn('clerk');
    const other = await postFile(b, `/log/${project}/upload`, `/log/${project}/upload`, {
      file: csvFile('p.csv', ['项目,日期,标题', `${projects[1]},2024-05-01,别的项目`, `${project},2024-05-01,本项目`].join('\n')),
      kind: 'activity',
    });
    expect(other.res.status).toBe(422);
    expect(other.html).toMatch(/第 2 行 · 项目：这一行属于「[^」]+」，不是/);
    expect(other.html).not.toMatch(/第 3 行 ·/);
    const empty = await postFile(b, `/log/${project}/upload`, `/log/${project}/upload`, { file: csvFile('e.csv', '') });
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain('请选择要上传的文件');
  });

  it('after the project year has ended, a new form starts on its last day, not outside it', async () => {
    const later = createApp({
      db: database.db,
      databaseKind: database.kind,
      config: loadConfig({}),
      now: () => new Date('2025-03-01T02:00:00Z'),
      logger: silentLogger,
      jobs: jobCatalog,
    });
    const b = await signedIn('clerk', later);
    const { html } = await b.send(`/log/${project}/activity`);
    expect(html).toContain('value="2024-12-31"');
    expect(html).not.toContain('value="2025-03-01"');
  });

  it('a file over the upload cap is refused with a Chinese message', async () => {
    const small = createApp({
      db: database.db,
      databaseKind: database.kind,
      config: loadConfig({ UPLOAD_LIMIT_MB: '0.01' }),
      now: () => clock,
      logger: silentLogger,
      jobs: jobCatalog,
    });
    const b = await signedIn('clerk', small);
    const big = ['日期,标题', ...Array.from({ length: 5000 }, (_, i) => `2024-05-01,活动${i}`)].join('\n');
    const res = await postFile(b, `/log/${project}/upload`, `/log/${project}/upload`, { file: csvFile('big.csv', big) });
    expect(res.res.status).toBe(413);
    expect(res.html).toContain('文件超过 10 KB 上限，请拆分后分批上传');
    expect(res.html).toContain('<title>错误：批量上传');
  });
});

describe('the WeChat back-office export', () => {
  it('imports an export for one of the project’s WeChat channels, as of a day', async () => {
    const b = await signedIn('clerk');
    const empty = await b.send(`/log/${project}/wechat-export`);
    expect(empty.html).toContain('本项目还没有关联微信公众号');
    const channel = await addChannel(database.db, { platform: 'wechat', name: '某市生态环境', projects: [project] }, { outboundHosts: [] });
    const page = await b.send(`/log/${project}/wechat-export`);
    expect(page.html).toContain(`<option value="${channel.id}"`);
    // The fixture's first rows are a clean export; the whole file has bad rows.
    const fixture = readFileSync('test/fixtures/wechat-export/notified-content.csv', 'utf8');
    const bytes = new TextEncoder().encode(fixture.split('\n').slice(0, 6).join('\n'));
    const missing = await postFile(b, `/log/${project}/wechat-export`, `/log/${project}/wechat-export`, { channel: String(channel.id), asOf: '2024-02-30' });
    expect(missing.res.status).toBe(400);
    expect(fieldBlock(missing.html, 'asOf')).toContain('日期不存在');
    expect(fieldBlock(missing.html, 'file')).toContain('请选择要上传的文件');
    const res = await postFile(b, `/log/${project}/wechat-export`, `/log/${project}/wechat-export`, {
      channel: String(channel.id),
      asOf: '2024-06-01',
      file: new File([bytes], 'notified-content.csv', { type: 'text/csv' }),
    });
    expect(res.res.status).toBe(303);
    const done = await b.send(res.res.headers.get('location')!);
    expect(done.html).toContain('已从“某市生态环境”导入 3 篇文章（新增 3 篇），阅读数截至 2024-06-01');
    expect((await listChannels(database.db, [channel.id]))[0]!.postCount).toBeGreaterThan(0);
    const broken = await postFile(b, `/log/${project}/wechat-export`, `/log/${project}/wechat-export`, {
      channel: String(channel.id),
      asOf: '2024-06-01',
      file: csvFile('bad.csv', fixture),
    });
    expect(broken.res.status).toBe(422);
    expect(broken.html).toContain('<title>错误：微信公众号后台导出');
    expect(broken.html).toContain('第 8 行 · 与第 5 行是同一篇文章');
    expect(broken.html).toContain('第 9 行 · publishedAt（发表时间）：缺少发表时间');
    expect(broken.html).toContain('第 10 行 · readers（总阅读人数）');
  });
});

describe('roles, units and CSRF', () => {
  it('a leader has no 登记 in the navigation and gets 403 on the pages and on a post', async () => {
    const b = await signedIn('lead');
    const home = await b.send('/');
    expect(home.html).not.toContain('href="/log"');
    expect((await b.send('/log')).res.status).toBe(403);
    const { res } = await b.send(`/log/${project}/activity`, { form: { _csrf: b.token(home.html), date: '2024-06-01', title: '领导登记' } });
    expect(res.status).toBe(403);
    expect((await entriesOf(project)).some((e) => e.fields.title === '领导登记')).toBe(false);
  });

  it('staff of another unit get 403 for a foreign project or entry, 404 for none', async () => {
    const b = await signedIn('stranger');
    const home = await b.send('/log');
    expect(home.res.status).toBe(200);
    expect(home.html).not.toContain(`<option value="${project}"`);
    expect((await b.send(`/log/${project}/activity`)).res.status).toBe(403);
    expect((await b.send(`/log?project=${project}`)).res.status).toBe(403);
    expect((await b.send(`/log/${project}/upload`)).res.status).toBe(403);
    const post403 = await b.send(`/log/${project}/activity`, { form: { _csrf: b.token(home.html), date: '2024-06-01', title: '越权' } });
    expect(post403.res.status).toBe(403);
    const [id] = (
      await addEntries(database.db, project, [{ kind: 'report', fields: { date: '2024-04-09', title: '本单位报告' } }], {
        source: 'manual',
        author: 'clerk',
        now: clock,
      })
    ).inserted;
    expect((await b.send(`/log/entries/${id}`)).res.status).toBe(403);
    expect((await b.send(`/log/entries/${id}/withdraw`, { form: { _csrf: b.token(home.html), reason: '越权' } })).res.status).toBe(403);
    expect((await b.send('/log/2147483000/activity')).res.status).toBe(404);
    expect((await b.send('/log/99999999999/activity')).res.status).toBe(404);
    expect((await b.send(`/log/${otherUnitProject}/activity`)).res.status).toBe(200);
  });

  it('a post without the form token, or with a wrong one, is refused and writes nothing', async () => {
    const b = await signedIn('clerk');
    const none = await b.send(`/log/${project}/activity`, { form: { date: '2024-06-01', title: '无令牌' } });
    expect(none.res.status).toBe(403);
    const wrong = await b.send(`/log/${project}/activity`, { form: { _csrf: 'x'.repeat(22), date: '2024-06-01', title: '无令牌' } });
    expect(wrong.res.status).toBe(403);
    const data = new FormData();
    data.set('file', csvFile('a.csv', '日期,标题\n2024-05-01,无令牌'));
    expect((await b.send(`/log/${project}/upload`, { multipart: data })).res.status).toBe(403);
    expect((await entriesOf(project)).some((e) => e.fields.title === '无令牌')).toBe(false);
  });

  it('a GET changes nothing', async () => {
    const b = await signedIn('clerk');
    const before = (await entriesOf(project)).length;
    await b.send(`/log/${project}/activity?date=2024-06-01&title=GET`);
    await b.send(`/log/${project}/upload/confirm`);
    expect((await entriesOf(project)).length).toBe(before);
  });
});

describe('a tally', () => {
  // The training table (docs/design.md "Tallies"): 培训人次, 结业人次, 举办培训批次, 开设课程 and 编印培训教材 are proposed as
  // the sums of their tallies; 培训完成率 and 人均培训成本 are typed by hand, two rows are qualitative. Imported
  // once for this block under a unit of its own, with 人均培训成本 marked not applicable and a staff member of the unit.
  let training: number;
  const byName = new Map<string, number>();
  let adminToken: string;
  const api = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${adminToken}` } });
  const actualOf = async (indicatorId: number) => {
    const body = (await (await api(`/api/projects/${training}/progress`)).json()) as { projects: { indicators: { id: number; actual: number | null }[] }[] };
    return body.projects[0]!.indicators.find((i) => i.id === indicatorId)!.actual;
  };
  const form = () => `/log/${training}/tally`;

  beforeAll(async () => {
    adminToken = (await createToken(database.db, { user: 'boss' }, systemActor, clock)).token;
    const text = readFileSync('test/fixtures/tables/styles/training.txt', 'utf8');
    const res = await api(`/api/imports?unit=${encodeURIComponent('930301 培训中心')}`, { method: 'POST', body: fileForm('training.txt', text) });
    expect(res.status).toBeLessThan(300);
    training = ((await res.json()) as { projects: { id: number }[] }).projects[0]!.id;
    for (const row of await database.db.select().from(indicators).where(eq(indicators.projectId, training))) byName.set(row.level3, row.id);
    await database.db
      .update(indicators)
      .set({ applicable: false })
      .where(eq(indicators.id, byName.get('人均培训成本')!));
    const [row] = await database.db.query.projects.findMany({ where: (p, { eq }) => eq(p.id, training) });
    await addUser(database.db, { name: 'trainer', role: 'staff', password: PASSWORD }, systemActor);
    await database.db.update(users).set({ unitId: row!.unitId }).where(eq(users.name, 'trainer'));
  });

  it('picks the indicator from the project’s quantitative, applicable ones (target beside each, tallied ones first), not a text box', async () => {
    const b = await signedIn('trainer');
    const { res, html } = await b.send(form());
    expect(res.status).toBe(200);
    expect(html).toContain('<h1>登记计数</h1>');
    expect(html).toContain('<select id="indicator" name="indicator"');
    expect(html).not.toContain('<input type="text" id="indicator"');
    const select = html.slice(html.indexOf('<select id="indicator"'), html.indexOf('</select>', html.indexOf('<select id="indicator"')));
    const options = [...select.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [Number(m[1]), m[2]] as const);
    expect(options).toContainEqual([byName.get('培训人次')!, '培训人次（≥3000人次）']);
    expect(options).toContainEqual([byName.get('编印培训教材')!, '编印培训教材（2000）']);
    expect(options).toContainEqual([byName.get('培训完成率')!, '培训完成率（≥95%）']);
    // Qualitative and not-applicable rows take no tallies; nor do other projects' indicators.
    const listed = new Set(options.map(([id]) => id));
    for (const name of ['培训完成时间', '干部履职能力', '人均培训成本']) expect(listed.has(byName.get(name)!)).toBe(false);
    expect(options.every(([id]) => [...byName.values()].includes(id))).toBe(true);
    expect(options).toHaveLength(7);
    // The ones a tally moves come first, the rest under their own heading.
    expect(select).toMatch(
      /<optgroup label="按计数登记合计的指标">[\s\S]*培训人次（≥3000人次）[\s\S]*<optgroup label="其他定量指标（登记后不改变完成值）">[\s\S]*培训完成率/,
    );
    expect(fieldBlock(html, 'quantity')).toContain('按所选指标的单位填写');
    expect(fieldBlock(html, 'quantity')).toContain('不填为 1');
    expect(fieldBlock(html, 'quantity')).not.toContain('台套');
    expect(html).toMatch(/<textarea id="note" name="note"/);
    // The project has tallied indicators: no "feeds nothing" warning.
    expect(html).not.toContain('不计入本项目的任何指标');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('logging a tally from the form moves its indicator’s actual; a quantity left empty counts 1', async () => {
    const b = await signedIn('trainer');
    const batches = byName.get('举办培训批次')!;
    const before = (await actualOf(batches)) ?? 0;
    const { html } = await b.send(form());
    const one = await b.send(form(), {
      form: { _csrf: b.token(html), date: '2024-06-10', indicator: String(batches), quantity: '', title: '第一期处级干部培训班', note: '' },
    });
    expect(one.res.status).toBe(303);
    const location = one.res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/log/${training}/tally\\?saved=\\d+$`));
    const saved = await b.send(location);
    expect(saved.html).toContain('已登记：');
    expect(saved.html).toContain(`举办培训批次（#${batches}）`);
    expect(saved.html).not.toContain('不按计数登记合计');
    expect(await actualOf(batches)).toBe(before + 1);
    const two = await b.send(form(), {
      form: { _csrf: b.token(html), date: '2024-06-20', indicator: String(batches), quantity: '２', title: '第二、三期培训班', note: '两期合并\n同一周举办' },
    });
    expect(two.res.status).toBe(303);
    expect(await actualOf(batches)).toBe(before + 3);
    const entry = (await entriesOf(training)).find((e) => e.fields.title === '第二、三期培训班')!;
    expect(entry).toMatchObject({ kind: 'tally', author: 'trainer', fields: { indicator: batches, quantity: 2, note: '两期合并\n同一周举办' } });
    // The project page shows the new figure, and the entry's correction form keeps the indicator chosen.
    const page = await b.send(`/projects/${training}`);
    const row = page.html.slice(
      page.html.indexOf(`<tr id="indicator-${batches}">`),
      page.html.indexOf('</tr>', page.html.indexOf(`<tr id="indicator-${batches}">`)),
    );
    expect(row).toMatch(new RegExp(`${before + 3}批次 / ≥12批次`));
    const correction = await b.send(`/log/entries/${entry.id}`);
    expect(correction.html).toContain(`举办培训批次（#${batches}）`);
    expect(correction.html).toMatch(new RegExp(`<option value="${batches}" selected="">举办培训批次`));
  });

  it('half a 批次 is refused beside the quantity, in the page’s words, and nothing is logged', async () => {
    const b = await signedIn('trainer');
    const batches = byName.get('举办培训批次')!;
    const before = await actualOf(batches);
    const { html } = await b.send(form());
    const half = await b.send(form(), {
      form: { _csrf: b.token(html), date: '2024-06-11', indicator: String(batches), quantity: '1.5', title: '半期', note: '' },
    });
    expect(half.res.status).toBe(400);
    expect(fieldBlock(half.html, 'quantity')).toContain('数量：「举办培训批次」以“批次”计，应为整数，不能填 1.5');
    expect(await actualOf(batches)).toBe(before);
  });

  it('a bulk file of tallies previews each row with its indicator’s name, and a name the project lacks is a row error before anything is confirmed', async () => {
    const b = await signedIn('trainer');
    const before = (await entriesOf(training)).length;
    const good = [
      'kind,date,indicator,quantity,title',
      'tally,2024-05-06,培训人次,45,第三期培训班',
      `tally,2024-05-07,${byName.get('开设课程')},2,新开课程`,
    ].join('\n');
    const preview = await postFile(b, `/log/${training}/upload`, `/log/${training}/upload`, { file: csvFile('tallies.csv', good), kind: '' });
    expect(preview.res.status).toBe(200);
    expect(preview.html).toContain(`培训人次（#${byName.get('培训人次')}）`);
    expect(preview.html).toContain(`开设课程（#${byName.get('开设课程')}）`);
    const bad = [
      'kind,date,indicator,quantity,title',
      'tally,2024-05-06,培训人次,45,第三期培训班',
      'tally,2024-05-08,不存在的指标,1,某活动',
      'tally,2024-05-09,干部履职能力,1,评议',
    ].join('\n');
    const rejected = await postFile(b, `/log/${training}/upload`, `/log/${training}/upload`, { file: csvFile('bad.csv', bad), kind: '' });
    expect(rejected.res.status).toBe(422);
    expect(rejected.html).toContain('第 3 行 · 指标（indicator）：项目中没有指标「不存在的指标」');
    expect(rejected.html).toContain('第 4 行 · 指标（indicator）：「干部履职能力」是定性或不适用的指标');
    expect(rejected.html).not.toContain('/upload/confirm');
    expect((await entriesOf(training)).length).toBe(before);
  });

  it('an indicator of another project, posted by hand, is refused beside the select (400), values kept, nothing written', async () => {
    const b = await signedIn('trainer');
    const before = (await entriesOf(training)).length;
    const foreign = (await listBindings(database.db, project))[0]!.indicatorId;
    const { html } = await b.send(form());
    const res = await b.send(form(), {
      form: { _csrf: b.token(html), date: '2024-06-11', indicator: String(foreign), quantity: '40', title: '越界的计数', note: '备注' },
    });
    expect(res.res.status).toBe(400);
    expect(res.html).toContain('<title>错误：登记计数');
    const block = fieldBlock(res.html, 'indicator');
    expect(block).toContain('field-error');
    expect(block).toContain(`指标：项目中没有指标「${foreign}」`);
    expect(res.html).toContain('href="#indicator"');
    expect(fieldBlock(res.html, 'quantity')).toContain('value="40"');
    expect(fieldBlock(res.html, 'title')).toContain('value="越界的计数"');
    expect(res.html).toMatch(/<textarea id="note" name="note"[^>]*>备注<\/textarea>/);
    // A qualitative indicator of the project itself, and none at all, are refused too; in English in English.
    const qualitative = await b.send(form(), {
      form: { _csrf: b.token(html), date: '2024-06-11', indicator: String(byName.get('干部履职能力')), title: '定性' },
    });
    expect(qualitative.res.status).toBe(400);
    expect(fieldBlock(qualitative.html, 'indicator')).toContain('不能计数登记');
    const none = await b.send(form(), { form: { _csrf: b.token(html), date: '2024-06-11', indicator: '', title: '没选指标' } });
    expect(none.res.status).toBe(400);
    expect(fieldBlock(none.html, 'indicator')).toContain('指标：请选择一项');
    b.jar.set('lang', 'en');
    const english = await b.send(form(), { form: { _csrf: b.token(html), date: '2024-06-11', indicator: String(foreign), title: '越界的计数' } });
    expect(english.res.status).toBe(400);
    expect(fieldBlock(english.html, 'indicator')).toContain(`Indicator: the project has no indicator “${foreign}”`);
    expect((await entriesOf(training)).length).toBe(before);
    expect((await entriesOf(project)).some((e) => e.fields.title === '越界的计数')).toBe(false);
  });

  it('a tally toward an indicator not measured by its tallies is kept, and the page says it moves no figure', async () => {
    const b = await signedIn('trainer');
    const rate = byName.get('培训完成率')!;
    const { html } = await b.send(form());
    const res = await b.send(form(), { form: { _csrf: b.token(html), date: '2024-06-12', indicator: String(rate), quantity: '1', title: '误记到完成率' } });
    expect(res.res.status).toBe(303);
    const saved = await b.send(res.res.headers.get('location')!);
    expect(saved.html).toContain('已登记：');
    expect(saved.html).toContain('“培训完成率”的完成值不按计数登记合计');
  });

  it('the indicator page of a tallied indicator links to the form with it chosen; /log?project&kind&indicator goes there too', async () => {
    const b = await signedIn('trainer');
    const people = byName.get('培训人次')!;
    const indicatorPage = await b.send(`/indicators/${people}`);
    expect(indicatorPage.html).toContain(`href="/log/${training}/tally?indicator=${people}">登记计数</a>`);
    // A figure typed by hand has no such link.
    expect((await b.send(`/indicators/${byName.get('培训完成率')}`)).html).not.toContain('登记计数</a>');
    const chosen = await b.send(`/log/${training}/tally?indicator=${people}`);
    expect(chosen.html).toMatch(new RegExp(`<option value="${people}" selected="">培训人次（≥3000人次）</option>`));
    // An indicator a tally may not name is not chosen.
    const qualitative = await b.send(`/log/${training}/tally?indicator=${byName.get('干部履职能力')}`);
    expect(qualitative.html).not.toContain('selected=""');
    const redirected = await b.send(`/log?project=${training}&kind=tally&indicator=${people}`);
    expect(redirected.res.status).toBe(303);
    expect(redirected.res.headers.get('location')).toBe(`/log/${training}/tally?indicator=${people}`);
    // A leader sees the indicator but no link (they do not log).
    const lead = await signedIn('lead');
    expect((await lead.send(`/indicators/${byName.get('培训人次')}`)).html).not.toContain('登记计数</a>');
  });

  it('a project without tallied indicators warns on the tally form, and still offers its quantitative indicators', async () => {
    const b = await signedIn('clerk');
    const { html } = await b.send(`/log/${project}/tally`);
    expect(html).toContain('“计数登记”不计入本项目的任何指标');
    expect(html).not.toContain('<optgroup');
    const own = (await listBindings(database.db, project)).map((x) => x.indicatorId);
    const listed = [...html.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((id) => own.includes(id))).toBe(true);
  });
});
