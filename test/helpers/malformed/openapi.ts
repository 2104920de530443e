// Reads the app's own OpenAPI 3.1 document into a small model the generator walks: operations with their
// parameters and request body, and JSON Schemas folded into `Shape`s ($ref, anyOf/oneOf, allOf, nullable).

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OperationObject {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema; description?: string }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

interface ShapeBase {
  nullable?: boolean;
  /** Human words about the field (title/description), accepted as its name in a rejection. */
  words?: string[];
  example?: unknown;
}

export type Shape = ShapeBase &
  (
    | { t: 'object'; props: Record<string, Shape>; required: string[]; open: boolean }
    | { t: 'array'; item: Shape; minItems?: number; maxItems?: number }
    | { t: 'string'; enum?: string[]; pattern?: string; format?: string; minLength?: number; maxLength?: number }
    | { t: 'integer' | 'number'; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number }
    | { t: 'boolean' }
    | { t: 'union'; options: Shape[] }
    | { t: 'any' }
  );

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  shape: Shape;
}

export interface Operation {
  method: string;
  /** OpenAPI template, `/api/projects/{id}/entries`. */
  path: string;
  /** `POST /api/projects/{id}/entries`, the name problems are reported under. */
  route: string;
  params: Param[];
  body: { required: boolean; json?: Shape; multipart?: Shape; text?: boolean; binary?: boolean } | null;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params: Param[] = (op.parameters ?? [])
        .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
        .map((p) => ({
          name: p.name,
          in: p.in as Param['in'],
          required: p.in === 'path' || Boolean(p.required),
          shape: withWords(toShape(doc, p.schema ?? {}), p.description),
        }));
      let body: Operation['body'] = null;
      const rb = op.requestBody;
      if (rb?.content) {
        const content = rb.content;
        const jsonType = Object.keys(content).find((t) => /json/i.test(t));
        body = {
          required: Boolean(rb.required),
          json: jsonType ? toShape(doc, content[jsonType]!.schema ?? {}) : undefined,
          multipart: content['multipart/form-data'] ? toShape(doc, content['multipart/form-data'].schema ?? {}) : undefined,
          text: Boolean(content['text/plain']),
          binary: Boolean(content['application/octet-stream']),
        };
      }
      ops.push({ method: method.toUpperCase(), path, route: `${method.toUpperCase()} ${path}`, params, body });
    }
  }
  return ops;
}

function withWords(shape: Shape, ...words: (string | undefined)[]): Shape {
  const extra = words.filter((w): w is string => typeof w === 'string' && w.length > 0);
  return extra.length ? { ...shape, words: [...(shape.words ?? []), ...extra] } : shape;
}

/** Folds a JSON Schema into a Shape; `seen` stops recursive $refs. */
export function toShape(doc: OpenApiDoc, schema: JsonSchema, seen: string[] = []): Shape {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) return { t: 'any' };
    const target = doc.components?.schemas?.[name] ?? {};
    return toShape(doc, { ...target, ...omit(schema, '$ref') }, [...seen, name]);
  }
  const words = [schema.title, schema.description].filter((w): w is string => typeof w === 'string');
  const base: ShapeBase = {
    words: words.length ? words : undefined,
    example: schema.example ?? (Array.isArray(schema.examples) ? schema.examples[0] : undefined),
  };
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) {
    const options = alternatives.filter((s) => s.type !== 'null').map((s) => toShape(doc, s, seen));
    const nullable = alternatives.some((s) => s.type === 'null');
    if (options.length === 1) return { ...options[0]!, ...base, nullable: nullable || options[0]!.nullable };
    return { t: 'union', options, ...base, nullable };
  }
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as JsonSchema[]).map((s) => toShape(doc, s, seen));
    const objects = parts.filter((p): p is Extract<Shape, { t: 'object' }> => p.t === 'object');
    if (objects.length === parts.length && objects.length > 0) {
      return {
        t: 'object',
        ...base,
        props: Object.assign({}, ...objects.map((o) => o.props)),
        required: objects.flatMap((o) => o.required),
        open: objects.some((o) => o.open),
      };
    }
    return parts[0] ?? { t: 'any' };
  }
  let type = schema.type;
  let nullable = schema.nullable === true;
  if (Array.isArray(type)) {
    nullable = nullable || type.includes('null');
    type = type.find((t) => t !== 'null');
  }
  if (schema.const !== undefined) return { t: 'string', enum: [String(schema.const)], ...base, nullable };
  switch (type) {
    case 'object': {
      const props: Record<string, Shape> = {};
      for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) props[k] = toShape(doc, v, seen);
      const additional = schema.additionalProperties;
      return { t: 'object', ...base, nullable, props, required: (schema.required as string[] | undefined) ?? [], open: additional !== false };
    }
    case 'array':
      return {
        t: 'array',
        ...base,
        nullable,
        item: toShape(doc, (schema.items ?? {}) as JsonSchema, seen),
        minItems: num(schema.minItems),
        maxItems: num(schema.maxItems),
      };
    case 'string':
      return {
        t: 'string',
        ...base,
        nullable,
        enum: Array.isArray(schema.enum) ? (schema.enum as unknown[]).map(String) : undefined,
        pattern: typeof schema.pattern === 'string' ? schema.pattern : undefined,
        format: typeof schema.format === 'string' ? schema.format : undefined,
        minLength: num(schema.minLength),
        maxLength: num(schema.maxLength),
      };
    case 'integer':
    case 'number':
      return {
        t: type,
        ...base,
        nullable,
        minimum: num(schema.minimum),
        maximum: num(schema.maximum),
        exclusiveMinimum: num(schema.exclusiveMinimum),
        exclusiveMaximum: num(schema.exclusiveMaximum),
      };
    case 'boolean':
      return { t: 'boolean', ...base, nullable };
    default:
      if (schema.properties) return toShape(doc, { ...schema, type: 'object' }, seen);
      if (Array.isArray(schema.enum)) return { t: 'string', enum: (schema.enum as unknown[]).map(String), ...base, nullable };
      return { t: 'any', ...base, nullable };
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function omit(o: JsonSchema, key: string): JsonSchema {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

/** The enum of a named component (`EntryKind`), when the document has one. */
export function componentEnum(doc: OpenApiDoc, name: string): string[] | null {
  const s = doc.components?.schemas?.[name];
  return s && Array.isArray(s.enum) ? (s.enum as unknown[]).map(String) : null;
}
