import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { jobCatalog } from '../../jobs/catalog.ts';
import type { Database } from '../../db/client.ts';
import { createApp, type App } from '../../src/app.ts';
import { systemActor } from '../../src/auth/actor.ts';
import { loadConfig } from '../../src/config.ts';
import { openConfiguredDatabase } from '../../src/database.ts';
import { silentLogger } from '../../src/logger.ts';
import { createToken } from '../../src/services/api-tokens.ts';
import { startChangeFeed, type ChangeFeed } from '../../src/services/change-feed.ts';
import { createProgressCache, type ProgressCache } from '../../src/services/progress-cache.ts';
import { addProbeEndpoint, recordProbeResults } from '../../src/services/probes.ts';
import { addUser } from '../../src/services/users.ts';

// The default `npm start` setup, for the PGlite phase: DATA_DIR on a temporary directory, so
// openConfiguredDatabase opens (and migrates) an embedded PGlite as main.ts does; the app with its change feed;
// the seed table (db/examples/tianjin-eco-support-centre-2024.txt, four projects) imported through the API,
// then a year of the unit's work through the real write paths — the year of test/e2e/scenario.test.ts: a bulk
// JSON Lines file of entries (maintenance, faults, inspections, expenditure, activities, opinion reports,
// tasks, incidents, procurement, surveys), a WeChat channel with its mid-year and year-end back-office
// exports (850 posts), and 200 network probe results.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const SEED_PATH = 'db/examples/tianjin-eco-support-centre-2024.txt';

export interface SeedApp {
  app: App;
  database: Database;
  feed: ChangeFeed;
  cache: ProgressCache;
  token: string;
  projectIds: number[];
  dataDir: string;
  seconds: { open: number; load: number };
  counts: { projects: number; indicators: number; entries: number; posts: number; postStats: number; probeResults: number };
  close(): Promise<void>;
}

