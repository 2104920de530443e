import type { Context } from 'hono';
import { IdText } from '../src/edge/schemas.ts';
import { AppError } from '../src/errors.ts';
import type { Language } from '../src/format/status-labels.ts';
import type { FieldProblem } from './components/fields.tsx';
import type { WebEnv } from './env.ts';

// What a request's path and a submitted form's fields become before a service judges them, and a service's
// refusal turned back into errors beside the fields. Shared by every page.

/**
 * A service's refusal of a form, as field errors beside the fields in the page's language; anything else is
 * not the form's. (Chinese is the default; the catalogue gives English where the service said it.)
 */
export function formProblems(err: unknown, language: Language = 'zh'): FieldProblem[] | null {
  if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) return null;
  const said = err.detailsIn(language);
  const details = Array.isArray(said) ? (said as { field?: unknown; message?: unknown }[]) : [];
  const fields = details
    .filter((d) => typeof d.field === 'string' && typeof d.message === 'string')
    .map((d) => ({ field: String(d.field), message: String(d.message) }));
  const field = (err.details as { field?: unknown } | null)?.field;
  if (fields.length > 0) return fields;
  return [{ field: typeof field === 'string' ? field : 'value', message: err.messageIn(language) }];
}

export const textFields = (body: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, typeof body[n] === 'string' ? (body[n] as string).slice(0, 2000) : ''])) as Record<string, string>;

/** A number as typed (full-width digits and thousands separators allowed); the service judges the rest. */
export const typedNumber = (v: string): number | string => {
  const folded = v.replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, '');
  return folded !== '' && Number.isFinite(Number(folded)) ? Number(folded) : v;
};

/** An id in the path, written as the API writes ids (canonical digits within the column's range), else 404. */
// biome-ignore lint/suspicious/noExplicitAny: any page's context
export function pathId(c: Context<any>, name = 'id'): number {
  const id = IdText.safeParse(c.req.param(name));
  if (!id.success) throw new AppError(404, 'not_found', '');
  return id.data;
}

/** The upload cap in whole megabytes (at least 1), as the upload forms' hints and refusals say it. */
export const uploadLimitMb = (c: Context<WebEnv>) => Math.max(1, Math.round(c.get('deps').config.uploadLimitBytes / 1_048_576));
