import { entryKindSchemas, entryKinds, type EntryKind } from '../../src/evidence/entry-kinds.ts';
import { proposeMeasure } from '../../src/measures/propose-measure.ts';
import { measureSpecSchema } from '../../src/measures/spec.ts';
import { indicatorKeys } from '../../src/services/indicator-keys.ts';
import { parseTarget } from '../../src/targets/parse-target.ts';
import { between, uniform } from './prng.ts';

// The city-scale data set of the benchmark: one unit, 500 projects of 2024 with 8 indicators each (the
// kinds of the Tianjin seed table), two publishing channels per project, and the facts: posts with five
// cumulative stat snapshots each, and typed log entries spread over the projects, the kinds and the year.
// Rows come out as PostgreSQL COPY text lines; ids are explicit so facts can reference each other.

export interface Sizes {
  projects: number;
  indicatorsPerProject: number;
  channelsPerProject: number;
  posts: number;
  snapshotsPerPost: number;
  entries: number;
}

/** The issue's sizes: 500 projects, 4,000 indicators, 1M posts, 5M snapshots, 1M log entries. */
export function benchSizes(scale: number): Sizes {
  return {
    projects: 500,
    indicatorsPerProject: 8,
    channelsPerProject: 2,
    posts: Math.round(1_000_000 * scale),
    snapshotsPerPost: 5,
    entries: Math.round(1_000_000 * scale),
  };
}

export const UNIT_ID = 1;
const YEAR = 2024;
const DAYS_IN_YEAR = 366;
/** Snapshot days after publication: the day itself, then a day, 3 days, a week and a month later. */
const SNAPSHOT_OFFSETS = [0, 1, 3, 7, 30] as const;
const SNAPSHOT_SHARE = [0.35, 0.6, 0.8, 0.9, 1] as const;