const day = (start: string, plus: number) => new Date(Date.parse(`${start}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

/** The scenario's year of entries for the seed's four projects (network operations, publicity, emergency response, equipment). */
function entriesJsonl([p1, p2, p3, p4]: number[]): string {
  const rows: Record<string, unknown>[] = [];
  const add = (project: number | undefined, kind: string, fields: Record<string, unknown>) => rows.push({ kind, project, ...fields });
  for (let i = 0; i < 10; i++) add(p1, 'maintenance', { date: day('2024-01-10', i * 15), item: `维保${i + 1}`, passed: true });
  for (let i = 0; i < 10; i++) add(p1, 'maintenance', { date: day('2024-07-10', i * 15), item: `维保${i + 11}`, passed: i !== 3 });
  add(p1, 'fault', { opened_at: '2024-02-01 09:00', resolved_at: '2024-02-01 11:00', system: '核心交换机' });
  add(p1, 'fault', { opened_at: '2024-03-05 10:00', resolved_at: '2024-03-05 15:00', system: '专线' });
  add(p1, 'fault', { opened_at: '2024-05-20 08:00', resolved_at: '2024-05-21 04:00', system: '机房空调' });
  add(p1, 'fault', { opened_at: '2024-10-08 08:00', resolved_at: '2024-10-09 14:00', system: '防火墙' });
  add(p1, 'expenditure', { date: '2024-02-15', amount: 1_000_000, voucher: 'P1-001' });
  add(p1, 'expenditure', { date: '2024-05-15', amount: 400_000, voucher: 'P1-002' });
  add(p1, 'expenditure', { date: '2024-09-15', amount: 1_500_000, voucher: 'P1-003' });
  for (let i = 0; i < 160; i++) add(p1, 'inspection', { date: day('2024-01-01', i), target: '信息网链路', result: 'ok' });
  for (let i = 0; i < 150; i++) add(p1, 'inspection', { date: day('2024-07-02', i), target: '信息网链路', result: i % 10 ? 'ok' : 'issue' });
  add(p1, 'survey', { date: '2024-12-10', respondent: '市生态环境局信息处', score: 90 });

  add(p2, 'activity', { date: '2023-12-20', title: '年终宣传（上年度）' });
  for (const d of ['2024-03-12', '2024-04-22', '2024-06-05', '2024-09-10', '2024-11-05']) add(p2, 'activity', { date: d, title: `六五环境日宣传 ${d}` });
  for (let i = 0; i < 8; i++) {
    const date = day('2024-02-01', i * 40);
    const late = i === 6;
    add(p2, 'opinion_report', { date, title: `舆情专报 ${i + 1}`, due_at: `${date} 18:00`, delivered_at: late ? `${day(date, 1)} 09:00` : `${date} 16:00` });
  }
  add(p2, 'expenditure', { date: '2024-04-01', amount: 100_000 });
  add(p2, 'expenditure', { date: '2024-10-01', amount: 190_000 });
  add(p2, 'survey', { date: '2024-06-20', respondent: '市生态环境局宣教处', score: 98 });
  add(p2, 'survey', { date: '2024-11-20', respondent: '市生态环境局宣教处', score: 92 });

  for (const d of ['2024-03-01', '2024-06-01', '2024-11-01']) add(p3, 'report', { date: d, title: `事故调查报告 ${d}` });
  const tasks: [string, string | null][] = [
    ['2024-03-01', '2024-02-20'],
    ['2024-04-01', '2024-03-25'],
    ['2024-05-01', '2024-04-28'],
    ['2024-06-15', '2024-09-01'],
    ['2024-07-15', '2024-07-10'],
    ['2024-08-15', '2024-08-01'],
    ['2024-09-15', '2024-09-10'],
    ['2024-10-15', '2024-10-10'],
    ['2024-11-15', '2024-11-10'],
    ['2024-12-15', null],
  ];
  for (const [i, [due, done]] of tasks.entries()) add(p3, 'task', { title: `京津冀联防任务 ${i + 1}`, due, ...(done ? { done_at: done } : {}) });
  add(p3, 'expenditure', { date: '2024-03-10', amount: 50_000 });
  add(p3, 'expenditure', { date: '2024-05-10', amount: 70_000 });
  add(p3, 'expenditure', { date: '2024-09-10', amount: 90_000 });
  add(p3, 'incident', { occurred_at: '2024-02-10 03:00', level: '一般', title: '油罐车侧翻' });
  add(p3, 'incident', { occurred_at: '2024-05-03 10:00', level: '较大', title: '河道污染' });
  add(p3, 'incident', { occurred_at: '2024-06-01 14:00', level: 'general', title: '企业泄漏' });
  add(p3, 'incident', { occurred_at: '2024-10-10 22:00', level: 'large', title: '化工厂火灾次生污染' });
  add(p3, 'survey', { date: '2024-12-01', respondent: '市生态环境局应急处', score: 97 });

  add(p4, 'procurement', { date: '2024-03-01', item: '核心交换机', quantity: 2, amount: 400_000 });
  add(p4, 'procurement', { date: '2024-05-01', item: '防火墙', quantity: 1, amount: 200_000 });
  add(p4, 'procurement', { date: '2024-08-01', item: '存储阵列', quantity: 2, amount: 600_000 });
  add(p4, 'fault', { opened_at: '2024-02-03 10:00', resolved_at: '2024-02-03 11:30', system: '存储' });
  add(p4, 'fault', { opened_at: '2024-04-03 10:00', resolved_at: '2024-04-03 12:00', system: '交换机' });
  add(p4, 'fault', { opened_at: '2024-12-31 20:00', system: '门户网站' });
  add(p4, 'expenditure', { date: '2024-03-20', amount: 700_000 });
  add(p4, 'expenditure', { date: '2024-09-20', amount: 1_000_000 });
  add(p4, 'survey', { date: '2024-06-25', respondent: '市生态环境局信息处', score: 88 });
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** The WeChat back-office export: two or three posts a day from 1 January. */
function wechatExport(count: number, readers: (i: number) => number): string {
  const lines = ['内容标题,发表时间,总阅读人数,总阅读次数,总分享人数,总分享次数,内容url'];
  for (let i = 0; i < count; i++) {
    const published = `${day('2024-01-01', Math.floor(i / 2.4))} ${String(8 + (i % 10)).padStart(2, '0')}:00`;
    const url = `https://mp.weixin.qq.com/s?__biz=MzA5NjA&mid=${2247480000 + i}&idx=1&sn=abc${i}`;
    lines.push(`"美丽天津 第${i + 1}期",${published},${readers(i)},${readers(i) + 30},10,12,${url}`);
  }
  return lines.join('\r\n') + '\r\n';
}

