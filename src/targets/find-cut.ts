// Published tables are often copied from pages that cut the text at a fixed length, mid-row or mid-word. The
// reader keeps what is whole and marks the project the cut falls in (docs/design.md, "Truncated copies").
const PIPE_END = /\|\s*$/;

/** The 1-based line where the text was cut off, or null when it ends cleanly. */
export function findCut(text: string): number | null {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && (lines[last] ?? '').trim() === '') last -= 1;
  if (last < 0) return null;
  const end = (lines[last] ?? '').trim();
  // A comparator or an opening bracket cannot end a table: `…下降情况>`, `生态(t`.
  if (/[≥≤<>=(（]$/.test(end) || /\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*$/i.test(end)) return last + 1;
  // Rows copied from a web table end in `|`; a last line that does not was cut inside its row.
  const piped = lines.filter((l) => l.includes('|'));
  if (piped.length >= 5 && !PIPE_END.test(end)) {
    const closed = piped.filter((l) => PIPE_END.test(l)).length;
    if (closed >= piped.length * 0.7) return last + 1;
  }
  return null;
}
