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
}

export type ImportBatch = typeof importBatches.$inferSelect;
