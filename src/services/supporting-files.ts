import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  assessments,
  entries,
  fileBlobs,
  indicators,
  manualValues,
  monitoringNotes,
  FILE_PARENTS,
  supportingFiles,
  type FileParentKind,
  type SupportingFile,
} from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError, NotFoundError, said, ValidationError } from '../errors.ts';
import { cleanFileName, nameForType } from '../files/file-name.ts';
import { presentInDir, readFromDir, writeToDir } from '../files/files-dir.ts';
import { sniffFile, type AcceptedType } from '../files/sniff-file.ts';
import { makeThumbnail } from '../files/thumbnail.ts';
import { fileTooLarge } from '../files/file-limit.ts';
import { formatFileSize } from '../format/index.ts';
import { TEXT_MAX } from '../edge/limits.ts';
import { text } from '../edge/schemas.ts';
import { say } from '../edge/words.ts';
import { requireAccess } from './access.ts';
import { recordAudit } from './audit.ts';

// Supporting files (佐证材料) on entries, manual values, assessments and monitoring notes (docs/design.md
// "Supporting files"). The type comes from the bytes; the bytes are stored once per SHA-256, in the database
// unless FILES_DIR is set; a file is never deleted, only removed by a correction that keeps it in the history.
// Every face (API, pages, CLI, the self-evaluation package) goes through here, and every call names its actor,
// whose access to the parent's unit is checked here too.

export { FILE_PARENTS, type FileParentKind };

export interface FileStore {
  /** FILES_DIR, or null to keep bytes in the database. */
  filesDir: string | null;
  /** UPLOAD_LIMIT_MB in bytes. */
  limitBytes: number;
}

export interface FileParent {
  kind: FileParentKind;
  id: number;
}

export interface Upload {
  fileName: string;
  bytes: Uint8Array;
  caption?: string | null;
}

export interface FileDto {
  id: number;
  parent: FileParent;
  projectId: number;
  indicatorId: number | null;
  fileName: string;
  /** The name a download carries: the given one, ending in the extension of what the bytes are. */
  downloadName: string;
  caption: string | null;
  mediaType: string;
  size: number;
  sizeText: string;
  sha256: string;
  image: boolean;
  hasThumbnail: boolean;
  author: string;
  createdAt: string;
  carriedFromId: number | null;
  removed: { at: string; by: string; reason: string } | null;
  url: string;
  thumbnailUrl: string | null;
}

const CaptionText = text(TEXT_MAX.note, { multiline: true });

/** The column (and its key for an insert) that names a file's record of each kind. */
const parentKey = { entry: 'entryId', manual_value: 'manualValueId', assessment: 'assessmentId', monitoring_note: 'monitoringNoteId' } as const;
const parentColumn = {
  entry: supportingFiles.entryId,
  manual_value: supportingFiles.manualValueId,
  assessment: supportingFiles.assessmentId,
  monitoring_note: supportingFiles.monitoringNoteId,
} as const;

/** Files on these records of one kind; only current ones (not removed) unless `history`. */
function onRecords(kind: FileParentKind, ids: readonly number[], history = false): SQL | undefined {
  return and(
    eq(supportingFiles.parentKind, kind),
    ids.length === 1 ? eq(parentColumn[kind], ids[0]!) : inArray(parentColumn[kind], [...ids]),
    history ? undefined : isNull(supportingFiles.removedAt),
  );
}

type FileRow = SupportingFile & { mediaType: string; size: number; hasThumbnail: boolean };

const fileColumns = {
  file: supportingFiles,
  mediaType: fileBlobs.mediaType,
  size: fileBlobs.size,
  hasThumbnail: sql<boolean>`(${fileBlobs.thumbnail} is not null)`,
};

function iso(v: Date | string): string {
  return new Date(v).toISOString();
}

export function toFileDto(r: FileRow): FileDto {
  const kind = r.parentKind;
  const parentId = (r.entryId ?? r.manualValueId ?? r.assessmentId ?? r.monitoringNoteId)!;
  const image = r.mediaType.startsWith('image/');
  return {
    id: r.id,
    parent: { kind, id: parentId },
    projectId: r.projectId,
    indicatorId: r.indicatorId,
    fileName: r.fileName,
    downloadName: nameForType(r.fileName, r.mediaType as AcceptedType),
    caption: r.caption,
    mediaType: r.mediaType,
    size: Number(r.size),
    sizeText: formatFileSize(Number(r.size)),
    sha256: r.sha256,
    image,
    hasThumbnail: Boolean(r.hasThumbnail),
    author: r.author,
    createdAt: iso(r.createdAt),
    carriedFromId: r.carriedFromId,
    removed: r.removedAt ? { at: iso(r.removedAt), by: r.removedBy ?? '', reason: r.removedReason ?? '' } : null,
    url: `/api/files/${r.id}`,
    thumbnailUrl: r.hasThumbnail ? `/api/files/${r.id}/thumbnail` : null,
  };
}

