import { EXTENSION_OF, type AcceptedType } from './sniff-file.ts';

// A supporting file's name (docs/design.md "Supporting files"): kept as the person gave it for display, but
// never trusted: path parts and control characters go, and the name a download carries ends in the extension
// of what the bytes are. Pure.

const MAX_NAME = 200;

/** The last path part, without control characters or characters no file system takes; null when nothing is left. */
export function cleanFileName(raw: string): string | null {
  const last = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = [...last.normalize('NFC')]
    .filter((ch) => {
      const code = ch.codePointAt(0)!;
      return code >= 0x20 && code !== 0x7f && !'<>:"|?*'.includes(ch);
    })
    .join('')
    .replace(/^[.\s]+/, '')
    .trim();
  if (cleaned === '') return null;
  return cleaned.length > MAX_NAME ? cleaned.slice(0, MAX_NAME) : cleaned;
}

/** The name with the extension of its real type: `照片.png` that is a JPEG downloads as `照片.jpg`, `扫描件` as `扫描件.pdf`. */
export function nameForType(name: string, type: AcceptedType): string {
  const ext = EXTENSION_OF[type];
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const given = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (given === ext || (ext === 'jpg' && given === 'jpeg')) return name;
  return `${stem}.${ext}`;
}
