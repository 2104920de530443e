// Every case for one operation: its valid baselines, then path, query, X-User, body-field, structure,
// transport and file variants, each derived from the operation as the OpenAPI document describes it.
import { type Baseline, pathParamsOf } from './baseline.ts';
import { type ValueVariant, DEEP_ARRAY, DEEP_OBJECT, jsonVariants, textVariants } from './catalog.ts';
import { type Draft, type Expect, type PathKey, RawJson, deleteAt, encodeParam, setAt, toJsonText } from './draft.ts';
import { ENTRY_KINDS, semanticOf } from './fields.ts';
import type { Operation, Shape } from './openapi.ts';
import type { SeedState } from './seed.ts';
import { fileVariants } from './uploads.ts';

export type Group = 'baseline' | 'path' | 'query' | 'header' | 'body' | 'structure' | 'transport' | 'file';

export interface Case {
  op: Operation;
  /** Index into the operation's baselines. */
  baseline: number;
  group: Group;
  variant: string;
  expect: Expect;
  /** The field a rejection must name (a key, or one of its Chinese names). */
  field?: string;
  apply?: (d: Draft, s: SeedState) => void;
}

const R: Expect = 'reject';
const M: Expect = 'may';
const A: Expect = 'accept';

/** `宣传科小王` as the bytes a client sends: UTF-8, which a header carries one byte per char (latin1). */
export const RAW_UTF8_USER = Buffer.from('宣传科小王', 'utf8').toString('latin1');

export function casesFor(op: Operation, baselines: Baseline[], s: SeedState): Case[] {
  const cases: Case[] = [];
  for (const [i, b] of baselines.entries()) cases.push({ op, baseline: i, group: 'baseline', variant: `baseline${b.label ? ` ${b.label}` : ''}`, expect: A });
  cases.push(...paramCases(op, baselines[0]!, s), ...headerCases(op));
  baselines.forEach((b, i) => {
    if (b.body?.kind === 'json' && b.shape) cases.push(...bodyCases(op, b, i, s));
  });
  const first = baselines[0]!;
  if (first.body?.kind === 'json') cases.push(...jsonTransportCases(op, first));
  if (first.body?.kind === 'multipart') cases.push(...uploadCases(op, s));
  return cases;
}

function paramCases(op: Operation, b: Baseline, s: SeedState): Case[] {
  const out: Case[] = [];
  const realPath = pathParamsOf(op, s);
  for (const p of op.params) {
    if (p.in === 'header') continue;
    const sem = semanticOf(p.name, p.shape);
    if (p.in === 'path') {
      const vs = textVariants(sem === 'count' ? 'id' : sem, {
        name: p.name,
        shape: p.shape,
        required: true,
        real: decodeURIComponent(realPath[p.name] ?? ''),
        inPath: true,
      });
      for (const v of vs) {
        out.push({
          op,
          baseline: 0,
          group: 'path',
          variant: `path ${p.name} = ${v.label}`,
          expect: v.expect,
          field: p.name,
          apply: (d) => {
            d.path[p.name] = v.raw ?? encodeParam(v.text ?? '');
          },
        });
      }
    } else {
      const real = b.query.find(([k]) => k === p.name)?.[1];
      const vs = textVariants(sem, {
        name: p.name,
        shape: p.shape,
        required: p.required,
        real: real === undefined ? undefined : decodeURIComponent(real),
        inPath: false,
      });
      for (const v of vs) {
        out.push({
          op,
          baseline: 0,
          group: 'query',
          variant: `query ${p.name} = ${v.label}`,
          expect: v.expect,
          field: p.name,
          apply: (d) => {
            d.query = [...d.query.filter(([k]) => k !== p.name), [p.name, v.raw ?? encodeParam(v.text ?? '')]];
          },
        });
      }
    }
  }
  out.push({
    op,
    baseline: 0,
    group: 'query',
    variant: 'query: an unknown parameter',
    expect: M,
    apply: (d) => {
      d.query.push(['__unknown', '1']);
    },
  });
  const q = b.query[0];
  if (q)
    out.push({
      op,
      baseline: 0,
      group: 'query',
      variant: `query: ${q[0]} given twice`,
      expect: M,
      apply: (d) => {
        d.query.push([q[0], q[1]]);
      },
    });
  return out;
}

/**
 * X-User named the author before accounts existed; now the author comes from the credential and the header
 * is ignored (issue 8), so whatever it holds must neither break a request nor be refused.
 */
