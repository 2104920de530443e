// What an uploaded supporting file (佐证材料) is, read from its bytes and never from its name (docs/design.md
// "Supporting files"): images, PDF, DOCX and XLSX are taken; anything else — above all an executable or a script
// renamed to `.jpg` — is refused with the reason. Pure.

export type AcceptedType =
  | 'image/jpeg'
  | 'image/png'
  | 'image/gif'
  | 'image/webp'
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const EXTENSION_OF: Readonly<Record<AcceptedType, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** What each accepted type is called by the people who handle it (the pages' file lists). */
export const TYPE_NAME: Readonly<Record<AcceptedType, string>> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
};

export type Sniffed = { ok: true; type: AcceptedType; image: boolean } | { ok: false; reason: 'empty' | 'executable' | 'script' | 'macro' | 'unsupported' };

const startsWith = (bytes: Uint8Array, ...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

export function sniffFile(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  // Programs first: a Windows PE (MZ), ELF, Mach-O (both byte orders, and fat binaries), a Java class.
  if (
    startsWith(bytes, 0x4d, 0x5a) ||
    startsWith(bytes, 0x7f, 0x45, 0x4c, 0x46) ||
    startsWith(bytes, 0xfe, 0xed, 0xfa, 0xce) ||
    startsWith(bytes, 0xfe, 0xed, 0xfa, 0xcf) ||
    startsWith(bytes, 0xce, 0xfa, 0xed, 0xfe) ||
    startsWith(bytes, 0xcf, 0xfa, 0xed, 0xfe) ||
    startsWith(bytes, 0xca, 0xfe, 0xba, 0xbe)
  ) {
    return { ok: false, reason: 'executable' };
  }
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return image('image/jpeg');
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return image('image/png');
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return image('image/gif');
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return image('image/webp');
  if (ascii(bytes, 0, 5) === '%PDF-') return { ok: true, type: 'application/pdf', image: false };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return officeZip(bytes);
  // Text that a browser or a shell would run: a shebang, HTML, SVG (which carries script), a batch file.
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('#!') || /^<(!doctype|html|svg|\?xml|script)/.test(head) || /^@echo\s+off/.test(head)) return { ok: false, reason: 'script' };
  return { ok: false, reason: 'unsupported' };
}

function image(type: AcceptedType): Sniffed {
  return { ok: true, type, image: true };
}

/**
 * A zip is a .docx or .xlsx only when its entries say so: `[Content_Types].xml` and a `word/` or `xl/` part, and no
 * macros. The entry names stand in plain text in the local headers; any other zip (an archive of whatever) is refused.
 */
function officeZip(bytes: Uint8Array): Sniffed {
  const names = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4 << 20)));
  if (!names.includes('[Content_Types].xml')) return { ok: false, reason: 'unsupported' };
  // A .docm or .xlsm renamed to .docx carries VBA (or ActiveX controls): code, which a proof of work never needs.
  if (/(?:word|xl)\/(?:vbaProject\.bin|activeX\/)/.test(names)) return { ok: false, reason: 'macro' };
  if (names.includes('word/document.xml')) return { ok: true, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', image: false };
  if (names.includes('xl/workbook.xml')) return { ok: true, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', image: false };
  return { ok: false, reason: 'unsupported' };
}
