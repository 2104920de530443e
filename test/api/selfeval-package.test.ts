import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useProcessDatabase } from '../../src/cli/io.ts';
import { INDEX_LAYOUT } from '../../src/reports/package-index-xlsx.ts';
import { EVIDENCE_FOLDER, FUNDS_FOLDER, INDEX_FILE, INDEX_SHEET } from '../../src/reports/package-layout.ts';
import { SELFEVAL_LAYOUT } from '../../src/reports/selfeval-xlsx.ts';
import { captureCli } from '../helpers/cli-run.ts';
import { fileUpload, sampleDocx, sampleJpeg, samplePdf, samplePng, sampleXlsx } from '../helpers/sample-files.ts';
import { fileForm, seedWithReport } from '../helpers/seed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// The self-evaluation package (docs/design.md "Official tables"): both workbooks, every current supporting file in
// the folder of each indicator row that counts its record (numbered as the self-evaluation table), and an index
// whose every line is a file at that path with those bytes. Built through the API and the CLI from the same data.

let t: TestApp;
let staff: string;
let units = 0;
let dir: string;

const training = () => readFileSync(new URL('../fixtures/tables/styles/training.txt', import.meta.url), 'utf8');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function send(path: string, body: unknown, token = staff, method = 'POST'): Promise<{ id: number } & Record<string, unknown>> {
  const res = await t.app.request(path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(res.status, `${path} ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as { id: number };
}

async function attach(path: string, name: string, bytes: Uint8Array, caption?: string): Promise<{ id: number; sha256: string }> {
  const res = await t.app.request(`${path}/files`, { method: 'POST', headers: { authorization: `Bearer ${staff}` }, body: fileUpload(name, bytes, caption) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: number; sha256: string };
}

/** The training table under a unit of this test's own, with its indicators' ids by 三级指标. */
async function arrange() {
  units += 1;
  const res = await t.app.request(`/api/imports?unit=${encodeURIComponent(`90130${units} 材料包培训中心${units}`)}`, {
    method: 'POST',
    body: fileForm('training.txt', training()),
  });
  expect(res.status).toBe(201);
  const project = ((await res.json()) as { projects: { id: number }[] }).projects[0]!.id;
  const bindings = (await (await t.app.request(`/api/projects/${project}/measures`)).json()) as { indicatorId: number; level3: string }[];
  const ids: Record<string, number> = Object.fromEntries(bindings.map((b) => [b.level3, b.indicatorId]));
  return { project, ids };
}

/** Records and files of every kind; what the package must and must not hold. */
async function arrangeEvidence() {
  const { project, ids } = await arrange();
  // 培训完成率 = 结业人次 ÷ 培训人次: a tally toward 培训人次 is then counted by two indicators.
  await send(
    `/api/indicators/${ids.培训完成率}/measure`,
    { measure: { type: 'ratio', source: 'tallies', numerator: ids.结业人次, denominator: ids.培训人次 } },
    t.adminToken,
    'PUT',
  );
  const entry = async (fields: Record<string, unknown>) => ({
    id: ((await send(`/api/projects/${project}/entries`, fields)) as unknown as { inserted: number[] }).inserted[0]!,
  });
  const tally = (fields: Record<string, unknown>) => entry({ kind: 'tally', ...fields });

  const first = await tally({ date: '2024-03-05', indicator: '培训人次', quantity: 200, title: '第一期处级干部培训班' });
  const shared = await attach(`/api/entries/${first.id}`, 'IMG_0001.png', await samplePng(), '签到现场');
  const second = await tally({ date: '2024-04-10', indicator: '培训人次', quantity: 100, title: '第二期' });
  // Same name, other bytes, same folder: the numbers keep both.
  const sameName = await attach(`/api/entries/${second.id}`, 'IMG_0001.png', await samplePng(320, 240, '#1e8449'));

  const batch = await tally({ date: '2024-03-05', indicator: '举办培训批次', title: '第一期' });
  const notice = await attach(`/api/entries/${batch.id}`, '开班通知.pdf', samplePdf('notice'));
  const corrected = await send(`/api/entries/${batch.id}/corrections`, { fields: { title: '第一期（更正）' }, reason: '标题写错' });

  const course = await tally({ date: '2024-05-10', indicator: '开设课程', quantity: 2, title: '春季课程' });
  const removed = await attach(`/api/entries/${course.id}`, '课程表.docx', await sampleDocx('作废的课程表'));
  await send(`/api/files/${removed.id}/removal`, { reason: '传错了' });

  const cost = await send(`/api/indicators/${ids.人均培训成本}/values`, { value: 150, asOf: '2024-06-30', note: '测算' });
  const costSheet = await attach(
    `/api/values/${cost.id}`,
    '成本测算.xlsx',
    await sampleXlsx([
      ['人次', '成本'],
      [300, 45000],
    ]),
  );
  const costFixed = await send(`/api/indicators/${ids.人均培训成本}/values`, { value: 148, asOf: '2024-06-30', supersedes: cost.id, note: '更正' });

  const assessment = await send(`/api/indicators/${ids.干部履职能力}/assessments`, { tier: '达成', score: 90, asOf: '2024-12-20' });
  const survey = await attach(`/api/assessments/${assessment.id}`, '履职评估.docx', await sampleDocx('履职能力评估报告'));

  const note = await send(`/api/indicators/${ids.培训人次}/monitoring-notes`, {
    likelihood: '有可能',
    reasons: ['人员保障'],
    measures: '增开一期',
    asOf: '2024-06-30',
  });
  const plan = await attach(`/api/monitoring-notes/${note.id}`, '整改方案.pdf', samplePdf('plan'));

  const paid = await entry({ kind: 'expenditure', date: '2024-04-01', amount: 45000, payee: '某宾馆' });
  const receipt = await attach(`/api/entries/${paid.id}`, '发票 第1张.jpg', await sampleJpeg(400, 300));

  // After the day asked for: not in a package of 2024-12-31.
  const late = await tally({ date: '2024-12-31', indicator: '结业人次', quantity: 10, title: '年末' });
  void late;
  return { project, ids, shared, sameName, notice, corrected, removed, costSheet, costFixed, survey, plan, receipt };
}

interface IndexRow {
  rowNo: string;
  level1: string;
  level2: string;
  level3: string;
  record: string;
  fileName: string;
  path: string;
  bytes: number | null;
  sha256: string;
}

async function readIndex(zip: JSZip): Promise<IndexRow[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await zip.file(INDEX_FILE)!.async('nodebuffer')) as never);
  const ws = book.getWorksheet(INDEX_SHEET)!;
  const headers = INDEX_LAYOUT.headers as readonly string[];
  expect(headers.map((_, i) => ws.getRow(INDEX_LAYOUT.headerRow).getCell(i + 1).value)).toEqual(headers);
  const col = (name: string) => headers.indexOf(name) + 1;
  const rows: IndexRow[] = [];
  for (let r = INDEX_LAYOUT.firstRow; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const text = (name: string) => String(row.getCell(col(name)).value ?? '');
    rows.push({
      rowNo: text('行号'),
      level1: text('一级指标'),
      level2: text('二级指标'),
      level3: text('三级指标'),
      record: text('所在记录'),
      fileName: text('文件名'),
      path: text('包内路径'),
      bytes: typeof row.getCell(col('字节数')).value === 'number' ? (row.getCell(col('字节数')).value as number) : null,
      sha256: text('SHA-256'),
    });
  }
  return rows;
}

/**
 * The central directory's names and general-purpose flags (bit 11: the name is UTF-8), read from the bytes by
 * way of the end record, so the stored workbooks' own zips inside are not mistaken for entries.
 */
function centralNames(bytes: Uint8Array): { name: string; utf8: boolean }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  expect(end).toBeGreaterThanOrEqual(0);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out: { name: string; utf8: boolean }[] = [];
  for (let n = 0; n < count; n++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    out.push({ name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)), utf8: (flags & 0x0800) !== 0 });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** Everything the acceptance asks of a package, whichever face built it. */
async function checkPackage(bytes: Uint8Array, evidence: Awaited<ReturnType<typeof arrangeEvidence>>) {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const selfevalName = names.find((n) => n.endsWith('-绩效自评表-2024-12-31.xlsx'));
  const monitoringName = names.find((n) => n.endsWith('-绩效监控表-2024-12-31.xlsx'));
  expect(selfevalName).toBe('干部教育培训项目-绩效自评表-2024-12-31.xlsx');
  expect(monitoringName).toBe('干部教育培训项目-绩效监控表-2024-12-31.xlsx');
  const selfeval = new ExcelJS.Workbook();
  await selfeval.xlsx.load((await zip.file(selfevalName!)!.async('nodebuffer')) as never);
  const monitoring = new ExcelJS.Workbook();
  await monitoring.xlsx.load((await zip.file(monitoringName!)!.async('nodebuffer')) as never);
  expect(monitoring.worksheets).toHaveLength(1);
  const sheet = selfeval.worksheets[0]!;

  const index = await readIndex(zip);
  const listed = index.filter((l) => l.path !== '');
  // Every line with a path is a file at that path with those bytes; nothing else is under 佐证材料.
  for (const line of listed) {
    const file = zip.file(line.path);
    expect(file, line.path).not.toBeNull();
    const content = new Uint8Array(await file!.async('uint8array'));
    expect(sha(content), line.path).toBe(line.sha256);
    expect(content.length).toBe(line.bytes);
  }
  expect(names.filter((n) => n.startsWith(`${EVIDENCE_FOLDER}/`)).sort()).toEqual(listed.map((l) => l.path).sort());
  expect(names.filter((n) => !n.startsWith(`${EVIDENCE_FOLDER}/`)).sort()).toEqual([INDEX_FILE, monitoringName, selfevalName].sort());

  // Folder numbers are the self-evaluation table's indicator rows: same number, same indicator.
  for (const line of listed.filter((l) => l.rowNo !== '')) {
    const folder = line.path.split('/')[1]!;
    expect(folder.startsWith(`${line.rowNo} `), folder).toBe(true);
    expect(folder).toBe(`${line.rowNo} ${line.level1}-${line.level2}-${line.level3}`);
    const row = sheet.getRow(SELFEVAL_LAYOUT.firstIndicatorRow + Number(line.rowNo) - 1);
    expect(row.getCell(4).value, folder).toBe(line.level3);
  }
  // Every indicator row is in the index, those without a file too.
  const rowsInTable = new Set(index.filter((l) => l.rowNo !== '').map((l) => l.rowNo));
  expect(rowsInTable.size).toBe(10);
  expect(index.find((l) => l.level3 === '编印培训教材')).toMatchObject({ fileName: '（无佐证材料）', path: '' });

  const at = (hash: string) => listed.filter((l) => l.sha256 === hash);
  // On an entry counted by 培训人次 and by the ratio 培训完成率: in both rows.
  expect(
    at(evidence.shared.sha256)
      .map((l) => l.level3)
      .sort(),
  ).toEqual(['培训人次', '培训完成率'].sort());
  // Carried to the corrected version: there once, under its new title.
  expect(at(evidence.notice.sha256)).toHaveLength(1);
  expect(at(evidence.notice.sha256)[0]).toMatchObject({ level3: '举办培训批次', record: `计数登记 #${evidence.corrected.id}：第一期（更正）` });
  expect(at(evidence.costSheet.sha256)).toHaveLength(1);
  expect(at(evidence.costSheet.sha256)[0]).toMatchObject({ level3: '人均培训成本', record: `人工填报值 #${evidence.costFixed.id}：148元/人次` });
  // Removed: nowhere.
  expect(at(evidence.removed.sha256)).toEqual([]);
  expect(at(evidence.survey.sha256)).toMatchObject([{ level3: '干部履职能力', record: expect.stringContaining('定性评价') }]);
  expect(at(evidence.plan.sha256)).toMatchObject([{ level3: '培训人次', record: expect.stringContaining('监测记录') }]);
  expect(at(evidence.receipt.sha256)).toMatchObject([{ rowNo: '', path: `${EVIDENCE_FOLDER}/${FUNDS_FOLDER}/01 发票 第1张.jpg` }]);
  // Two files named alike in one folder keep both, by their numbers.
  const people = listed.filter((l) => l.level3 === '培训人次').map((l) => l.path.split('/')[2]);
  expect(people).toEqual(['01 IMG_0001.png', '02 IMG_0001.png', '03 整改方案.pdf']);

  // Chinese names open right on Windows: every non-ASCII name is flagged UTF-8.
  const central = centralNames(bytes);
  expect(central.map((c) => c.name).sort()).toEqual(names.sort());
  for (const c of central) expect(c.utf8 || /^[\x20-\x7e]*$/.test(c.name), c.name).toBe(true);
  return { listed: listed.map((l) => `${l.path} ${l.sha256}`).sort() };
}

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.tokenFor('培训科小王', 'staff');
  dir = mkdtempSync(join(tmpdir(), 'jixiao-package-'));
  // The CLI runs on the test's own database, as it does inside the server.
  useProcessDatabase(t.database.db);
});
afterAll(async () => {
  useProcessDatabase(null);
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the self-evaluation package', () => {
  it('holds both workbooks and every current file at the path its index gives, in the folders of the rows that count it (API and CLI alike)', async () => {
    const evidence = await arrangeEvidence();
    const res = await t.app.request(`/api/projects/${evidence.project}/package.zip?asOf=2024-12-31`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('干部教育培训项目-自评材料包-2024-12-31.zip')}`);
    const viaApi = await checkPackage(new Uint8Array(await res.arrayBuffer()), evidence);

    const out = join(dir, `package-${evidence.project}.zip`);
    const cli = await captureCli(['export', 'package', '--project', String(evidence.project), '--as-of', '2024-12-31', '--out', out], { language: 'zh' });
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toContain('干部教育培训项目-自评材料包-2024-12-31.zip');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const viaCli = await checkPackage(new Uint8Array(readFileSync(out)), evidence);
    expect(viaCli).toEqual(viaApi);
  });

  it('lists every indicator row of a project without files as having none, and keeps to the reader’s unit', async () => {
    const { project } = await arrange();
    const res = await t.app.request(`/api/projects/${project}/package.zip`);
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(new Uint8Array(await res.arrayBuffer()));
    const index = await readIndex(zip);
    expect(index).toHaveLength(10);
    expect(index.every((l) => l.fileName === '（无佐证材料）' && l.path === '')).toBe(true);
    expect(index.map((l) => l.rowNo)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']);
    expect(Object.keys(zip.files).some((n) => n.startsWith(EVIDENCE_FOLDER))).toBe(false);

    // A staff member of another unit may not take it.
    const elsewhere = await arrange();
    const otherUnit = ((await (await t.app.request(`/api/projects/${elsewhere.project}`)).json()) as { unit: { id: number } }).unit.id;
    const stranger = await t.tokenFor(`其他单位职员${elsewhere.project}`, 'staff', otherUnit);
    const refused = await t.app.request(`/api/projects/${project}/package.zip`, { headers: { authorization: `Bearer ${stranger}` } });
    expect(refused.status).toBe(403);
    expect((await t.app.request(`/api/projects/${elsewhere.project}/package.zip`, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(200);
    expect((await t.app.request('/api/projects/999999/package.zip')).status).toBe(404);
    expect((await t.app.request(`/api/projects/${project}/package.zip?asOf=2024-13-01`)).status).toBe(400);
  });

  it('a file missing from FILES_DIR refuses the package before a byte is sent: 409 in words from the API, exit 1 and no file from the CLI', async () => {
    const filesDir = join(dir, 'files-dir');
    const other = await createTestApp({ env: { FILES_DIR: filesDir } });
    const saved = process.env.FILES_DIR;
    try {
      const { project, entry } = await seedWithReport(other.app, '901399 目录单位');
      const f = (await (await other.app.request(`/api/entries/${entry}/files`, { method: 'POST', body: fileUpload('报告.pdf', samplePdf('dir')) })).json()) as {
        sha256: string;
      };
      expect((await other.app.request(`/api/projects/${project}/package.zip?asOf=2024-12-31`)).status).toBe(200);
      rmSync(join(filesDir, f.sha256.slice(0, 2), f.sha256));
      const refused = await other.app.request(`/api/projects/${project}/package.zip?asOf=2024-12-31`);
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('FILES_DIR');
      process.env.FILES_DIR = filesDir;
      useProcessDatabase(other.database.db);
      const out = join(dir, 'missing-file.zip');
      const cli = await captureCli(['export', 'package', '--project', String(project), '--as-of', '2024-12-31', '--out', out], { language: 'zh' });
      expect(cli.code).toBe(1);
      expect(cli.err).toContain('FILES_DIR');
      expect(readdirSync(dir).filter((n) => n.startsWith('missing-file') || n.endsWith('.tmp'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.FILES_DIR;
      else process.env.FILES_DIR = saved;
      useProcessDatabase(t.database.db);
      await other.close();
    }
  });

  it('the CLI refuses a missing or wrong flag by name, and leaves nothing behind', async () => {
    const { project } = await arrange();
    const out = join(dir, `refused-${project}.zip`);
    const cli = (...argv: string[]) => captureCli(['export', 'package', ...argv], { language: 'zh' });
    const noProject = await cli('--out', out);
    expect(noProject.code).toBe(2);
    expect(noProject.err).toContain('--project');
    const unit = await cli('--unit', '901301', '--out', out);
    expect(unit.code).toBe(2);
    expect(unit.err).toContain('--unit');
    const noOut = await cli('--project', String(project));
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('--out');
    const badDay = await cli('--project', String(project), '--as-of', '2024-02-30', '--out', out);
    expect(badDay.code).toBe(2);
    expect(badDay.err).toContain('--as-of');
    const unknown = await cli('--project', '999999', '--out', out);
    expect(unknown.code).toBe(1);
    const nowhere = await cli('--project', String(project), '--out', join(dir, 'no-such-dir', 'x.zip'));
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toContain('所在目录不存在');
    expect(readdirSync(dir).filter((f) => f.startsWith('refused-') || f.endsWith('.tmp'))).toEqual([]);
  });
});
