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
