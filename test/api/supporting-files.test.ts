import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/auth/actor.ts';
import { pathInDir } from '../../src/files/files-dir.ts';
import { backupDatabase, restoreDatabase } from '../../src/services/backup.ts';
import { readFileContent } from '../../src/services/supporting-files.ts';
import { fileUpload, macroDocx, renamedExe, sampleDocx, sampleJpeg, samplePdf, samplePng, sampleXlsx, shellScript, tinyPng } from '../helpers/sample-files.ts';
import { fileForm, seedText, seedWithReport } from '../helpers/seed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb } from '../helpers/test-db.ts';

// Supporting files (docs/design.md "Supporting files"): upload onto entries, manual values, assessments and
// monitoring notes; the type from the bytes; SHA-256, size, who and when; download as an attachment with nosniff;
// thumbnails; removal by a correction; access by the parent's unit and role; FILES_DIR; and a byte-for-byte round
// trip through the database and through a backup (this file runs on PGlite and on PostgreSQL).

let t: TestApp;
let dir: string;
let units = 0;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const rows = (r: unknown) => (Array.isArray(r) ? r : ((r as { rows: unknown[] }).rows ?? [])) as Record<string, unknown>[];
const count = async (table: string) => Number(rows(await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

type Who = string | undefined;
const send = (path: string, init: RequestInit = {}, token?: Who) =>
  t.app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
const postJson = (path: string, body: unknown, token?: Who) =>
  send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, token);
const attach = (path: string, name: string, bytes: Uint8Array, token?: Who, caption?: string) =>
  send(path, { method: 'POST', body: fileUpload(name, bytes, caption) }, token);

/** The seed under a unit of this test's own, one record of each kind to hang files on, and its people. */
async function arrange() {
  units += 1;
  const unitLine = `9300${String(units).padStart(2, '0')} 佐证测试单位${units}`;
  const imported = await send(`/api/imports?year=2024&unit=${encodeURIComponent(unitLine)}`, { method: 'POST', body: fileForm('seed.txt', seedText()) });
  expect(imported.status).toBe(201);
  const projectIds = ((await imported.json()) as { projects: { id: number }[] }).projects.map((p) => p.id);
  const project = projectIds[0]!;
  const detail = (await (await send(`/api/projects/${project}`)).json()) as { unit: { id: number } };
  const unitId = detail.unit.id;
  const staff = await t.tokenFor(`佐证科员${units}`, 'staff', unitId);
  const leader = await t.tokenFor(`佐证领导${units}`, 'leader', unitId);
  let manualIndicator: number | null = null;
  let qualitative: number | null = null;
  for (const p of projectIds) {
    const bindings = (await (await send(`/api/projects/${p}/measures`)).json()) as { indicatorId: number; measure: { type: string } | null }[];
    const d = (await (await send(`/api/projects/${p}`)).json()) as { indicators: { id: number; target: { kind: string } }[] };
    for (const i of d.indicators) {
      const m = bindings.find((b) => b.indicatorId === i.id)?.measure;
      if (i.target.kind === 'qualitative') qualitative ??= i.id;
      else if (m?.type === 'manual') manualIndicator ??= i.id;
    }
  }
  const entry = (
    (await (await postJson(`/api/projects/${project}/entries`, { kind: 'report', date: '2024-03-05', title: '水质调查报告' }, staff)).json()) as {
      inserted: number[];
    }
  ).inserted[0]!;
  const value = (await (await postJson(`/api/indicators/${manualIndicator}/values`, { value: 2, asOf: '2024-06-30' }, staff)).json()) as { id: number };
  const assessment = (await (await postJson(`/api/indicators/${qualitative}/assessments`, { tier: '达成', score: 90, asOf: '2024-12-31' }, staff)).json()) as {
    id: number;
  };
  const note = (await (
    await postJson(`/api/indicators/${manualIndicator}/monitoring-notes`, { likelihood: 'certain', reasons: [], asOf: '2024-06-30' }, staff)
  ).json()) as {
    id: number;
  };
  return { project, unitId, staff, leader, entry, value: value.id, assessment: assessment.id, note: note.id, manualIndicator: manualIndicator! };
}

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'jixiao-files-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('supporting files', () => {
  it('every accepted type round-trips byte for byte on every kind of record, with its SHA-256, size, who and when', async () => {
    const a = await arrange();
    const cases: [string, string, Uint8Array, string][] = [
      [`/api/entries/${a.entry}/files`, '采样现场.jpg', await sampleJpeg(), 'image/jpeg'],
      [`/api/values/${a.value}/files`, '运维月报.pdf', samplePdf('monthly report'), 'application/pdf'],
      [
        `/api/assessments/${a.assessment}/files`,
        '验收意见.docx',
        await sampleDocx(),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      [`/api/monitoring-notes/${a.note}/files`, '签到表.xlsx', await sampleXlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [`/api/monitoring-notes/${a.note}/files`, '宣传活动.png', await samplePng(), 'image/png'],
    ];
    const ids: number[] = [];
    const projects: number[] = [];
    for (const [path, name, bytes, type] of cases) {
      const res = await attach(path, name, bytes, a.staff, `${name} 的说明`);
      expect(res.status, name).toBe(201);
      const f = (await res.json()) as Record<string, any>;
      expect(f).toMatchObject({
        fileName: name,
        downloadName: name,
        mediaType: type,
        size: bytes.length,
        sha256: sha(bytes),
        author: '佐证科员' + units,
        caption: `${name} 的说明`,
      });
      expect(Date.parse(f.createdAt)).toBeGreaterThan(0);
      ids.push(f.id);
      projects.push(f.projectId);
      const dl = await send(`/api/files/${f.id}`, {}, a.leader);
      expect(dl.status).toBe(200);
      expect(Buffer.from(await dl.arrayBuffer()).equals(Buffer.from(bytes)), name).toBe(true);
      expect(dl.headers.get('content-type')).toBe(type);
      expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
      expect(decodeURIComponent(dl.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toBe(name);
      expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
      const list = (await (await send(path, {}, a.leader)).json()) as { id: number }[];
      expect(list.map((x) => x.id)).toContain(f.id);
    }
    // The bytes as the body itself, named and captioned in the query, are the same upload.
    const raw = samplePdf('raw body');
    const sent = await send(
      `/api/entries/${a.entry}/files?fileName=${encodeURIComponent('原始扫描件.pdf')}&caption=${encodeURIComponent('直接上传')}`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: raw },
      a.staff,
    );
    expect(sent.status).toBe(201);
    const rawFile = (await sent.json()) as { id: number; fileName: string; caption: string; sha256: string; projectId: number };
    expect([rawFile.fileName, rawFile.caption, rawFile.sha256]).toEqual(['原始扫描件.pdf', '直接上传', sha(raw)]);
    ids.push(rawFile.id);
    projects.push(rawFile.projectId);
    // Each project lists the files on its own records, whichever kind they are on.
    const seen: { id: number; parent: { kind: string } }[] = [];
    for (const project of new Set(projects)) {
      const list = (await (await send(`/api/projects/${project}/files`, {}, a.leader)).json()) as { id: number; projectId: number; parent: { kind: string } }[];
      expect(list.every((f) => f.projectId === project)).toBe(true);
      seen.push(...list);
    }
    expect(seen.map((f) => f.id).sort()).toEqual([...ids].sort());
    expect(new Set(seen.map((f) => f.parent.kind))).toEqual(new Set(['entry', 'manual_value', 'assessment', 'monitoring_note']));
  });

  it('the type comes from the bytes: a renamed program, a script, a web page, an SVG and a plain zip are refused by name and reason, and nothing is stored', async () => {
    const a = await arrange();
    const before = [await count('supporting_files'), await count('file_blobs')];
    const refused: [string, Uint8Array | string, RegExp][] = [
      ['现场照片.jpg', renamedExe(), /可执行程序/],
      ['photo.png', shellScript(), /网页或脚本/],
      ['报告.pdf', '<!doctype html><script>alert(1)</script>', /网页或脚本/],
      ['chart.png', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', /网页或脚本/],
      ['纪要.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, ...new TextEncoder().encode('readme.txt')]), /不是可接受的类型/],
      ['cut.png', tinyPng(1, 2, 3).slice(0, 40), /无法解码/],
      ['会议纪要.docx', macroDocx(), /含有宏/],
    ];
    for (const [name, bytes, why] of refused) {
      const res = await attach(`/api/entries/${a.entry}/files`, name, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, a.staff);
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as { error: { message: string; details: { field: string }[] } };
      expect(body.error.message).toContain(name);
      expect(body.error.message).toMatch(why);
      expect(body.error.details[0]!.field).toBe('file');
    }
    expect([await count('supporting_files'), await count('file_blobs')]).toEqual(before);
    // A PDF named .jpg is a PDF: stored as one, and downloads as .pdf.
    const pdf = await attach(`/api/entries/${a.entry}/files`, '扫描件.jpg', samplePdf('scan'), a.staff);
    expect(pdf.status).toBe(201);
    expect(await pdf.json()).toMatchObject({ mediaType: 'application/pdf', fileName: '扫描件.jpg', downloadName: '扫描件.pdf', image: false });
  });

  it('an image gets a WebP thumbnail no larger than 320 px, made at upload; a document has none (404)', async () => {
    const a = await arrange();
    const photo = (await (await attach(`/api/entries/${a.entry}/files`, '大照片.jpg', await sampleJpeg(2400, 1600), a.staff)).json()) as Record<string, any>;
    expect(photo.thumbnailUrl).toBe(`/api/files/${photo.id}/thumbnail`);
    const thumb = await send(photo.thumbnailUrl, {}, a.leader);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(thumb.headers.get('x-content-type-options')).toBe('nosniff');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 213]);
    const doc = (await (await attach(`/api/entries/${a.entry}/files`, '报告.pdf', samplePdf(), a.staff)).json()) as Record<string, any>;
    expect(doc.thumbnailUrl).toBeNull();
    expect((await send(`/api/files/${doc.id}/thumbnail`, {}, a.leader)).status).toBe(404);
  });

  it('the same bytes twice on one record are kept once (200, duplicate); on two records they share one stored copy', async () => {
    const a = await arrange();
    const png = tinyPng(11, 22, 33);
    const first = await attach(`/api/entries/${a.entry}/files`, '照片.png', png, a.staff);
    expect(first.status).toBe(201);
    const blobs = await count('file_blobs');
    const again = await attach(`/api/entries/${a.entry}/files`, '照片（再传）.png', png, a.staff);
    expect(again.status).toBe(200);
    const [f1, f2] = [(await first.json()) as { id: number }, (await again.json()) as { id: number; duplicate: boolean }];
    expect([f2.id, f2.duplicate]).toEqual([f1.id, true]);
    const other = await attach(`/api/monitoring-notes/${a.note}/files`, '照片.png', png, a.staff);
    expect(other.status).toBe(201);
    expect(await count('file_blobs')).toBe(blobs);
  });

  it("access follows the parent: a leader reads but may not upload or remove (403); another unit's staff and leader get 403 everywhere; refusals write nothing", async () => {
    const a = await arrange();
    const b = await arrange();
    const f = (await (await attach(`/api/values/${a.value}/files`, '月报.pdf', samplePdf(), a.staff)).json()) as { id: number };
    const before = [await count('supporting_files'), await count('file_blobs'), await count('audit_log')];
    const png = tinyPng(5, 6, 7);
    expect((await attach(`/api/values/${a.value}/files`, '照片.png', png, a.leader)).status).toBe(403);
    expect((await postJson(`/api/files/${f.id}/removal`, { reason: '误传' }, a.leader)).status).toBe(403);
    expect((await send(`/api/files/${f.id}`, {}, a.leader)).status).toBe(200);
    for (const outsider of [b.staff, b.leader]) {
      for (const path of [
        `/api/entries/${a.entry}/files`,
        `/api/values/${a.value}/files`,
        `/api/assessments/${a.assessment}/files`,
        `/api/monitoring-notes/${a.note}/files`,
      ]) {
        expect((await attach(path, '照片.png', png, outsider)).status, path).toBe(403);
        expect((await send(path, {}, outsider)).status, path).toBe(403);
      }
      for (const path of [`/api/files/${f.id}`, `/api/files/${f.id}/thumbnail`, `/api/projects/${a.project}/files`]) {
        const res = await send(path, {}, outsider);
        expect(res.status, path).toBe(403);
        expect(Object.keys((await res.json()) as object)).toEqual(['error']);
      }
      expect((await postJson(`/api/files/${f.id}/removal`, { reason: '越权' }, outsider)).status).toBe(403);
    }
    expect([await count('supporting_files'), await count('file_blobs'), await count('audit_log')]).toEqual(before);
  });

  it('removal is a correction: a reason is required, the file leaves the lists but stays in the history and downloads, and a second removal is a 409', async () => {
    const a = await arrange();
    const bytes = await samplePng(200, 100, '#123456');
    const f = (await (await attach(`/api/monitoring-notes/${a.note}/files`, '错传的照片.png', bytes, a.staff)).json()) as { id: number };
    const noReason = await postJson(`/api/files/${f.id}/removal`, { reason: '   ' }, a.staff);
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toContain('reason');
    const removed = await postJson(`/api/files/${f.id}/removal`, { reason: '传错了记录' }, a.staff);
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { removed: unknown }).removed).toMatchObject({ by: `佐证科员${units}`, reason: '传错了记录' });
    expect(((await (await send(`/api/monitoring-notes/${a.note}/files`)).json()) as { id: number }[]).map((x) => x.id)).not.toContain(f.id);
    const history = (await (await send(`/api/monitoring-notes/${a.note}/files?history=1`)).json()) as { id: number; removed: { reason: string } | null }[];
    expect(history.find((x) => x.id === f.id)?.removed?.reason).toBe('传错了记录');
    const dl = await send(`/api/files/${f.id}`);
    expect(Buffer.from(await dl.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    expect((await postJson(`/api/files/${f.id}/removal`, { reason: '再移除一次' }, a.staff)).status).toBe(409);
    const audit = rows(
      await t.database.db.execute(
        sql`select action, target_id from audit_log where action in ('file.attach', 'file.remove') and target_id in (${String(f.id)}, ${String(a.note)})`,
      ),
    );
    expect(audit.map((r) => r.action).sort()).toEqual(['file.attach', 'file.remove']);
    // The same bytes can be attached again once the first copy was removed.
    expect((await attach(`/api/monitoring-notes/${a.note}/files`, '重新上传.png', bytes, a.staff)).status).toBe(201);
  });

  it('a correction carries the files to the new version; a corrected or withdrawn version takes no new file (409)', async () => {
    const a = await arrange();
    const png = tinyPng(70, 80, 90);
    const onEntry = (await (await attach(`/api/entries/${a.entry}/files`, '现场.png', png, a.staff)).json()) as { id: number };
    const corrected = (await (
      await postJson(`/api/entries/${a.entry}/corrections`, { fields: { title: '水质调查报告（终稿）' }, reason: '标题' }, a.staff)
    ).json()) as {
      id: number;
    };
    const carried = (await (await send(`/api/entries/${corrected.id}/files`)).json()) as { sha256: string; carriedFromId: number | null }[];
    expect(carried).toEqual([expect.objectContaining({ sha256: sha(png), carriedFromId: onEntry.id })]);
    const late = await attach(`/api/entries/${a.entry}/files`, '迟到的照片.png', tinyPng(1, 1, 1), a.staff);
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { message: string } }).error.message).toContain(`#${corrected.id}`);
    await postJson(`/api/entries/${corrected.id}/corrections`, { voided: true, reason: '重复登记' }, a.staff);
    expect((await attach(`/api/entries/${corrected.id}/files`, '撤回后.png', tinyPng(2, 2, 2), a.staff)).status).toBe(409);

    const pdf = samplePdf('value proof');
    await attach(`/api/values/${a.value}/files`, '月报.pdf', pdf, a.staff);
    const newer = (await (
      await postJson(`/api/indicators/${a.manualIndicator}/values`, { value: 3, asOf: '2024-06-30', supersedes: a.value }, a.staff)
    ).json()) as {
      id: number;
    };
    expect(((await (await send(`/api/values/${newer.id}/files`)).json()) as { sha256: string }[]).map((f) => f.sha256)).toEqual([sha(pdf)]);
    expect((await attach(`/api/values/${a.value}/files`, '旧值.pdf', samplePdf('old'), a.staff)).status).toBe(409);
  });

  it.skipIf(process.env.TEST_DB_KIND !== 'postgres')(
    'on PostgreSQL, an upload racing a correction waits for it and is then refused, instead of landing on the superseded version',
    async () => {
      const a = await arrange();
      const holder = postgres(t.database.url!, { max: 1, onnotice: () => {} });
      const watcher = postgres(t.database.url!, { max: 1, onnotice: () => {} });
      try {
        let attaching: Promise<Response> | null = null;
        await holder.begin(async (tx) => {
          // A correction in flight: the entry locked and its successor written, not yet committed.
          await tx`select id from entries where id = ${a.entry} for update`;
          await tx`insert into entries (project_id, kind, day, fields, dedupe_key, source, author, supersedes_id, voided, reason)
                   select project_id, kind, day, fields, 'correction:' || id, 'test', 'racer', id, false, '并发更正'
                   from entries where id = ${a.entry}`;
          attaching = Promise.resolve(attach(`/api/entries/${a.entry}/files`, '并发上传.png', tinyPng(9, 9, 9), a.staff));
          // The upload must be waiting on the entry's lock before the correction commits.
          for (let i = 0; i < 200; i++) {
            const [w] = await watcher`select count(*)::int as n from pg_locks where not granted and locktype in ('transactionid', 'tuple')`;
            if (Number(w!.n) > 0) break;
            await new Promise((r) => setTimeout(r, 25));
          }
        });
        const res = await attaching!;
        expect(res.status).toBe(409);
        const rows = await watcher`select count(*)::int as n from supporting_files where entry_id = ${a.entry}`;
        expect(Number(rows[0]!.n)).toBe(0);
      } finally {
        await holder.end({ timeout: 5 });
        await watcher.end({ timeout: 5 });
      }
    },
  );

  it('bytes of every type survive a backup and a restore into an empty database unchanged', async () => {
    const a = await arrange();
    const files: [string, Uint8Array][] = [
      ['p.jpg', await sampleJpeg(300, 200)],
      ['r.pdf', samplePdf('backup')],
      ['d.docx', await sampleDocx('备份')],
      ['x.xlsx', await sampleXlsx()],
    ];
    const ids: number[] = [];
    for (const [name, bytes] of files) ids.push(((await (await attach(`/api/entries/${a.entry}/files`, name, bytes, a.staff)).json()) as { id: number }).id);
    const file = join(dir, `backup-${t.database.kind}.jsonl.gz`);
    await backupDatabase(t.database.db, file, { now: new Date('2026-07-01T04:00:00Z'), source: t.database.kind });
    const target = await createTestDb();
    try {
      await restoreDatabase(target.db, file, { actor: cliActor('restorer', null) });
      for (const [i, [, bytes]] of files.entries()) {
        const back = await readFileContent(target.db, { filesDir: null }, ids[i]!, cliActor('checker', null));
        expect(Buffer.from(back.bytes).equals(Buffer.from(bytes)), files[i]![0]).toBe(true);
        expect(back.file.sha256).toBe(sha(bytes));
      }
    } finally {
      await target.close();
    }
  });
});

