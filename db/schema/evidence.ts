import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { indicators, projects } from './targets.ts';

/**
 * Typed log entries (docs/design.md "Evidence"). Never updated: a correction is a new row whose `supersedes_id` names the
 * row it replaces; the current entries are those nothing supersedes.
 */
export const entries = pgTable(
  'entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** The day that places the entry in time (Asia/Shanghai), by kind: date, occurred_at, opened_at, due. */
    day: date('day', { mode: 'string' }).notNull(),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    /** Idempotency: the caller's id, or a hash of kind + fields, unique per project. */
    dedupeKey: text('dedupe_key').notNull(),
    source: text('source').notNull(),
    author: text('author'),
    supersedesId: bigint('supersedes_id', { mode: 'number' }),
    /** A correction that withdraws the entry it supersedes. */
    voided: boolean('voided').notNull().default(false),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('entries_project_id_dedupe_key_key').on(t.projectId, t.dedupeKey),
    uniqueIndex('entries_supersedes_id_key').on(t.supersedesId),
    index('entries_project_id_kind_day_idx').on(t.projectId, t.kind, t.day),
  ],
);

/** Per-project, per-kind, per-day counts and amounts of current entries (spending, activity volume). */
export const entryDaily = pgTable(
  'entry_daily',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    n: integer('n').notNull().default(0),
    // yuan, for kinds with an amount (expenditure, procurement)
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull().default('0'),
  },
  (t) => [primaryKey({ name: 'entry_daily_pkey', columns: [t.projectId, t.kind, t.day] })],
);

/** A publishing channel: WeChat Official Account, Weibo account, RSS feed or website. */
export const channels = pgTable(
  'channels',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').$type<'wechat' | 'weibo' | 'rss' | 'website'>().notNull(),
    name: text('name').notNull(),
    /** Connector settings; secrets only by the name of the environment variable holding them. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('channels_name_key').on(t.name)],
);

export const channelProjects = pgTable(
  'channel_projects',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ name: 'channel_projects_pkey', columns: [t.channelId, t.projectId] }), index('channel_projects_project_id_idx').on(t.projectId)],
);

export const posts = pgTable(
  'posts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** published_at's day in Asia/Shanghai. */
    day: date('day', { mode: 'string' }).notNull(),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('posts_channel_id_external_id_key').on(t.channelId, t.externalId), index('posts_channel_id_day_idx').on(t.channelId, t.day)],
);

/** Dated snapshots of a post's cumulative counters; the latest one is the post's current figure. */
export const postStats = pgTable(
  'post_stats',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    readers: integer('readers'),
    reads: integer('reads'),
    shares: integer('shares'),
    likes: integer('likes'),
    zaikan: integer('zaikan'),
    comments: integer('comments'),
    favourites: integer('favourites'),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'post_stats_pkey', columns: [t.postId, t.day] })],
);

/**
 * Per-channel, per-day aggregates kept up to date as posts and snapshots arrive, so a progress read sums
 * at most a year of rows per channel instead of every post: posts published that day, and the growth of
 * the channel's summed latest counters that day.
 */
export const channelDaily = pgTable(
  'channel_daily',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    posts: integer('posts').notNull().default(0),
    readers: bigint('readers', { mode: 'number' }).notNull().default(0),
    reads: bigint('reads', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'channel_daily_pkey', columns: [t.channelId, t.day] })],
);

export const probeEndpoints = pgTable(
  'probe_endpoints',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    target: text('target').notNull(),
    projectId: integer('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    intervalMinutes: integer('interval_minutes').notNull().default(5),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('probe_endpoints_name_key').on(t.name)],
);

export const probeResults = pgTable(
  'probe_results',
  {
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => probeEndpoints.id, { onDelete: 'cascade' }),
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'string' }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ok: boolean('ok').notNull(),
    latencyMs: integer('latency_ms'),
    error: text('error'),
  },
  (t) => [primaryKey({ name: 'probe_results_pkey', columns: [t.endpointId, t.checkedAt] })],
);

export const probeDaily = pgTable(
  'probe_daily',
  {
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => probeEndpoints.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    total: integer('total').notNull().default(0),
    ok: integer('ok').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'probe_daily_pkey', columns: [t.endpointId, t.day] })],
);

/** A person's figure for an indicator no source measures. Corrections supersede. */
export const manualValues = pgTable(
  'manual_values',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    value: numeric('value').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    note: text('note'),
    evidenceUrl: text('evidence_url'),
    author: text('author'),
    source: text('source').notNull(),
    supersedesId: bigint('supersedes_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('manual_values_indicator_id_as_of_idx').on(t.indicatorId, t.asOf), uniqueIndex('manual_values_supersedes_id_key').on(t.supersedesId)],
);

/** A person's tier and score for a qualitative target (docs/design.md "Scoring"). */
export const assessments = pgTable(
  'assessments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    tier: text('tier').$type<'achieved' | 'partial' | 'not_achieved'>().notNull(),
    /** 0–100: the share of the indicator's points, inside its tier's band. */
    score: numeric('score', { precision: 5, scale: 2 }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    note: text('note'),
    author: text('author'),
    supersedesId: bigint('supersedes_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assessments_indicator_id_as_of_idx').on(t.indicatorId, t.asOf), uniqueIndex('assessments_supersedes_id_key').on(t.supersedesId)],
);

/** An indicator's measure (docs/design.md "Measures"): proposed by the importer, confirmed or changed by a person. */
export const measureBindings = pgTable('measure_bindings', {
  indicatorId: integer('indicator_id')
    .primaryKey()
    .references(() => indicators.id, { onDelete: 'cascade' }),
  spec: jsonb('spec').$type<Record<string, unknown>>().notNull(),
  proposed: boolean('proposed').notNull().default(true),
  confirmedBy: text('confirmed_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Per-indicator, per-day contributions of log entries to the indicator's measure (count, numerator, sum),
 * kept in step with entries and rebuilt when a binding changes.
 */
export const measureDaily = pgTable(
  'measure_daily',
  {
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    n: numeric('n').notNull().default('0'),
    hits: numeric('hits').notNull().default('0'),
    sum: numeric('sum').notNull().default('0'),
  },
  (t) => [primaryKey({ name: 'measure_daily_pkey', columns: [t.indicatorId, t.day] })],
);

export type Entry = typeof entries.$inferSelect;
export type Channel = typeof channels.$inferSelect;
export type Post = typeof posts.$inferSelect;
export type PostStat = typeof postStats.$inferSelect;

/**
 * The monitoring note a person writes on an indicator (docs/design.md "Monitoring notes"): 完成目标可能性,
 * 偏差原因 (multi-select plus free text), 整改措施, and optionally their own 全年预计完成值. Append-only: the
 * latest row is the current note, earlier rows are its history.
 */
export const monitoringNotes = pgTable(
  'monitoring_notes',
  {
    id: serial('id').primaryKey(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    /** certain 确定能 / possible 有可能 / impossible 完全不可能 */
    likelihood: text('likelihood').notNull(),
    /** Any of funding 经费保障 / rules 制度保障 / staff 人员保障 / hardware 硬件保障 / other 其他. */
    reasons: text('reasons').array().notNull().default(sql`'{}'::text[]`),
    reasonText: text('reason_text'),
    measures: text('measures'),
    /** A person's own year-end forecast in the target's normalized unit, when they override the computed one. */
    forecast: numeric('forecast', { mode: 'number' }),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('monitoring_notes_indicator_idx').on(t.indicatorId, t.createdAt)],
);

export type MonitoringNote = typeof monitoringNotes.$inferSelect;