function headerCases(op: Operation): Case[] {
  const h = (variant: string, value: string): Case => ({
    op,
    baseline: 0,
    group: 'header',
    variant: `X-User ${variant} (ignored)`,
    expect: M,
    field: 'x-user',
    apply: (d) => {
      d.headers['x-user'] = value;
    },
  });
  return [
    h('%ZZ (bad percent-encoding)', '%ZZ'),
    h('raw UTF-8 宣传科小王', RAW_UTF8_USER),
    h('percent-encoded 宣传科小王', encodeURIComponent('宣传科小王')),
    h('invalid UTF-8 bytes', '\xff\xfe\xfd'),
    h('10,000 characters', 'x'.repeat(10_000)),
    h('empty', ''),
  ];
}

interface Leaf {
  path: PathKey;
  name: string;
  shape?: Shape;
  required: boolean;
  real: unknown;
}

/** Every node of the baseline body (and optional properties it leaves out), with its schema. */
function leaves(value: unknown, shape: Shape | undefined, path: PathKey, required: boolean, out: Leaf[]): Leaf[] {
  const name = [...path].reverse().find((k): k is string => typeof k === 'string') ?? '(body)';
  if (path.length > 0) out.push({ path, name, shape: shape ?? shapeOfValue(value), required, real: value });
  const objectShape = shape?.t === 'object' ? shape : undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = new Set([...Object.keys(value), ...Object.keys(objectShape?.props ?? {})]);
    for (const k of keys) leaves((value as Record<string, unknown>)[k], objectShape?.props[k], [...path, k], objectShape?.required.includes(k) ?? false, out);
  } else if (value === undefined && objectShape && path.length < 2) {
    for (const [k, v] of Object.entries(objectShape.props)) leaves(undefined, v, [...path, k], false, out);
  } else if (Array.isArray(value) && value.length > 0 && path.length > 0) {
    leaves(value[0], shape?.t === 'array' ? shape.item : undefined, [...path, 0], true, out);
  }
  return out;
}

/** A field the schema does not describe (inside an open object) is judged by the JSON type it has. */
function shapeOfValue(value: unknown): Shape | undefined {
  if (Array.isArray(value)) return { t: 'array', item: { t: 'any' } };
  if (value !== null && typeof value === 'object') return { t: 'object', props: {}, required: [], open: true };
  if (typeof value === 'number') return { t: 'number' };
  if (typeof value === 'boolean') return { t: 'boolean' };
  return typeof value === 'string' ? { t: 'string' } : undefined;
}