// Day index 0 is 2024-01-01; far enough past the year for the last snapshots.
const DAY = Array.from({ length: DAYS_IN_YEAR + 60 }, (_, d) => new Date(Date.UTC(YEAR, 0, 1 + d)).toISOString().slice(0, 10));
const dayStr = (d: number) => DAY[d]!;
/** UTC milliseconds of a moment on Shanghai day d (China: UTC+8, no DST). */
const shanghaiMs = (d: number, secondsIntoDay: number) => Date.UTC(YEAR, 0, 1 + d) - 8 * 3600_000 + secondsIntoDay * 1000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** COPY text format: tab-separated, \N for null, backslash escapes. */
export function copyValue(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v !== 'string') return String(v);
  if (!/[\\\t\n\r]/.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function copyLine(values: (string | number | boolean | null)[]): string {
  return values.map(copyValue).join('\t') + '\n';
}

export interface Table {
  table: string;
  columns: string[];
  rows: () => Iterable<string>;
  count: number;
}

const DISTRICTS = [
  '和平区',
  '河东区',
  '河西区',
  '南开区',
  '河北区',
  '红桥区',
  '东丽区',
  '西青区',
  '津南区',
  '北辰区',
  '武清区',
  '宝坻区',
  '滨海新区',
  '宁河区',
  '静海区',
  '蓟州区',
];
const TOPICS = [
  '生态环境信息网络运行维护',
  '生态城市建设宣传',
  '环境监测能力建设',
  '污染源在线监控运维',
  '突发环境事件应急保障',
  '环境执法能力提升',
  '固体废物监管平台运维',
  '水环境质量监测',
];

export function projectName(p: number): string {
  return `${DISTRICTS[p % DISTRICTS.length]}${TOPICS[(p >> 4) % TOPICS.length]}项目（${String(p).padStart(3, '0')}）`;
}

/** Yuan, whole 万元 between 30万 and 500万. */
export function projectBudget(p: number): number {
  return between(p, 11, 30, 500) * 10_000;
}

/** The eight indicators of every project, after the seed table's kinds; targets vary per project. */
function indicatorRows(p: number, sizes: Sizes): { level1: string; level2: string; level3: string; raw: string }[] {
  const perProjectKind = sizes.entries / sizes.projects / entryKinds.length;
  const postsPerProject = (sizes.posts / sizes.projects) * 0.9;
  return [
    { level1: '产出指标', level2: '数量指标', level3: '开展宣传活动次数', raw: `≥${Math.max(1, Math.round(perProjectKind * 0.9))}次` },
    { level1: '产出指标', level2: '质量指标', level3: '维保项目完成合格率', raw: '≥95%' },
    { level1: '成本指标', level2: '经济成本指标', level3: '年度运维成本', raw: `≤${projectBudget(p) / 10_000}万元` },
    { level1: '产出指标', level2: '时效指标', level3: '故障解决时效', raw: p % 2 === 0 ? '<1天' : '≤48小时' },
    { level1: '满意度指标', level2: '服务对象满意度指标', level3: '服务对象满意度', raw: '≥85%' },
    { level1: '产出指标', level2: '数量指标', level3: '两微发布信息数量', raw: `≥${Math.max(1, Math.round(postsPerProject))}条` },
    { level1: '效益指标', level2: '社会效益指标', level3: '推文阅读量', raw: `≥${Math.max(1, Math.round((postsPerProject * 2000) / 10_000))}万人次` },
    { level1: '产出指标', level2: '时效指标', level3: '项目执行天数', raw: '≤365天' },
  ];
}

const indicatorId = (p: number, k: number, sizes: Sizes) => (p - 1) * sizes.indicatorsPerProject + k + 1;
/** Channel ids of project p: wechat 2p−1, weibo 2p. */
const channelOfPost = (j: number, sizes: Sizes) => (j % (sizes.projects * sizes.channelsPerProject)) + 1;

/** Post ids (1-based: post j has id j + 1) of channel c, in id order: the inverse of channelOfPost. */
export function postIdsOfChannel(c: number, sizes: Sizes): number[] {
  const channels = sizes.projects * sizes.channelsPerProject;
  const ids: number[] = [];
  for (let j = c - 1; j < sizes.posts; j += channels) ids.push(j + 1);
  return ids;
}

/** Readers of post j on its last generated snapshot (publication + 30 days): most a few hundred, a few thousands. */
export const finalReaders = (j: number) => 50 + Math.floor(uniform(j, 3) ** 3 * 20_000);

/** The last day of any generated snapshot: posts are published in 2024, the last snapshot is 30 days on. */
export const LAST_SNAPSHOT_DAY = dayStr(DAYS_IN_YEAR - 1 + 30);

/** Unit, projects, indicators, bindings, channels and their links: the same at every fact size. */
export function staticTables(sizes: Sizes): Table[] {
  const projectIds = Array.from({ length: sizes.projects }, (_, i) => i + 1);
  const indicatorRowsOf = (p: number) => {
    const list = indicatorRows(p, sizes);
    const keys = indicatorKeys(list);
    return list.map((row, k) => {
      const parsed = parseTarget(row.raw, row);
      const t = parsed.target;
      const spec = measureSpecSchema.parse(
        proposeMeasure({
          level1: row.level1,
          level2: row.level2,
          level3: row.level3,
          description: row.level3,
          targetKind: t.kind,
          normalizedUnit: t.normalized?.unit ?? null,
        }),
      );
      return { id: indicatorId(p, k, sizes), key: keys[k]!, position: k, row, parsed, spec };
    });
  };
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));
  return [
    {
      table: 'units',
      columns: ['id', 'key', 'code', 'name'],
      count: 1,
      rows: () => [copyLine([UNIT_ID, '362207', '362207', '天津市生态环境综合保障中心'])],
    },
    {
      table: 'projects',
      columns: [
        'id',
        'unit_id',
        'year',
        'name',
        'period_start',
        'period_end',
        'budget_total',
        'budget_fiscal',
        'budget_other',
        'budget_weight',
        'purpose',
        'goals',
      ],
      count: sizes.projects,
      rows: () =>
        projectIds.map((p) => {
          const budget = projectBudget(p).toFixed(2);
          return copyLine([
            p,
            UNIT_ID,
            YEAR,
            projectName(p),
            `${YEAR}-01-01`,
            `${YEAR}-12-31`,
            budget,
            budget,
            null,
            null,
            `${projectName(p)}：保障重点业务持续运行`,
            JSON.stringify(['通过项目实施，确保重点业务安全开展，为生态环境保护做出贡献。']),
          ]);
        }),
    },
    {
      table: 'indicators',
      columns: [
        'id',
        'project_id',
        'key',
        'position',
        'level1',
        'level2',
        'level3',
        'description',
        'target_raw',
        'target_kind',
        'comparator',
        'comparator_inferred',
        'target_value',
        'target_unit',
        'normalized_value',
        'normalized_unit',
        'target_text',
        'range_min',
        'range_max',
        'deadline',
        'weight',
        'applicable',
        'warnings',
        'needs_review',
        'active',
        'source_line',
      ],
      count: sizes.projects * sizes.indicatorsPerProject,
      rows: function* () {
        for (const p of projectIds) {
          for (const i of indicatorRowsOf(p)) {
            const t = i.parsed.target;
            yield copyLine([
              i.id,
              p,
              i.key,
              i.position,
              i.row.level1,
              i.row.level2,
              i.row.level3,
              i.row.level3,
              t.raw,
              t.kind,
              t.comparator,
              t.inferred,
              num(t.value),
              t.unit,
              num(t.normalized?.value),
              t.normalized?.unit ?? null,
              t.text,
              num(t.range?.low),
              num(t.range?.high),
              t.deadline,
              null,
              true,
              JSON.stringify(i.parsed.warnings),
              i.parsed.needsReview,
              true,
              20 + i.position,
            ]);
          }
        }
      },
    },
    {
      table: 'measure_bindings',
      columns: ['indicator_id', 'spec', 'proposed', 'confirmed_by'],
      count: sizes.projects * sizes.indicatorsPerProject,
      rows: function* () {
        for (const p of projectIds) for (const i of indicatorRowsOf(p)) yield copyLine([i.id, JSON.stringify(i.spec), false, 'bench']);
      },
    },
    {
      table: 'channels',
      columns: ['id', 'platform', 'name', 'settings'],
      count: sizes.projects * sizes.channelsPerProject,
      rows: function* () {
        for (const p of projectIds) {
          yield copyLine([2 * p - 1, 'wechat', `${projectName(p)}公众号`, JSON.stringify({ appIdEnv: `WECHAT_APPID_${p}` })]);
          yield copyLine([2 * p, 'weibo', `${projectName(p)}微博`, JSON.stringify({ uid: String(5_000_000_000 + p) })]);
        }
      },
    },
    {
      table: 'channel_projects',
      columns: ['channel_id', 'project_id'],
      count: sizes.projects * sizes.channelsPerProject,
      rows: function* () {
        for (const p of projectIds) {
          yield copyLine([2 * p - 1, p]);
          yield copyLine([2 * p, p]);
        }
      },
    },
  ];
}

