// The self-evaluation package (自评材料包, docs/design.md "Official tables"): the self-evaluation and monitoring
// workbooks of one day, every current supporting file under 佐证材料 in a folder per indicator row numbered as in
// the self-evaluation table, and an index workbook listing each file where it is. A file goes where the record it
// is on counts: a manual value, assessment or note in its indicator's row; an entry in the row of every indicator
// whose measure counts it as of the day, as the drill-down lists it (indicatorFacts), never by rules of its own.
import type { Writable } from 'node:stream';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assessments, entries, manualValues, monitoringNotes } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { monitoringWorkbook } from '../reports/monitoring-xlsx.ts';
import { packageIndexWorkbook } from '../reports/package-index-xlsx.ts';
import { INDEX_FILE } from '../reports/package-layout.ts';
import { type PackageFile, type PackageHome, type PackageRow, planPackage } from '../reports/package-plan.ts';
import { assessmentRecordLabel, entryRecordLabel, manualValueRecordLabel, noteRecordLabel } from '../reports/package-records.ts';
import { selfEvalWorkbook } from '../reports/selfeval-xlsx.ts';
import { writeZip, type ZipPart } from '../reports/zip-writer.ts';
import { requireAccess } from './access.ts';
import { type BoundIndicator, loadBoundIndicators } from './bound-indicators.ts';
import { indicatorFacts } from './indicator-facts.ts';
import { monitoringTable, officialFileName, type OfficialTablesOptions, safeFileName, selfEvalTable } from './official-tables.ts';
import { toIndicatorDto } from './projects.ts';
import { type FileDto, projectFiles, readFileContent, requireContentAvailable } from './supporting-files.ts';

export interface PackageOptions extends OfficialTablesOptions {
  actor: Actor;
  /** FILES_DIR, where the bytes of some files may be kept. */
  filesDir: string | null;
}

export interface SelfEvalPackage {
  /** `项目名-自评材料包-2024-12-31.zip`. */
  fileName: string;
  asOf: string;
  /** Files under 佐证材料 (a file on two rows counts twice) and indicator rows with none. */
  files: number;
  rowsWithoutFiles: number;
  /** Writes the zip; a file that cannot be read ends it with that error. */
  write: (sink: Writable) => Promise<void>;
}

interface Window {
  start: string;
  asOf: string;
}

const inWindow = (day: string, w: Window) => day >= w.start && day <= w.asOf;

/**
 * The rows whose measure counts each entry as of the day: the drill-down of every indicator measured from
 * entries (or the tallies of a ratio), its counted items only (inside the period, current, on or before the day).
 */
async function entryRows(db: Db, bound: readonly BoundIndicator[], rowOf: ReadonlyMap<number, number>, asOf: string): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const b of bound) {
    const row = rowOf.get(b.indicator.id);
    const spec = b.spec;
    if (row === undefined || !spec || !('source' in spec) || (spec.source !== 'entries' && spec.source !== 'tallies')) continue;
    const facts = await indicatorFacts(db, b.indicator.id, { asOf, limit: Number.MAX_SAFE_INTEGER, offset: 0 });
    if (facts.source !== 'entries') continue;
    for (const item of facts.items) {
      if (!item.counted) continue;
      out.set(item.id, [...(out.get(item.id) ?? []), row]);
    }
  }
  return out;
}

/** Ids among `ids` that a later version supersedes (history, whose files the correction carried forward). */
async function supersededIds(db: Db, table: typeof entries | typeof manualValues | typeof assessments, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: table.supersedesId }).from(table).where(inArray(table.supersedesId, ids));
  return new Set(rows.map((r) => Number(r.id)));
}

const idsOf = (files: readonly FileDto[], kind: FileDto['parent']['kind']) => [...new Set(files.filter((f) => f.parent.kind === kind).map((f) => f.parent.id))];