describe('supporting files under FILES_DIR, and the upload limit', () => {
  it('FILES_DIR keeps the bytes on disk (not in the database), downloads them unchanged, and a file missing from the directory is a 409 in words', async () => {
    const filesDir = join(dir, 'files');
    const other = await createTestApp({ env: { FILES_DIR: filesDir } });
    try {
      const entry = (await seedWithReport(other.app, '930099 目录单位')).entry;
      const bytes = await sampleJpeg(640, 480, '#00aa00');
      const f = (await (await other.app.request(`/api/entries/${entry}/files`, { method: 'POST', body: fileUpload('照片.jpg', bytes) })).json()) as {
        id: number;
        sha256: string;
      };
      const path = pathInDir(filesDir, f.sha256);
      expect(existsSync(path)).toBe(true);
      const [blob] = rows(await other.database.db.execute(sql`select content is null as outside from file_blobs where sha256 = ${f.sha256}`));
      expect(blob!.outside).toBe(true);
      const dl = await other.app.request(`/api/files/${f.id}`);
      expect(Buffer.from(await dl.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
      rmSync(path);
      const missing = await other.app.request(`/api/files/${f.id}`);
      expect(missing.status).toBe(409);
      const body = (await missing.json()) as { error: { message: string } };
      expect(body.error.message).toContain('FILES_DIR');
      expect(body.error.message).not.toMatch(/ENOENT|\/tmp\//);
    } finally {
      await other.close();
    }
  });

  it('the limit holds the file, not the form around it: exactly UPLOAD_LIMIT_MB is taken as multipart, a byte over is 413 naming the file', async () => {
    const small = await createTestApp({ uploadLimitMb: 1 });
    try {
      const entry = (await seedWithReport(small.app, '930097 整额单位')).entry;
      const limit = 1_048_576;
      const exact = new Uint8Array(limit).fill(0x20);
      exact.set(samplePdf('exact'));
      const taken = await small.app.request(`/api/entries/${entry}/files`, { method: 'POST', body: fileUpload('整一兆.pdf', exact, '说明') });
      expect(taken.status).toBe(201);
      const stored = (await taken.json()) as { size: number; sha256: string };
      expect([stored.size, stored.sha256]).toEqual([limit, sha(exact)]);

      const over = new Uint8Array(limit + 1).fill(0x20);
      over.set(samplePdf('over'));
      const refused = await small.app.request(`/api/entries/${entry}/files`, { method: 'POST', body: fileUpload('多一字节.pdf', over) });
      expect(refused.status).toBe(413);
      const body = (await refused.json()) as { error: { code: string; message: string; details: { field: string }[] } };
      expect(body.error.code).toBe('payload_too_large');
      expect(body.error.message).toContain('多一字节.pdf');
      expect(body.error.details[0]!.field).toBe('file');
      const n = rows(await small.database.db.execute(sql`select count(*)::int as n from supporting_files`))[0]!.n;
      expect(Number(n)).toBe(1);

      // Every multipart upload of the API is held alike: a table to import one byte over the limit is refused.
      const table = await small.app.request('/api/imports?year=2024', { method: 'POST', body: fileUpload('目标表.txt', over, undefined, 'text/plain') });
      expect(table.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('a file over UPLOAD_LIMIT_MB is refused with 413 and nothing is stored', async () => {
    const small = await createTestApp({ uploadLimitMb: 1 });
    try {
      const entry = (await seedWithReport(small.app, '930098 限额单位')).entry;
      const big = new Uint8Array(1_300_000);
      big.set(samplePdf('big'));
      const res = await small.app.request(`/api/entries/${entry}/files`, { method: 'POST', body: fileUpload('大文件.pdf', big) });
      expect(res.status).toBe(413);
      const n = rows(await small.database.db.execute(sql`select count(*)::int as n from supporting_files`))[0]!.n;
      expect(Number(n)).toBe(0);
    } finally {
      await small.close();
    }
  });
});
