// The edge types (docs/design.md "Input at the edges"): one zod schema per kind of input, used by every
// route, the CLI and the bulk readers. Messages say what is wrong and how to fix it; the field's Chinese
// name is added by whoever reports the issue (see field-labels.ts).
import { z } from '@hono/zod-openapi';
import { SECRET_PREFIX } from '../config.ts';
import { readDay, readDeadline, readInstant } from './days.ts';
import { COUNT_MAX, ID_MAX, MONEY_LIMIT, TEXT_MAX, VALUE_LIMIT } from './limits.ts';
import { charLength, decimalPlaces, readNumber, textProblem } from './values.ts';
import { said } from '../errors.ts';
import { rememberPair, say, sayOnce } from './words.ts';

// zod's own messages (wrong type, unknown key, bad enum) in Chinese for every schema in the app, with their
// English remembered for a caller who asks for it (words.ts).
const zodChinese = z.locales.zhCN().localeError;
const zodEnglish = z.locales.en().localeError;
z.config({
  localeError: (issue) => {
    const zh = zodChinese(issue);
    const en = zodEnglish(issue);
    const text = (m: typeof zh) => (typeof m === 'string' ? m : m?.message);
    const [zhText, enText] = [text(zh), text(en)];
    if (zhText !== undefined && enText !== undefined) rememberPair(zhText, enText);
    return zh;
  },
});

const ID_TEXT = /^[1-9]\d{0,9}$/;
const ID_MESSAGE = sayOnce(said('err.field.id', { max: ID_MAX }));

/** An id in a path or query string: canonical decimal digits only (`+1`, `0x10`, `1e3`, ` 1` are refused). */
export const IdText = z
  .string()
  .transform((s, ctx) => {
    const n = ID_TEXT.test(s) ? Number(s) : Number.NaN;
    if (!(n >= 1 && n <= ID_MAX)) {
      ctx.addIssue({ code: 'custom', message: ID_MESSAGE });
      return z.NEVER;
    }
    return n;
  })
  .openapi({ type: 'string', pattern: ID_TEXT.source, example: '1' });

/** An id in a JSON body: an integer, or the same canonical digits as a string. */
export const Id = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const n = typeof v === 'number' ? v : ID_TEXT.test(v) ? Number(v) : Number.NaN;
    if (!(Number.isInteger(n) && n >= 1 && n <= ID_MAX)) {
      ctx.addIssue({ code: 'custom', message: ID_MESSAGE });
      return z.NEVER;
    }
    return n;
  })
  .openapi({ type: 'integer', minimum: 1, maximum: ID_MAX, example: 1 });

