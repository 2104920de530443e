// The valid request each operation starts from: path params from the seeded rows, query and JSON bodies
// from the schema (required fields, plus optional ones with a plausible value), uploads from uploads.ts.
import { TEST_PASSWORD, type RequestApp as App } from '../test-app.ts';
import { type Draft, type BodyDraft, encodeParam } from './draft.ts';
import { ENTRY_KINDS, entryKindShape } from './fields.ts';
import type { OpenApiDoc, Operation, Shape } from './openapi.ts';
import { componentEnum } from './openapi.ts';
import { LOCAL_PROBE_TARGET, SIGN_IN_USER, type SeedState, UNSET_WEBHOOK_ENV } from './seed.ts';
import { baselineFile } from './uploads.ts';

export interface Baseline {
  /** `kind=activity`, `array of 2`, or '' for the only one. */
  label: string;
  query: [string, string][];
  body: BodyDraft | null;
  /** The JSON body's shape as the walker should see it (entry kinds and correction fields filled in). */
  shape?: Shape;
  /** The entry kind when the body is one entry. */
  entryKind?: string;
  /** Top-level keys every kind shares (`kind`, `id`): their variants are sent with the first kind only. */
  sharedKeys?: string[];
}

const WEBSITE_CHANNEL = '生态环境局门户网站';

/** Optional fields worth sending in the baseline, so their variants start from a realistic request. */
const OPTIONAL_INCLUDE = new Set(['note', 'evidenceUrl', 'name', 'events', 'projects', 'settings', 'intervalMinutes', 'project', 'fields']);

const QUERY_BASE: Record<string, (s: SeedState) => string> = {
  year: (s) => String(s.year),
  asOf: () => '2024-07-01',
  from: () => '2024-01-01',
  to: () => '2024-12-31',
  project: (s) => String(s.project),
};

/** A correction changes some of a report's fields: the shape its `fields` object is walked with. */
const CORRECTION_FIELDS: Shape = (() => {
  const report = entryKindShape('report') as Extract<Shape, { t: 'object' }>;
  const { kind: _kind, ...props } = report.props;
  return { ...report, props, required: ['date', 'title'] };
})();

function plausible(name: string, op: Operation, s: SeedState, entryKind?: string): unknown {
  const inEntry = entryKind ? ENTRY_KINDS[entryKind]?.[name] : undefined;
  if (inEntry) return inEntry[1];
  if (entryKind && name === 'kind') return entryKind;
  const p = op.path;
  switch (name) {
    // Channel variants go to a website channel: no job reads those, whatever settings a variant leaves.
    case 'name':
      return p.includes('/channels') ? WEBSITE_CHANNEL : p.includes('/probes') ? s.probeName : p.includes('/robots') ? s.robotName : '测试名称';
    case 'platform':
      return p.includes('/channels') ? 'website' : undefined;
    case 'by':
      return '李科长';
    // Sign-in tries a user of its own (its failures throttle that account, not the admin the test runs as);
    // the admin "changes" its password to the same one, so later requests still work.
    case 'username':
      return SIGN_IN_USER;
    case 'password':
    case 'current':
      return TEST_PASSWORD;
    case 'role':
      return 'staff';
    case 'reason':
      return '日期录入有误，已更正';
    case 'note':
      return '运维月报';
    case 'evidenceUrl':
      return 'http://127.0.0.1:9/evidence/1';
    case 'tier':
      return '达成';
    case 'score':
      return 90;
    case 'value':
      return 8;
    case 'asOf':
      return p.includes('/assessments') ? '2024-12-31' : '2024-06-30';
    case 'date':
      return '2024-06-30';
    case 'target':
      return LOCAL_PROBE_TARGET;
    case 'intervalMinutes':
      return 5;
    case 'webhookEnv':
      return UNSET_WEBHOOK_ENV;
    case 'events':
      return ['alerts', 'digest'];
    case 'projects':
      return [s.project];
    case 'project':
      return s.project;
    case 'settings':
      return {};
    case 'measure':
      return s.measures.get(s.indicators.counted) ?? null;
    case 'fields':
      return { date: '2024-03-05', title: '更正后的调查报告' };
    case 'title':
      return '更正后的调查报告';
    default:
      return undefined;
  }
}