/** Each current file with the record it is on and where it goes; files on history or outside the window are left out. */
async function placeFiles(db: Db, projectId: number, rows: readonly PackageRow[], files: readonly FileDto[], window: Window): Promise<PackageFile[]> {
  const rowOf = new Map(rows.map((r, i) => [r.indicatorId, i + 1]));
  const homeOfIndicator = (indicatorId: number): PackageHome[] => {
    const row = rowOf.get(indicatorId);
    return [row === undefined ? 'other' : { row }];
  };
  const entryIds = idsOf(files, 'entry');
  const valueIds = idsOf(files, 'manual_value');
  const assessmentIds = idsOf(files, 'assessment');
  const noteIds = idsOf(files, 'monitoring_note');
  // The project's measures, once: which rows count each entry, and the targets manual values are written in.
  const bound = entryIds.length || valueIds.length ? await loadBoundIndicators(db, { projectId }) : [];
  const [entryList, valueList, assessmentList, noteList, oldEntries, oldValues, oldAssessments, counted] = await Promise.all([
    entryIds.length ? db.select().from(entries).where(inArray(entries.id, entryIds)) : [],
    valueIds.length ? db.select().from(manualValues).where(inArray(manualValues.id, valueIds)) : [],
    assessmentIds.length ? db.select().from(assessments).where(inArray(assessments.id, assessmentIds)) : [],
    noteIds.length ? db.select().from(monitoringNotes).where(inArray(monitoringNotes.id, noteIds)) : [],
    supersededIds(db, entries, entryIds),
    supersededIds(db, manualValues, valueIds),
    supersededIds(db, assessments, assessmentIds),
    entryIds.length ? entryRows(db, bound, rowOf, window.asOf) : new Map<number, number[]>(),
  ]);
  const entryById = new Map(entryList.map((e) => [e.id, e]));
  const valueById = new Map(valueList.map((v) => [v.id, v]));
  const assessmentById = new Map(assessmentList.map((a) => [a.id, a]));
  const noteById = new Map(noteList.map((n) => [n.id, n]));
  const targetOf = new Map(bound.map((b) => [b.indicator.id, toIndicatorDto(b.indicator).target]));

  const placed: PackageFile[] = [];
  for (const f of files) {
    const base = {
      id: f.id,
      downloadName: f.downloadName,
      mediaType: f.mediaType,
      size: f.size,
      sha256: f.sha256,
      author: f.author,
      createdAt: f.createdAt,
      caption: f.caption,
    };
    const id = f.parent.id;
    switch (f.parent.kind) {
      case 'entry': {
        const e = entryById.get(id);
        if (!e || e.voided || oldEntries.has(id) || !inWindow(e.day, window)) continue;
        const homes: PackageHome[] = (counted.get(id) ?? []).map((row) => ({ row }));
        // Expenditure is what 全年执行数 adds up, whether or not an indicator also counts it.
        if (e.kind === 'expenditure') homes.push('funds');
        if (homes.length === 0) homes.push('other');
        placed.push({ ...base, record: { kind: 'entry', id, label: entryRecordLabel(id, e.kind, e.fields), day: e.day }, homes });
        break;
      }
      case 'manual_value': {
        const v = valueById.get(id);
        if (!v || oldValues.has(id) || !inWindow(v.asOf, window)) continue;
        const target = targetOf.get(v.indicatorId) ?? { unit: null, normalized: null };
        const label = manualValueRecordLabel(id, Number(v.value), target);
        placed.push({ ...base, record: { kind: 'manual_value', id, label, day: v.asOf }, homes: homeOfIndicator(v.indicatorId) });
        break;
      }
      case 'assessment': {
        const a = assessmentById.get(id);
        if (!a || oldAssessments.has(id) || !inWindow(a.asOf, window)) continue;
        placed.push({
          ...base,
          record: { kind: 'assessment', id, label: assessmentRecordLabel(id, a.tier), day: a.asOf },
          homes: homeOfIndicator(a.indicatorId),
        });
        break;
      }
      case 'monitoring_note': {
        const n = noteById.get(id);
        if (!n || !inWindow(n.asOf, window)) continue;
        placed.push({
          ...base,
          record: { kind: 'monitoring_note', id, label: noteRecordLabel(id, n.likelihood), day: n.asOf },
          homes: homeOfIndicator(n.indicatorId),
        });
        break;
      }
    }
  }
  return placed;
}

/**
 * The package of one project as of a day (the reading day by default, as the workbooks). Everything but the
 * files' bytes is decided here, before a byte is written: an unknown project or a refused actor fails as a plain
 * error, not as half a zip.
 */
export async function selfEvalPackage(db: Db, projectId: number, options: PackageOptions): Promise<SelfEvalPackage> {
  await requireAccess(db, options.actor, 'read', { kind: 'project', id: projectId });
  const table = await selfEvalTable(db, projectId, options);
  const asOf = table.head.asOf;
  // The monitoring workbook speaks for the same day as the self-evaluation one (already placed in the period).
  const monitoring = await monitoringTable(db, projectId, { ...options, asOf });
  const rows: PackageRow[] = table.indicators.map((r) => ({ indicatorId: r.indicatorId, level1: r.level1, level2: r.level2, level3: r.level3 }));
  const files = await projectFiles(db, projectId, { actor: options.actor });
  const placed = await placeFiles(db, projectId, rows, files, { start: table.head.period.start, asOf });
  const plan = planPackage(rows, placed);
  await requireContentAvailable(db, { filesDir: options.filesDir }, [...new Set(plan.files.map((f) => f.fileId))]);
  const [selfBytes, monitoringBytes, indexBytes] = await Promise.all([
    selfEvalWorkbook([table]),
    monitoringWorkbook([monitoring]),
    packageIndexWorkbook({ projectName: table.head.projectName, unitName: table.head.unitName, asOf }, plan.index),
  ]);
  const now = new Date();
  const ready = (bytes: Uint8Array) => () => Promise.resolve(bytes);
  const parts: ZipPart[] = [
    { path: officialFileName(table.head.projectName, 'selfeval', asOf), bytes: ready(selfBytes), date: now },
    { path: officialFileName(table.head.projectName, 'monitoring', asOf), bytes: ready(monitoringBytes), date: now },
    { path: INDEX_FILE, bytes: ready(indexBytes), date: now },
    ...plan.files.map(
      (f): ZipPart => ({
        path: f.path,
        bytes: async () => (await readFileContent(db, { filesDir: options.filesDir }, f.fileId, options.actor)).bytes,
        date: new Date(f.createdAt),
      }),
    ),
  ];
  return {
    fileName: `${safeFileName(table.head.projectName)}-自评材料包-${asOf}.zip`,
    asOf,
    files: plan.files.length,
    rowsWithoutFiles: plan.index.filter((l) => l.path === '' && l.rowNo !== null).length,
    write: (sink) => writeZip(parts, sink),
  };
}
