import { integer, jsonb, pgTable, serial, text, timestamp, index } from 'drizzle-orm/pg-core';

/** One successful import of a target table. A rejected file writes nothing, so it has no batch. */
export const importBatches = pgTable(
  'import_batches',
  {
    id: serial('id').primaryKey(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    year: integer('year').notNull(),
    importedBy: text('imported_by'),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    /** Summary: counts of projects/indicators created, updated, retired, and the warnings. */
    result: jsonb('result').$type<ImportBatchResult>().notNull(),
  },
  (t) => [index('import_batches_sha256_idx').on(t.sha256)],
);

export interface ImportBatchResult {
  projects: { created: number; updated: number };
  indicators: { created: number; updated: number; unchanged: number; retired: number };
  warnings: { line: number; message: string }[];
  /** Imported from a draft (docs/design.md "Import preview"): which one, and the cells fixed before confirming. */
  draftId?: number;
  fixes?: ImportFix[];
  /** The projects this batch wrote, in table order. */
  projectIds?: number[];
}

export type ImportBatch = typeof importBatches.$inferSelect;

/**
 * A target table read but not yet imported (docs/design.md "Import preview"): the reading the parser made,
 * and the admin's fixes to single cells. Confirming imports the fixed reading; the batch keeps both.
 */
export const importDrafts = pgTable(
  'import_drafts',
  {
    id: serial('id').primaryKey(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    year: integer('year').notNull(),
    /** The parser's reading (ParsedTable), never changed once stored. */
    reading: jsonb('reading').$type<unknown>().notNull(),
    /** The admin's fixes, one per cell, in the order they were made. */
    fixes: jsonb('fixes').$type<ImportFix[]>().notNull().default([]),
    /** open → imported (batchId set) or discarded. */
    status: text('status').notNull().default('open'),
    batchId: integer('batch_id').references(() => importBatches.id, { onDelete: 'set null' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('import_drafts_status_idx').on(t.status, t.createdAt)],
);

/** One fixed cell of a draft: which row (by its source line), which cell, what was read and what it became. */
export interface ImportFix {
  line: number;
  /** Which row of the line, when several start on it (a table copied as one line); absent for the first. */
  seq?: number;
  field: 'level1' | 'level2' | 'level3' | 'target';
  read: string;
  fixed: string;
  by: string;
  at: string;
}

export type ImportDraft = typeof importDrafts.$inferSelect;
