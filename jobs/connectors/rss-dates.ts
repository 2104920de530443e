// Feed dates to ISO instants without Date.parse's guesswork: a date with no zone is Asia/Shanghai
// (UTC+8, no DST since 1991), never the process's local time. Accepted:
//   RFC 822/2822   "Tue, 14 Jan 2025 08:00:00 GMT", "14 Jan 2025 16:00 +0800", "Tue, 14 Jan 2025 16:00:00 "
//   Java/Weibo     "Tue Jan 14 16:00:00 CST 2025", "Sun Sep 08 18:21:15 +0800 2013"
//   ISO 8601-ish   "2025-01-14T08:00:00Z", "2025-01-14 16:00:00", "2025/1/14 16:00", "2025-01-14"
//   Chinese        "2025年1月14日", "2025年1月14日 16:00"
// "CST" is read as China Standard Time (+0800): these feeds are Chinese, and Java's Date.toString() in
// Asia/Shanghai prints CST. Unknown zone names and anything else → null (the item is undated).

const SHANGHAI_MIN = 8 * 60;
const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
/** Zone names → minutes east of UTC. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  cst: 480,
  bjt: 480,
  hkt: 480,
  est: -300,
  edt: -240,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const ZONE = String.raw`(Z|[+-]\d{2}(?::?\d{2})?|(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})`;
const RFC822 = new RegExp(
  String.raw`^(?:[A-Za-z]{2,9}\.?,?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*${ZONE})?$`,
);
const JAVA = new RegExp(String.raw`^[A-Za-z]{3},?\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(?:${ZONE}\s+)?(\d{4})$`);
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?\s*${ZONE}?$`);
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2})秒?)?分?)?$/;

export function parseFeedDate(raw: string | undefined | null): string | null {
  const s = raw?.trim();
  if (!s) return null;
  let m = RFC822.exec(s);
  if (m) {
    const y = Number(m[3]);
    return build(m[3]!.length === 2 ? (y < 50 ? 2000 + y : 1900 + y) : y, MONTHS[m[2]!.toLowerCase()], m[1], m[4], m[5], m[6], m[7]);
  }
  m = JAVA.exec(s);
  if (m) return build(Number(m[7]), MONTHS[m[1]!.toLowerCase()], m[2], m[3], m[4], m[5], m[6]);
  m = ISO.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]) - 1, m[3], m[4], m[5], m[6], m[7]);
  m = CHINESE.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]) - 1, m[3], m[4], m[5], m[6], undefined);
  return null;
}

function build(
  year: number,
  month: number | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  zone: string | undefined,
): string | null {
  if (month === undefined || month < 0 || month > 11) return null;
  const offset = zone === undefined ? SHANGHAI_MIN : zoneOffset(zone);
  if (offset === null) return null;
  const [d, h, mi, se] = [Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0)];
  if (h > 23 || mi > 59 || se > 60) return null;
  const local = Date.UTC(year, month, d, h, mi, Math.min(se, 59));
  if (!Number.isFinite(local) || new Date(local).getUTCDate() !== d) return null;
  return new Date(local - offset * 60_000).toISOString();
}

function zoneOffset(zone: string): number | null {
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return null;
  return (m[1] === '-' ? -1 : 1) * minutes;
}
