import { z } from '@hono/zod-openapi';
import { shanghaiDayOf } from '../edge/days.ts';
import { COUNT_MAX, ID_MAX, TEXT_MAX } from '../edge/limits.ts';
import { Count, Day, Deadline, Instant, Money, optionalText, strictNumber, text } from '../edge/schemas.ts';

// The typed log entries of docs/design.md "Evidence". Field names are fixed (API, bulk files);
// labels are for people. Every field is an edge type (src/edge), so the API, the CLI and bulk files hold
// the same bounds.

const title = text(TEXT_MAX.title);
/** An indicator: its id (a number, or canonical digits), else its 三级指标 name. */
const indicatorRef = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number' || /^[1-9]\d{0,9}$/.test(v.trim())) {
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= ID_MAX) return n;
    ctx.addIssue({ code: 'custom', message: '指标编号无效' });
    return z.NEVER;
  }
  const named = v.trim();
  if (named === '' || named.length > TEXT_MAX.name) {
    ctx.addIssue({ code: 'custom', message: named === '' ? '请填写指标（编号或三级指标名称）' : `指标名称不能超过 ${TEXT_MAX.name} 个字` });
    return z.NEVER;
  }
  return named;
});
const name = text(TEXT_MAX.name);
const note = text(TEXT_MAX.note, { multiline: true });
const optionalName = optionalText(TEXT_MAX.name);
/** Absent, null (and, from a sheet, a blank cell) mean "not given". */
const nullish = <T extends z.ZodTypeAny>(schema: T) => schema.nullish().transform((v) => v ?? null);
const flag = z.preprocess(parseFlag, z.boolean({ message: '应为 是/否（true/false）' }));

export const incidentLevels = ['particularly_major', 'major', 'large', 'general'] as const;
export type IncidentLevel = (typeof incidentLevels)[number];
/** Ⅰ–Ⅳ under 国办函〔2014〕119号. */
export const incidentLevelLabels: Record<IncidentLevel, string> = {
  particularly_major: '特别重大',
  major: '重大',
  large: '较大',
  general: '一般',
};
const incidentLevel = z.preprocess(
  (v) => (typeof v === 'string' ? (Object.entries(incidentLevelLabels).find(([, l]) => l === v.trim())?.[0] ?? v.trim()) : v),
  z.enum(incidentLevels, { message: '应为 特别重大/重大/较大/一般（particularly_major/major/large/general）' }),
);

export const entryKindSchemas = {
  activity: z.strictObject({ date: Day, title, location: optionalName, participants: nullish(Count) }),
  // A bare day as due_at means the end of that day: a report due 12-10 and sent 12-10 10:00 is on time.
  opinion_report: z.strictObject({ date: Day, title, due_at: Deadline, delivered_at: nullish(Instant), disclosed: nullish(flag) }),
  incident: z.strictObject({
    occurred_at: Instant,
    level: incidentLevel,
    title,
    location: optionalName,
    closed_at: nullish(Instant),
    standard: optionalText(TEXT_MAX.name).transform((v) => v ?? '国办函〔2014〕119号'),
  }),
  risk_check: z.strictObject({ date: Day, enterprise: name, findings: note, rectified: flag }),
  report: z.strictObject({ date: Day, title }),
  task: z.strictObject({ title, due: nullish(Day), done_at: nullish(Day) }),
  inspection: z.strictObject({ date: Day, target: name, result: z.enum(['ok', 'issue'], { message: '应为 ok 或 issue' }) }),
  fault: z.strictObject({ opened_at: Instant, resolved_at: nullish(Instant), system: name }),
  maintenance: z.strictObject({ date: Day, item: name, passed: flag }),
  procurement: z.strictObject({
    date: Day,
    item: name,
    // 台套 are whole things.
    quantity: Count.refine((q) => q > 0, '数量应大于 0'),
    amount: nullish(Money),
  }),
  expenditure: z.strictObject({ date: Day, amount: Money, payee: optionalName, voucher: optionalName }),
  survey: z.strictObject({ date: Day, respondent: name, score: strictNumber({ min: 0, max: 100 }) }),
  // A quantity logged toward one indicator (docs/design.md "Tallies"), in the indicator's normalised unit; a
  // count of 1 when left out. The indicator is its id, or its 三级指标 name within the entry's project (resolved,
  // and checked to be the project's, when written).
  tally: z.strictObject({
    date: Day,
    indicator: indicatorRef,
    quantity: nullish(strictNumber({ min: 0, max: COUNT_MAX })).transform((q, ctx) => {
      if (q === 0) {
        ctx.addIssue({ code: 'custom', message: '数量应大于 0' });
        return z.NEVER;
      }
      return q ?? 1;
    }),
    title,
    note: optionalText(TEXT_MAX.note, { multiline: true }),
  }),
} as const;

export type EntryKind = keyof typeof entryKindSchemas;
export const entryKinds = Object.keys(entryKindSchemas) as EntryKind[];
export type EntryFields<K extends EntryKind> = z.output<(typeof entryKindSchemas)[K]>;

export const entryKindLabels: Record<EntryKind, string> = {
  activity: '宣传活动',
  opinion_report: '舆情信息',
  incident: '突发环境事件',
  risk_check: '隐患排查抽查',
  report: '调查报告',
  task: '工作任务',
  inspection: '巡检',
  fault: '故障',
  maintenance: '维保项目',
  procurement: '采购',
  expenditure: '支出',
  survey: '满意度调查',
  tally: '计数登记',
};

/** Chinese column headers accepted in bulk files, per field. */
export const fieldLabels: Record<string, string> = {
  date: '日期',
  title: '标题',
  location: '地点',
  participants: '参与人数',
  due_at: '报送时限',
  delivered_at: '报送时间',
  disclosed: '是否公开',
  occurred_at: '发生时间',
  level: '级别',
  closed_at: '结束时间',
  standard: '分级标准',
  enterprise: '企业',
  findings: '发现问题',
  rectified: '是否整改',
  due: '截止日期',
  done_at: '完成日期',
  target: '对象',
  result: '结果',
  opened_at: '发生时间',
  resolved_at: '解决时间',
  system: '系统',
  item: '项目',
  passed: '是否合格',
  quantity: '数量',
  amount: '金额',
  payee: '收款方',
  voucher: '凭证号',
  respondent: '评价人',
  score: '分数',
  indicator: '指标',
  note: '说明',
};

/** The day that places an entry in time (docs/design.md "Evidence"), in Asia/Shanghai; tasks without `due` use the day logged. */
export function entryDay(kind: EntryKind, fields: Record<string, unknown>, loggedDay: string): string {
  switch (kind) {
    case 'incident':
      return shanghaiDay(fields.occurred_at as string);
    case 'fault':
      return shanghaiDay(fields.opened_at as string);
    case 'task':
      return (fields.due as string | null | undefined) ?? loggedDay;
    default:
      return fields.date as string;
  }
}

export function shanghaiDay(isoInstant: string): string {
  return shanghaiDayOf(Date.parse(isoInstant));
}

function parseFlag(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : v;
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', '是', '合格', '已整改', '通过'].includes(s)) return true;
  if (['false', 'no', 'n', '0', '否', '不合格', '未整改', '未通过'].includes(s)) return false;
  return v;
}