/** Posts [from, to) (0-based) and their snapshots, spread evenly over the channels and uniformly over 2024. */
export function postTables(sizes: Sizes, from: number, to: number): Table[] {
  const n = Math.max(0, to - from);
  const published = (j: number) => {
    const d = Math.floor(uniform(j, 1) * DAYS_IN_YEAR);
    const sec = between(j, 2, 7 * 3600, 22 * 3600);
    return { d, sec };
  };
  return [
    {
      table: 'posts',
      columns: ['id', 'channel_id', 'external_id', 'title', 'url', 'published_at', 'day', 'source'],
      count: n,
      rows: function* () {
        for (let j = from; j < to; j++) {
          const { d, sec } = published(j);
          const c = channelOfPost(j, sizes);
          const at = `${dayStr(d)} ${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor(sec / 60) % 60)}:${pad2(sec % 60)}+08`;
          const ext = `p${j.toString(36)}`;
          yield `${j + 1}\t${c}\t${ext}\t${TOPICS[c % TOPICS.length]}工作动态（第${j}期）：推进生态环境保护重点任务\thttps://mp.example.cn/s/${ext}\t${at}\t${dayStr(d)}\tbench\n`;
        }
      },
    },
    {
      table: 'post_stats',
      columns: ['post_id', 'day', 'readers', 'reads', 'shares', 'likes', 'source'],
      count: n * SNAPSHOT_OFFSETS.length,
      rows: function* () {
        for (let j = from; j < to; j++) {
          const { d } = published(j);
          const final = finalReaders(j);
          for (let s = 0; s < SNAPSHOT_OFFSETS.length; s++) {
            const readers = Math.round(final * SNAPSHOT_SHARE[s]!);
            yield `${j + 1}\t${dayStr(d + SNAPSHOT_OFFSETS[s]!)}\t${readers}\t${Math.round(readers * 1.4)}\t${Math.floor(readers / 50)}\t${Math.floor(readers / 30)}\tbench\n`;
          }
        }
      },
    },
  ];
}

/**
 * Entry i belongs to project i mod P and kind ⌊i/P⌋ mod 12, so entry i − 12P has the same project and kind:
 * every hundredth entry (from the 12P-th on) is a correction superseding that one, and every thousandth a
 * withdrawal (voided), as staff corrections arrive.
 */
export function entryTable(sizes: Sizes, from: number, to: number): Table {
  const P = sizes.projects;
  const back = P * entryKinds.length;
  const perProjectKind = Math.max(1, 1_000_000 / P / entryKinds.length);
  return {
    table: 'entries',
    columns: ['id', 'project_id', 'kind', 'day', 'fields', 'dedupe_key', 'source', 'author', 'supersedes_id', 'voided', 'reason'],
    count: Math.max(0, to - from),
    rows: function* () {
      for (let i = from; i < to; i++) {
        const p = (i % P) + 1;
        const kind = entryKinds[Math.floor(i / P) % entryKinds.length]!;
        const { day, fields } = entryFields(kind, i, p, perProjectKind);
        const correction = i % 100 === 99 && i >= back;
        const voided = correction && i % 1000 === 999;
        yield copyLine([
          i + 1,
          p,
          kind,
          day,
          JSON.stringify(fields),
          `bench-${i}`,
          'bench',
          `staff${i % 37}`,
          correction ? i - back + 1 : null,
          voided,
          voided ? '录入错误，撤回' : correction ? '更正' : null,
        ]);
      }
    },
  };
}

