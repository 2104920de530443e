import { createHash } from 'node:crypto';
import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { importBatches, importDrafts, projects, type ImportBatchResult, type ImportDraft, type ImportFix } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError, NotFoundError } from '../errors.ts';
import { applyFixes, cellText, checkFix, FIX_FIELDS, findRow, type FixField, type RowRef } from '../targets/apply-fixes.ts';
import type { ParsedTable } from '../targets/types.ts';
import { requireAccess } from './access.ts';
import { recordAudit } from './audit.ts';
import { type ImportOptions, parseTargetFile, writeParsedTable, type ImportSummary } from './import-targets.ts';

// Import drafts (docs/design.md "Import preview"): a target table is read and stored as a draft, the admin
// fixes single cells of rows the parser misread, and confirming imports the fixed reading. The draft keeps
// the parser's reading unchanged; the batch and the audit log keep the fixes. Admins only.

export type DraftStatus = 'open' | 'imported' | 'discarded';

export interface DraftView {
  id: number;
  fileName: string;
  sha256: string;
  year: number;
  status: DraftStatus;
  createdBy: string;
  createdAt: Date;
  /** The parser's reading, as stored. */
  reading: ParsedTable;
  fixes: ImportFix[];
  /** The reading with the fixes applied: what confirming imports. */
  fixed: ParsedTable;
  /** Once imported: the batch, its counts and the projects it wrote. */
  batch: { id: number; importedAt: Date; result: ImportBatchResult; projects: { id: number; name: string; year: number }[] } | null;
}

export interface NewDraft {
  fileName: string;
  bytes: Uint8Array;
  year: number;
  /** The year was chosen explicitly (it then wins over a year written in the document). */
  yearGiven: boolean;
  actor: Actor;
  /** The unit and project name to use where the table gives none (`--unit`, `--project-name`), and strictness. */
  options?: ImportOptions;
}

/** Reads the file and stores its reading as an open draft; nothing is imported. ImportRejectedError when unreadable. */
export async function createDraft(db: Db, req: NewDraft): Promise<DraftView> {
  await requireAccess(db, req.actor, 'admin');
  const { errors: _none, ...parsed } = await parseTargetFile(req);
  const reading: ParsedTable = { ...parsed, errors: [] };
  const sha256 = createHash('sha256').update(req.bytes).digest('hex');
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(importDrafts)
      .values({
        fileName: req.fileName,
        sha256,
        year: reading.projects[0]?.year ?? req.year,
        reading,
        createdBy: req.actor.name,
      })
      .returning({ id: importDrafts.id });
    await recordAudit(tx, req.actor, {
      action: 'targets.draft',
      targetType: 'import_draft',
      targetId: row!.id,
      after: { fileName: req.fileName, sha256, projects: reading.projects.map((p) => p.name) },
    });
    return row!.id;
  });
  return getDraft(db, id, req.actor);
}

export async function getDraft(db: Db, id: number, actor: Actor): Promise<DraftView> {
  await requireAccess(db, actor, 'admin');
  const [row] = await db.select().from(importDrafts).where(eq(importDrafts.id, id));
  if (!row) throw new NotFoundError('import_draft', id);
  return view(db, row);
}

async function view(db: Db, row: ImportDraft): Promise<DraftView> {
  const reading = row.reading as ParsedTable;
  const fixes = row.fixes ?? [];
  let batch: DraftView['batch'] = null;
  if (row.batchId !== null) {
    const [b] = await db.select().from(importBatches).where(eq(importBatches.id, row.batchId));
    if (b) {
      const ids = b.result.projectIds ?? [];
      const rows =
        ids.length === 0 ? [] : await db.select({ id: projects.id, name: projects.name, year: projects.year }).from(projects).where(inArray(projects.id, ids));
      const order = new Map(ids.map((id, k) => [id, k]));
      rows.sort((a, z) => (order.get(a.id) ?? 0) - (order.get(z.id) ?? 0));
      batch = { id: b.id, importedAt: b.importedAt, result: b.result, projects: rows };
    }
  }
  return {
    id: row.id,
    fileName: row.fileName,
    sha256: row.sha256,
    year: row.year,
    status: row.status as DraftStatus,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    reading,
    fixes,
    fixed: applyFixes(reading, fixes),
    batch,
  };
}

/** Locks an open draft in `tx`; 404 when there is none, 409 when it was imported or discarded. */
async function lockOpen(tx: Db, id: number): Promise<ImportDraft> {
  const [row] = await tx.select().from(importDrafts).where(eq(importDrafts.id, id)).for('update');
  if (!row) throw new NotFoundError('import_draft', id);
  if (row.status !== 'open') {
    throw new AppError(409, 'draft_closed', row.status === 'imported' ? '这份目标表已经导入，不能再修改' : '这份目标表已放弃导入，不能再修改', {
      status: row.status,
    });
  }
  return row;
}

/** One cell of a row: see fixCells. */
export function fixCell(
  db: Db,
  draftId: number,
  fix: { line: number; seq?: number; field: FixField; value: string },
  actor: Actor,
  now = new Date(),
): Promise<DraftView> {
  return fixCells(db, draftId, { line: fix.line, seq: fix.seq ?? 0 }, { [fix.field]: fix.value }, actor, now);
}

/**
 * Fixes cells of the row that starts on `line`. A target is read again with the importer's target-cell
 * parser and refused (400, a Chinese message naming the row, per field in `details`) when it still cannot
 * be read. A cell typed back to what the parser read drops its fix; one typed as it already is changes nothing.
 */
