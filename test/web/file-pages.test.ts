import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { pathInDir } from '../../src/files/files-dir.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicators, supportingFiles, users } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { type App, createApp } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { type ChangeFeed, startChangeFeed } from '../../src/services/change-feed.ts';
import { addEntries } from '../../src/services/entries.ts';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { addManualValue } from '../../src/services/indicator-values.ts';
import { parseMeasureSpec, setBinding } from '../../src/services/measures.ts';
import { addMonitoringNote } from '../../src/services/monitoring-notes.ts';
import { addUser } from '../../src/services/users.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';
import { renamedExe, samplePdf, samplePng } from '../helpers/sample-files.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { pageBrowser } from '../helpers/web-browser.ts';

// 佐证材料 on the pages (docs/design.md "Supporting files"): upload onto a manual value, a monitoring note and a
// log entry through the forms (CSRF, multipart, post/redirect/get with a notice), the same bytes twice kept
// once, refusals in Chinese beside the file field with a 4xx, download and thumbnail under the session with
// their headers, removal with a reason (gone from the list, still downloadable), and roles and units (403).
// Each test arranges its own unit, users and records: they run shuffled.

const PASSWORD = 'Jx!file-pages-password-1';
let database: TestDatabase;
let feed: ChangeFeed;
let app: App;
const clock = new Date('2024-07-01T02:00:00Z');
let nextUnit = 930_500;

beforeAll(async () => {
  database = await createTestDb();
  feed = await startChangeFeed(database);
  // A 1 MB cap, so that the too-large paths are cheap to reach.
  app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config: loadConfig({ UPLOAD_LIMIT_MB: '1' }),
    now: () => clock,
    logger: silentLogger,
    feed,
    jobs: jobCatalog,
  });
});
afterAll(async () => {
  await feed?.close();
  await database?.close();
});

type Browser = ReturnType<typeof pageBrowser>;

/**
 * A unit of its own with the seed's projects, its staff (`clerk-N`) and leader (`lead-N`); 基层组织活动 measured by
 * hand with one value, an activity logged on the project.
 */
async function arrange() {
  const code = String(nextUnit++);
  const imported = await importTargetTable(database.db, {
    fileName: 'u.txt',
    bytes: new TextEncoder().encode(seedTextForUnit(code)),
    year: 2024,
    yearGiven: true,
  });
  const project = imported.projects[1]!;
  const [indicator] = await database.db
    .select({ id: indicators.id })
    .from(indicators)
    .where(and(eq(indicators.projectId, project.id), eq(indicators.level3, '基层组织活动')));
  const indicatorId = indicator!.id;
  await setBinding(database.db, indicatorId, { type: 'manual' }, systemActor);
  const value = await addManualValue(database.db, indicatorId, { value: 2, asOf: '2024-06-30' }, { author: 'clerk', source: 'manual' });
  const added = await addEntries(database.db, project.id, [{ kind: 'activity', fields: { date: '2024-06-02', title: `社区宣传${code}` } }], {
    source: 'manual',
    author: 'clerk',
    now: clock,
  });
  const [unitRow] = await database.db.query.projects.findMany({ where: (p, { eq }) => eq(p.id, project.id) });
  const names = { staff: `clerk-${code}`, leader: `lead-${code}` };
  for (const [name, role] of [
    [names.staff, 'staff'],
    [names.leader, 'leader'],
  ] as const) {
    const { user } = await addUser(database.db, { name, role, password: PASSWORD }, systemActor);
    await database.db.update(users).set({ unitId: unitRow!.unitId }).where(eq(users.id, user.id));
  }
  return { projectId: project.id, indicatorId, valueId: value.id, entryId: added.inserted[0]!, ...names };
}

async function signedIn(name: string): Promise<Browser> {
  const b = pageBrowser(app, PASSWORD);
  const { res } = await b.signIn(name);
  expect(res.status).toBe(303);
  return b;
}

/** Posts a file (and caption) through the form on `page` to `action`, with the page's CSRF token. */
async function upload(b: Browser, page: string, action: string, name: string, bytes: Uint8Array, caption?: string) {
  const { html } = await b.send(page);
  const form = new FormData();
  form.set('_csrf', b.token(html));
  form.set('file', new File([bytes], name, { type: 'application/octet-stream' }));
  if (caption !== undefined) form.set('caption', caption);
  return b.send(action, { multipart: form });
}

