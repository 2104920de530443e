// What a field means (id, date, money, text …), read from its name and schema, and a plausible value for
// it. The document describes most bodies; entry kinds fall back to README's table while OpenAPI lists only
// `kind` and `id` for NewEntry.
import type { Shape } from './openapi.ts';

export type Semantic =
  | 'id'
  | 'ref'
  | 'year'
  | 'date'
  | 'instant'
  | 'money'
  | 'count'
  | 'score'
  | 'number'
  | 'text'
  | 'envName'
  | 'enum'
  | 'flag'
  | 'object'
  | 'array'
  | 'any';

const DATE_PATTERN = /\\d\{4\}-\\d\{2\}-\\d\{2\}/;
const DATE_NAMES = new Set(['date', 'due', 'done_at', 'asOf', 'from', 'to', 'day']);
const MONEY_NAMES = new Set(['amount', 'budget', 'spent']);
const COUNT_NAMES = new Set(['quantity', 'participants', 'limit', 'offset', 'intervalMinutes', 'readers', 'reads']);
const FLAG_NAMES = new Set(['passed', 'rectified', 'disclosed', 'voided']);

/** Enumerations the document does not (yet) state: entry fields and the assessment tier. */
export const KNOWN_ENUMS: Record<string, string[]> = {
  level: ['particularly_major', 'major', 'large', 'general'],
  result: ['ok', 'issue'],
  tier: ['达成', '部分达成', '未达成'],
};

export function semanticOf(name: string, shape: Shape | undefined): Semantic {
  const s = shape;
  if (s?.t === 'array') return 'array';
  if (s?.t === 'object') return 'object';
  const numericOrText = s?.t === 'union' && s.options.some((o) => o.t === 'integer' || o.t === 'number') && s.options.some((o) => o.t === 'string');
  if (name === 'project' || numericOrText || (name === 'projects' && s?.t !== 'string')) return 'ref';
  if (s?.t === 'string' && s.enum) return 'enum';
  if (DATE_NAMES.has(name) || (s?.t === 'string' && (s.format === 'date' || (s.pattern !== undefined && DATE_PATTERN.test(s.pattern))))) return 'date';
  if (/_at$/.test(name) || (s?.t === 'string' && s.format === 'date-time')) return 'instant';
  if (s?.t === 'boolean' || FLAG_NAMES.has(name)) return 'flag';
  if (KNOWN_ENUMS[name]) return 'enum';
  if (/Env$/.test(name)) return 'envName';
  if (name === 'year') return 'year';
  if (MONEY_NAMES.has(name)) return 'money';
  if (name === 'score') return 'score';
  if (s?.t === 'integer' || s?.t === 'number') {
    if (name === 'id' || name === 'supersedes' || /Id$/.test(name)) return 'id';
    if (COUNT_NAMES.has(name) || s.t === 'integer') return 'count';
    return 'number';
  }
  if (COUNT_NAMES.has(name)) return 'count';
  if (name === 'value') return 'number';
  return s === undefined || s.t === 'string' ? 'text' : 'any';
}

/** Entry kinds: field → [meaning, plausible value, required]. README's table (docs/design.md "Evidence"). */
type EntryField = [Semantic, unknown, boolean];
export const ENTRY_KINDS: Record<string, Record<string, EntryField>> = {
  activity: {
    date: ['date', '2024-03-12', true],
    title: ['text', '六五环境日宣传活动', true],
    location: ['text', '海河亲水平台', false],
    participants: ['count', 120, false],
  },
  opinion_report: {
    date: ['date', '2024-03-01', true],
    title: ['text', '舆情专报', true],
    due_at: ['instant', '2024-03-01 18:00', true],
    delivered_at: ['instant', '2024-03-01 16:00', false],
    disclosed: ['flag', false, false],
  },
  incident: {
    occurred_at: ['instant', '2024-05-03 10:00', true],
    level: ['enum', 'general', true],
    title: ['text', '河道污染', true],
    location: ['text', '北运河', false],
    closed_at: ['instant', '2024-05-04 10:00', false],
  },
  risk_check: {
    date: ['date', '2024-04-10', true],
    enterprise: ['text', '某化工有限公司', true],
    findings: ['text', '危废台账不全', true],
    rectified: ['flag', true, true],
  },
  report: { date: ['date', '2024-03-01', true], title: ['text', '事故调查报告', true] },
  task: { title: ['text', '京津冀联防任务', true], due: ['date', '2024-06-30', false], done_at: ['date', '2024-06-20', false] },
  inspection: { date: ['date', '2024-02-02', true], target: ['text', '信息网链路', true], result: ['enum', 'ok', true] },
  fault: { opened_at: ['instant', '2024-02-01 09:00', true], resolved_at: ['instant', '2024-02-01 11:00', false], system: ['text', '核心交换机', true] },
  maintenance: { date: ['date', '2024-01-10', true], item: ['text', '机房空调维保', true], passed: ['flag', true, true] },
  procurement: { date: ['date', '2024-03-01', true], item: ['text', '核心交换机', true], quantity: ['count', 2, true], amount: ['money', 400000, false] },
  expenditure: {
    date: ['date', '2024-02-15', true],
    amount: ['money', 100000, true],
    payee: ['text', '某信息技术有限公司', false],
    voucher: ['text', 'P1-001', false],
  },
  survey: { date: ['date', '2024-06-20', true], respondent: ['text', '市生态环境局宣教处', true], score: ['score', 95, true] },
  // Toward an indicator of the seed's third project (where entries go), by its 三级指标 name; a quantity may have
  // decimals (公里, 万亩).
  tally: {
    date: ['date', '2024-03-01', true],
    indicator: ['text', '完成工作目标', true],
    quantity: ['number', 2, false],
    title: ['text', '第一期培训', true],
    note: ['text', '补录', false],
  },
};

