import { describe, expect, it } from 'vitest';
import { databaseError } from '../../src/errors.ts';

// The shapes drivers throw: postgres.js PostgresError (constraint_name) and PGlite DatabaseError
// (constraint), wrapped by drizzle in `cause`.
const wrapped = (driver: Record<string, unknown>) => Object.assign(new Error('Failed query: insert into … params: 1'), { cause: driver });

describe('databaseError', () => {
  it.each([
    [{ code: '23505', message: 'duplicate key value violates unique constraint "channels_name_key"', constraint_name: 'channels_name_key' }, 409, 'name'],
    [{ code: '23505', message: 'duplicate key', constraint: 'entries_project_id_dedupe_key_key' }, 409, 'project_id_dedupe_key'],
    [{ code: '23503', message: 'violates foreign key constraint', constraint_name: 'entries_project_id_projects_id_fk' }, 409, null],
    [{ code: '23502', message: 'null value in column "title"', column_name: 'title' }, 422, 'title'],
    [{ code: '22P05', message: 'unsupported Unicode escape sequence' }, 400, null],
    [{ code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' }, 400, null],
    [{ code: '22003', message: 'value "2147483648" is out of range for type integer' }, 400, null],
    [{ code: '40001', message: 'could not serialize access' }, 503, null],
  ])('%j → %i naming %s, never the driver text', (driver, status, field) => {
    const err = databaseError(wrapped(driver));
    expect(err).not.toBeNull();
    expect(err!.status).toBe(status);
    expect(err!.details).toEqual(field ? { field } : null);
    expect(err!.message).not.toMatch(/select|insert|params|violates|constraint|Failed query/i);
    expect(err!.reason).toContain(String(driver.message));
  });

  it('anything that is not a database refusal is left for the 500 path', () => {
    expect(databaseError(new Error('boom'))).toBeNull();
    expect(databaseError(wrapped({ code: 'XX000', message: 'internal' }))).toBeNull();
  });
});
