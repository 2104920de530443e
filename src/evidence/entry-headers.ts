// Column headers of bulk entry files → field names, per kind (the same label can mean different fields in
// different kinds: 发生时间 is an incident's occurred_at and a fault's opened_at), and the kind a header set
// describes when the file does not say.
import { normalizeHeader } from './cell-values.ts';
import { type EntryKind, entryKindLabels, entryKinds, entryKindSchemas, fieldLabels } from './entry-kinds.ts';

export type FieldType = 'date' | 'instant' | 'number' | 'flag' | 'text';

/** How a cell is prepared before validation; fields not listed are text (enums included). */
export const entryFieldTypes: Record<string, FieldType> = {
  date: 'date',
  due: 'date',
  done_at: 'date',
  due_at: 'instant',
  delivered_at: 'instant',
  occurred_at: 'instant',
  closed_at: 'instant',
  opened_at: 'instant',
  resolved_at: 'instant',
  participants: 'number',
  quantity: 'number',
  amount: 'number',
  score: 'number',
  disclosed: 'flag',
  rectified: 'flag',
  passed: 'flag',
};

/** More Chinese headers per field, beside `fieldLabels`; an alias counts only for kinds that have the field. */
export const fieldHeaderAliases: Record<string, string[]> = {
  date: ['日期/时间', '时间', '活动日期', '报告日期', '检查日期', '排查日期', '巡检日期', '维保日期', '采购日期', '支出日期', '支付日期', '调查日期'],
  title: ['名称', '主题', '活动名称', '活动主题', '信息标题', '事件名称', '报告名称', '报告标题', '任务', '任务名称'],
  location: ['活动地点', '地址', '发生地点'],
  participants: ['人数', '参加人数', '参与人次'],
  due_at: ['时限', '报送期限', '截止时间'],
  delivered_at: ['实际报送时间'],
  disclosed: ['公开'],
  occurred_at: ['事发时间'],
  level: ['事件级别', '等级'],
  closed_at: ['处置完成时间', '办结时间'],
  enterprise: ['企业名称', '单位', '单位名称', '被检查单位', '被检查企业'],
  findings: ['问题', '存在问题', '隐患', '发现隐患'],
  rectified: ['整改', '已整改', '整改情况'],
  due: ['计划完成日期', '期限'],
  done_at: ['实际完成日期'],
  target: ['巡检对象', '检查对象', '设备', '点位'],
  result: ['巡检结果'],
  opened_at: ['故障时间', '报障时间', '故障发生时间'],
  resolved_at: ['修复时间', '恢复时间', '处理完成时间'],
  system: ['故障系统', '系统名称'],
  item: ['维保项目', '维保内容', '采购内容', '品目', '物品', '名称', '货物名称'],
  quantity: ['台套数'],
  amount: ['支出金额', '采购金额', '金额合计'],
  payee: ['收款人', '收款单位'],
  voucher: ['凭证', '凭证编号'],
  respondent: ['受访者', '被调查人', '调查对象'],
  score: ['得分', '评分', '满意度'],
};

/** Columns that are not fields. A field label wins over these (项目 is a maintenance or procurement item). */
const META_HEADERS: Record<'kind' | 'project' | 'id', string[]> = {
  kind: ['kind', '类型', '记录类型', '种类'],
  project: ['project', 'projectid', '项目', '项目名称', '所属项目', '预算项目'],
  id: ['id', 'externalid', '编号', '外部编号', '记录编号'],
};

/**
 * A trailing note in brackets that does not change the meaning: units the field is already in, or
 * required/optional marks. `金额(万元)` is NOT stripped: reading it as yuan would be off by 10,000.
 */
const HARMLESS_NOTE = /\((元|人民币元|台套|台\/套|台|套|分|人|人次|次|个|必填|选填|可选|yyyymmdd|yyyy\/mm\/dd|年月日)\)$/;

export type Column = { type: 'field'; field: string } | { type: 'kind' | 'project' | 'id' } | null;

const byKind = new Map<EntryKind, Map<string, Column>>();

function headerMap(kind: EntryKind): Map<string, Column> {
  let map = byKind.get(kind);
  if (map) return map;
  map = new Map();
  for (const [type, words] of Object.entries(META_HEADERS)) {
    for (const w of words) map.set(normalizeHeader(w), { type: type as 'kind' | 'project' | 'id' });
  }
  for (const field of Object.keys(entryKindSchemas[kind].shape)) {
    for (const w of [field, fieldLabels[field] ?? field, ...(fieldHeaderAliases[field] ?? [])]) {
      map.set(normalizeHeader(w), { type: 'field', field });
    }
  }
  byKind.set(kind, map);
  return map;
}

/** What a header means in a file of `kind`, or null for an unknown column. */
export function resolveColumn(kind: EntryKind, header: string): Column {
  const map = headerMap(kind);
  const key = normalizeHeader(header);
  return map.get(key) ?? map.get(key.replace(HARMLESS_NOTE, '')) ?? null;
}

/** The column that names each row's kind (`kind`, `类型`). */
export function isKindHeader(header: string): boolean {
  const key = normalizeHeader(header);
  return META_HEADERS.kind.some((w) => normalizeHeader(w) === key);
}

/** English kind or its Chinese label (`survey`, `满意度调查`) → kind. */
export function parseKind(value: unknown): EntryKind | null {
  if (typeof value !== 'string') return null;
  const v = normalizeHeader(value);
  return entryKinds.find((k) => normalizeHeader(k) === v || normalizeHeader(entryKindLabels[k]) === v) ?? null;
}

export function requiredFields(kind: EntryKind): string[] {
  const shape = entryKindSchemas[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  return Object.keys(shape).filter((f) => !shape[f]!.safeParse(undefined).success);
}

export type KindGuess = { kind: EntryKind } | { kind: null; candidates: EntryKind[] };

/**
 * The kind whose required fields all appear among the headers and which claims the most columns;
 * `candidates` lists the tie (empty when no kind fits).
 */
export function inferKind(headers: string[]): KindGuess {
  let best: EntryKind[] = [];
  let bestScore = 0;
  for (const kind of entryKinds) {
    const fields = new Set(
      headers.flatMap((h) => {
        const c = resolveColumn(kind, h);
        return c?.type === 'field' ? [c.field] : [];
      }),
    );
    if (!requiredFields(kind).every((f) => fields.has(f))) continue;
    if (fields.size > bestScore) [best, bestScore] = [[kind], fields.size];
    else if (fields.size === bestScore) best.push(kind);
  }
  return best.length === 1 ? { kind: best[0]! } : { kind: null, candidates: best };
}

/** `score（分数）`: how messages name a field. */
export function fieldName(field: string): string {
  const label = field === 'kind' ? '类型' : field === 'project' ? '项目' : field === 'id' ? '编号' : fieldLabels[field];
  return label ? `${field}（${label}）` : field;
}
