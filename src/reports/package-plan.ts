import { shanghaiMinute } from '../clock.ts';
// The self-evaluation package laid out before a byte is read (docs/design.md "Official tables"): which file goes
// in which folder under which name, and the index line that says so. The service resolves which rows a file
// belongs to (through the drill-down's own matching); this only arranges, so the index and the zip are drawn
// from one list and cannot disagree. Pure.
import { formatFileSize } from '../format/index.ts';
import { EVIDENCE_FOLDER, FUNDS_FOLDER, numberedFileName, OTHER_FOLDER, rowFolderName, rowNumberText, zipPath } from './package-layout.ts';

/** An indicator row of the self-evaluation table, in its order (row 1 is the table's first indicator row). */
export interface PackageRow {
  indicatorId: number;
  level1: string;
  level2: string;
  level3: string;
}

/** The record a file is on, as a reviewer reads it. */
export interface PackageRecord {
  kind: 'entry' | 'manual_value' | 'assessment' | 'monitoring_note';
  id: number;
  /** `计数登记 #12：培训签到`, `人工填报值 #3：96%` … */
  label: string;
  /** The record's own day (an entry's day, a value's or note's 截至日期). */
  day: string;
}

/** Where a file belongs: indicator rows by their 1-based number, the funds block, or none of them. */
export type PackageHome = { row: number } | 'funds' | 'other';

export interface PackageFile {
  id: number;
  downloadName: string;
  mediaType: string;
  size: number;
  sha256: string;
  author: string;
  createdAt: string;
  caption: string | null;
  record: PackageRecord;
  homes: readonly PackageHome[];
}

/** One line of the index: a file at one path, or an indicator row that has no file. */
export interface IndexLine {
  /** The row's number as in the self-evaluation table; null for the funds and other folders. */
  rowNo: string | null;
  level1: string;
  level2: string;
  level3: string;
  record: string;
  recordDay: string;
  fileName: string;
  /** Inside the zip; empty for a row with no file. */
  path: string;
  size: number | null;
  sizeText: string;
  sha256: string;
  author: string;
  uploadedAt: string;
  caption: string;
}

export interface ZipFileEntry {
  path: string;
  fileId: number;
  mediaType: string;
  createdAt: string;
}

export interface PackagePlan {
  files: ZipFileEntry[];
  index: IndexLine[];
}

const NO_FILE = '（无佐证材料）';

function folderOf(home: PackageHome, rows: readonly PackageRow[]): string {
  if (home === 'funds') return FUNDS_FOLDER;
  if (home === 'other') return OTHER_FOLDER;
  return rowFolderName(home.row, rows.length, rows[home.row - 1]!);
}

const homeKey = (home: PackageHome): string => (typeof home === 'string' ? home : `row:${home.row}`);

/** Files in a folder by their record's day, then as uploaded. */
function byRecordDay(a: PackageFile, b: PackageFile): number {
  return a.record.day.localeCompare(b.record.day) || a.createdAt.localeCompare(b.createdAt) || a.id - b.id;
}

export function planPackage(rows: readonly PackageRow[], files: readonly PackageFile[]): PackagePlan {
  const byHome = new Map<string, { home: PackageHome; files: PackageFile[] }>();
  for (const f of files) {
    const seen = new Set<string>();
    for (const home of f.homes) {
      const key = homeKey(home);
      // A file on two records of the same row (the same bytes on an entry and a value) is two files; the same
      // file reaching a row twice is one.
      if (seen.has(key)) continue;
      seen.add(key);
      const group = byHome.get(key) ?? { home, files: [] };
      group.files.push(f);
      byHome.set(key, group);
    }
  }
  const zip: ZipFileEntry[] = [];
  const index: IndexLine[] = [];
  const place = (home: PackageHome, levels: { level1: string; level2: string; level3: string }, rowNo: string | null) => {
    const group = byHome.get(homeKey(home));
    if (!group) {
      index.push({
        rowNo,
        ...levels,
        record: '',
        recordDay: '',
        fileName: NO_FILE,
        path: '',
        size: null,
        sizeText: '',
        sha256: '',
        author: '',
        uploadedAt: '',
        caption: '',
      });
      return;
    }
    const folder = folderOf(home, rows);
    const sorted = [...group.files].sort(byRecordDay);
    sorted.forEach((f, i) => {
      const path = zipPath(EVIDENCE_FOLDER, folder, numberedFileName(i + 1, sorted.length, f.downloadName));
      zip.push({ path, fileId: f.id, mediaType: f.mediaType, createdAt: f.createdAt });
      index.push({
        rowNo,
        ...levels,
        record: f.record.label,
        recordDay: f.record.day,
        fileName: f.downloadName,
        path,
        size: f.size,
        sizeText: formatFileSize(f.size),
        sha256: f.sha256,
        author: f.author,
        uploadedAt: shanghaiMinute(f.createdAt),
        caption: f.caption ?? '',
      });
    });
  };
  for (const [i, r] of rows.entries()) place({ row: i + 1 }, r, rowNumberText(i + 1, rows.length));
  // The funds block and entries no indicator counts are listed only when they have files: they are not rows.
  if (byHome.has('funds')) place('funds', { level1: '项目资金', level2: '全年执行数', level3: '' }, null);
  if (byHome.has('other')) place('other', { level1: '（未计入指标）', level2: '', level3: '' }, null);
  return { files: zip, index };
}
