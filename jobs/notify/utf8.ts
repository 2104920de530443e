// Byte budgets of robot messages: WeCom counts the markdown content in UTF-8 bytes (4096), not in
// characters, and a Chinese character is 3 bytes, an emoji 4.

export const TRUNCATED_SUFFIX = '…（内容过长已截断）';

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * `text` if it fits in `maxBytes`; otherwise its longest prefix of whole code points (never half a
 * surrogate pair, never a split UTF-8 sequence) followed by `suffix`, the whole ≤ `maxBytes`.
 * When the cut lands in the last fifth of the kept text after a line break, the cut moves back to that
 * break so a markdown line (a `<font>` tag, a `**bold**`) is never left half open.
 */
export function truncateUtf8(text: string, maxBytes: number, suffix: string = TRUNCATED_SUFFIX): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Bytes(suffix);
  if (budget <= 0) return sliceToBytes(suffix, maxBytes);
  let kept = sliceToBytes(text, budget);
  const lastBreak = kept.lastIndexOf('\n');
  if (lastBreak >= 0 && lastBreak >= kept.length * 0.8) kept = kept.slice(0, lastBreak + 1);
  return kept + suffix;
}

/** The longest prefix of `text` made of whole code points whose UTF-8 encoding is ≤ `maxBytes`. */
export function sliceToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return text.slice(0, end);
}
