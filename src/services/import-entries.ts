import type { Db } from '../../db/client.ts';
import { AppError, type Message, said } from '../errors.ts';
import type { EntryKind } from '../evidence/entry-kinds.ts';
import { readEntryFile, type RowError } from '../evidence/read-entry-file.ts';
import type { Actor } from '../auth/actor.ts';
import { forbidden, projectsOutsideUnit, unitFilter } from './access.ts';
import { recordAudit } from './audit.ts';
import { resolveProject } from './channels.ts';
import { actorOf, insertEntries, type Authorship } from './entries.ts';
import { resolveTallies } from './tally-indicators.ts';

export interface EntryImportSummary {
  fileName: string;
  rows: number;
  inserted: number;
  duplicates: number;
  projects: { id: number; name: string; inserted: number }[];
  /** Rows dated outside their project's period: stored, but they do not count. */
  outsidePeriod: { row: number; day: string; message: string }[];
}

/**
 * Imports a bulk file of log entries (JSON Lines, CSV, .xlsx), whose rows may be of several kinds. All or
 * nothing: any bad row (field, kind, unknown project) rejects the file with every bad row listed, and nothing
 * is written.
 */
export async function importEntryFile(
  db: Db,
  req: { fileName: string; bytes: Uint8Array; project?: number | string | null; kind?: EntryKind; author: string | null; now: Date; actor?: Actor },
): Promise<EntryImportSummary> {
  const who: Authorship = { source: `import:${req.fileName}`, author: req.author, now: req.now, actor: req.actor };
  const { rows, errors } = await readEntryFile(req.fileName, req.bytes, { kind: req.kind });
  const problems: (Omit<RowError, 'message'> & { message: Message })[] = [...errors];
  const resolved = new Map<string, { id: number; name: string }>();
  for (const row of rows) {
    const ref = row.project ?? req.project ?? null;
    if (ref === null || ref === '') {
      problems.push({ row: row.row, field: 'project', message: said('err.entryImport.noProject') });
      continue;
    }
    const key = String(ref);
    if (resolved.has(key)) continue;
    try {
      resolved.set(key, await resolveProject(db, ref, unitFilter(actorOf(who))));
    } catch (err) {
      // Only the service's own refusals (no such project, an ambiguous name) are the row's fault.
      if (!(err instanceof AppError)) throw err;
      problems.push({ row: row.row, field: 'project', message: err.said ?? err.message });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.row - b.row);
    throw new AppError(422, 'import_rejected', said('err.entryImport.rejected', { n: problems.length }), problems);
  }
  // A file may name several projects: every one must be the actor's unit's (docs/design.md "Access").
  const outside = new Set(await projectsOutsideUnit(db, actorOf(who), [...new Set([...resolved.values()].map((p) => p.id))]));
  if (outside.size > 0) {
    const rowsOutside = rows.filter((r) => outside.has(resolved.get(String(r.project ?? req.project))!.id));
    throw forbidden(
      said('err.entryImport.otherUnit', { n: rowsOutside.length }),
      rowsOutside.map((r) => ({ row: r.row, field: 'project', message: said('err.entryImport.otherUnitRow') })),
    );
  }
  // A tally names its indicator within its row's project: every wrong one is a row error, before anything is written.
  const tallyProblems: (Omit<RowError, 'message'> & { message: Message })[] = [];
  for (const [key, project] of resolved) {
    const own = rows.filter((r) => r.kind === 'tally' && String(r.project ?? req.project) === key);
    const { problems: wrong } = await resolveTallies(db, project.id, own);
    for (const w of wrong) tallyProblems.push({ row: own[w.index]!.row, field: w.field, message: w.message });
  }
  if (tallyProblems.length > 0) {
    tallyProblems.sort((a, b) => a.row - b.row);
    throw new AppError(422, 'import_rejected', said('err.entryImport.rejected', { n: tallyProblems.length }), tallyProblems);
  }
  return db.transaction(async (t) => {
    const tx: Db = t;
    const byProject = new Map<
      number,
      { name: string; items: { kind: EntryKind; fields: Record<string, unknown>; externalId: string | null }[]; rows: number[] }
    >();
    for (const row of rows) {
      const p = resolved.get(String(row.project ?? req.project))!;
      const group = byProject.get(p.id) ?? { name: p.name, items: [], rows: [] };
      group.items.push({ kind: row.kind, fields: row.fields, externalId: row.externalId });
      group.rows.push(row.row);
      byProject.set(p.id, group);
    }
    const summary: EntryImportSummary = { fileName: req.fileName, rows: rows.length, inserted: 0, duplicates: 0, projects: [], outsidePeriod: [] };
    for (const [id, group] of byProject) {
      const r = await insertEntries(tx, id, group.items, who);
      summary.inserted += r.inserted.length;
      summary.duplicates += r.duplicates;
      summary.projects.push({ id, name: group.name, inserted: r.inserted.length });
      for (const o of r.outsidePeriod) summary.outsidePeriod.push({ row: group.rows[o.index]!, day: o.day, message: o.message });
    }
    summary.outsidePeriod.sort((a, b) => a.row - b.row);
    await recordAudit(tx, actorOf(who), {
      action: 'entry.import',
      targetType: 'file',
      targetId: req.fileName,
      after: { rows: summary.rows, inserted: summary.inserted, duplicates: summary.duplicates, projects: summary.projects },
    });
    return summary;
  });
}