/** A value for a shape: the plausible one by name, else an example, else something of the right type. */
export function buildValue(shape: Shape | undefined, name: string, op: Operation, s: SeedState, entryKind?: string): unknown {
  const known = plausible(name, op, s, entryKind);
  if (known !== undefined) return structuredClone(known);
  if (!shape) return '测试';
  if (shape.example !== undefined && name !== 'id') return shape.example;
  switch (shape.t) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(shape.props)) {
        if (!shape.required.includes(k) && !OPTIONAL_INCLUDE.has(k) && !(entryKind && ENTRY_KINDS[entryKind]?.[k])) continue;
        const value = buildValue(v, k, op, s, entryKind);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    case 'array':
      return [buildValue(shape.item, name, op, s, entryKind)];
    case 'string':
      if (shape.enum?.length) return shape.enum[0];
      if (shape.pattern?.includes('\\d{4}')) return '2024-06-30';
      if (shape.format === 'date-time') return '2024-06-30T10:00:00+08:00';
      return '测试';
    case 'integer':
      return shape.minimum ?? (shape.exclusiveMinimum !== undefined ? shape.exclusiveMinimum + 1 : 1);
    case 'number':
      return shape.minimum ?? 1;
    case 'boolean':
      return false;
    case 'union':
      return buildValue(shape.options[0], name, op, s, entryKind);
    default:
      return undefined;
  }
}

/** An open object with a free-form `kind` is an entry: one baseline per kind, with that kind's fields. */
function expandEntries(doc: OpenApiDoc, shape: Shape): { label: string; shape: Shape; kind?: string }[] {
  if (shape.t !== 'object') return [{ label: '', shape }];
  const kindProp = shape.props.kind;
  if (kindProp?.t === 'string' && kindProp.enum?.length === 1) {
    const kind = kindProp.enum[0]!;
    return [{ label: `kind=${kind}`, shape, kind: ENTRY_KINDS[kind] ? kind : undefined }];
  }
  const entryKinds = componentEnum(doc, 'EntryKind') ?? Object.keys(ENTRY_KINDS);
  const looksLikeEntry =
    kindProp?.t === 'string' && shape.open && (kindProp.enum ? kindProp.enum.length > 1 && kindProp.enum.every((k) => entryKinds.includes(k)) : true);
  if (looksLikeEntry && kindProp?.t === 'string') {
    const kinds = kindProp.enum ?? entryKinds;
    return kinds.map((kind) => {
      const fallback = entryKindShape(kind) as Extract<Shape, { t: 'object' }>;
      return {
        label: `kind=${kind}`,
        kind,
        shape: { ...shape, props: { ...shape.props, ...fallback.props }, required: [...new Set([...shape.required, ...fallback.required])] },
      };
    });
  }
  return [{ label: '', shape }];
}

export function baselinesOf(doc: OpenApiDoc, op: Operation, s: SeedState): Baseline[] {
  const query: [string, string][] = [];
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const base = QUERY_BASE[p.name];
    if (base) query.push([p.name, encodeParam(base(s))]);
    else if (p.required) query.push([p.name, encodeParam(String(buildValue(p.shape, p.name, op, s)))]);
  }
  const body = op.body;
  if (!body) return [{ label: '', query, body: null }];
  if (body.multipart || (!body.json && (body.text || body.binary))) {
    return [{ label: '', query, body: { kind: 'multipart', files: [baselineFile(op, s)], strings: [] } }];
  }
  const json = body.json!;
  const options = json.t === 'union' ? json.options : [json];
  const objects = options.filter((o) => o.t === 'object').flatMap((o) => expandEntries(doc, o));
  const out: Baseline[] = objects.map((o) => {
    const value = buildValue(o.shape, '', op, s, o.kind) as Record<string, unknown>;
    const shape =
      o.shape.t === 'object' && o.shape.props.fields && value.fields !== undefined
        ? { ...o.shape, props: { ...o.shape.props, fields: CORRECTION_FIELDS } }
        : o.shape;
    return { label: o.label, query, body: { kind: 'json', value, contentType: 'application/json' }, shape, entryKind: o.kind };
  });
  // Keys every entry kind has (`kind`, `id`): walked with the first kind only, the rest differ per kind.
  const kinds = objects.filter((o) => o.kind && o.shape.t === 'object');
  if (kinds.length > 1) {
    const keysOf = (sh: Shape) => (sh.t === 'object' ? Object.keys(sh.props) : []);
    const shared = keysOf(kinds[0]!.shape).filter((k) => kinds.every((o) => keysOf(o.shape).includes(k)));
    for (const b of out) if (b.entryKind) b.sharedKeys = shared;
  }
  const array = options.find((o): o is Extract<Shape, { t: 'array' }> => o.t === 'array');
  if (array && out.length > 0) {
    const items = out.slice(0, 2).map((b) => (b.body as { value: unknown }).value);
    out.push({
      label: `array of ${items.length}`,
      query,
      body: { kind: 'json', value: items, contentType: 'application/json' },
      shape: { ...array, item: out[0]!.shape! },
    });
  }
  if (out.length === 0)
    out.push({ label: '', query, body: { kind: 'json', value: buildValue(json, '', op, s), contentType: 'application/json' }, shape: json });
  return out;
}

