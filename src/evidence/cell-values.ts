// Spreadsheet cell values → the text the validators read. Dates and times in a sheet are wall-clock
// Asia/Shanghai (China has no daylight saving: always UTC+8).

/** A cell as read from a sheet: CSV cells are strings; .xlsx cells keep numbers, booleans and dates. */
export type CellValue = string | number | boolean | Date | null;

const DAY_MS = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * exceljs turns a date cell into a Date whose UTC fields are the wall clock shown in Excel; serials are
 * floating point, so round to the second (14:30 must not come back as 14:29:59.999).
 */
export function wallClock(date: Date): Date {
  return new Date(Math.round(date.getTime() / 1000) * 1000);
}

/** An Excel serial day number (1900 system) as a wall-clock Date, or null outside years 1900–9999. */
export function excelSerialToDate(serial: number): Date | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  return wallClock(new Date(EXCEL_EPOCH + serial * DAY_MS));
}

/** `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm:ss` when `withTime` (or when `withTime` is 'auto' and it isn't midnight). */
export function formatWallClock(date: Date, withTime: boolean | 'auto'): string {
  const iso = wallClock(date).toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  const showTime = withTime === 'auto' ? time !== '00:00:00' : withTime;
  return showTime ? `${day} ${time}` : day;
}

const LOCAL_DATE_TIME =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T)(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?)?\s*秒?)?$/;

/**
 * Chinese spreadsheet spellings of a local date or time (`2024/5/1`, `2024年5月1日 9:05`, `2024.05.01`)
 * → `YYYY-MM-DD` or `YYYY-MM-DD HH:mm[:ss]`; anything else comes back unchanged for the validator to judge.
 */
export function normalizeDateText(text: string): string {
  const m = LOCAL_DATE_TIME.exec(text.trim());
  if (!m) return text;
  const [, y, mo, d, h, mi, s] = m;
  const day = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  if (h === undefined) return day;
  return `${day} ${h.padStart(2, '0')}:${mi!.padStart(2, '0')}${s === undefined ? '' : `:${s.padStart(2, '0')}`}`;
}

/** A local Asia/Shanghai date or time, or an ISO instant with a zone, → ISO instant (UTC); null if neither. */
export function shanghaiInstant(text: string): string | null {
  const v = normalizeDateText(text.trim());
  const local = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (local) {
    const [y, mo, d, h = 0, mi = 0, s = 0] = local.slice(1).map((p) => (p === undefined ? undefined : Number(p)));
    if (h! > 23 || mi! > 59 || s! > 59) return null;
    const t = Date.UTC(y!, mo! - 1, d!, h! - 8, mi!, s!);
    // Reject 2024-02-30 and the like: the day must survive the round trip.
    if (new Date(t + 8 * 3600_000).toISOString().slice(0, 10) !== v.slice(0, 10)) return null;
    return new Date(t).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * A header as people type it: full-width → half-width (NFKC), case, spaces, `_`/`-`, and the `*` that
 * marks required columns ignored. `Due At`, `due_at`, `DUE-AT` and `ｄｕｅ＿ａｔ` all become `dueat`.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*]+/g, '');
}

/** A cell's plain text (used for headers and free text): dates as `YYYY-MM-DD[ HH:mm:ss]`. */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return formatWallClock(value, 'auto');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value).trim();
}