/** Fields as the kind's schema outputs them (instants as ISO UTC strings), and the entry's day. */
export function entryFields(kind: EntryKind, i: number, p: number, perProjectKind: number): { day: string; fields: Record<string, unknown> } {
  const d = Math.floor(uniform(i, 10) * DAYS_IN_YEAR);
  const date = dayStr(d);
  const at = (day: number, sec: number) => new Date(shanghaiMs(day, sec)).toISOString();
  const sec = between(i, 11, 8 * 3600, 18 * 3600);
  const title = `${projectName(p)}${kind === 'report' ? '季度工作报告' : '工作事项'}${i}`;
  switch (kind) {
    case 'activity':
      return {
        day: date,
        fields: { date, title: `生态环境宣传进社区活动${i}`, location: DISTRICTS[i % DISTRICTS.length], participants: between(i, 12, 20, 300) },
      };
    case 'opinion_report': {
      const due = shanghaiMs(d, sec) + 24 * 3600_000;
      const late = uniform(i, 12) < 0.1;
      return {
        day: date,
        fields: {
          date,
          title: `舆情信息${i}`,
          due_at: new Date(due).toISOString(),
          delivered_at: new Date(due + (late ? 1 : -1) * between(i, 13, 1, 20) * 3600_000).toISOString(),
          disclosed: uniform(i, 14) < 0.5,
        },
      };
    }
    case 'incident':
      return {
        day: date,
        fields: {
          occurred_at: at(d, sec),
          level: uniform(i, 12) < 0.95 ? 'general' : 'large',
          title,
          location: DISTRICTS[i % DISTRICTS.length],
          closed_at: at(d + 1, sec),
          standard: '国办函〔2014〕119号',
        },
      };
    case 'risk_check':
      return { day: date, fields: { date, enterprise: `天津某化工有限公司${i % 997}`, findings: '危废贮存标识不规范', rectified: uniform(i, 12) < 0.9 } };
    case 'report':
      return { day: date, fields: { date, title } };
    case 'task': {
      const done = uniform(i, 12) < 0.7 ? dayStr(Math.max(0, d - between(i, 13, 0, 20))) : null;
      return { day: date, fields: { title, due: date, done_at: done } };
    }
    case 'inspection':
      return { day: date, fields: { date, target: `信息网设备和链路${i % 53}`, result: uniform(i, 12) < 0.95 ? 'ok' : 'issue' } };
    case 'fault': {
      const opened = shanghaiMs(d, sec);
      const open = uniform(i, 12) < 0.03;
      const resolved = open ? null : new Date(opened + between(i, 13, 10, 48 * 60) * 60_000).toISOString();
      return { day: date, fields: { opened_at: new Date(opened).toISOString(), resolved_at: resolved, system: `环境监管网络系统${i % 17}` } };
    }
    case 'maintenance':
      return { day: date, fields: { date, item: `机房设备维保${i % 29}`, passed: uniform(i, 12) < 0.97 } };
    case 'procurement': {
      const quantity = between(i, 12, 1, 20);
      return { day: date, fields: { date, item: '交换机', quantity, amount: quantity * between(i, 13, 500, 20_000) } };
    }
    case 'expenditure': {
      // About 90% of the budget over a year of entries at full size.
      const mean = (projectBudget(p) * 0.9) / perProjectKind;
      const amount = Math.round(mean * (0.5 + uniform(i, 12)) * 100) / 100;
      return { day: date, fields: { date, amount, payee: `天津某信息技术有限公司${i % 41}`, voucher: `记-${YEAR}-${i}` } };
    }
    case 'survey':
      return { day: date, fields: { date, respondent: `受访者${i}`, score: between(i, 12, 60, 100) } };
    case 'tally':
      // Toward the project's first indicator (ids are assigned in order, eight per project).
      return { day: date, fields: { date, indicator: (p - 1) * 8 + 1, quantity: between(i, 12, 1, 5), title: `${title}登记`, note: null } };
  }
}

/** Checks generated fields against the kinds' schemas (a sample: the generator is total, this catches drift). */
export function validateEntrySample(count: number): string[] {
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = entryKinds[i % entryKinds.length]!;
    const { fields } = entryFields(kind, i * 7919, 1 + (i % 500), 167);
    const r = entryKindSchemas[kind].safeParse(fields);
    if (!r.success) problems.push(`${kind}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
    else if (JSON.stringify(r.data) !== JSON.stringify(fields))
      problems.push(`${kind}: stored form differs: ${JSON.stringify(r.data)} vs ${JSON.stringify(fields)}`);
  }
  return problems;
}