/** A Shape for a fallback entry kind, so that the generator treats it like a documented body. */
export function entryKindShape(kind: string): Shape {
  const fields = ENTRY_KINDS[kind] ?? {};
  const props: Record<string, Shape> = { kind: { t: 'string', enum: [kind] } };
  for (const [name, [sem]] of Object.entries(fields)) props[name] = shapeOfSemantic(name, sem);
  return {
    t: 'object',
    props,
    required: [
      'kind',
      ...Object.entries(fields)
        .filter(([, f]) => f[2])
        .map(([n]) => n),
    ],
    open: true,
  };
}

function shapeOfSemantic(name: string, sem: Semantic): Shape {
  switch (sem) {
    case 'date':
      return { t: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    case 'instant':
      return { t: 'string', format: 'date-time' };
    case 'count':
      return { t: 'integer', minimum: 0 };
    case 'money':
      return { t: 'number', minimum: 0 };
    case 'score':
      return { t: 'number', minimum: 0, maximum: 100 };
    case 'flag':
      return { t: 'boolean' };
    case 'enum':
      return { t: 'string', enum: KNOWN_ENUMS[name] ?? [] };
    default:
      return { t: 'string', minLength: 1 };
  }
}

/**
 * Chinese names a rejection may use for a field (besides the field's own key). Kept wide on purpose: the
 * check is that the user can tell WHICH field was wrong, not the exact wording.
 */
export const FIELD_WORDS: Record<string, string[]> = {
  id: ['编号', 'ID', '记录', '项目', '指标', '渠道'],
  asOf: ['截至日期', '日期'],
  from: ['开始日期', '起始日期'],
  to: ['结束日期', '截止日期'],
  limit: ['条数'],
  offset: ['起始位置', '偏移'],
  step: ['间隔'],
  year: ['年度', '年份'],
  dryRun: ['预览'],
  fileName: ['文件名'],
  file: ['文件'],
  history: ['历史'],
  kind: ['类型'],
  project: ['项目'],
  projects: ['项目'],
  name: ['名称'],
  platform: ['平台'],
  settings: ['设置'],
  value: ['数值', '值'],
  note: ['说明', '备注'],
  evidenceUrl: ['佐证', '链接'],
  supersedes: ['更正的', '被更正'],
  tier: ['档次', '等级', '评价'],
  score: ['得分', '分数'],
  by: ['确认人'],
  measure: ['度量'],
  fields: ['字段'],
  voided: ['撤销'],
  reason: ['原因'],
  target: ['对象', '目标'],
  intervalMinutes: ['间隔'],
  webhookEnv: ['Webhook'],
  secretEnv: ['密钥'],
  events: ['推送'],
  'x-user': ['X-User', '操作人'],
  date: ['日期'],
  title: ['标题', '名称'],
  location: ['地点'],
  participants: ['人数'],
  due_at: ['报送时限', '时限'],
  delivered_at: ['报送时间'],
  disclosed: ['公开'],
  occurred_at: ['发生时间'],
  level: ['级别'],
  closed_at: ['结束时间'],
  enterprise: ['企业'],
  findings: ['问题'],
  rectified: ['整改'],
  due: ['截止日期'],
  done_at: ['完成日期'],
  result: ['结果'],
  opened_at: ['发生时间'],
  resolved_at: ['解决时间'],
  system: ['系统'],
  item: ['项目'],
  passed: ['合格'],
  quantity: ['数量'],
  amount: ['金额'],
  payee: ['收款'],
  voucher: ['凭证'],
  respondent: ['评价人'],
  发表时间: ['发表时间'],
  内容标题: ['标题'],
  总阅读人数: ['阅读人数'],
  jobName: ['任务'],
  'X-User': ['操作人'],
};
