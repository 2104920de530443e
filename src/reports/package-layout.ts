// Where things go inside the self-evaluation package (docs/design.md "Official tables"): folder and file names
// under 佐证材料, made safe for every file system a reviewer may unzip on, and numbered so that the folder, the
// index and the self-evaluation table's indicator row say the same number. Pure.

/** The folder that holds the supporting files, and the index workbook beside the two tables. */
export const EVIDENCE_FOLDER = '佐证材料';
export const INDEX_FILE = '索引.xlsx';
export const INDEX_SHEET = '材料索引';

/**
 * Files on entries that no indicator counts: expenditure is what 全年执行数 in the funds block adds up; the rest
 * (an entry of a kind no measure reads) is still proof a reviewer may ask for, so it is kept apart, not dropped.
 */
export const FUNDS_FOLDER = '00 项目资金-全年执行数';
export const OTHER_FOLDER = '其他 未计入指标的登记';

const MAX_FOLDER = 60;
const MAX_FILE = 80;

/** Characters Windows, macOS or Linux refuse in a name (and the path separators), and control characters. */
const UNSAFE = /[\p{Cc}\\/:*?"<>|]/gu;

/** A path part every file system takes: unsafe characters become `_`, no leading/trailing dots or spaces, cut to `max`. */
export function safePart(raw: string, max: number): string {
  const cleaned = raw
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const cut = [...cleaned].slice(0, max).join('').trim();
  return cut === '' ? '_' : cut;
}

/** Row numbers padded to the widest (at least two digits), so folders sort in table order: `03`, `12`. */
export function rowNumberText(n: number, count: number): string {
  return String(n).padStart(Math.max(2, String(count).length), '0');
}

/** `03 产出指标-数量指标-培训人次`: the row's number as in the self-evaluation table and its indicator path. */
export function rowFolderName(rowNo: number, rowCount: number, levels: { level1: string; level2: string; level3: string }): string {
  const path = [levels.level1, levels.level2, levels.level3]
    .map((l) => l.trim())
    .filter(Boolean)
    .join('-');
  return safePart(`${rowNumberText(rowNo, rowCount)} ${path}`, MAX_FOLDER);
}

/**
 * `01 签到表.pdf`: the file's place in its folder and its name, the extension kept when the name is cut. The
 * number makes the name unique within the folder whatever the people named their files.
 */
export function numberedFileName(n: number, count: number, downloadName: string): string {
  const dot = downloadName.lastIndexOf('.');
  const ext = dot > 0 && downloadName.length - dot <= 6 ? downloadName.slice(dot) : '';
  const stem = ext ? downloadName.slice(0, dot) : downloadName;
  const prefix = `${rowNumberText(n, count)} `;
  const safeExt = ext.length > 1 ? `.${safePart(ext.slice(1), 5)}` : '';
  return `${safePart(`${prefix}${stem}`, MAX_FILE - safeExt.length)}${safeExt}`;
}

/** A path inside the zip: parts joined by `/` (ZIP's separator on every system). */
export function zipPath(...parts: string[]): string {
  return parts.join('/');
}
