import { isUtf8 } from 'node:buffer';

// Feed bytes to text. Precedence (RFC 7303): byte-order mark, then the Content-Type charset, then the
// XML declaration's encoding, then UTF-8. GBK family labels decode as GB18030 (a superset). A body the
// header calls UTF-8 that is not valid UTF-8 is decoded by its XML declaration instead (a common
// misconfiguration: `text/xml; charset=utf-8` in front of a GBK file that says so itself).

const GB_LABELS = new Set(['gbk', 'gb2312', 'gb_2312-80', 'gb18030', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'euc-cn', 'csgb2312', 'iso-ir-58', 'chinese']);

export interface DecodedFeed {
  text: string;
  /** The decoder used (WHATWG name). */
  charset: string;
  /** Where the charset came from. */
  source: 'bom' | 'header' | 'declaration' | 'default';
}

export function decodeFeed(body: Uint8Array, contentType: string | undefined): DecodedFeed {
  const bom = bomCharset(body);
  if (bom) return { text: decode(body, bom), charset: bom, source: 'bom' };
  const declared = declarationCharset(body);
  const fromHeader = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1] : undefined;
  if (fromHeader) {
    const charset = decoderName(fromHeader);
    if (charset === 'utf-8' && declared && decoderName(declared) !== 'utf-8' && !isUtf8(body)) {
      const other = decoderName(declared);
      return { text: decode(body, other), charset: other, source: 'declaration' };
    }
    return { text: decode(body, charset), charset, source: 'header' };
  }
  if (declared) {
    const charset = decoderName(declared);
    return { text: decode(body, charset), charset, source: 'declaration' };
  }
  return { text: decode(body, 'utf-8'), charset: 'utf-8', source: 'default' };
}

/** The WHATWG decoder for a label; unknown labels fall back to UTF-8 (the parser then says what broke). */
export function decoderName(label: string): string {
  const l = label.trim().toLowerCase();
  if (GB_LABELS.has(l)) return 'gb18030';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return 'utf-8';
  }
}

function decode(body: Uint8Array, charset: string): string {
  return new TextDecoder(charset).decode(body); // strips a BOM; invalid bytes become U+FFFD
}

function bomCharset(b: Uint8Array): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** `<?xml version="1.0" encoding="GBK"?>` at the start (ASCII-compatible encodings only). */
function declarationCharset(b: Uint8Array): string | null {
  const head = Buffer.from(b.subarray(0, 512)).toString('latin1');
  return /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1] ?? null;
}
