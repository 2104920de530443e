// Loads what the official tables need (docs/design.md "Official tables") and builds them: the progress answer
// (through the same reader as the API and pages when one is given, so a download costs nothing extra and shows
// the same numbers), the target table's own cells, and the monitoring notes dated on or before the day.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { units } from '../../db/schema/index.ts';
import { AppError, NotFoundError, said } from '../errors.ts';
import type { EvaluationSettings } from '../evaluation/types.ts';
import {
  buildMonitoringTable,
  buildSelfEvalTable,
  type MonitoringTable,
  type ProjectSheetFacts,
  type SelfEvalTable,
  type SheetNote,
} from '../reports/official-tables.ts';
import { latestNotes } from './monitoring-notes.ts';
import type { ProgressReport } from './progress-model.ts';
import type { ProgressReader } from './progress-reader.ts';
import { progressReport } from './progress-report.ts';
import { getProject, listProjects, requireProject } from './projects.ts';

export type OfficialTableKind = 'selfeval' | 'monitoring';

export interface OfficialTablesOptions {
  /** The day the tables speak for; by default each project's reading day (today, or its last day once over). */
  asOf?: string;
  today: string;
  settings: EvaluationSettings;
  /** The cached reader of the API and pages; without one the progress is computed afresh (the CLI). */
  reader?: ProgressReader;
}

async function progressOf(db: Db, projectId: number, options: OfficialTablesOptions): Promise<ProgressReport['projects'][number]> {
  const report = options.reader
    ? (await options.reader.project(projectId, { asOf: options.asOf, today: options.today })).report
    : await progressReport(db, [await requireProject(db, projectId)], { asOf: options.asOf, today: options.today, settings: options.settings });
  return report.projects[0]!;
}

async function sheetInputs(db: Db, projectId: number, options: OfficialTablesOptions) {
  const [progress, project] = await Promise.all([progressOf(db, projectId, options), getProject(db, projectId)]);
  const notes = await latestNotes(
    db,
    progress.indicators.map((i) => i.id),
    { upTo: progress.asOf },
  );
  const facts: ProjectSheetFacts = {
    unit: { name: project.unit.name, code: project.unit.code },
    department: null,
    budget: { total: project.budget.total, fiscal: project.budget.fiscal, other: project.budget.other },
    goals: project.goals,
  };
  return { progress, facts, notes: notes as ReadonlyMap<number, SheetNote> };
}

export async function selfEvalTable(db: Db, projectId: number, options: OfficialTablesOptions): Promise<SelfEvalTable> {
  const { progress, facts, notes } = await sheetInputs(db, projectId, options);
  return buildSelfEvalTable(progress, facts, notes);
}

export async function monitoringTable(db: Db, projectId: number, options: OfficialTablesOptions): Promise<MonitoringTable> {
  const { progress, facts, notes } = await sheetInputs(db, projectId, options);
  return buildMonitoringTable(progress, facts, notes);
}

/**
 * The projects of a unit in one budget year, in table order: the year of `asOf` when given, else the latest
 * year the unit has projects in. 404 for an unknown unit, 404 when it has no project that year.
 */
export async function unitProjectIds(
  db: Db,
  unitId: number,
  options: { year?: number; asOf?: string },
): Promise<{ unitName: string; year: number; ids: number[] }> {
  const [unit] = await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, unitId));
  if (!unit) throw new NotFoundError('unit', unitId);
  const all = await listProjects(db, { unitId });
  const year = options.year ?? (options.asOf ? Number(options.asOf.slice(0, 4)) : all.length > 0 ? Math.max(...all.map((p) => p.year)) : null);
  const ids = all.filter((p) => p.year === year).map((p) => p.id);
  if (year === null || ids.length === 0) {
    throw new AppError(404, 'not_found', said('report.err.unitNoProjects', { unit: unit.name, year: year === null ? '' : String(year) }), { field: 'unit' });
  }
  return { unitName: unit.name, year, ids };
}

/** The tables of several projects (a unit's workbook has a sheet per project), in the order given. */
export async function officialTables<K extends OfficialTableKind>(
  db: Db,
  kind: K,
  projectIds: readonly number[],
  options: OfficialTablesOptions,
): Promise<K extends 'selfeval' ? SelfEvalTable[] : MonitoringTable[]> {
  const out: (SelfEvalTable | MonitoringTable)[] = [];
  for (const id of projectIds) out.push(kind === 'selfeval' ? await selfEvalTable(db, id, options) : await monitoringTable(db, id, options));
  return out as never;
}

export type TablesScopeRef = { projectId: number } | { unitId: number; year?: number };

/** A workbook ready to send or save: its bytes and a file name that says what it holds. */
export interface OfficialWorkbook {
  fileName: string;
  bytes: Uint8Array;
  /** The tables written, for faces that show a summary (the CLI). */
  sheets: number;
}

const KIND_WORDS: Record<OfficialTableKind, string> = { selfeval: '绩效自评表', monitoring: '绩效监控表' };

/**
 * One project's workbook, or a unit's with a sheet per project of the year: `项目名-绩效自评表-2026-12-31.xlsx`.
 * The day in the name is the day the tables speak for (a unit's projects share it unless their periods differ).
 */
export async function officialWorkbook(db: Db, kind: OfficialTableKind, scope: TablesScopeRef, options: OfficialTablesOptions): Promise<OfficialWorkbook> {
  const [{ selfEvalWorkbook }, { monitoringWorkbook }] = await Promise.all([import('../reports/selfeval-xlsx.ts'), import('../reports/monitoring-xlsx.ts')]);
  let name: string;
  let ids: number[];
  if ('projectId' in scope) {
    ids = [scope.projectId];
    name = (await requireProject(db, scope.projectId)).name;
  } else {
    const unit = await unitProjectIds(db, scope.unitId, { year: scope.year, asOf: options.asOf });
    ids = unit.ids;
    name = `${unit.unitName}-${unit.year}年度`;
  }
  const tables = await officialTables(db, kind, ids, options);
  const asOf = tables
    .map((t) => t.head.asOf)
    .sort()
    .at(-1)!;
  const bytes = kind === 'selfeval' ? await selfEvalWorkbook(tables as SelfEvalTable[]) : await monitoringWorkbook(tables as MonitoringTable[]);
  return { fileName: officialFileName(name, kind, asOf), bytes, sheets: tables.length };
}

/** `项目名-绩效自评表-2026-12-31.xlsx`: what the workbook holds, for whom, as of which day (the package reuses it). */
export function officialFileName(name: string, kind: OfficialTableKind, asOf: string): string {
  return `${safeFileName(name)}-${KIND_WORDS[kind]}-${asOf}.xlsx`;
}

/** A name a file system and a Content-Disposition header take: no path separators or control characters. */
export function safeFileName(name: string): string {
  const printable = [...name].map((ch) => (ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? ' ' : ch)).join('');
  return (
    printable
      .replace(/[\\/:*?"<>|]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'jixiao'
  );
}

/** A unit named by its code, its key or its exact name (the CLI's `--unit`); 404 naming what was asked. */
export async function findUnit(db: Db, ref: string): Promise<{ id: number; name: string }> {
  const text = ref.trim();
  const rows = await db.select({ id: units.id, name: units.name, code: units.code, key: units.key }).from(units);
  const found = rows.find((u) => u.code === text) ?? rows.find((u) => u.key === text) ?? rows.find((u) => u.name === text);
  if (!found) throw new AppError(404, 'not_found', said('report.err.unitUnknown', { unit: text }), { field: 'unit' });
  return { id: found.id, name: found.name };
}