function bodyCases(op: Operation, b: Baseline, index: number, s: SeedState): Case[] {
  const out: Case[] = [];
  const body = b.body as { value: unknown };
  const label = b.label ? `[${b.label}] ` : '';
  const isArray = Array.isArray(body.value);
  const set = (path: PathKey, value: unknown) => (d: Draft) => {
    const j = d.body as { value: unknown };
    j.value = setAt(j.value, path, typeof value === 'object' && value !== null && !(value instanceof RawJson) ? structuredClone(value) : value);
  };
  const firstOfKind = index === 0;
  if (!isArray) {
    for (const leaf of leaves(body.value, b.shape, [], true, [])) {
      if (!firstOfKind && b.sharedKeys?.includes(String(leaf.path[0]))) continue;
      // An entry kind's own table says what its fields mean where the name alone misleads (a tally's quantity).
      const sem = (b.entryKind && leaf.path.length === 1 ? ENTRY_KINDS[b.entryKind]?.[leaf.name]?.[0] : undefined) ?? semanticOf(leaf.name, leaf.shape);
      const vs: ValueVariant[] = jsonVariants(sem, {
        name: leaf.name,
        shape: leaf.shape,
        required: leaf.required,
        nullable: Boolean(leaf.shape?.nullable),
        real: leaf.real,
        percent: op.path.endsWith('/values') && leaf.name === 'value' && s.indicators.manualPercent,
        tierBand: op.path.endsWith('/assessments') && leaf.name === 'score',
      });
      const where = leaf.path.join('.');
      for (const v of vs) {
        // A depth guard refuses the body before any field is read: it names the body, not the field.
        const field = /nested 3,000/.test(v.label) ? undefined : leaf.name;
        out.push({ op, baseline: index, group: 'body', variant: `${label}${where} = ${v.label}`, expect: v.expect, field, apply: set(leaf.path, v.value) });
      }
      if (leaf.shape?.t === 'array' && Array.isArray(leaf.real) && leaf.real.length > 0) {
        const many = Array.from({ length: 10_000 }, () => leaf.real && (leaf.real as unknown[])[0]);
        const max = leaf.shape.maxItems;
        out.push({
          op,
          baseline: index,
          group: 'body',
          variant: `${label}${where} = 10,000 items`,
          expect: max !== undefined && max < 10_000 ? R : M,
          field: leaf.name,
          apply: set(leaf.path, many),
        });
      }
      if (leaf.path.length === 1 && leaf.required && leaf.real !== undefined) {
        out.push({
          op,
          baseline: index,
          group: 'structure',
          variant: `${label}missing required ${where}`,
          expect: R,
          field: leaf.name,
          apply: (d) => {
            deleteAt((d.body as { value: unknown }).value, leaf.path);
          },
        });
      }
    }
  }
  if (index > 0 && !isArray) return out;
  // Whole-body structure, once per operation (and once for the array form of a union body).
  const whole = (variant: string, value: unknown, expect: Expect): Case => ({
    op,
    baseline: index,
    group: 'structure',
    variant: `${label}body ${variant}`,
    expect,
    apply: (d) => {
      (d.body as { value: unknown }).value = value;
    },
  });
  const requiredFields = b.shape?.t === 'object' && b.shape.required.length > 0;
  if (!isArray) {
    out.push(
      {
        op,
        baseline: index,
        group: 'structure',
        variant: `${label}an unknown extra field`,
        expect: M,
        apply: (d) => {
          setAt((d.body as { value: unknown }).value, ['__unknown__'], 'x');
        },
      },
      whole('{} (empty object)', {}, requiredFields ? R : M),
      whole('null', null, R),
      whole('42', 42, R),
      whole('"text"', 'text', R),
      whole('object nested 3,000 levels', DEEP_OBJECT, R),
      whole('array nested 3,000 levels', DEEP_ARRAY, R),
    );
  } else {
    const sh = b.shape?.t === 'array' ? b.shape : undefined;
    const item = (body.value as unknown[])[0];
    const fresh = (s2: SeedState): Record<string, unknown> => ({
      ...(structuredClone(item) as Record<string, unknown>),
      title: `新的记录 ${++s2.seq}`,
      date: '2024-03-20',
    });
    const mixed = (variant: string, field: string | undefined, bad: (x: Record<string, unknown>) => Record<string, unknown>): Case => ({
      op,
      baseline: index,
      group: 'structure',
      variant: `${label}a new valid item and ${variant} (all or nothing)`,
      expect: R,
      field,
      apply: (d, s2) => {
        (d.body as { value: unknown }).value = [fresh(s2), bad(fresh(s2))];
      },
    });
    out.push(
      whole('[] (empty array)', [], sh?.minItems ? R : M),
      whole(
        '10,000 items',
        Array.from({ length: 10_000 }, () => item),
        sh?.maxItems !== undefined && sh.maxItems < 10_000 ? R : M,
      ),
      whole('array nested 3,000 levels', DEEP_ARRAY, R),
      mixed('an item whose title has NUL', 'title', (x) => ({ ...x, title: '坏\u0000标题' })),
      mixed('an item dated 2024-02-30', 'date', (x) => ({ ...x, date: '2024-02-30' })),
      mixed('an item of an unknown kind', 'kind', (x) => ({ ...x, kind: 'no_such_kind' })),
    );
  }
  return out;
}

function jsonTransportCases(op: Operation, b: Baseline): Case[] {
  const need: Expect = op.body?.required ? R : M;
  const json = toJsonText((b.body as { value: unknown }).value);
  const raw = (variant: string, bytes: Uint8Array | string, contentType: string | null, expect: Expect): Case => ({
    op,
    baseline: 0,
    group: 'transport',
    variant,
    expect,
    apply: (d) => {
      d.body = { kind: 'bytes', bytes, contentType };
    },
  });
  const flat = Object.entries(((b.body as { value: unknown }).value ?? {}) as Record<string, unknown>)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');
  const enc = new TextEncoder().encode(json);
  const quote = json.indexOf('"', json.indexOf(':') + 1);
  const badUtf8 = quote > 0 ? concat(enc.slice(0, quote + 1), [0xff, 0xfe, 0xc3, 0x28], enc.slice(quote + 1)) : concat(enc, [0xff]);
  return [
    raw('JSON without content-type', json, null, need),
    raw('JSON sent as text/plain', json, 'text/plain', need),
    raw('JSON sent as application/xml', json, 'application/xml', need),
    raw('form-encoded body', flat, 'application/x-www-form-urlencoded', need),
    {
      op,
      baseline: 0,
      group: 'transport',
      variant: 'multipart body with the fields as strings',
      expect: need,
      apply: (d) => {
        d.body = {
          kind: 'multipart',
          files: [],
          strings: Object.entries(((b.body as { value: unknown }).value ?? {}) as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === 'string' ? v : JSON.stringify(v),
          ]),
        };
      },
    },
    raw('truncated JSON', json.slice(0, Math.max(1, Math.floor(json.length / 2))), 'application/json', R),
    raw('JSON with trailing garbage', `${json}}}xyz`, 'application/json', R),
    raw('invalid UTF-8 bytes inside a JSON string', badUtf8, 'application/json', R),
    raw('empty body, content-type JSON', '', 'application/json', need),
    raw('whitespace-only body', '  \n ', 'application/json', need),
    raw('JSON with a UTF-8 BOM', `\ufeff${json}`, 'application/json', M),
    raw('content-type application/json; charset=utf-16', json, 'application/json; charset=utf-16', M),
    raw('oversize body (1.2 MB, limit 1 MB)', `{"__pad__":"${'x'.repeat(1_250_000)}",${json.slice(1)}`, 'application/json', R),
  ];
}

