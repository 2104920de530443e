import type { Language } from './format/status-labels.ts';
import { zh as errorWords } from './i18n/catalog/errors.ts';
import { type MessageKey, translator } from './i18n/messages.ts';

/**
 * Words that exist in every language of the catalogue (src/i18n/messages.ts): an error's message, a field's
 * label, a noun. Chinese is what `.message` and logs carry; the API and the CLI say it in the caller's language.
 */
export abstract class Text {
  abstract in(language: Language): string;
  toString(): string {
    return this.in('zh');
  }
}

export type Param = string | number | Text;

/** A catalogue message with its parameters (a parameter may itself be catalogue words, e.g. a noun). */
export class Said extends Text {
  constructor(
    readonly key: MessageKey,
    readonly params: Readonly<Record<string, Param>> = {},
  ) {
    super();
  }
  in(language: Language): string {
    const values: Record<string, string | number> = {};
    for (const [name, v] of Object.entries(this.params)) values[name] = v instanceof Text ? v.in(language) : v;
    return translator(language)(this.key, values);
  }
}

class Composed extends Text {
  constructor(private readonly make: (language: Language) => string) {
    super();
  }
  in(language: Language): string {
    return this.make(language);
  }
}

/** `said('err.notFound', { what: said('err.noun.project'), id: 3 })`. */
export function said(key: MessageKey, params: Readonly<Record<string, Param>> = {}): Said {
  return new Said(key, params);
}

/** Words assembled per language (a list of field problems). */
export function composed(make: (language: Language) => string): Text {
  return new Composed(make);
}

/** Fixed words in both languages (texts that come from elsewhere, e.g. zod's own locales). */
export function bilingual(zh: string, en: string): Text {
  return new Composed((language) => (language === 'en' ? en : zh));
}

/** A message as services give it: catalogue words, or (still) a plain Chinese string. */
export type Message = string | Text;

export function inLanguage(message: Message, language: Language): string {
  return typeof message === 'string' ? message : message.in(language);
}

/** `details` with every catalogue text in it said in `language` (plain arrays and objects are walked). */
export function localize(value: unknown, language: Language, depth = 0): unknown {
  if (value instanceof Text) return value.in(language);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => localize(v, language, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, language, depth + 1)]));
}

/** Typed errors that services throw; one onError handler maps them to HTTP. */
export class AppError extends Error {
  /** The catalogue message, when the thrower gave one: `.message` is its Chinese. */
  readonly said: Text | null;
  readonly details: unknown;
  private readonly rawDetails: unknown;
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 422 | 429 | 503,
    readonly code: string,
    message: Message,
    details: unknown = null,
  ) {
    super(inLanguage(message, 'zh'));
    this.name = 'AppError';
    this.said = typeof message === 'string' ? null : message;
    this.rawDetails = details;
    this.details = localize(details, 'zh');
  }

  /** The message in `language` (a plain-string message is Chinese only). */
  messageIn(language: Language): string {
    return this.said ? this.said.in(language) : this.message;
  }

  detailsIn(language: Language): unknown {
    return localize(this.rawDetails, language);
  }
}

export class NotFoundError extends AppError {
  /** `what` names a catalogue noun (`project` → err.noun.project), else it is said as given. */
  constructor(what: string, id: string | number) {
    const key = `err.noun.${what}`;
    const noun = key in errorWords ? said(key as MessageKey) : what;
    super(404, 'not_found', said('err.notFound', { what: noun, id }), { [what]: id });
  }
}

export class ValidationError extends AppError {
  constructor(message: Message, details: unknown = null) {
    super(400, 'invalid_request', message, details);
  }
}

/** The file cannot be read as a target table; `details` lists `{ line, message }`. */
export class ImportRejectedError extends AppError {
  constructor(readonly lines: { line: number; message: string }[]) {
    super(422, 'import_rejected', said('err.import.rejected', { n: lines.length }), lines);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export function errorBody(code: string, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } };
}

/** What a database driver error carries (postgres.js `PostgresError`, PGlite `DatabaseError`). */
interface DriverError {
  code?: unknown;
  message?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  column_name?: unknown;
  column?: unknown;
}

function driverErrorOf(err: unknown): DriverError | null {
  // drizzle wraps the driver's error in `cause`; walk a few levels.
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as DriverError).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as DriverError;
  }
  return null;
}

/** `channels_name_key` → `name`; `entries_project_id_dedupe_key_key` → `project_id_dedupe_key`. */
function fieldOfConstraint(name: string): string | null {
  const m = /^[a-z]+(?:_[a-z]+)*?_((?:[a-z0-9]+_)*[a-z0-9]+)_(?:key|fkey|check|idx|pkey)$/.exec(name);
  return m ? m[1]! : null;
}

/**
 * A database refusal as the caller's error, naming the field when the constraint does; null for anything
 * else (a bug: the caller logs it and answers 500). The database's own text never reaches the caller;
 * `reason` keeps it for the log.
 */
export function databaseError(err: unknown): (AppError & { reason: string }) | null {
  const d = driverErrorOf(err);
  if (!d) return null;
  const code = String(d.code);
  const constraint = typeof d.constraint_name === 'string' ? d.constraint_name : typeof d.constraint === 'string' ? d.constraint : null;
  const column = typeof d.column_name === 'string' ? d.column_name : typeof d.column === 'string' ? d.column : null;
  const field = column ?? (constraint ? fieldOfConstraint(constraint) : null);
  const details = field ? { field } : null;
  const reason = `${code} ${String(d.message ?? '')}`;
  const make = (status: AppError['status'], appCode: string, key: MessageKey) =>
    Object.assign(new AppError(status, appCode, said(key, { field: field ? said('err.db.field', { field }) : '' }), details), { reason });
  switch (code) {
    case '23505':
      return make(409, 'conflict', 'err.db.duplicate');
    case '23503':
      return make(409, 'conflict', 'err.db.reference');
    case '23502':
    case '23514':
      return make(422, 'invalid_value', 'err.db.constraint');
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22023':
    case '22P02':
    case '22P05':
    case '54000':
      return make(400, 'invalid_value', 'err.db.range');
    case '40001':
    case '40P01':
    case '55P03':
    case '57014':
      return make(503, 'busy', 'err.db.busy');
    default:
      return null;
  }
}
