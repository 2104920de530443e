// One bulk-file row → a validated entry of its kind, or one Chinese message per problem, each naming its field.
import { excelSerialToDate, formatWallClock, normalizeDateText } from './cell-values.ts';
import { entryFieldTypes, fieldName } from './entry-headers.ts';
import { type EntryKind, entryKindSchemas } from './entry-kinds.ts';

/** `row` 0 means the file as a whole; `field` is the English field name when one is to blame. */
export interface RowError {
  row: number;
  field: string | null;
  message: string;
}

/**
 * A raw value as the schema should see it; `undefined` = absent (empty cells, null). `fromSheet`: numbers in
 * date fields are Excel serial days and dates are wall-clock Asia/Shanghai.
 */
export function prepareValue(field: string, value: unknown, fromSheet: boolean): unknown {
  const type = entryFieldTypes[field] ?? 'text';
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return undefined;
    if (type === 'date' || type === 'instant') return normalizeDateText(s);
    if (type === 'number') return plainNumber(s);
    return s;
  }
  if (value instanceof Date) {
    if (type === 'number' || type === 'flag') return value;
    return formatWallClock(value, type === 'date' ? false : type === 'instant' ? true : 'auto');
  }
  if (typeof value === 'number') {
    if (fromSheet && (type === 'date' || type === 'instant')) {
      const d = excelSerialToDate(value);
      return d ? formatWallClock(d, type === 'instant') : value;
    }
    return type === 'text' ? String(value) : value;
  }
  if (typeof value === 'boolean' && fromSheet && type === 'text') return value ? 'true' : 'false';
  return value;
}

/** `¥1,234.50`, `1,234.50元`, full-width digits → `1234.50`; other text is left for the schema to reject. */
function plainNumber(s: string): string {
  const v = s
    .normalize('NFKC')
    .replace(/^[¥]\s*/, '')
    .replace(/\s*元$/, '');
  return /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v) ? v.replace(/,/g, '') : v;
}

interface LooseIssue {
  code: string;
  expected?: unknown;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  values?: readonly unknown[];
}

/** Chinese wording for zod's built-in issues; the schemas' own messages take precedence over this. */
function chineseMessage(iss: LooseIssue): string {
  const numeric = iss.origin === 'number' || iss.origin === 'bigint';
  switch (iss.code) {
    case 'invalid_type': {
      const words: Record<string, string> = { int: '应为整数', number: '应为数字', string: '应为文本', boolean: '应为 是/否（true/false）' };
      return words[String(iss.expected)] ?? `类型不对（应为 ${String(iss.expected)}）`;
    }
    case 'too_small':
      if (numeric) return iss.inclusive ? `应不小于 ${String(iss.minimum)}` : `应大于 ${String(iss.minimum)}`;
      return `至少 ${String(iss.minimum)} 个字`;
    case 'too_big':
      if (numeric) return iss.inclusive ? `应不大于 ${String(iss.maximum)}` : `应小于 ${String(iss.maximum)}`;
      return `最多 ${String(iss.maximum)} 个字`;
    case 'invalid_value':
      return `应为 ${(iss.values ?? []).map(String).join(' / ')}`;
    case 'invalid_format':
      return '格式不对';
    default:
      return '取值无效';
  }
}

export type Validated = { ok: true; fields: Record<string, unknown> } | { ok: false; errors: RowError[] };

/** Validates prepared values (absent = not a key, or undefined) against the kind's schema; every bad field reported. */
export function validateEntry(kind: EntryKind, raw: Record<string, unknown>, row: number): Validated {
  const result = entryKindSchemas[kind].safeParse(raw, { error: (iss) => chineseMessage(iss as LooseIssue) });
  if (result.success) return { ok: true, fields: result.data as Record<string, unknown> };
  // One message per field: a date that fails the format check also "does not exist", which says nothing new.
  const errors: RowError[] = [];
  const blamed = new Set<string>();
  for (const issue of result.error.issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
    if (field === null) {
      errors.push({ row, field, message: issue.message });
      continue;
    }
    if (blamed.has(field)) continue;
    blamed.add(field);
    const missing = raw[field] === undefined;
    errors.push({ row, field, message: `${fieldName(field)}：${missing ? '必填，不能为空' : issue.message}` });
  }
  return { ok: false, errors };
}
