// A realistic database, written through the real API: the seed's 2024 table, entries of every kind, a bulk
// file, a WeChat channel with NO credentials and its back-office export, a probe of tcp://127.0.0.1:9 (a
// closed local port) and a robot whose webhook variable is unset. Nothing here can reach the internet: the
// WeChat job fails on configuration before any request, the probe connects to this machine, and the
// robot's webhook is missing.
import { TEST_PASSWORD, type RequestApp as App } from '../test-app.ts';
import { fileForm, seedText } from '../seed.ts';
import { ENTRY_KINDS } from './fields.ts';
import { fileUpload, samplePdf, tinyPng } from '../sample-files.ts';

/** A user only the sign-in route's cases use (password TEST_PASSWORD). */
export const SIGN_IN_USER = 'malformed-signin';
export const UNSET_WEBHOOK_ENV = 'JIXIAO_SECRET_MALFORMED_TEST_UNSET_WEBHOOK';
export const UNSET_SECRET_ENV = 'JIXIAO_SECRET_MALFORMED_TEST_UNSET_SECRET';
/** A closed port on this machine: a probe of it fails fast and never leaves the host. */
export const LOCAL_PROBE_TARGET = 'tcp://127.0.0.1:9';

export interface SeedState {
  year: number;
  projects: number[];
  /** The project that `/api/projects/{id}…` routes use. */
  project: number;
  /** Its unit, for `/api/units/{id}…` routes. */
  unit: number;
  indicators: {
    /** Measured by manual values (系统故障率, a percent). */
    manual: number;
    manualPercent: boolean;
    /** A qualitative target imported with a warning (延长设备使用寿命): confirm and assess. */
    qualitative: number;
    /** Counted from entries (调查报告 份数): series, facts, measure. */
    counted: number;
  };
  /** indicator id → its measure as the API shows it (a valid body for PUT …/measure). */
  measures: Map<number, unknown>;
  channel: { id: number; name: string; platform: string };
  probeName: string;
  robotName: string;
  jobNames: string[];
  /** The job `/api/jobs/{name}/run` is exercised with: probes only touch 127.0.0.1. */
  job: string;
  /** Report entries kept for corrections; `entryHead` is the current version being corrected. */
  entryPool: number[];
  entryHead: number;
  /** Records carrying supporting files (never corrected by the other routes' variants), and a file on them. */
  files: { manualValue: number; assessment: number; monitoringNote: number; file: number };
  /** Files the removal route works through: `removalHead` is the next one still current. */
  removalPool: number[];
  removalHead: number;
  /** A user and a token the access routes may disable, reset and revoke (never the test's own admin). */
  targetUser: number;
  targetToken: number;
  seq: number;
  /** Path params of routes this file does not know, looked up from their collection (`GET /api/robots` → id). */
  extra: Record<string, string>;
}

export async function call(app: App, method: string, path: string, init: { json?: unknown; form?: FormData; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'x-user': 'seed', ...init.headers };
  let body: RequestInit['body'];
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) body = init.form;
  const res = await app.request(path, { method, headers, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json: json as any };
}

async function must(app: App, method: string, path: string, init: Parameters<typeof call>[3] = {}) {
  const r = await call(app, method, path, init);
  if (r.status >= 300) throw new Error(`seeding failed: ${method} ${path} → ${r.status} ${r.text.slice(0, 400)}`);
  return r.json;
}

const wechatCsv = (rows: [string, string, number][]) =>
  [
    '内容标题,发表时间,总阅读人数,总阅读次数,总分享人数,总分享次数,内容url',
    ...rows.map(([t, at, n], i) => `"${t}",${at},${n},${n + 30},10,12,https://mp.weixin.qq.com/s?__biz=MzA5NjA&mid=${2247480000 + i}&idx=1&sn=abc${i}`),
  ].join('\r\n') + '\r\n';

