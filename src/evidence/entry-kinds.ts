import { z } from 'zod';

// The typed log entries of DESIGN §2. Field names are fixed (API, bulk files); labels are for people.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期 YYYY-MM-DD').refine(validDate, '日期不存在');
/** An instant: ISO 8601 with a zone, or a local `YYYY-MM-DD HH:mm[:ss]` read in Asia/Shanghai. */
const instant = z
  .string()
  .transform((s, ctx) => {
    const iso = toInstant(s);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: '应为时间，如 2024-05-01 14:30 或 2024-05-01T14:30:00+08:00' });
      return z.NEVER;
    }
    return iso;
  });
const text = z.string().trim().min(1, '不能为空').max(2000, '过长（最多 2000 字）');
const optionalText = z.string().trim().max(2000, '过长（最多 2000 字）').optional().nullable().transform((v) => (v ? v : null));
const yuan = z.coerce.number().finite().min(0, '金额不能为负').max(1e12, '金额过大').transform((v) => Math.round(v * 100) / 100);
const flag = z.preprocess(parseFlag, z.boolean({ message: '应为 是/否（true/false）' }));

export const incidentLevels = ['particularly_major', 'major', 'large', 'general'] as const;
export type IncidentLevel = (typeof incidentLevels)[number];
/** Ⅰ–Ⅳ under 国办函〔2014〕119号. */
export const incidentLevelLabels: Record<IncidentLevel, string> = {
  particularly_major: '特别重大', major: '重大', large: '较大', general: '一般',
};
const incidentLevel = z.preprocess(
  (v) => (typeof v === 'string' ? (Object.entries(incidentLevelLabels).find(([, l]) => l === v.trim())?.[0] ?? v.trim()) : v),
  z.enum(incidentLevels, { message: '应为 特别重大/重大/较大/一般' }),
);

export const entryKindSchemas = {
  activity: z.object({ date: isoDate, title: text, location: optionalText, participants: z.coerce.number().int().min(0).optional().nullable() }),
  opinion_report: z.object({ date: isoDate, title: text, due_at: instant, delivered_at: instant.optional().nullable(), disclosed: flag.optional().nullable() }),
  incident: z.object({
    occurred_at: instant, level: incidentLevel, title: text, location: optionalText, closed_at: instant.optional().nullable(),
    standard: z.string().trim().max(200).optional().nullable().transform((v) => v || '国办函〔2014〕119号'),
  }),
  risk_check: z.object({ date: isoDate, enterprise: text, findings: text, rectified: flag }),
  report: z.object({ date: isoDate, title: text }),
  task: z.object({ title: text, due: isoDate.optional().nullable(), done_at: isoDate.optional().nullable() }),
  inspection: z.object({ date: isoDate, target: text, result: z.enum(['ok', 'issue'], { message: '应为 ok 或 issue' }) }),
  fault: z.object({ opened_at: instant, resolved_at: instant.optional().nullable(), system: text }),
  maintenance: z.object({ date: isoDate, item: text, passed: flag }),
  procurement: z.object({ date: isoDate, item: text, quantity: z.coerce.number().finite().positive('数量应大于 0'), amount: yuan.optional().nullable() }),
  expenditure: z.object({ date: isoDate, amount: yuan, payee: optionalText, voucher: optionalText }),
  survey: z.object({ date: isoDate, respondent: text, score: z.coerce.number().finite().min(0, '分数应在 0–100').max(100, '分数应在 0–100') }),
} as const;

export type EntryKind = keyof typeof entryKindSchemas;
export const entryKinds = Object.keys(entryKindSchemas) as EntryKind[];
export type EntryFields<K extends EntryKind> = z.output<(typeof entryKindSchemas)[K]>;

export const entryKindLabels: Record<EntryKind, string> = {
  activity: '宣传活动', opinion_report: '舆情信息', incident: '突发环境事件', risk_check: '隐患排查抽查',
  report: '调查报告', task: '工作任务', inspection: '巡检', fault: '故障', maintenance: '维保项目',
  procurement: '采购', expenditure: '支出', survey: '满意度调查',
};

/** Chinese column headers accepted in bulk files, per field. */
export const fieldLabels: Record<string, string> = {
  date: '日期', title: '标题', location: '地点', participants: '参与人数', due_at: '报送时限', delivered_at: '报送时间',
  disclosed: '是否公开', occurred_at: '发生时间', level: '级别', closed_at: '结束时间', standard: '分级标准',
  enterprise: '企业', findings: '发现问题', rectified: '是否整改', due: '截止日期', done_at: '完成日期', target: '对象',
  result: '结果', opened_at: '发生时间', resolved_at: '解决时间', system: '系统', item: '项目', passed: '是否合格',
  quantity: '数量', amount: '金额', payee: '收款方', voucher: '凭证号', respondent: '评价人', score: '分数',
};

/** The day that places an entry in time (DESIGN §2), in Asia/Shanghai; tasks without `due` use the day logged. */
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
  return new Date(new Date(isoInstant).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function validDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function toInstant(s: string): string | null {
  const v = s.trim().replace(/\//g, '-');
  const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (local) {
    const [, day, h = '0', m = '0', sec = '0'] = local;
    if (!validDate(day!) || Number(h) > 23 || Number(m) > 59 || Number(sec) > 59) return null;
    // China has no daylight saving: local time is always UTC+8.
    const t = Date.UTC(Number(day!.slice(0, 4)), Number(day!.slice(5, 7)) - 1, Number(day!.slice(8, 10)), Number(h) - 8, Number(m), Number(sec));
    return new Date(t).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
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
