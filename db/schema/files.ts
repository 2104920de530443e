import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, customType, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { assessments, entries, manualValues, monitoringNotes } from './evidence.ts';
import { indicators, projects } from './targets.ts';

/** PostgreSQL bytea: postgres.js hands back a Buffer, PGlite a Uint8Array; both are Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
  fromDriver: (v) => (v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBufferLike)),
});

/**
 * The bytes of supporting files (docs/design.md "Supporting files"), once per SHA-256 however many records
 * carry them. Kept in the database by default, so a backup holds them; under FILES_DIR (content null) when
 * the installation chose a directory.
 */
export const fileBlobs = pgTable('file_blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  /** Read from the bytes, never from a name (src/files/sniff-file.ts). */
  mediaType: text('media_type').notNull(),
  content: bytea('content'),
  /** A small WebP of an image, made once at upload; null for documents. */
  thumbnail: bytea('thumbnail'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const FILE_PARENTS = ['entry', 'manual_value', 'assessment', 'monitoring_note'] as const;
export type FileParentKind = (typeof FILE_PARENTS)[number];

/**
 * A supporting file (佐证材料) on one record: a log entry, a manual value, an assessment or a monitoring note.
 * Never deleted: removal is a correction that stamps who, when and why, and keeps the row and its bytes.
 */
export const supportingFiles = pgTable(
  'supporting_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The parent's project: its unit decides who may see the file. */
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The parent's indicator (manual values, assessments, notes); null on entries, which count toward several. */
    indicatorId: integer('indicator_id').references(() => indicators.id, { onDelete: 'cascade' }),
    parentKind: text('parent_kind').$type<FileParentKind>().notNull(),
    entryId: bigint('entry_id', { mode: 'number' }).references(() => entries.id, { onDelete: 'cascade' }),
    manualValueId: bigint('manual_value_id', { mode: 'number' }).references(() => manualValues.id, { onDelete: 'cascade' }),
    assessmentId: bigint('assessment_id', { mode: 'number' }).references(() => assessments.id, { onDelete: 'cascade' }),
    monitoringNoteId: integer('monitoring_note_id').references(() => monitoringNotes.id, { onDelete: 'cascade' }),
    sha256: text('sha256')
      .notNull()
      .references(() => fileBlobs.sha256),
    /** The name it was uploaded under (display and download only: the type comes from the bytes). */
    fileName: text('file_name').notNull(),
    caption: text('caption'),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Carried over from the same file on the version of the record this one corrects. */
    carriedFromId: bigint('carried_from_id', { mode: 'number' }),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: text('removed_by'),
    removedReason: text('removed_reason'),
  },
  (t) => [
    check(
      'supporting_files_one_parent',
      sql`num_nonnulls(${t.entryId}, ${t.manualValueId}, ${t.assessmentId}, ${t.monitoringNoteId}) = 1 and ${t.parentKind} in ('entry', 'manual_value', 'assessment', 'monitoring_note')`,
    ),
    // The same bytes on the same record once while current: a second upload answers with the first.
    uniqueIndex('supporting_files_current_key')
      .on(t.parentKind, sql`coalesce(${t.entryId}, ${t.manualValueId}, ${t.assessmentId}, ${t.monitoringNoteId})`, t.sha256)
      .where(sql`${t.removedAt} is null`),
    index('supporting_files_project_idx').on(t.projectId, t.createdAt),
    index('supporting_files_entry_idx').on(t.entryId),
    index('supporting_files_manual_value_idx').on(t.manualValueId),
    index('supporting_files_assessment_idx').on(t.assessmentId),
    index('supporting_files_monitoring_note_idx').on(t.monitoringNoteId),
    index('supporting_files_sha256_idx').on(t.sha256),
  ],
);

export type SupportingFile = typeof supportingFiles.$inferSelect;