function fromRead<T>(read: (s: string) => { ok: true; value: T } | { ok: false; reason: string }) {
  return (s: string, ctx: z.RefinementCtx): T => {
    const r = read(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.value;
  };
}

/** A day `YYYY-MM-DD` in 2000–2100 that exists; a pasted timestamp takes its Asia/Shanghai day. */
export const Day = z.string().transform(fromRead(readDay)).openapi({ type: 'string', format: 'date', example: '2024-07-01' });

/** An instant: ISO 8601 with a zone, or local `YYYY-MM-DD HH:mm[:ss]` in Asia/Shanghai; stored as UTC ISO. */
export const Instant = z
  .string()
  .transform(fromRead(readInstant))
  .openapi({ type: 'string', example: '2024-05-01 14:30', description: 'ISO 8601, or local time in Asia/Shanghai' });

/** A deadline instant; a bare day means the end of that day in Asia/Shanghai. */
export const Deadline = z
  .string()
  .transform(fromRead(readDeadline))
  .openapi({ type: 'string', example: '2024-12-10', description: 'A day (its end, Asia/Shanghai) or an instant' });

/** A strict finite number (JSON number or plain decimal string) within [min, max]. */
export function strictNumber(options: { min?: number; max?: number; integer?: boolean; decimals?: number } = {}) {
  const { min = -VALUE_LIMIT, max = VALUE_LIMIT, integer = false, decimals } = options;
  return z
    .unknown()
    .transform((v, ctx) => {
      const r = readNumber(v);
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (!r.ok) return fail(r.reason);
      const n = r.value;
      if (integer && !Number.isInteger(n)) return fail(say(said('err.field.integer')));
      if (decimals !== undefined && decimalPlaces(n) > decimals) return fail(say(said('err.field.decimals', { n: decimals })));
      if (n < min) return fail(say(min === 0 ? said('err.field.negative') : said('err.field.min', { min })));
      if (n > max) return fail(say(said('err.field.max', { max })));
      return n;
    })
    .openapi({ type: integer ? 'integer' : 'number', minimum: min, maximum: max });
}

/** Yuan: ≥ 0, at most 2 decimals, below 10^12. */
export const Money = strictNumber({ min: 0, max: MONEY_LIMIT - 0.01, decimals: 2 }).openapi({
  type: 'number',
  minimum: 0,
  exclusiveMaximum: MONEY_LIMIT,
  description: '元，最多 2 位小数',
});

/** A whole count ≥ 0 (participants, items). */
export const Count = strictNumber({ min: 0, max: COUNT_MAX, integer: true });

/** A quantity that may be fractional but not negative (台套, units of a target). */
export const Quantity = strictNumber({ min: 0, max: COUNT_MAX });

/** Text: trimmed, no NUL, lone surrogates or control characters, within `max` characters. */
export function text(max: number, options: { multiline?: boolean } = {}) {
  const multiline = options.multiline ?? max > TEXT_MAX.title;
  return z
    .string()
    .transform((raw, ctx) => {
      const s = raw.trim();
      const problem = textProblem(s, multiline);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      if (s === '') {
        ctx.addIssue({ code: 'custom', message: say(said('err.field.empty')) });
        return z.NEVER;
      }
      if (charLength(s) > max) {
        ctx.addIssue({ code: 'custom', message: say(said('err.field.tooLong', { max })) });
        return z.NEVER;
      }
      return s;
    })
    .openapi({ type: 'string', minLength: 1, maxLength: max });
}

/** Optional text: absent, null or blank → null. */
export function optionalText(max: number, options: { multiline?: boolean } = {}) {
  const inner = text(max, options);
  return z
    .union([z.string(), z.null()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v.trim() === '') return null;
      const r = inner.safeParse(v);
      if (!r.success) {
        for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
        return z.NEVER;
      }
      return r.data;
    })
    .openapi({ type: ['string', 'null'], maxLength: max });
}

export const Name = text(TEXT_MAX.name);
export const PersonName = text(TEXT_MAX.person);
export const Note = optionalText(TEXT_MAX.note, { multiline: true });

/**
 * A project as a caller names it: its id (a number, or canonical digits) or its exact name. Digits out of
 * the id range are refused here rather than looked up.
 */
export const ProjectRef = z
  .union([z.number(), z.string()])
  .transform((v, ctx): number | string => {
    // Digits with spaces or leading zeros (` 3`, `03`) are an id typed wrong, not a project name.
    const digits = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : null;
    if (digits !== null) {
      if (!(Number.isInteger(digits) && digits >= 1 && digits <= ID_MAX && (typeof v === 'number' || ID_TEXT.test(v)))) {
        ctx.addIssue({ code: 'custom', message: say(said('err.field.projectId', { max: ID_MAX })) });
        return z.NEVER;
      }
      return digits;
    }
    const r = Name.safeParse(v);
    if (!r.success) {
      ctx.addIssue({ code: 'custom', message: r.error.issues[0]?.message ?? say(said('err.field.projectName')) });
      return z.NEVER;
    }
    return r.data;
  })
  .openapi({
    oneOf: [
      { type: 'integer', minimum: 1, maximum: ID_MAX },
      { type: 'string', maxLength: TEXT_MAX.name },
    ],
    description: '项目编号或完整项目名称',
  });

/** An http(s) URL, as a person pastes it. */
export const HttpUrl = text(TEXT_MAX.url)
  .refine((s) => /^https?:\/\/[^\s/]+/i.test(s) && URL.canParse(s), sayOnce(said('err.field.httpUrl')))
  .openapi({ type: 'string', format: 'uri', maxLength: TEXT_MAX.url });

/**
 * The name of a `JIXIAO_SECRET_*` environment variable that holds a secret (the secret itself is never
 * stored). Only those variables reach the connectors (config.secrets), so a channel or robot can never name
 * DATABASE_URL or any other part of the server's environment (docs/design.md "Data sources").
 */
export const EnvName = z
  .string()
  .regex(new RegExp(`^${SECRET_PREFIX}[A-Z0-9_]{1,${128 - SECRET_PREFIX.length}}$`), sayOnce(said('err.field.secretEnv', { prefix: SECRET_PREFIX })))
  .openapi({ example: `${SECRET_PREFIX}WECHAT`, pattern: `^${SECRET_PREFIX}[A-Z0-9_]+$` });
