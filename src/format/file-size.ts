import { formatDecimal } from './decimal-text.ts';

/** A file's size for people: `812 B`, `45.3 KB`, `2.1 MB` (binary multiples, as file managers show them). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${formatDecimal(v, { decimals: v < 10 ? 1 : 0 })} ${units[u]}`;
}
