import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { indicators, projects, users } from '../../db/schema/index.ts';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import { importTargetTable } from '../../src/services/import-targets.ts';
import { addManualValue } from '../../src/services/indicator-values.ts';
import { setBinding } from '../../src/services/measures.ts';
import { addUser } from '../../src/services/users.ts';
import { seedTextForUnit } from '../helpers/faces-units.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { pageBrowser } from '../helpers/web-browser.ts';

// 监测记录 on the pages (docs/design.md "Monitoring notes"): the form on the indicator page (errors beside the
// fields in Chinese, everything typed and ticked kept), the note in the history after a save, the hint when a
// target is over-achieved, and the note's likelihood beside the computed one on the project page.

const PASSWORD = 'Jx!notes-password-1';
let database: TestDatabase;
let feed: ChangeFeed;
let app: App;
const clock = new Date('2024-07-01T02:00:00Z');
let projectId: number;
const ids: Record<string, number> = {};

const browser = () => pageBrowser(app, PASSWORD);

async function signedIn(name: string) {
  const b = browser();
  await b.signIn(name);
  return b;
}

/** A multipart form, so that a name may repeat (ticked checkboxes). */
function form(fields: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
}

beforeAll(async () => {
  database = await createTestDb();
  feed = await startChangeFeed(database);
  app = createApp({ db: database.db, databaseKind: database.kind, config: loadConfig({}), now: () => clock, logger: silentLogger, feed, jobs: jobCatalog });
  const s = await importTargetTable(database.db, {
    fileName: 'u.txt',
    bytes: new TextEncoder().encode(seedTextForUnit('930001')),
    year: 2024,
    yearGiven: true,
  });
  projectId = s.projects[1]!.id;
  const [project] = await database.db.select().from(projects).where(eq(projects.id, projectId));
  for (const level3 of ['全民参与', '基层组织活动', '生态意识']) {
    const [row] = await database.db
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.projectId, projectId), eq(indicators.level3, level3)));
    ids[level3] = row!.id;
  }
  for (const [name, role] of [
    ['clerk', 'staff'],
    ['lead', 'leader'],
  ] as const) {
    const { user } = await addUser(database.db, { name, role, password: PASSWORD }, systemActor);
    await database.db.update(users).set({ unitId: project!.unitId }).where(eq(users.id, user.id));
  }
  // 基层组织活动 (≥1次) measured by hand at 2: 200% of its target, over-achieved.
  await setBinding(database.db, ids.基层组织活动!, { type: 'manual' }, systemActor);
  await addManualValue(database.db, ids.基层组织活动!, { value: 2, asOf: '2024-06-30' }, { author: 'clerk', source: 'manual' });
});
afterAll(async () => {
  await feed?.close();
  await database?.close();
});