const fileIdOf = (location: string | null) => Number(/[?&]file=(\d+)/.exec(location ?? '')?.[1]);

describe('uploading a supporting file', () => {
  it('staff attach a photo to a manual value: redirect with a notice, the thumbnail and download on the indicator page', async () => {
    const a = await arrange();
    const b = await signedIn(a.staff);
    const page = `/indicators/${a.indicatorId}`;
    const before = await b.send(page);
    expect(before.html).toMatch(/<h2 id="files-title">佐证材料<\/h2>/);
    expect(before.html).toContain('还没有佐证材料。');
    expect(before.html).toContain(`action="/files/attach/manual_value/${a.valueId}"`);
    expect(before.html).toContain('enctype="multipart/form-data"');
    expect(before.html).toMatch(new RegExp(`<label for="file-manual_value-${a.valueId}">文件</label>`));

    const png = await samplePng(640, 480);
    const { res } = await upload(b, page, `/files/attach/manual_value/${a.valueId}`, '活动现场.png', png, '6月社区活动现场');
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/indicators/${a.indicatorId}\\?file=\\d+&did=uploaded#files$`));
    const id = fileIdOf(location);

    const { html } = await b.send(location.replace(/#.*$/, ''));
    expect(html).toContain('已上传“活动现场.png”。');
    expect(html).toContain(`<img src="/files/${id}/thumbnail" alt="6月社区活动现场" width="96" height="96" loading="lazy"/>`);
    expect(html).toMatch(new RegExp(`<a class="file-thumb" href="/files/${id}">`));
    expect(html).toMatch(new RegExp(`<a class="file-name" href="/files/${id}">活动现场.png</a>`));
    expect(html).toMatch(/PNG · [\d.]+ KB · clerk-\d+ 于 \d{4}-\d\d-\d\d \d\d:\d\d 上传/);
    expect(html).toContain(`action="/files/${id}/remove"`);
    expect(html).toContain('人工填报值：2次（2024-06-30）');

    const download = await b.send(`/files/${id}`);
    expect(download.res.status).toBe(200);
    expect(download.res.headers.get('content-type')).toBe('image/png');
    expect(download.res.headers.get('content-disposition')).toMatch(/^attachment; filename="___+\.png"; filename\*=UTF-8''/);
    expect(download.res.headers.get('x-content-type-options')).toBe('nosniff');
    const thumb = await b.send(`/files/${id}/thumbnail`);
    expect(thumb.res.status).toBe(200);
    expect(thumb.res.headers.get('content-type')).toBe('image/webp');
    expect(thumb.res.headers.get('content-disposition')).toBe('inline');
    expect(thumb.res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the same bytes twice on one record are kept once, and the page says so', async () => {
    const a = await arrange();
    const b = await signedIn(a.staff);
    const page = `/indicators/${a.indicatorId}`;
    const pdf = samplePdf('sign-in sheet');
    const first = await upload(b, page, `/files/attach/manual_value/${a.valueId}`, '签到表.pdf', pdf);
    expect(first.res.headers.get('location')).toContain('did=uploaded');
    const again = await upload(b, page, `/files/attach/manual_value/${a.valueId}`, '签到表-副本.pdf', pdf);
    expect(again.res.status).toBe(303);
    expect(again.res.headers.get('location')).toContain('did=duplicate');
    expect(fileIdOf(again.res.headers.get('location'))).toBe(fileIdOf(first.res.headers.get('location')));
    const { html } = await b.send(again.res.headers.get('location')!.replace(/#.*$/, ''));
    expect(html).toContain('“签到表.pdf”已在这条记录上，未重复保存。');
    expect(html.match(/class="file-name"/g)).toHaveLength(1);
    const rows = await database.db.select().from(supportingFiles).where(eq(supportingFiles.manualValueId, a.valueId));
    expect(rows).toHaveLength(1);
  });

  it('a program renamed .jpg is refused in Chinese beside the file field with a 400, the caption kept, nothing stored', async () => {
    const a = await arrange();
    const b = await signedIn(a.staff);
    const { res, html } = await upload(b, `/indicators/${a.indicatorId}`, `/files/attach/manual_value/${a.valueId}`, 'setup.jpg', renamedExe(), '照片');
    expect(res.status).toBe(400);
    expect(html).toContain('<title>错误：');
    const field = `file-manual_value-${a.valueId}`;
    expect(html).toContain(`<a href="#${field}">文件“setup.jpg”是可执行程序，不能作为佐证材料上传（无论扩展名是什么）</a>`);
    expect(html).toMatch(
      new RegExp(
        `class="field field-error"><label for="${field}">文件</label>[\\s\\S]*?<span class="error-message" id="${field}-error">文件“setup.jpg”是可执行程序`,
      ),
    );
    expect(html).toMatch(/<details class="file-add no-print" open="">/);
    expect(html).toContain('value="照片"');
    expect(await database.db.select().from(supportingFiles).where(eq(supportingFiles.manualValueId, a.valueId))).toHaveLength(0);
  });

  it('no file, an empty file and one over the cap are each refused beside the field with a 4xx, never a 500', async () => {
    const a = await arrange();
    const b = await signedIn(a.staff);
    const page = `/log/entries/${a.entryId}`;
    const action = `/files/attach/entry/${a.entryId}`;
    const field = `file-entry-${a.entryId}`;
    const { html: form } = await b.send(page);
    const none = new FormData();
    none.set('_csrf', b.token(form));
    none.set('caption', '只写了说明');
    const missing = await b.send(action, { multipart: none });
    expect(missing.res.status).toBe(400);
    expect(missing.html).toContain(`<a href="#${field}">请选择要上传的文件</a>`);
    expect(missing.html).toContain('value="只写了说明"');

    const empty = await upload(b, page, action, 'empty.png', new Uint8Array(0));
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain('上传的文件为空');

    // Just over the cap: the service names the file and its size.
    const over = new Uint8Array(1_048_576 + 10_000);
    over.set(await samplePng(8, 8));
    const large = await upload(b, page, action, 'big.png', over);
    expect(large.res.status).toBe(413);
    expect(large.html).toMatch(/文件“big.png”有 [\d.]+ MB，超过 1 MB 上限/);
    // Far over it: the body is not read to the end.
    const huge = await upload(b, page, action, 'huge.png', new Uint8Array(3 * 1_048_576));
    expect(huge.res.status).toBe(413);
    expect(huge.html).toContain(`<a href="#${field}">文件超过 1 MB 上限，未上传</a>`);
    expect(await database.db.select().from(supportingFiles).where(eq(supportingFiles.entryId, a.entryId))).toHaveLength(0);
  });

  it('staff attach a file to a log entry on its page; the recent list shows its thumbnail', async () => {
    const a = await arrange();
    const b = await signedIn(a.staff);
    const page = `/log/entries/${a.entryId}`;
    const { html: before } = await b.send(page);
    expect(before).toMatch(/<section class="panel" id="files" aria-labelledby="files-title"><h2 id="files-title">佐证材料<\/h2>/);
    expect(before).toContain(`action="/files/attach/entry/${a.entryId}"`);
    const { res } = await upload(b, page, `/files/attach/entry/${a.entryId}`, 'photo.png', await samplePng(300, 200, '#1e7d32'));
    expect(res.headers.get('location')).toMatch(new RegExp(`^/log/entries/${a.entryId}\\?file=\\d+&did=uploaded#files$`));
    const id = fileIdOf(res.headers.get('location'));
    const { html } = await b.send(res.headers.get('location')!.replace(/#.*$/, ''));
    expect(html).toContain('已上传“photo.png”。');
    expect(html).toContain(`<img src="/files/${id}/thumbnail" alt="photo.png"`);
    const home = await b.send(`/log?project=${a.projectId}`);
    expect(home.html).toMatch(
      new RegExp(
        `<ul class="file-chips" aria-label="佐证材料 1 份"><li><a href="/files/${id}"><img src="/files/${id}/thumbnail" alt="photo.png" width="40" height="40" loading="lazy"/>`,
      ),
    );
    // An indicator that counts the entry lists it among its facts, with its file.
    await setBinding(database.db, a.indicatorId, parseMeasureSpec({ type: 'count', source: 'entries', kind: 'activity' }), systemActor);
    const counting = { indicatorId: a.indicatorId };
    const indicatorPage = await b.send(`/indicators/${counting!.indicatorId}`);
    const facts = indicatorPage.html.slice(indicatorPage.html.indexOf('<h2>依据'));
    expect(facts).toContain(`<img src="/files/${id}/thumbnail" alt="photo.png" width="40" height="40"`);
  });

  it('the current monitoring note takes a file through its own form', async () => {
    const a = await arrange();
    const note = await addMonitoringNote(database.db, a.indicatorId, { likelihood: 'possible', asOf: '2024-06-30' }, { actor: systemActor });
    const b = await signedIn(a.staff);
    const { res } = await upload(b, `/indicators/${a.indicatorId}`, `/files/attach/monitoring_note/${note.id}`, '整改方案.pdf', samplePdf('plan'));
    expect(res.status).toBe(303);
    const { html } = await b.send(res.headers.get('location')!.replace(/#.*$/, ''));
    expect(html).toContain('监测记录：有可能（2024-06-30）');
    expect(html).toMatch(/<a class="file-name" href="\/files\/\d+">整改方案.pdf<\/a>/);
    expect(html).toMatch(/PDF · [\d.]+ B/);
  });
});

describe('who may do what', () => {
  it('a leader reads the files but is shown no form, and gets the 403 page on an upload or a removal', async () => {
    const a = await arrange();
    const staff = await signedIn(a.staff);
    const { res: up } = await upload(staff, `/indicators/${a.indicatorId}`, `/files/attach/manual_value/${a.valueId}`, 'p.png', await samplePng(20, 20));
    const id = fileIdOf(up.headers.get('location'));
    const lead = await signedIn(a.leader);
    const { html } = await lead.send(`/indicators/${a.indicatorId}`);
    expect(html).toContain(`<img src="/files/${id}/thumbnail"`);
    expect(html).not.toContain('action="/files/attach/');
    expect(html).not.toContain(`action="/files/${id}/remove"`);
    expect((await lead.send(`/files/${id}`)).res.status).toBe(200);
    const refused = await upload(lead, `/indicators/${a.indicatorId}`, `/files/attach/manual_value/${a.valueId}`, 'q.png', await samplePng(21, 21));
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain('<h1>没有权限</h1>');
    const removal = await lead.send(`/files/${id}/remove`, { form: { _csrf: lead.token(html), reason: '领导删除' } });
    expect(removal.res.status).toBe(403);
    expect(await database.db.select().from(supportingFiles).where(eq(supportingFiles.manualValueId, a.valueId))).toHaveLength(1);
  });

  it('staff of another unit get the 403 page for a download, a thumbnail, an upload and a removal; 404 for no such file', async () => {
    const a = await arrange();
    const other = await arrange();
    const owner = await signedIn(a.staff);
    const { res } = await upload(owner, `/indicators/${a.indicatorId}`, `/files/attach/manual_value/${a.valueId}`, 'p.png', await samplePng(30, 30));
    const id = fileIdOf(res.headers.get('location'));
    const stranger = await signedIn(other.staff);
    for (const path of [`/files/${id}`, `/files/${id}/thumbnail`]) {
      const got = await stranger.send(path);
      expect(got.res.status).toBe(403);
      expect(got.res.headers.get('content-type')).toContain('text/html');
      expect(got.html).toContain('<h1>没有权限</h1>');
    }
    const { html: own } = await stranger.send(`/indicators/${other.indicatorId}`);
    const removal = await stranger.send(`/files/${id}/remove`, { form: { _csrf: stranger.token(own), reason: '越权' } });
    expect(removal.res.status).toBe(403);
    const upload403 = await upload(stranger, `/indicators/${other.indicatorId}`, `/files/attach/manual_value/${a.valueId}`, 'x.png', await samplePng(31, 31));
    expect(upload403.res.status).toBe(403);
    expect((await stranger.send('/files/999999999')).res.status).toBe(404);
  });

  it('signed out, a file is the sign-in page; a post without the form token is refused', async () => {
    const a = await arrange();
    const owner = await signedIn(a.staff);
    const { res } = await upload(owner, `/indicators/${a.indicatorId}`, `/files/attach/manual_value/${a.valueId}`, 'p.png', await samplePng(32, 32));
    const id = fileIdOf(res.headers.get('location'));
    const anonymous = await pageBrowser(app, PASSWORD).send(`/files/${id}`);
    expect(anonymous.res.status).toBe(303);
    expect(anonymous.res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/files/${id}`)}`);
    const form = new FormData();
    form.set('file', new File([await samplePng(33, 33)], 'p.png'));
    expect((await owner.send(`/files/attach/manual_value/${a.valueId}`, { multipart: form })).res.status).toBe(403);
  });
});

describe('a file kept under FILES_DIR', () => {
  it('whose bytes went missing from the directory is a 409 page that says so in words, not the 500 page', async () => {
    const filesDir = mkdtempSync(join(tmpdir(), 'jixiao-page-files-'));
    const withDir = createApp({
      db: database.db,
      databaseKind: database.kind,
      config: loadConfig({ UPLOAD_LIMIT_MB: '1', FILES_DIR: filesDir }),
      now: () => clock,
      logger: silentLogger,
      feed,
      jobs: jobCatalog,
    });
    try {
      const a = await arrange();
      const b = pageBrowser(withDir, PASSWORD);
      expect((await b.signIn(a.staff)).res.status).toBe(303);
      const bytes = samplePdf('kept on disk');
      const { res } = await upload(b, `/indicators/${a.indicatorId}`, `/files/attach/manual_value/${a.valueId}`, '月报.pdf', bytes);
      const id = fileIdOf(res.headers.get('location'));
      const [row] = await database.db.select({ sha256: supportingFiles.sha256 }).from(supportingFiles).where(eq(supportingFiles.id, id));
      expect((await b.send(`/files/${id}`)).res.status).toBe(200);
      rmSync(pathInDir(filesDir, row!.sha256));
      const missing = await b.send(`/files/${id}`);
      expect(missing.res.status).toBe(409);
      expect(missing.html).toContain('无法完成这一操作');
      expect(missing.html).toContain('FILES_DIR');
      expect(missing.html).not.toContain(filesDir);
    } finally {
      rmSync(filesDir, { recursive: true, force: true });
    }
  });
});

describe('removing a file', () => {
  it('needs a reason; then the file leaves the list, the page says so, and its download still works (history)', async () => {
    const a = await arrange();
    const b = await signedIn(a.staff);
    const page = `/indicators/${a.indicatorId}`;
    const { res } = await upload(b, page, `/files/attach/manual_value/${a.valueId}`, '错传.png', await samplePng(40, 40));
    const id = fileIdOf(res.headers.get('location'));
    const { html } = await b.send(page);
    const noReason = await b.send(`/files/${id}/remove`, { form: { _csrf: b.token(html), reason: '  ' } });
    expect(noReason.res.status).toBe(400);
    expect(noReason.html).toContain(`<a href="#remove-reason-${id}">请填写移除原因</a>`);
    expect(noReason.html).toMatch(/<details class="file-remove" open="">/);

    const removed = await b.send(`/files/${id}/remove`, { form: { _csrf: b.token(html), reason: '传错了项目' } });
    expect(removed.res.status).toBe(303);
    expect(removed.res.headers.get('location')).toBe(`/indicators/${a.indicatorId}?file=${id}&did=removed#files`);
    const after = await b.send(`/indicators/${a.indicatorId}?file=${id}&did=removed`);
    expect(after.html).toContain('已移除“错传.png”，历史中仍保留。');
    expect(after.html).not.toContain(`/files/${id}/thumbnail`);
    expect(after.html).not.toContain(`action="/files/${id}/remove"`);
    expect(after.html).toContain('还没有佐证材料。');
    const [row] = await database.db.select().from(supportingFiles).where(eq(supportingFiles.id, id));
    expect(row).toMatchObject({ removedBy: a.staff, removedReason: '传错了项目' });
    const download = await b.send(`/files/${id}`);
    expect(download.res.status).toBe(200);
    expect(download.res.headers.get('content-disposition')).toMatch(/^attachment;/);
    // Removing it again is refused beside the field, not a 500.
    const again = await b.send(`/files/${id}/remove`, { form: { _csrf: b.token(html), reason: '再删一次' } });
    expect(again.res.status).toBe(409);
  });
});
