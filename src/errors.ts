/** Typed errors that services throw; one onError handler maps them to HTTP. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422 | 503,
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
