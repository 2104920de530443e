import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicators } from '../../db/schema/index.ts';
import { resolveTallies } from './tally-indicators.ts';
import type { Actor } from '../auth/actor.ts';
import { shanghaiDate } from '../clock.ts';
import { AppError, inLanguage } from '../errors.ts';
import { isInPeriod } from '../evaluation/time-share.ts';
import { entryDay, type EntryKind } from '../evidence/entry-kinds.ts';
import { readEntryFile, type RowError } from '../evidence/read-entry-file.ts';
import { unitFilter } from './access.ts';
import { resolveProject } from './channels.ts';
import { outsideMessage } from './entries.ts';
import { periodOf, requireProject } from './projects.ts';

// A bulk file of entries for one project, read and judged but not written (the pages' preview before
// 确认导入). The same readers and schemas as importEntryFile, which writes the file once the person confirms;
// it judges the file again then, so a preview never has to be trusted.

export interface EntryFilePreview {
  fileName: string;
  /** The rows that passed, in file order. */
  rows: { row: number; kind: EntryKind; fields: Record<string, unknown> }[];
  /** Every problem, by row (row 0 is the file as a whole); nothing may be written while there is one. */
  errors: RowError[];
  /** Rows dated outside the project's period: they would be stored, but not count. */
  outsidePeriod: { row: number; day: string; message: string }[];
  /** The 三级指标 a tally row counts toward, by id (its `indicator` is the id once resolved), for the page to show. */
  indicatorNames: Record<number, string>;
}

/**
 * Reads a file meant for one project: every bad row with its field, and rows that name another project
 * (a file uploaded under a project writes to that project only). Writes nothing.
 */
export async function previewEntryFile(
  db: Db,
  actor: Actor,
  req: { projectId: number; fileName: string; bytes: Uint8Array; kind?: EntryKind; now: Date },
): Promise<EntryFilePreview> {
  const project = await requireProject(db, req.projectId);
  const period = periodOf(project);
  const loggedDay = shanghaiDate(req.now);
  const read = await readEntryFile(req.fileName, req.bytes, { kind: req.kind });
  const errors: RowError[] = [...read.errors];
  const rows: EntryFilePreview['rows'] = [];
  const outsidePeriod: EntryFilePreview['outsidePeriod'] = [];
  const resolved = new Map<string, { id: number; name: string } | string>();
  for (const row of read.rows) {
    if (row.project !== null && row.project !== '') {
      const key = String(row.project);
      if (!resolved.has(key)) {
        try {
          resolved.set(key, await resolveProject(db, row.project, unitFilter(actor)));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          resolved.set(key, err.message);
        }
      }
      const found = resolved.get(key)!;
      if (typeof found === 'string') {
        errors.push({ row: row.row, field: 'project', message: `项目：${found}` });
        continue;
      }
      if (found.id !== project.id) {
        errors.push({
          row: row.row,
          field: 'project',
          message: `项目：这一行属于「${found.name}」，不是「${project.name}」；请删除这一行或 project 列，或到那个项目下上传`,
        });
        continue;
      }
    }
    rows.push({ row: row.row, kind: row.kind, fields: row.fields });
    const day = entryDay(row.kind, row.fields, loggedDay);
    if (!isInPeriod(day, period)) outsidePeriod.push({ row: row.row, day, message: outsideMessage(day, period) });
  }
  // Tallies name their indicator as the write will (src/services/tally-indicators.ts): a name that is no
  // countable indicator of this project is a row error now, not a refusal after 确认导入.
  const tallies = await resolveTallies(db, project.id, rows);
  const bad = new Set(tallies.problems.map((p) => p.index));
  for (const p of tallies.problems) errors.push({ row: rows[p.index]!.row, field: p.field, message: inLanguage(p.message, 'zh') });
  const kept = tallies.items.filter((_, i) => !bad.has(i));
  // With any problem resolveTallies changes nothing, so ids are only those rows that already gave one.
  const ids = [...new Set(kept.filter((r) => r.kind === 'tally').map((r) => r.fields.indicator))].filter((v): v is number => Number.isInteger(v));
  const named = ids.length ? await db.select({ id: indicators.id, level3: indicators.level3 }).from(indicators).where(inArray(indicators.id, ids)) : [];
  errors.sort((a, b) => a.row - b.row);
  return {
    fileName: req.fileName,
    rows: kept,
    errors,
    outsidePeriod: outsidePeriod.filter((o) => !tallies.problems.some((p) => rows[p.index]!.row === o.row)),
    indicatorNames: Object.fromEntries(named.map((n) => [n.id, n.level3])),
  };
}
