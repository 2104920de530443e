// Weibo's text and dates: plain-text titles from status HTML, and created_at ("Sun Sep 08 18:21:15 +0800
// 2013", the offset is the author's zone as Weibo reports it) to an ISO instant.

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

/** `Www Mmm dd HH:MM:SS ±hhmm yyyy` → ISO instant, or null when it is not that format or not a real time. */
export function parseWeiboDate(value: string): string | null {
  const m = /^[A-Za-z]{3},? +([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2}):?(\d{2}) (\d{4})$/.exec(value.trim());
  if (!m) return null;
  const [, mon, d, hh, mi, ss, sign, oh, om, y] = m as unknown as [string, string, string, string, string, string, string, string, string, string];
  const month = MONTHS[mon.toLowerCase()];
  if (month === undefined) return null;
  const day = Number(d);
  const [h, min, sec] = [Number(hh), Number(mi), Number(ss)];
  if (h > 23 || min > 59 || sec > 59 || Number(oh) > 14 || Number(om) > 59) return null;
  const local = Date.UTC(Number(y), month, day, h, min, sec);
  if (new Date(local).getUTCDate() !== day) return null; // Feb 30 and friends
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return new Date(local - offsetMs).toISOString();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML to one line of text: tags dropped, entities decoded, whitespace collapsed. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` characters (code points, so an emoji is never cut in half), "…" marking a cut. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** A post's title: its text without HTML, cut at 120 characters. */
export function weiboTitle(html: string): string {
  return truncateText(plainText(html), 120);
}