export async function fixCells(
  db: Db,
  draftId: number,
  at: number | RowRef,
  typed: Partial<Record<FixField, string>>,
  actor: Actor,
  now = new Date(),
): Promise<DraftView> {
  const { line, seq } = typeof at === 'number' ? { line: at, seq: 0 } : at;
  // A line's first row keeps the fix's old shape (no `seq`), as drafts stored before rows could share a line.
  const where = seq > 0 ? { line, seq } : { line };
  const sameRow = (f: ImportFix) => f.line === line && (f.seq ?? 0) === seq;
  await requireAccess(db, actor, 'admin');
  await db.transaction(async (tx) => {
    const row = await lockOpen(tx, draftId);
    const reading = row.reading as ParsedTable;
    const fixes = row.fixes ?? [];
    const current = applyFixes(reading, fixes);
    const check = checkFix(current, { line, seq }, typed);
    if (!check.ok) throw new AppError(400, 'invalid_fix', check.problems[0]!.message, check.problems);
    const original = findRow(reading, { line, seq })!.indicator;
    const before = findRow(current, { line, seq })!.indicator;
    let next = fixes;
    const changed: ImportFix[] = [];
    for (const field of FIX_FIELDS) {
      const value = check.cells[field];
      if (value === undefined || value === cellText(before, field)) continue;
      const read = cellText(original, field);
      next = next.filter((f) => !(sameRow(f) && f.field === field));
      if (value !== read) {
        const fix: ImportFix = { ...where, field, read, fixed: value, by: actor.name, at: now.toISOString() };
        next = [...next, fix];
        changed.push(fix);
      } else changed.push({ ...where, field, read, fixed: read, by: actor.name, at: now.toISOString() });
    }
    if (changed.length === 0) return;
    await tx.update(importDrafts).set({ fixes: next }).where(eq(importDrafts.id, draftId));
    await recordAudit(tx, actor, {
      action: 'targets.draft_fix',
      targetType: 'import_draft',
      targetId: draftId,
      before: Object.fromEntries(changed.map((f) => [f.field, cellText(before, f.field)])),
      after: { ...where, ...Object.fromEntries(changed.map((f) => [f.field, f.fixed])) },
    });
  });
  return getDraft(db, draftId, actor);
}

export interface ConfirmResult {
  draft: DraftView;
  /** null when the draft had been imported already (confirming twice imports once). */
  summary: ImportSummary | null;
}

/**
 * Imports the fixed reading, in one transaction with the draft's status: a second confirmation (a double
 * click, a reload) finds it imported and writes nothing. The batch records the fixes and the draft id.
 */
export async function confirmDraft(db: Db, draftId: number, actor: Actor): Promise<ConfirmResult> {
  await requireAccess(db, actor, 'admin');
  const summary = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(importDrafts).where(eq(importDrafts.id, draftId)).for('update');
    if (!row) throw new NotFoundError('import_draft', draftId);
    if (row.status === 'imported') return null;
    if (row.status !== 'open') throw new AppError(409, 'draft_closed', '这份目标表已放弃导入，请重新上传', { status: row.status });
    const fixes = row.fixes ?? [];
    const fixed = applyFixes(row.reading as ParsedTable, fixes);
    const written = await writeParsedTable(tx, fixed, {
      fileName: row.fileName,
      sha256: row.sha256,
      year: row.year,
      importedBy: actor.name,
      actor,
      draft: { id: row.id, fixes },
    });
    await tx.update(importDrafts).set({ status: 'imported', batchId: written.batchId }).where(eq(importDrafts.id, draftId));
    return written;
  });
  return { draft: await getDraft(db, draftId, actor), summary };
}

/** Closes an open draft without importing; a discarded one stays so. An imported draft cannot be discarded. */
export async function discardDraft(db: Db, draftId: number, actor: Actor): Promise<void> {
  await requireAccess(db, actor, 'admin');
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(importDrafts).where(eq(importDrafts.id, draftId)).for('update');
    if (!row) throw new NotFoundError('import_draft', draftId);
    if (row.status === 'discarded') return;
    if (row.status === 'imported') throw new AppError(409, 'draft_closed', '这份目标表已经导入，不能放弃', { status: row.status });
    await tx.update(importDrafts).set({ status: 'discarded' }).where(eq(importDrafts.id, draftId));
    await recordAudit(tx, actor, {
      action: 'targets.draft_discard',
      targetType: 'import_draft',
      targetId: draftId,
      after: { fileName: row.fileName, fixes: row.fixes?.length ?? 0 },
    });
  });
}

export interface ImportsList {
  drafts: { id: number; fileName: string; year: number; status: DraftStatus; createdBy: string; createdAt: Date; fixes: number; batchId: number | null }[];
  batches: { id: number; fileName: string; year: number; importedBy: string | null; importedAt: Date; result: ImportBatchResult }[];
}

/** The latest drafts and import batches, newest first. */
export async function listImports(db: Db, actor: Actor, limit = 20): Promise<ImportsList> {
  await requireAccess(db, actor, 'admin');
  const drafts = await db
    .select({
      id: importDrafts.id,
      fileName: importDrafts.fileName,
      year: importDrafts.year,
      status: importDrafts.status,
      createdBy: importDrafts.createdBy,
      createdAt: importDrafts.createdAt,
      fixes: importDrafts.fixes,
      batchId: importDrafts.batchId,
    })
    .from(importDrafts)
    .orderBy(desc(importDrafts.createdAt), desc(importDrafts.id))
    .limit(limit);
  const batches = await db.select().from(importBatches).orderBy(desc(importBatches.importedAt), desc(importBatches.id)).limit(limit);
  return {
    drafts: drafts.map((d) => ({ ...d, status: d.status as DraftStatus, fixes: d.fixes?.length ?? 0 })),
    batches: batches.map((b) => ({ id: b.id, fileName: b.fileName, year: b.year, importedBy: b.importedBy, importedAt: b.importedAt, result: b.result })),
  };
}