function fileForm(name: string, content: string | Uint8Array, type = 'text/plain'): FormData {
  const form = new FormData();
  form.append('file', new File([content], name, { type }));
  return form;
}

export async function openSeedApp(now: Date, log: (msg: string) => void): Promise<SeedApp> {
  let t = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-bench-pglite.'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  let database: Database;
  try {
    database = await openConfiguredDatabase(config);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const open = (performance.now() - t) / 1000;
  const feed = await startChangeFeed(database);
  const cache = createProgressCache(feed);
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config,
    now: () => now,
    logger: silentLogger,
    feed,
    progressCache: cache,
    jobs: jobCatalog,
  });
  const close = async () => {
    await feed.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    t = performance.now();
    const { user } = await addUser(database.db, { name: 'bench', role: 'admin' }, systemActor);
    const { token } = await createToken(database.db, { user: user.id }, systemActor, now);
    const auth = { authorization: `Bearer ${token}` };
    const post = async (path: string, body: FormData | string, what: string) => {
      const res = await app.request(path, { method: 'POST', headers: typeof body === 'string' ? { ...auth, 'content-type': 'application/json' } : auth, body });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as unknown;
    };
    const imported = (await post('/api/imports?year=2024', fileForm('seed.txt', readFileSync(join(repoRoot, SEED_PATH))), 'seed import')) as {
      projects: { id: number }[];
    };
    const projectIds = imported.projects.map((p) => p.id);
    if (projectIds.length !== 4) throw new Error(`the seed table gave ${projectIds.length} projects, expected 4`);
    await post('/api/entries/import', fileForm('2024-log.jsonl', entriesJsonl(projectIds)), 'entries import');
    const channel = (await post('/api/channels', JSON.stringify({ platform: 'wechat', name: '美丽天津公众号', projects: [projectIds[1]] }), 'channel')) as {
      id: number;
    };
    await post(
      `/api/channels/${channel.id}/wechat-export?asOf=2024-07-01`,
      fileForm(
        'mid.csv',
        wechatExport(420, () => 200),
      ),
      'mid-year export',
    );
    await post(
      `/api/channels/${channel.id}/wechat-export?asOf=2024-12-31`,
      fileForm(
        'end.csv',
        wechatExport(850, (i) => (i < 420 ? 250 : 200)),
      ),
      'year-end export',
    );
    const endpoint = await addProbeEndpoint(database.db, { name: '监管专网', target: 'tcp://10.0.0.1:443', projectId: projectIds[0]! });
    await recordProbeResults(
      database.db,
      endpoint.id,
      Array.from({ length: 200 }, (_, i) => ({
        checkedAt: new Date(Date.parse(i < 100 ? '2024-01-01T00:00:00Z' : '2024-07-02T00:00:00Z') + (i % 100) * 36 * 3_600_000).toISOString(),
        ok: i % 20 !== 0,
        latencyMs: 12,
        error: null,
      })),
    );
    const load = (performance.now() - t) / 1000;
    const [row] = (
      (await database.db.execute(sql`
      select (select count(*) from projects)::int as projects, (select count(*) from indicators)::int as indicators,
        (select count(*) from entries)::int as entries, (select count(*) from posts)::int as posts,
        (select count(*) from post_stats)::int as "postStats", (select count(*) from probe_results)::int as "probeResults"`)) as unknown as {
        rows: SeedApp['counts'][];
      }
    ).rows;
    log(
      `  PGlite in ${dataDir}: opened and migrated in ${open.toFixed(1)} s; seed + a year of work loaded through the API in ${load.toFixed(1)} s: ${JSON.stringify(row)}`,
    );
    return { app, database, feed, cache, token, projectIds, dataDir, seconds: { open, load }, counts: row!, close };
  } catch (err) {
    await close();
    throw err;
  }
}
