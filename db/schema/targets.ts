import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { importBatches } from './imports.ts';

/** A budget unit (预算单位). `key` is the code when the table gives one, else the name. */
export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    code: text('code'),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('units_key_key').on(t.key)],
);

export const projects = pgTable(
  'projects',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    // The budget year by default; dates are days in Asia/Shanghai.
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    // yuan, 2 decimals; null when the table leaves the cell blank
    budgetTotal: numeric('budget_total', { precision: 16, scale: 2 }),
    budgetFiscal: numeric('budget_fiscal', { precision: 16, scale: 2 }),
    budgetOther: numeric('budget_other', { precision: 16, scale: 2 }),
    budgetWeight: numeric('budget_weight', { precision: 6, scale: 2 }),
    purpose: text('purpose'),
    goals: jsonb('goals').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    importBatchId: integer('import_batch_id').references(() => importBatches.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('projects_unit_id_year_name_key').on(t.unitId, t.year, t.name), index('projects_year_idx').on(t.year)],
);

export const indicators = pgTable(
  'indicators',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Identity across re-imports: level1/level2/level3 plus an ordinal for repeated names. */
    key: text('key').notNull(),
    /** 0-based order in the table. */
    position: integer('position').notNull(),
    level1: text('level1').notNull(),
    level2: text('level2').notNull(),
    level3: text('level3').notNull(),
    description: text('description'),
    targetRaw: text('target_raw').notNull(),
    targetKind: text('target_kind').$type<'quantitative' | 'qualitative'>().notNull(),
    comparator: text('comparator').$type<'>=' | '>' | '<=' | '<' | '='>(),
    comparatorInferred: boolean('comparator_inferred').notNull().default(false),
    // As written, before the unit's multiplier.
    targetValue: numeric('target_value'),
    targetUnit: text('target_unit'),
    normalizedValue: numeric('normalized_value'),
    normalizedUnit: text('normalized_unit'),
    targetText: text('target_text'),
    rangeMin: numeric('range_min'),
    rangeMax: numeric('range_max'),
    deadline: date('deadline', { mode: 'string' }),
    weight: numeric('weight', { precision: 6, scale: 2 }),
    applicable: boolean('applicable').notNull().default(true),
    warnings: jsonb('warnings').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    needsReview: boolean('needs_review').notNull().default(false),
    confirmedBy: text('confirmed_by'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** False once a re-import no longer has the row; kept so later evidence and bindings survive. */
    active: boolean('active').notNull().default(true),
    sourceLine: integer('source_line'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('indicators_project_id_key_key').on(t.projectId, t.key), index('indicators_project_id_position_idx').on(t.projectId, t.position)],
);

export type Unit = typeof units.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type Indicator = typeof indicators.$inferSelect;