async function selectFiles(db: Db, where: SQL | undefined): Promise<FileDto[]> {
  const rows = await db
    .select(fileColumns)
    .from(supportingFiles)
    .innerJoin(fileBlobs, eq(fileBlobs.sha256, supportingFiles.sha256))
    .where(where)
    .orderBy(asc(supportingFiles.createdAt), asc(supportingFiles.id));
  return rows.map((r) => toFileDto({ ...r.file, mediaType: r.mediaType, size: Number(r.size), hasThumbnail: r.hasThumbnail }));
}

interface ParentInfo {
  projectId: number;
  indicatorId: number | null;
  /** Why no file may be attached to it now (a corrected or withdrawn version), or null. */
  closed: AppError | null;
}

async function parentInfo(db: Db, parent: FileParent): Promise<ParentInfo> {
  const superseded = (newer: { id: number } | undefined) =>
    newer
      ? new AppError(409, 'parent_superseded', said('err.file.parentSuperseded', { what: said(`err.noun.${parent.kind}`), id: parent.id, newer: newer.id }), {
          supersededBy: newer.id,
        })
      : null;
  switch (parent.kind) {
    case 'entry': {
      const [e] = await db.select({ projectId: entries.projectId, voided: entries.voided }).from(entries).where(eq(entries.id, parent.id));
      if (!e) throw new NotFoundError('entry', parent.id);
      const [newer] = await db.select({ id: entries.id }).from(entries).where(eq(entries.supersedesId, parent.id));
      const closed = e.voided ? new AppError(409, 'entry_withdrawn', said('err.file.parentWithdrawn', { id: parent.id })) : superseded(newer);
      return { projectId: e.projectId, indicatorId: null, closed };
    }
    case 'manual_value':
    case 'assessment': {
      const table = parent.kind === 'manual_value' ? manualValues : assessments;
      const [r] = await db
        .select({ projectId: indicators.projectId, indicatorId: table.indicatorId })
        .from(table)
        .innerJoin(indicators, eq(indicators.id, table.indicatorId))
        .where(eq(table.id, parent.id));
      if (!r) throw new NotFoundError(parent.kind, parent.id);
      const [newer] = await db.select({ id: table.id }).from(table).where(eq(table.supersedesId, parent.id));
      return { ...r, closed: superseded(newer) };
    }
    case 'monitoring_note': {
      const [r] = await db
        .select({ projectId: indicators.projectId, indicatorId: monitoringNotes.indicatorId })
        .from(monitoringNotes)
        .innerJoin(indicators, eq(indicators.id, monitoringNotes.indicatorId))
        .where(eq(monitoringNotes.id, parent.id));
      if (!r) throw new NotFoundError('monitoring_note', parent.id);
      return { ...r, closed: null };
    }
  }
}

/** The indicator a manual value, assessment or monitoring note belongs to (null for an entry); 404 when there is no such record. */
export async function parentIndicator(db: Db, parent: FileParent): Promise<number | null> {
  return (await parentInfo(db, parent)).indicatorId;
}

/** What an upload is, or the refusal naming the file and why (400, field `file`). */
function checkUpload(upload: Upload, store: FileStore): { type: AcceptedType; image: boolean; name: string; caption: string | null } {
  const name = cleanFileName(upload.fileName);
  if (!name) throw new ValidationError(said('err.file.name'), [{ field: 'fileName', message: said('err.file.name') }]);
  let caption: string | null = null;
  if (upload.caption?.trim()) {
    // A caption from a multipart field has met no route schema: the same rule as every stored text (no NUL, no controls).
    const read = CaptionText.safeParse(upload.caption);
    if (!read.success) {
      const words = read.error.issues[0]?.message ?? say(said('err.file.caption'));
      throw new ValidationError(words, [{ field: 'caption', message: words }]);
    }
    caption = read.data;
  }
  if (upload.bytes.length > store.limitBytes) throw fileTooLarge(name, upload.bytes.length, store.limitBytes);
  const sniffed = sniffFile(upload.bytes);
  if (!sniffed.ok) {
    const words = said(`err.file.${sniffed.reason}`, { name });
    throw new ValidationError(words, [{ field: 'file', message: words }]);
  }
  return { type: sniffed.type, image: sniffed.image, name, caption };
}

/**
 * Attaches a file to a record the actor may write to. The same bytes already on that record (and not removed)
 * are not stored twice: the answer is the file already there, with `duplicate: true`.
 */
