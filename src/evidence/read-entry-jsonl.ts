// JSON Lines entry files: one `{"kind", "project", "id"?, …fields}` object per line (fields may also sit in a
// nested `"fields"` object). Machine-written, so keys are the English field names exactly. Each line has its
// own kind, so kinds mix freely; a line without one takes --kind.
import { entryKindLabels, entryKinds, entryKindSchemas, type EntryKind } from './entry-kinds.ts';
import { fieldName, parseKind } from './entry-headers.ts';
import { readExternalId, readProjectRef } from './entry-refs.ts';
import { prepareValue, type RowError, validateEntry } from './entry-validate.ts';
import type { EntryRow } from './read-entry-file.ts';
import { MAX_ROWS } from './sheet-rows.ts';

const RESERVED = new Set(['kind', 'project', 'id', 'fields']);

export function readEntryJsonl(text: string, optionKind: EntryKind | undefined): { rows: EntryRow[]; errors: RowError[] } {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const numbered = lines.flatMap((l, i) => (l.trim() === '' ? [] : [{ row: i + 1, line: l }]));
  if (numbered.length === 0) return { rows: [], errors: [{ row: 0, field: null, message: '文件中没有数据行' }] };
  if (numbered.length > MAX_ROWS) return { rows: [], errors: [{ row: 0, field: null, message: `文件超过 ${MAX_ROWS} 行上限，请拆分后再导入` }] };
  const rows: EntryRow[] = [];
  const errors: RowError[] = [];
  for (const { row, line } of numbered) {
    const result = readLine(row, line, optionKind);
    if ('fields' in result) rows.push(result);
    else errors.push(...result.errors);
  }
  return { rows, errors };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readLine(row: number, line: string, optionKind: EntryKind | undefined): EntryRow | { errors: RowError[] } {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return { errors: [{ row, field: null, message: `不是合法的 JSON：${e instanceof Error ? e.message : String(e)}` }] };
  }
  if (!isObject(obj)) return { errors: [{ row, field: null, message: '每行应为一个 JSON 对象 {"kind": …, "project": …, …}' }] };

  const errors: RowError[] = [];
  const kind = lineKind(row, obj.kind, optionKind, errors);
  const project = readProjectRef(obj.project);
  if (!project.ok) errors.push({ row, field: 'project', message: `${fieldName('project')}：${project.reason}` });
  const id = readExternalId(obj.id);
  if (!id.ok) errors.push({ row, field: 'id', message: `${fieldName('id')}：${id.reason}` });
  if (obj.fields !== undefined && !isObject(obj.fields)) {
    errors.push({ row, field: 'fields', message: 'fields 应为 JSON 对象' });
  }
  if (!kind) return { errors };

  const source: Record<string, unknown> = { ...obj, ...(isObject(obj.fields) ? obj.fields : {}) };
  const shape = entryKindSchemas[kind].shape as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (RESERVED.has(key)) continue;
    if (!Object.hasOwn(shape, key)) {
      errors.push({ row, field: key, message: `未知字段 ${key}：${entryKindLabels[kind]}（${kind}）的字段有 ${Object.keys(shape).map(fieldName).join('、')}` });
      continue;
    }
    const prepared = prepareValue(key, value, false);
    if (prepared !== undefined) raw[key] = prepared;
  }
  const validated = validateEntry(kind, raw, row);
  if (!validated.ok) errors.push(...validated.errors);
  if (errors.length > 0) return { errors };
  return { row, kind, project: project.ok ? project.value : null, externalId: id.ok ? id.value : null, fields: validated.ok ? validated.fields : {} };
}

function lineKind(row: number, value: unknown, optionKind: EntryKind | undefined, errors: RowError[]): EntryKind | null {
  const name = fieldName('kind');
  if (value === undefined || value === null || value === '') {
    if (optionKind) return optionKind;
    errors.push({ row, field: 'kind', message: `${name}：缺少类型，应为 ${entryKinds.join('、')} 之一（或用 --kind 指定）` });
    return null;
  }
  const kind = parseKind(value);
  if (!kind) errors.push({ row, field: 'kind', message: `${name}：未知类型 ${JSON.stringify(value)}，应为 ${entryKinds.join('、')} 之一` });
  return kind;
}
