// One request before it is sent: path params, query, headers and a body that variants edit in place, then
// serialize into what `app.request` takes. JSON is written by hand so that a variant can put a literal the
// JSON serializer never produces (`1e3`, `-0`, 3,000 nested brackets) into a body.

export type Expect = 'reject' | 'may' | 'accept';

/** A literal JSON text, inserted as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type BodyDraft =
  | { kind: 'json'; value: unknown; contentType: string | null }
  | { kind: 'bytes'; bytes: Uint8Array | string; contentType: string | null }
  | { kind: 'multipart'; files: { field: string; name: string; bytes: Uint8Array | string; type: string }[]; strings: [string, string][] };

export interface Draft {
  method: string;
  /** path param → the segment as it goes into the URL (already percent-encoded). */
  path: Record<string, string>;
  /** [name, value], both already percent-encoded. */
  query: [string, string][];
  headers: Record<string, string>;
  body: BodyDraft | null;
}

export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => toJsonText(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Percent-encodes like encodeURIComponent, but a lone surrogate becomes its (invalid) CESU-8 bytes. */
export function encodeParam(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => {
        const c = ch.charCodeAt(0);
        if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
          return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        }
        return encodeURIComponent(ch);
      })
      .join('');
  }
}

export type PathKey = (string | number)[];

export function setAt(root: unknown, path: PathKey, value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return root;
}

export function deleteAt(root: unknown, path: PathKey): unknown {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete node[last];
  return root;
}

export function requestOf(template: string, d: Draft): { url: string; init: RequestInit } {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => d.path[name] ?? '');
  const query = d.query.map(([k, v]) => `${k}=${v}`).join('&');
  const headers: Record<string, string> = { ...d.headers };
  let body: RequestInit['body'];
  const b = d.body;
  if (b?.kind === 'json') {
    body = toJsonText(b.value);
    if (b.contentType !== null) headers['content-type'] = b.contentType;
  } else if (b?.kind === 'bytes') {
    body = typeof b.bytes === 'string' ? b.bytes : new Uint8Array(b.bytes);
    if (b.contentType !== null) headers['content-type'] = b.contentType;
  } else if (b?.kind === 'multipart') {
    const form = new FormData();
    for (const f of b.files) form.append(f.field, new File([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)], f.name, { type: f.type }));
    for (const [k, v] of b.strings) form.append(k, v);
    body = form;
  }
  return { url: query ? `${path}?${query}` : path, init: { method: d.method, headers, body } };
}