export async function attachFile(db: Db, store: FileStore, parent: FileParent, upload: Upload, actor: Actor): Promise<FileDto & { duplicate: boolean }> {
  await requireAccess(db, actor, 'record', { kind: parent.kind, id: parent.id });
  const info = await parentInfo(db, parent);
  if (info.closed) throw info.closed;
  const checked = checkUpload(upload, store);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const thumbnail = checked.image ? await makeThumbnail(upload.bytes) : null;
  if (checked.image && !thumbnail) {
    const words = said('err.file.badImage', { name: checked.name });
    throw new ValidationError(words, [{ field: 'file', message: words }]);
  }
  if (store.filesDir) await writeToDir(store.filesDir, sha256, upload.bytes);
  const sameOnRecord = and(onRecords(parent.kind, [parent.id]), eq(supportingFiles.sha256, sha256));
  const result = await db.transaction(async (t) => {
    const tx: Db = t;
    // The record is locked as a correction locks it, and asked again: a correction that committed meanwhile carried
    // the record's files already, so this one must go to the new version instead (409), not be left on history.
    await lockParent(tx, parent);
    const now = await parentInfo(tx, parent);
    if (now.closed) throw now.closed;
    await tx
      .insert(fileBlobs)
      .values({ sha256, size: upload.bytes.length, mediaType: checked.type, content: store.filesDir ? null : upload.bytes, thumbnail })
      .onConflictDoNothing();
    // A blob kept under FILES_DIR by an earlier upload gains its bytes in the database once the directory is gone.
    if (!store.filesDir)
      await tx
        .update(fileBlobs)
        .set({ content: upload.bytes })
        .where(and(eq(fileBlobs.sha256, sha256), isNull(fileBlobs.content)));
    // The same bytes already current on this record (a second upload, or one racing this one) answer for it.
    const current = async () => (await tx.select({ id: supportingFiles.id }).from(supportingFiles).where(sameOnRecord))[0];
    const same = await current();
    if (same) return { id: same.id, duplicate: true };
    const [row] = await tx
      .insert(supportingFiles)
      .values({
        projectId: info.projectId,
        indicatorId: info.indicatorId,
        parentKind: parent.kind,
        [parentKey[parent.kind]]: parent.id,
        sha256,
        fileName: checked.name,
        caption: checked.caption,
        author: actor.name,
      })
      .onConflictDoNothing()
      .returning({ id: supportingFiles.id });
    if (!row) {
      // Another request attached the same bytes between the check and the insert.
      return { id: (await current())!.id, duplicate: true };
    }
    await recordAudit(tx, actor, {
      action: 'file.attach',
      targetType: parent.kind,
      targetId: parent.id,
      before: null,
      after: { file: row.id, fileName: checked.name, mediaType: checked.type, size: upload.bytes.length, sha256 },
    });
    return { id: row.id, duplicate: false };
  });
  const [dto] = await selectFiles(db, eq(supportingFiles.id, result.id));
  return { ...dto!, duplicate: result.duplicate };
}

async function lockParent(tx: Db, parent: FileParent): Promise<void> {
  const table =
    parent.kind === 'entry' ? entries : parent.kind === 'manual_value' ? manualValues : parent.kind === 'assessment' ? assessments : monitoringNotes;
  await tx.select({ id: table.id }).from(table).where(eq(table.id, parent.id)).for('update');
}

/** The files on one record, oldest first; removed ones only with `history`. */
export async function listFiles(db: Db, parent: FileParent, options: { actor: Actor; history?: boolean }): Promise<FileDto[]> {
  await requireAccess(db, options.actor, 'read', { kind: parent.kind, id: parent.id });
  await parentInfo(db, parent);
  return selectFiles(db, onRecords(parent.kind, [parent.id], options.history));
}

/** The files on several records of one kind at once (the pages' lists), keyed by the record's id. */
export async function filesOf(db: Db, kind: FileParentKind, ids: readonly number[], options: { history?: boolean } = {}): Promise<Map<number, FileDto[]>> {
  const out = new Map<number, FileDto[]>();
  if (ids.length === 0) return out;
  const files = await selectFiles(db, onRecords(kind, ids, options.history));
  for (const f of files) {
    const list = out.get(f.parent.id) ?? [];
    list.push(f);
    out.set(f.parent.id, list);
  }
  return out;
}

/** Every file of a project (the package, the API's project list); removed ones only with `history`. */
export async function projectFiles(db: Db, projectId: number, options: { actor: Actor; history?: boolean }): Promise<FileDto[]> {
  await requireAccess(db, options.actor, 'read', { kind: 'project', id: projectId });
  return selectFiles(db, and(eq(supportingFiles.projectId, projectId), options.history ? undefined : isNull(supportingFiles.removedAt)));
}

export async function getFile(db: Db, fileId: number, actor: Actor, permission: 'read' | 'record' = 'read'): Promise<FileDto> {
  await requireAccess(db, actor, permission, { kind: 'file', id: fileId });
  const [dto] = await selectFiles(db, eq(supportingFiles.id, fileId));
  if (!dto) throw new NotFoundError('file', fileId);
  return dto;
}

