// Days and instants as people and scripts write them, read once at the edge (docs/design.md "Input at the
// edges"). Every day of the domain is a calendar day in Asia/Shanghai, which has no daylight saving: local
// time is always UTC+8.
import { FIRST_DAY, LAST_DAY } from './limits.ts';
import { said } from '../errors.ts';
import { say } from './words.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?$/;
const ZONED = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

const fail = <T>(reason: string): Read<T> => ({ ok: false, reason });
const ok = <T>(value: T): Read<T> => ({ ok: true, value });

/** True for an ISO `YYYY-MM-DD` that names a real calendar day (no 2024-02-30, no 2023-02-29). */
export function isCalendarDay(day: string): boolean {
  const m = ISO_DAY.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function inRange(day: string): boolean {
  return day >= FIRST_DAY && day <= LAST_DAY;
}

function checkDay(day: string): string | null {
  if (!isCalendarDay(day)) return say(said('err.day.missing', { day }));
  if (!inRange(day)) return say(said('err.day.range', { first: FIRST_DAY, last: LAST_DAY }));
  return null;
}

/** The Asia/Shanghai day of an instant (epoch milliseconds). */
export function shanghaiDayOf(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function clock(h: string, mi: string, s: string | undefined): boolean {
  return Number(h) <= 23 && Number(mi) <= 59 && Number(s ?? 0) <= 59;
}

/**
 * A day: `YYYY-MM-DD`; a pasted timestamp (`2024-05-01 14:30`, or an ISO instant with a zone) takes its day
 * in Asia/Shanghai, because people paste timestamps into date fields.
 */
export function readDay(input: string): Read<string> {
  const s = input.trim();
  if (ISO_DAY.test(s)) {
    const problem = checkDay(s);
    return problem ? fail(problem) : ok(s);
  }
  const instant = readInstant(s);
  if (instant.ok) return ok(shanghaiDayOf(Date.parse(instant.value)));
  return fail(ISO_DAY.test(s.slice(0, 10)) && !instant.ok ? instant.reason : say(said('err.day.expected')));
}

/**
 * An instant: ISO 8601 with a zone (`2024-05-01T14:30:00+08:00`, `…Z`), or a local `YYYY-MM-DD HH:mm[:ss]`
 * (or a bare day, meaning its start) read in Asia/Shanghai. Returned as an ISO string in UTC.
 */
export function readInstant(input: string): Read<string> {
  const s = input.trim();
  const dayPart = s.slice(0, 10);
  if (ISO_DAY.test(s)) {
    const problem = checkDay(s);
    return problem ? fail(problem) : ok(new Date(Date.parse(`${s}T00:00:00+08:00`)).toISOString());
  }
  const local = LOCAL.exec(s);
  const zoned = local ? null : ZONED.exec(s);
  const m = local ?? zoned;
  if (!m) return fail(say(said('err.time.expected')));
  const problem = checkDay(dayPart);
  if (problem && !isCalendarDay(dayPart)) return fail(problem);
  if (!clock(m[2]!, m[3]!, m[4])) return fail(say(said('err.time.missing', { time: s })));
  const zone = local ? '+08:00' : normalizeZone(m[6]!);
  if (zone === null) return fail(say(said('err.time.zone', { time: s })));
  const ms = Date.parse(`${dayPart}T${m[2]}:${m[3]}:${m[4] ?? '00'}${(m[5] ?? '').slice(0, 4)}${zone}`);
  if (Number.isNaN(ms)) return fail(say(said('err.time.missing', { time: s })));
  // The range is about the day people meant, which is the Shanghai day.
  if (!inRange(shanghaiDayOf(ms))) return fail(say(said('err.day.range', { first: FIRST_DAY, last: LAST_DAY })));
  return ok(new Date(ms).toISOString());
}

/** A deadline: a bare day means the end of that day in Asia/Shanghai (a report due 12-10 is on time at 12-10 23:00). */
export function readDeadline(input: string): Read<string> {
  const s = input.trim();
  if (!ISO_DAY.test(s)) return readInstant(s);
  const problem = checkDay(s);
  if (problem) return fail(problem);
  return ok(new Date(Date.parse(`${s}T23:59:59.999+08:00`)).toISOString());
}

function normalizeZone(zone: string): string | null {
  if (zone.toUpperCase() === 'Z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return null;
  return `${m[1]}${m[2]}:${m[3]}`;
}
