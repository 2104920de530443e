/** Calendar facts in Asia/Shanghai, where every date of the domain lives. */
const ymd = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` of the instant in Asia/Shanghai. */
export function shanghaiDate(now: Date): string {
  return ymd.format(now);
}

export function shanghaiYear(now: Date): number {
  return Number(shanghaiDate(now).slice(0, 4));
}

export function yearPeriod(year: number): { start: string; end: string } {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/**
 * `2024-07-01 09:05`: an instant as Asia/Shanghai wall-clock time (UTC+8, no daylight saving), the one way every
 * face shows a time (UI.md "Numbers"). Takes a Date, an ISO string or PostgreSQL's timestamptz text
 * (`2024-07-01 01:05:00+00`); `—` for nothing, and a text it cannot read is shown as it is.
 */
export function shanghaiMinute(at: string | Date | null | undefined): string {
  if (at === null || at === undefined) return '—';
  const ms =
    at instanceof Date
      ? at.getTime()
      : Date.parse(
          at
            .trim()
            .replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T')
            .replace(/([+-]\d{2})$/, '$1:00'),
        );
  if (Number.isNaN(ms)) return typeof at === 'string' ? at : '—';
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