function uploadCases(op: Operation, s: SeedState): Case[] {
  const files = (variant: string, expect: Expect, field: string | undefined, mutate: (d: Draft) => void): Case => ({
    op,
    baseline: 0,
    group: 'transport',
    variant,
    expect,
    field,
    apply: mutate,
  });
  const multipart = (d: Draft) => d.body as Extract<NonNullable<Draft['body']>, { kind: 'multipart' }>;
  const boundary = '----jixiaoMalformedBoundary';
  const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nkind,project,date`;
  const out: Case[] = [
    files('multipart without a file field', R, 'file', (d) => {
      multipart(d).files = [];
      multipart(d).strings = [['note', 'x']];
    }),
    files('empty file', R, 'file', (d) => {
      multipart(d).files[0]!.bytes = '';
    }),
    files('file sent as a plain text field', M, undefined, (d) => {
      const f = multipart(d).files[0]!;
      multipart(d).files = [];
      multipart(d).strings = [['file', typeof f.bytes === 'string' ? f.bytes : 'x']];
    }),
    files('oversize file (1.2 MB, limit 1 MB)', R, undefined, (d) => {
      multipart(d).files[0]!.bytes = 'x'.repeat(1_250_000);
    }),
    files('binary garbage', R, undefined, (d) => {
      const f = multipart(d).files[0]!;
      f.bytes = garbage();
      f.name = 'upload.bin';
      f.type = 'application/octet-stream';
    }),
    files('text named .xlsx', M, undefined, (d) => {
      multipart(d).files[0]!.name = 'upload.xlsx';
    }),
    files('text named .docx', M, undefined, (d) => {
      multipart(d).files[0]!.name = 'upload.docx';
    }),
    files('two file fields', M, undefined, (d) => {
      multipart(d).files.push({ ...multipart(d).files[0]! });
    }),
    files('truncated multipart body', R, undefined, (d) => {
      d.body = { kind: 'bytes', bytes: truncated, contentType: `multipart/form-data; boundary=${boundary}` };
    }),
    files('multipart content-type without boundary', R, undefined, (d) => {
      d.body = { kind: 'bytes', bytes: truncated, contentType: 'multipart/form-data' };
    }),
    files('empty body, no content-type', R, undefined, (d) => {
      d.body = { kind: 'bytes', bytes: '', contentType: null };
    }),
    files('a JSON body', M, undefined, (d) => {
      d.body = { kind: 'bytes', bytes: '{"file":"x"}', contentType: 'application/json' };
    }),
    files(`raw body as text/plain${op.body?.text ? ' (documented)' : ''}`, op.body?.text ? A : M, undefined, (d) => {
      const f = multipart(d).files[0]!;
      d.body = { kind: 'bytes', bytes: f.bytes, contentType: 'text/plain; charset=utf-8' };
    }),
  ];
  for (const v of fileVariants(op, s)) {
    out.push({
      op,
      baseline: 0,
      group: 'file',
      variant: v.variant,
      expect: v.expect,
      field: v.field,
      apply: (d) => {
        multipart(d).files = [v.file];
      },
    });
  }
  return out;
}

/** Deterministic bytes that are no text or office format (a PNG header, then a fixed LCG sequence). */
function garbage(): Uint8Array {
  const out = new Uint8Array(4096);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let x = 12345;
  for (let i = 8; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function concat(a: Uint8Array, mid: number[], b?: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + mid.length + (b?.length ?? 0));
  out.set(a);
  out.set(mid, a.length);
  if (b) out.set(b, a.length + mid.length);
  return out;
}
