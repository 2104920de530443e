/** Typed errors that services throw; one onError handler maps them to HTTP. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string | number) {
    super(404, 'not_found', `${what} ${id} 不存在`, { [what]: id });
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: unknown = null) {
    super(400, 'invalid_request', message, details);
  }
}

/** The file cannot be read as a target table; `details` lists `{ line, message }`. */
export class ImportRejectedError extends AppError {
  constructor(readonly lines: { line: number; message: string }[]) {
    super(422, 'import_rejected', `文件无法作为绩效目标表导入（${lines.length} 处错误），未写入任何数据`, lines);
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
  const make = (status: AppError['status'], appCode: string, message: string) => Object.assign(new AppError(status, appCode, message, details), { reason });
  switch (code) {
    case '23505':
      return make(409, 'conflict', `与已有记录重复${field ? `（${field}）` : ''}，未写入`);
    case '23503':
      return make(409, 'conflict', `引用的记录不存在或仍被其他记录引用${field ? `（${field}）` : ''}，未写入`);
    case '23502':
    case '23514':
      return make(422, 'invalid_value', `数据不完整或不符合约束${field ? `（${field}）` : ''}，未写入`);
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22023':
    case '22P02':
    case '22P05':
    case '54000':
      return make(400, 'invalid_value', `数值或文本超出可存储的范围${field ? `（${field}）` : ''}，未写入`);
    case '40001':
    case '40P01':
    case '55P03':
    case '57014':
      return make(503, 'busy', '数据库繁忙，请稍后重试');
    default:
      return null;
  }
}