/** Path params for the seeded rows, resolved per request (a correction moves the entry being corrected). */
export function pathParamsOf(op: Operation, s: SeedState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.params.filter((x) => x.in === 'path')) out[p.name] = encodeParam(knownParam(op, p.name, s) ?? s.extra[`${op.path}|${p.name}`] ?? '1');
  return out;
}

function knownParam(op: Operation, name: string, s: SeedState): string | null {
  const p = op.path;
  if (name === 'id') {
    if (p.startsWith('/api/projects/{id}')) return String(s.project);
    if (p.startsWith('/api/units/{id}')) return String(s.unit);
    if (p.startsWith('/api/indicators/{id}')) {
      if (p.endsWith('/values')) return String(s.indicators.manual);
      if (p.endsWith('/assessments') || p.endsWith('/confirm')) return String(s.indicators.qualitative);
      return String(s.indicators.counted);
    }
    if (p.startsWith('/api/entries/{id}')) return String(s.entryHead);
    if (p.startsWith('/api/values/{id}')) return String(s.files.manualValue);
    if (p.startsWith('/api/assessments/{id}')) return String(s.files.assessment);
    if (p.startsWith('/api/monitoring-notes/{id}')) return String(s.files.monitoringNote);
    if (p === '/api/files/{id}/removal') return String(s.removalHead);
    if (p.startsWith('/api/files/{id}')) return String(s.files.file);
    if (p.startsWith('/api/channels/{id}')) return String(s.channel.id);
    if (p.startsWith('/api/users/{id}')) return String(s.targetUser);
    if (p.startsWith('/api/tokens/{id}')) return String(s.targetToken);
  }
  if (name === 'name' && p.startsWith('/api/jobs/{name}')) return s.job;
  return null;
}

/** Path params this file has no rule for: the first item of the collection the path hangs under. */
export async function lookUpUnknownParams(app: App, ops: Operation[], s: SeedState): Promise<void> {
  for (const op of ops) {
    for (const p of op.params.filter((x) => x.in === 'path')) {
      if (knownParam(op, p.name, s) !== null) continue;
      const collection = op.path.slice(0, op.path.indexOf(`{${p.name}}`) - 1);
      const res = await app.request(collection, { headers: { 'x-user': 'seed' } });
      let value = '1';
      try {
        const body = (await res.json()) as unknown;
        const list = Array.isArray(body) ? body : (Object.values(body as Record<string, unknown>).find(Array.isArray) ?? []);
        const first = (list as Record<string, unknown>[])[0];
        const found = first?.[p.name] ?? first?.id ?? first?.name;
        if (found !== undefined) value = String(found);
      } catch {
        /* keep '1' */
      }
      s.extra[`${op.path}|${p.name}`] = value;
    }
  }
}

export function draftOf(op: Operation, b: Baseline, s: SeedState): Draft {
  return {
    method: op.method,
    path: pathParamsOf(op, s),
    query: b.query.map(([k, v]) => [k, v] as [string, string]),
    headers: { 'x-user': 'malformed-input-test' },
    body:
      b.body === null
        ? null
        : b.body.kind === 'json'
          ? { ...b.body, value: structuredClone(b.body.value) }
          : b.body.kind === 'multipart'
            ? { ...b.body, files: b.body.files.map((f) => ({ ...f })), strings: [...b.body.strings] }
            : { ...b.body },
  };
}