export async function seedThroughApi(app: App): Promise<SeedState> {
  if (process.env[UNSET_WEBHOOK_ENV] !== undefined || process.env[UNSET_SECRET_ENV] !== undefined) {
    throw new Error(`${UNSET_WEBHOOK_ENV}/${UNSET_SECRET_ENV} must be unset: robots would reach a real webhook`);
  }
  const year = 2024;
  const imported = await must(app, 'POST', `/api/imports?year=${year}`, { form: fileForm('tianjin-eco-support-centre-2024.txt', seedText()) });
  const projects: number[] = imported.projects.map((p: { id: number }) => p.id);
  if (projects.length < 4) throw new Error(`seed: expected 4 projects, got ${projects.length}`);
  const [p1, p2, p3, p4] = projects as [number, number, number, number];

  const measures = new Map<number, unknown>();
  let manual: { id: number; percent: boolean } | null = null;
  const manualIds: number[] = [];
  const qualitativeIds: number[] = [];
  let qualitative: number | null = null;
  let counted: number | null = null;
  for (const p of projects) {
    const detail = await must(app, 'GET', `/api/projects/${p}`);
    const bindings = (await must(app, 'GET', `/api/projects/${p}/measures`)) as { indicatorId: number; measure: Record<string, unknown> | null }[];
    for (const b of bindings) measures.set(b.indicatorId, b.measure);
    for (const i of detail.indicators as { id: number; target: { kind: string; normalized: { unit: string } | null } }[]) {
      const m = measures.get(i.id) as Record<string, unknown> | null | undefined;
      if (i.target.kind === 'qualitative') {
        qualitative ??= i.id;
        qualitativeIds.push(i.id);
      } else if (m?.type === 'manual') {
        manual ??= { id: i.id, percent: i.target.normalized?.unit === 'percent' };
        manualIds.push(i.id);
      } else if (m?.type === 'count' && m.kind === 'report') counted ??= i.id;
    }
  }
  if (!manual || !qualitative || !counted) throw new Error('seed: no manual, qualitative or counted indicator found');

  // One entry of every kind in the routes' project, and a few more spread over the year.
  const project = p3;
  const oneOfEach = Object.entries(ENTRY_KINDS).map(([kind, fields]) => ({
    kind,
    ...Object.fromEntries(Object.entries(fields).map(([name, [, value]]) => [name, value])),
  }));
  await must(app, 'POST', `/api/projects/${project}/entries`, { json: oneOfEach });
  await must(app, 'POST', `/api/projects/${p1}/entries`, {
    json: [
      { kind: 'inspection', date: '2024-02-03', target: '信息网链路', result: 'issue' },
      { kind: 'expenditure', date: '2024-05-15', amount: 400000.5, voucher: 'P1-002' },
      { kind: 'survey', date: '2024-12-10', respondent: '市生态环境局信息处', score: 90 },
    ],
  });
  const pool = await must(app, 'POST', `/api/projects/${project}/entries`, {
    json: Array.from({ length: 40 }, (_, i) => ({ kind: 'report', date: '2024-03-05', title: `待更正的调查报告 ${i + 1}` })),
  });
  const entryPool: number[] = pool.inserted;
  if (entryPool.length !== 40) throw new Error(`seed: expected 40 report entries, got ${JSON.stringify(pool)}`);

  const jsonl =
    [
      { kind: 'maintenance', project: p1, date: '2024-01-25', item: '不间断电源维保', passed: true },
      { kind: 'maintenance', project: p1, date: '2024-02-09', item: '机房空调维保', passed: false },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n';
  await must(app, 'POST', '/api/entries/import', { form: fileForm('2024-log.jsonl', jsonl) });

  const channelName = '美丽天津公众号';
  const channel = await must(app, 'POST', '/api/channels', { json: { platform: 'wechat', name: channelName, projects: [p2] } });
  const csv = wechatCsv([
    ['美丽天津 第1期', '2024-01-02 08:00', 200],
    ['美丽天津 第2期', '2024-01-03 09:00', 230],
    ['美丽天津 第3期', '2024-02-04 10:00', 180],
  ]);
  await must(app, 'POST', `/api/channels/${channel.id}/wechat-export?asOf=2024-07-01`, { form: fileForm('export.csv', csv, 'text/csv') });

  const probeName = '回环探测';
  await must(app, 'POST', '/api/probes', { json: { name: probeName, target: LOCAL_PROBE_TARGET, project: p1 } });
  const robotName = '值班群机器人';
  await must(app, 'POST', '/api/robots', { json: { name: robotName, kind: 'wecom', webhookEnv: UNSET_WEBHOOK_ENV, projects: [p2] } });

  await must(app, 'POST', `/api/indicators/${manual.id}/values`, { json: { value: 8, asOf: '2024-06-30', note: '运维月报' } });
  await must(app, 'POST', `/api/indicators/${qualitative}/confirm`);
  const target = await must(app, 'POST', '/api/users', { json: { name: 'malformed-target', role: 'staff' } });
  await must(app, 'POST', '/api/users', { json: { name: SIGN_IN_USER, role: 'leader', password: TEST_PASSWORD } });
  const targetToken = await must(app, 'POST', '/api/tokens', { json: { user: target.user.id } });
  await must(app, 'POST', `/api/indicators/${qualitative}/assessments`, { json: { tier: '达成', score: 90, asOf: '2024-12-31', note: '设备均正常运行' } });

  // Supporting files hang on records of indicators no other route's variants correct (a `supersedes` variant
  // aimed at the routes' own manual value or assessment would close them to new files).
  const fileManual = manualIds.find((id) => id !== manual!.id) ?? manual.id;
  const fileQualitative = qualitativeIds.find((id) => id !== qualitative) ?? qualitative;
  const value = await must(app, 'POST', `/api/indicators/${fileManual}/values`, { json: { value: 2, asOf: '2024-06-30', note: '佐证材料所附的填报' } });
  const assessment = await must(app, 'POST', `/api/indicators/${fileQualitative}/assessments`, {
    json: { tier: '达成', score: 85, asOf: '2024-12-31', note: '附现场照片' },
  });
  const note = await must(app, 'POST', `/api/indicators/${counted}/monitoring-notes`, { json: { likelihood: 'certain', reasons: [], asOf: '2024-06-30' } });
  const attach = (path: string, name: string, bytes: Uint8Array) => must(app, 'POST', path, { form: fileUpload(name, bytes, '现场照片') });
  const file = await attach(`/api/monitoring-notes/${note.id}/files`, '现场照片.png', tinyPng(40, 120, 200));
  await attach(`/api/values/${value.id}/files`, '运维月报.pdf', samplePdf('monthly report'));
  await attach(`/api/assessments/${assessment.id}/files`, '验收照片.png', tinyPng(200, 120, 40));
  await attach(`/api/entries/${entryPool[0]}/files`, '报告封面.png', tinyPng(90, 90, 90));
  const removalPool: number[] = [];
  for (let i = 0; i < 40; i++)
    removalPool.push((await attach(`/api/monitoring-notes/${note.id}/files`, `待移除的照片${i + 1}.png`, tinyPng(i, 7, 250 - i))).id);

  const jobs = await must(app, 'GET', '/api/jobs');
  const jobNames: string[] = jobs.jobs.map((j: { name: string }) => j.name);
  void p4;
  const unit: number = (await must(app, 'GET', `/api/projects/${project}`)).unit.id;
  return {
    year,
    projects,
    project,
    unit,
    indicators: { manual: manual.id, manualPercent: manual.percent, qualitative, counted },
    measures,
    channel: { id: channel.id, name: channelName, platform: 'wechat' },
    probeName,
    robotName,
    jobNames,
    job: jobNames.includes('probes') ? 'probes' : jobNames[0]!,
    files: { manualValue: value.id, assessment: assessment.id, monitoringNote: note.id, file: file.id },
    removalPool: removalPool.slice(1),
    removalHead: removalPool[0]!,
    entryPool: entryPool.slice(1),
    entryHead: entryPool[0]!,
    targetUser: target.user.id,
    targetToken: targetToken.id,
    seq: 0,
    extra: {},
  };
}

/**
 * After a correction was accepted the entry it corrected is history; the next one must target the new head
 * (or, once withdrawn, a fresh entry of the pool).
 */
export function followCorrection(state: SeedState, body: { id?: unknown; voided?: unknown } | null): void {
  if (body && typeof body.id === 'number' && body.voided !== true) state.entryHead = body.id;
  else state.entryHead = state.entryPool.shift() ?? state.entryHead;
}

/** After a file was removed, the removal route moves on to the next file still current. */
export function followRemoval(state: SeedState): void {
  state.removalHead = state.removalPool.shift() ?? state.removalHead;
}

const LOOPBACK = /^(tcp|https?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i;

/**
 * Why running a job now could reach beyond this machine, or null. Checked before every job run the test
 * sends, after any write: a channel with usable credentials or a non-loopback URL, a probe of another host,
 * a robot whose webhook variable is set.
 */
export async function outboundRisk(app: App): Promise<string | null> {
  const [channels, probes, robots] = await Promise.all(['/api/channels', '/api/probes', '/api/robots'].map((p) => call(app, 'GET', p)));
  if (!Array.isArray(channels!.json)) throw new Error(`GET /api/channels answered ${channels!.status}: ${JSON.stringify(channels!.json).slice(0, 300)}`);
  for (const c of (channels!.json ?? []) as { name: string; platform: string; settings: Record<string, unknown> }[]) {
    const s = c.settings ?? {};
    const urls = Object.values(s).filter((v): v is string => typeof v === 'string' && /:\/\//.test(v));
    if (urls.some((u) => !LOOPBACK.test(u))) return `channel ${c.name} has a URL ${urls.join(' ')}`;
    const env = (k: unknown) => typeof k === 'string' && process.env[k] !== undefined;
    if (c.platform === 'wechat' && s.appId && env(s.secretEnv)) return `channel ${c.name} has WeChat credentials`;
    if (c.platform === 'weibo' && s.uid && env(s.tokenEnv)) return `channel ${c.name} has a Weibo token`;
    if (c.platform === 'rss' && typeof s.url === 'string' && !LOOPBACK.test(s.url)) return `channel ${c.name} has a feed URL`;
  }
  for (const p of (probes!.json ?? []) as { name: string; target: string }[]) {
    if (!LOOPBACK.test(p.target)) return `probe ${p.name} targets ${p.target}`;
  }
  for (const r of (robots!.json ?? []) as { name: string; webhookEnv: string; secretEnv: string | null }[]) {
    if (process.env[r.webhookEnv] !== undefined) return `robot ${r.name} has its webhook variable ${r.webhookEnv} set`;
  }
  return null;
}