describe('the monitoring note on the indicator page', () => {
  it('staff see the form: likelihood radios and reason checkboxes in fieldsets with legends, forecast with its unit', async () => {
    // An indicator no other test writes a note on (tests run shuffled): the seed again, under a unit of its own.
    const fresh = await importTargetTable(database.db, {
      fileName: 'u2.txt',
      bytes: new TextEncoder().encode(seedTextForUnit('930002')),
      year: 2024,
      yearGiven: true,
    });
    const freshProject = fresh.projects[1]!.id;
    const [row] = await database.db
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.projectId, freshProject), eq(indicators.level3, '全民参与')));
    const [project] = await database.db.select().from(projects).where(eq(projects.id, freshProject));
    const { user } = await addUser(database.db, { name: 'clerk-fresh', role: 'staff', password: PASSWORD }, systemActor);
    await database.db.update(users).set({ unitId: project!.unitId }).where(eq(users.id, user.id));
    const b = await signedIn('clerk-fresh');
    const { res, html } = await b.send(`/indicators/${row!.id}`);
    expect(res.status).toBe(200);
    expect(html).toContain('<h2>监测记录</h2>');
    expect(html).toContain('还没有监测记录。');
    expect(html).toContain(`action="/indicators/${row!.id}/notes"`);
    expect(html).toMatch(/<fieldset[^>]*><legend>完成目标可能性<\/legend>/);
    expect(html).toMatch(/<fieldset[^>]*><legend>偏差原因（可多选）<\/legend>/);
    for (const word of ['确定能', '有可能', '完全不可能']) expect(html).toMatch(new RegExp(`type="radio"[^>]*name="likelihood"[^>]*/>${word}`));
    for (const word of ['经费保障', '制度保障', '人员保障', '硬件保障', '其他'])
      expect(html).toMatch(new RegExp(`type="checkbox"[^>]*name="reasons"[^>]*/>${word}`));
    expect(html).toMatch(/id="note-forecast"[^>]*\/><span>条<\/span>/);
    expect(html).toContain('value="2024-07-01"');
  });

  it('a refused note comes back with Chinese errors beside the fields and everything typed and ticked kept', async () => {
    const b = await signedIn('clerk');
    const { html } = await b.send(`/indicators/${ids.生态意识}`);
    const bad = await b.send(`/indicators/${ids.生态意识}/notes`, {
      multipart: form([
        ['_csrf', b.token(html)],
        ['reasons', 'funding'],
        ['reasons', 'other'],
        ['reasonText', ''],
        ['measures', '增加投稿渠道'],
        ['forecast', '-3'],
        ['asOf', '2024-02-30'],
      ]),
    });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain('<title>错误：');
    expect(bad.html).toMatch(
      /<fieldset class="field choices field-error"[^>]*><legend>完成目标可能性<\/legend>[\s\S]*?请选择完成目标可能性：确定能 \/ 有可能 \/ 完全不可能/,
    );
    expect(bad.html).toMatch(/class="field field-error"><label for="note-reasonText">[\s\S]*?选择了“其他”，请写明偏差原因/);
    expect(bad.html).toMatch(/class="field field-error"><label for="note-forecast">[\s\S]*?不能为负数/);
    expect(bad.html).toMatch(/class="field field-error"><label for="note-asOf">[\s\S]*?日期不存在：2024-02-30/);
    // The summary links to each field.
    expect(bad.html).toContain('href="#note-likelihood"');
    expect(bad.html).toContain('href="#note-reasonText"');
    // Kept: the ticked boxes, the words, the numbers and the day as typed.
    expect(bad.html).toMatch(/id="note-reasons" name="reasons" value="funding" checked=""/);
    expect(bad.html).toMatch(/id="note-reasons-other" name="reasons" value="other" checked=""/);
    expect(bad.html).not.toMatch(/value="staff" checked/);
    expect(bad.html).toContain('>增加投稿渠道</textarea>');
    expect(bad.html).toContain('value="-3"');
    expect(bad.html).toContain('value="2024-02-30"');
    // Nothing was written.
    expect((await b.send(`/indicators/${ids.生态意识}`)).html).toContain('还没有监测记录。');
  });

  it('a picked likelihood is kept when another field is wrong', async () => {
    const b = await signedIn('clerk');
    const { html } = await b.send(`/indicators/${ids.生态意识}`);
    const bad = await b.send(`/indicators/${ids.生态意识}/notes`, {
      multipart: form([
        ['_csrf', b.token(html)],
        ['likelihood', 'impossible'],
        ['reasons', 'other'],
        ['asOf', '2024-07-01'],
      ]),
    });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toMatch(/name="likelihood" value="impossible" checked=""/);
    expect(bad.html).not.toMatch(/name="likelihood" value="possible" checked/);
  });

  it('a saved note is the current one, and the one before it moves to the history', async () => {
    const b = await signedIn('clerk');
    const page = `/indicators/${ids.全民参与}`;
    const first = await b.send(`${page}/notes`, {
      multipart: form([
        ['_csrf', b.token((await b.send(page)).html)],
        ['likelihood', 'certain'],
        ['asOf', '2024-05-01'],
      ]),
    });
    expect(first.res.status).toBe(303);
    const second = await b.send(`${page}/notes`, {
      multipart: form([
        ['_csrf', b.token((await b.send(page)).html)],
        ['likelihood', 'possible'],
        ['reasons', 'staff'],
        ['reasons', 'other'],
        ['reasonText', '编辑调岗'],
        ['measures', '招聘兼职编辑'],
        ['forecast', '７００'],
        ['asOf', '2024-07-01'],
      ]),
    });
    expect(second.res.status).toBe(303);
    expect(second.res.headers.get('location')).toBe(`${page}?saved=1#monitoring`);
    const { html } = await b.send(second.res.headers.get('location')!);
    expect(html).toContain('已保存');
    const current = /<div class="panel note-current">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? '';
    expect(current).toContain('<strong>有可能</strong>');
    expect(current).toContain('人员保障、其他（编辑调岗）');
    expect(current).toContain('招聘兼职编辑');
    expect(current).toContain('700条');
    expect(current).toContain('clerk');
    const history = /<table class="plain notes">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(history).toContain('2024-05-01');
    expect(history).toContain('确定能');
    // The form is empty again.
    expect(html).not.toMatch(/name="likelihood" value="\w+" checked/);
  });

  it('an over-achieved indicator asks for a deviation note', async () => {
    const b = await signedIn('clerk');
    const { html } = await b.send(`/indicators/${ids.基层组织活动}`);
    expect(html).toContain('实际完成值已达目标的 130% 以上，目标可能定得偏低');
    // The figure behind it reads as a figure in the target's unit, not as field names.
    expect(html).toContain('人工填报 2次（截至 2024-06-30，clerk）');
    expect(html).not.toContain('asOf：');
    const plain = await b.send(`/indicators/${ids.生态意识}`);
    expect(plain.html).not.toContain('130% 以上');
  });

  it('a leader sees the notes but no form, and cannot post one', async () => {
    const lead = await signedIn('lead');
    const { html } = await lead.send(`/indicators/${ids.全民参与}`);
    expect(html).toContain('<h2>监测记录</h2>');
    expect(html).not.toContain('/notes"');
    const posted = await lead.send(`/indicators/${ids.全民参与}/notes`, { form: { _csrf: lead.token(html), likelihood: 'certain', asOf: '2024-07-01' } });
    expect(posted.res.status).toBe(403);
    const clerk = await signedIn('clerk');
    const noToken = await clerk.send(`/indicators/${ids.全民参与}/notes`, { form: { likelihood: 'certain', asOf: '2024-07-01' } });
    expect(noToken.res.status).toBe(403);
  });
});