/** A file's bytes, checked against its SHA-256 wherever they are kept. Removed files stay readable: they are history. */
export async function readFileContent(db: Db, store: Pick<FileStore, 'filesDir'>, fileId: number, actor: Actor): Promise<{ file: FileDto; bytes: Uint8Array }> {
  const file = await getFile(db, fileId, actor);
  const [blob] = await db.select({ content: fileBlobs.content }).from(fileBlobs).where(eq(fileBlobs.sha256, file.sha256));
  if (blob?.content) return { file, bytes: blob.content };
  if (!store.filesDir) throw new AppError(409, 'files_dir_unset', said('err.file.noFilesDir', { id: fileId }));
  const bytes = await readFromDir(store.filesDir, file.sha256);
  if (!bytes) throw new AppError(409, 'file_missing', said('err.file.missingOnDisk', { id: fileId }));
  return { file, bytes };
}

/**
 * Every file among `fileIds` can be read now: bytes in the database, or under FILES_DIR at their size. A whole
 * that is handed out file by file (the package) asks first, so a missing file is a refusal, not a cut download.
 */
export async function requireContentAvailable(db: Db, store: Pick<FileStore, 'filesDir'>, fileIds: readonly number[]): Promise<void> {
  if (fileIds.length === 0) return;
  const outside = await db
    .select({ id: supportingFiles.id, sha256: fileBlobs.sha256, size: fileBlobs.size })
    .from(supportingFiles)
    .innerJoin(fileBlobs, eq(fileBlobs.sha256, supportingFiles.sha256))
    .where(and(inArray(supportingFiles.id, [...fileIds]), isNull(fileBlobs.content)));
  for (const f of outside) {
    if (!store.filesDir) throw new AppError(409, 'files_dir_unset', said('err.file.noFilesDir', { id: f.id }));
    if (!(await presentInDir(store.filesDir, f.sha256, Number(f.size)))) throw new AppError(409, 'file_missing', said('err.file.missingOnDisk', { id: f.id }));
  }
}

export async function readThumbnail(db: Db, fileId: number, actor: Actor): Promise<Uint8Array> {
  const file = await getFile(db, fileId, actor);
  const [blob] = await db.select({ thumbnail: fileBlobs.thumbnail }).from(fileBlobs).where(eq(fileBlobs.sha256, file.sha256));
  if (!blob?.thumbnail) throw new AppError(404, 'not_found', said('err.file.noThumbnail', { id: fileId }));
  return blob.thumbnail;
}

/** Removal is a correction: the row and its bytes stay, stamped with who, when and why. */
export async function removeFile(db: Db, fileId: number, reason: string, actor: Actor): Promise<FileDto> {
  await requireAccess(db, actor, 'record', { kind: 'file', id: fileId });
  const why = reason.trim();
  if (!why) throw new ValidationError(said('err.file.reason'), [{ field: 'reason', message: said('err.file.reason') }]);
  await db.transaction(async (t) => {
    const tx: Db = t;
    const [row] = await tx.select().from(supportingFiles).where(eq(supportingFiles.id, fileId)).for('update');
    if (!row) throw new NotFoundError('file', fileId);
    if (row.removedAt) {
      throw new AppError(409, 'file_removed', said('err.file.removed', { id: fileId, at: iso(row.removedAt), by: row.removedBy ?? '' }));
    }
    await tx.update(supportingFiles).set({ removedAt: sql`now()`, removedBy: actor.name, removedReason: why }).where(eq(supportingFiles.id, fileId));
    await recordAudit(tx, actor, {
      action: 'file.remove',
      targetType: 'file',
      targetId: fileId,
      before: { file: fileId, fileName: row.fileName, sha256: row.sha256, removed: false },
      after: { file: fileId, removed: true, reason: why },
    });
  });
  const [dto] = await selectFiles(db, eq(supportingFiles.id, fileId));
  return dto!;
}

/**
 * A correction carries the current files of the version it corrects to the new version (the proof of an
 * activity does not change because its date was mistyped). Called inside the correction's transaction.
 */
export async function carryFiles(tx: Db, kind: Exclude<FileParentKind, 'monitoring_note'>, fromId: number, toId: number): Promise<void> {
  const current = await tx
    .select()
    .from(supportingFiles)
    .where(onRecords(kind, [fromId]));
  if (current.length === 0) return;
  await tx.insert(supportingFiles).values(
    current.map((f) => ({
      projectId: f.projectId,
      indicatorId: f.indicatorId,
      parentKind: kind,
      [parentKey[kind]]: toId,
      sha256: f.sha256,
      fileName: f.fileName,
      caption: f.caption,
      author: f.author,
      createdAt: f.createdAt,
      carriedFromId: f.id,
    })),
  );
}
