import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCatalog } from '../../jobs/catalog.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import { addUser } from '../../src/services/users.ts';
import { exportedXlsx, sampleFixture, webText, withChanges } from '../helpers/selfeval-tables.ts';
import { createTestDb, type TestDatabase } from '../helpers/test-db.ts';
import { pageBrowser } from '../helpers/web-browser.ts';

// 自评复核 as a page (docs/design.md "Self-evaluation review"): admins and leaders see the link and the form,
// upload a table and get each finding beside its row; staff get neither; a bad file is said beside the field.

const PASSWORD = 'Jx!review-pages-password-1';
let database: TestDatabase;
let feed: ChangeFeed;
let app: App;

beforeAll(async () => {
  database = await createTestDb();
  feed = await startChangeFeed(database);
  app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config: loadConfig({}),
    now: () => new Date('2027-01-10T02:00:00Z'),
    logger: silentLogger,
    feed,
    jobs: jobCatalog,
  });
  for (const [name, role] of [
    ['chief', 'admin'],
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

async function signedIn(name: string) {
  const b = pageBrowser(app, PASSWORD);
  await b.signIn(name);
  return b;
}

function upload(token: string, name: string, content: Uint8Array | string, type = 'text/plain') {
  const form = new FormData();
  form.append('_csrf', token);
  form.append('file', new File([content as never], name, { type }));
  return form;
}

const rowOf = (html: string, level3: string) => {
  const at = html.indexOf(`<th scope="row">${level3}</th>`);
  return at < 0 ? '' : html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
};

describe('the review page', () => {
  it('is linked from the header for admins and leaders, not for staff, who are refused', async () => {
    for (const name of ['chief', 'lead']) {
      const b = await signedIn(name);
      const home = await b.send('/');
      expect(home.html).toContain('href="/review"');
      const page = await b.send('/review');
      expect(page.res.status).toBe(200);
      expect(page.html).toContain('enctype="multipart/form-data"');
      expect(page.html).toContain('/static/review.css');
    }
    const clerk = await signedIn('clerk');
    expect((await clerk.send('/')).html).not.toContain('href="/review"');
    expect((await clerk.send('/review')).res.status).toBe(403);
    const page = await (await signedIn('lead')).send('/review');
    const refused = await clerk.send('/review', { multipart: upload(clerk.token(page.html), 'x.txt', webText(sampleFixture())) });
    expect(refused.res.status).toBe(403);
  });

  it('says a consistent table is consistent, row by row', async () => {
    const b = await signedIn('lead');
    const page = await b.send('/review');
    const res = await b.send('/review', {
      multipart: upload(b.token(page.html), '自评表.xlsx', await exportedXlsx(sampleFixture()), 'application/octet-stream'),
    });
    expect(res.res.status).toBe(200);
    expect(res.html).toContain('复核结果：自评表.xlsx');
    expect(res.html).toContain('未发现不一致');
    expect(rowOf(res.html, '信息采集量')).toContain('一致');
    expect(res.html).not.toContain('class="review-error"');
  });

  it('shows each planted inconsistency beside its row, and the sheet-level ones below', async () => {
    const b = await signedIn('chief');
    const page = await b.send('/review');
    const planted = withChanges(sampleFixture(), { rows: { 4: { score: '10.00' } }, total: '90.88', grade: '良' });
    const res = await b.send('/review', { multipart: upload(b.token(page.html), 'pasted.txt', webText(planted)) });
    expect(res.res.status).toBe(200);
    expect(res.html).toContain('发现 2 处不一致');
    const row = rowOf(res.html, '信息公开质量');
    expect(row).toContain('review-error');
    expect(row).toContain('表中 10.00，按规则 12.00–15.00');
    expect(row).toContain('定性指标评为「达成」');
    expect(rowOf(res.html, '发布信息条数')).not.toContain('review-error');
    expect(res.html).toMatch(/自评等级：<ul class="review-findings"><li class="review-error">/);
  });

  it('answers a file that is not a self-evaluation table, or no file, beside the field', async () => {
    const b = await signedIn('lead');
    const page = await b.send('/review');
    const wrong = await b.send('/review', { multipart: upload(b.token(page.html), 'notes.txt', '会议纪要\n') });
    expect(wrong.res.status).toBe(422);
    expect(wrong.html).toContain('没有找到项目支出绩效自评表');
    expect(wrong.html).toContain('href="#file"');
    const form = new FormData();
    form.append('_csrf', b.token(page.html));
    const none = await b.send('/review', { multipart: form });
    expect(none.res.status).toBe(400);
    expect(none.html).toContain('请选择要复核的自评表文件');
    const forged = await b.send('/review', { multipart: upload('forged', 'x.txt', webText(sampleFixture())) });
    expect(forged.res.status).toBe(403);
  });
});