describe('the project page', () => {
  it('shows a note’s likelihood beside the computed one, only where a note exists', async () => {
    const b = await signedIn('clerk');
    // Seen once before the note, so what the page keeps for the project must be dropped by the new note.
    expect((await b.send(`/projects/${projectId}`)).res.status).toBe(200);
    const page = `/indicators/${ids.基层组织活动}`;
    const saved = await b.send(`${page}/notes`, {
      multipart: form([
        ['_csrf', b.token((await b.send(page)).html)],
        ['likelihood', 'certain'],
        ['reasons', 'other'],
        ['reasonText', '目标偏低'],
        ['asOf', '2024-07-01'],
      ]),
    });
    expect(saved.res.status).toBe(303);
    const { html } = await b.send(`/projects/${projectId}`);
    const row = (id: number) => new RegExp(`<tr id="indicator-${id}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
    expect(row(ids.基层组织活动!)).toContain('监测记录：确定能');
    expect(row(ids.生态意识!)).not.toContain('监测记录');
  });

  it('has a print button (script served by us, no inline script) and marks what printing leaves out', async () => {
    const b = await signedIn('lead');
    const { html } = await b.send(`/projects/${projectId}`);
    expect(html).toContain('<script src="/static/print.js" defer="">');
    expect(html).toMatch(/<button type="button" class="secondary no-print" data-print="true" hidden="">打印<\/button>/);
    const js = await app.request('/static/print.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain('window.print()');
  });
});
