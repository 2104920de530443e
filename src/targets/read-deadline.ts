// Deadlines in 指标值 cells (docs/design.md, Targets): a date with 前/之前/内… or 于/截至… around it, or an
// implementation period written as two dates. Text arrives folded by normaliseCell.

export type Deadline = { deadline: string | null } | 'invalid' | null;

// Markers around a date that make it a deadline: 于/截至… before, 前/之前/内… and 完成 after.
const DEADLINE_FRAME = /^((?:于|在|截至|截止到|截止|不晚于|不迟于|最迟|最晚|早于)?)(.+?)((?:之前|以前|前|为止|止|之内|以内|内)?)(?:完成)?$/;

/**
 * A deadline phrase (`2025年年底前`, `2024年第三季度`, `6月30日前完成`) or an implementation period
 * (`2023.07-2024.01`): its last day; `{ deadline: null }` for one written without a year when `year` is not
 * given; 'invalid' for a date that does not exist; null when the text is not a deadline at all.
 */
export function readDeadline(text: string, year?: number): Deadline {
  // `1-12月`, `2024年3-6月`: months of one year, the period a 时效 row gives (a duration would say 个月).
  const months = /^(?:(\d{4})年度?)?(\d{1,2})\s*(?:至|到|~|〜|—{1,2}|–|−|-)\s*(\d{1,2})月份?$/.exec(text);
  if (months) {
    const [from, to] = [Number(months[2]), Number(months[3])];
    if (from < 1 || to > 12 || from >= to) return months[1] ? 'invalid' : null;
    const stated = months[1] ?? (year === undefined ? undefined : String(year));
    return stated === undefined ? { deadline: null } : dayOf(stated, to, 31);
  }
  const span = readSpan(text, year);
  if (span !== null) return span;
  const frame = DEADLINE_FRAME.exec(text);
  if (!frame) return null;
  const [, before = '', body = '', after = ''] = frame;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})年度?(?:年?[底末]|全年)?$/.exec(body))) return dayOf(m[1], 12, 31);
  if ((m = /^(\d{4})年([上下])半年$/.exec(body))) return dayOf(m[1], m[2] === '上' ? 6 : 12, 31);
  if ((m = /^(\d{4})年第?([1-4一二三四])季度[末底]?$/.exec(body))) {
    return dayOf(m[1], 3 * ('1一2二3三4四'.indexOf(m[2] ?? '') >> 1) + 3, 31);
  }
  if ((m = /^(\d{4})年(\d{1,2})月(?:[底末]|份)?$/.exec(body))) return dayOf(m[1], Number(m[2]), 31);
  if ((m = /^(\d{4})(?:年(\d{1,2})月(\d{1,2})[日号]|([-./])(\d{1,2})\4(\d{1,2}))$/.exec(body))) {
    return dayOf(m[1], Number(m[2] ?? m[5]), Number(m[3] ?? m[6]), true);
  }
  // Without a year the cell is still a deadline phrase; the year is the table's (`year`), else unknown.
  // A bare `12月` stays 12 months; it needs 底/末 or a marker to be a month of the year.
  if ((m = /^(\d{1,2})月([底末]|份)?$/.exec(body)) && (m[2] || before || after)) {
    if (!validDate(2000, Number(m[1]), 1)) return 'invalid';
    return year === undefined ? { deadline: null } : dayOf(String(year), Number(m[1]), 31);
  }
  if ((m = /^(\d{1,2})月(\d{1,2})[日号]$/.exec(body))) {
    // 2000 is a leap year, so 2月29日 passes while the year is unknown.
    if (!validDate(2000, Number(m[1]), Number(m[2]))) return 'invalid';
    return year === undefined ? { deadline: null } : dayOf(String(year), Number(m[1]), Number(m[2]), true);
  }
  return null;
}

interface DatePart {
  year: number | null;
  month: number;
  day: number | null;
}

const SPAN_SEPARATOR = /至|到|~|〜|—{1,2}|–|−|-/g;

/**
 * An implementation period written as two dates (`2023.07-2024.01`, `2024年1月至12月`, `2023年-2024年`): a
 * deadline on the last day of the second. The second may leave out the year of the first; a span with no
 * year at all takes `year`. Null when the text is not two dates, so `3-5次` stays a range.
 */
function readSpan(text: string, year?: number): Deadline {
  for (const separator of text.matchAll(SPAN_SEPARATOR)) {
    const at = separator.index ?? 0;
    const start = readDatePart(text.slice(0, at));
    if (start === null) continue;
    const end = readDatePart(text.slice(at + separator[0].length));
    if (end === null) continue;
    if (start === 'invalid' || end === 'invalid') return 'invalid';
    const endYear = end.year ?? start.year ?? year ?? null;
    const startYear = start.year ?? endYear;
    if (endYear === null || startYear === null) return { deadline: null };
    const first = dayOf(String(startYear), start.month, start.day ?? 1, start.day !== null);
    const last = dayOf(String(endYear), end.month, end.day ?? 31, end.day !== null);
    if (first === null || last === null) return null;
    if (first === 'invalid' || last === 'invalid' || (last.deadline ?? '') < (first.deadline ?? '')) return 'invalid';
    return last;
  }
  return null;
}

function readDatePart(text: string): DatePart | 'invalid' | null {
  let m: RegExpExecArray | null;
  // Words make it a date: a month that does not exist is an error, not another reading.
  if ((m = /^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?$/.exec(text))) {
    return checked(Number(m[1]), m[2] === undefined ? 12 : Number(m[2]), m[3] === undefined ? null : Number(m[3]), true);
  }
  if ((m = /^(\d{1,2})月(?:(\d{1,2})[日号])?$/.exec(text))) {
    return checked(null, Number(m[1]), m[2] === undefined ? null : Number(m[2]), true);
  }
  // Dotted forms (`2023.07`, `2024/1/15`) are dates only when they can be: `1990.50` is a number.
  if ((m = /^(\d{4})([./-])(\d{1,2})(?:\2(\d{1,2}))?$/.exec(text))) {
    return checked(Number(m[1]), Number(m[3]), m[4] === undefined ? null : Number(m[4]), false);
  }
  return null;
}

function checked(year: number | null, month: number, day: number | null, words: boolean): DatePart | 'invalid' | null {
  const ok = (year === null || (year >= 1900 && year <= 2199)) && validDate(year ?? 2000, month, day ?? 1);
  if (ok) return { year, month, day };
  return words ? 'invalid' : null;
}

/** `exact` days must exist; otherwise `day` 31 means "the month's last day". */
function dayOf(yearText: string | undefined, month: number, day: number, exact = false): Deadline {
  const year = Number(yearText);
  if (year < 1900 || year > 2199) return null;
  const last = daysInMonth(year, month);
  const date = exact ? day : Math.min(day, last);
  if (!validDate(year, month, date)) return 'invalid';
  const pad = (n: number) => String(n).padStart(2, '0');
  return { deadline: `${year}-${pad(month)}-${pad(date)}` };
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month === 2) return leap ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const validDate = (year: number, month: number, day: number): boolean => month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
