import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { channels } from './evidence.ts';
import { indicators, projects } from './targets.ts';

/**
 * The run ledger. A scheduled slot is claimed by inserting its (job, slot) row: the unique key makes
 * exactly one process run it, however many share the database. Manual runs get a slot of their own.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    job: text('job').notNull(),
    slot: timestamp('slot', { withTimezone: true, mode: 'string' }).notNull(),
    trigger: text('trigger').$type<'schedule' | 'catch_up' | 'manual'>().notNull(),
    /** The data day the run works on (WeChat/Weibo: the day before the slot). */
    dataDay: date('data_day', { mode: 'string' }),
    status: text('status').$type<'running' | 'succeeded' | 'failed' | 'skipped'>().notNull(),
    attempt: integer('attempt').notNull().default(1),
    owner: text('owner').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'string' }),
    counts: jsonb('counts').$type<{ inserted: number; updated: number; failed: number }>(),
    errorKind: text('error_kind'),
    errorCode: text('error_code'),
    error: text('error'),
  },
  (t) => [uniqueIndex('job_runs_job_slot_key').on(t.job, t.slot), index('job_runs_job_status_idx').on(t.job, t.status, t.slot)],
);

/** One row per job while it runs, so no two runs of a job overlap across processes. */
export const jobLocks = pgTable('job_locks', {
  job: text('job').primaryKey(),
  owner: text('owner').notNull(),
  runId: bigint('run_id', { mode: 'number' }).notNull(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/**
 * Short-lived upstream credentials (WeChat access_token), shared by every process. `token` holds the token
 * sealed with a key derived from the AppSecret (jobs/connectors/wechat-token.ts), never the token itself.
 */
export const accessTokens = pgTable('access_tokens', {
  key: text('key').primaryKey(),
  token: text('token').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** Where each channel's connector left off (Weibo since_id, RSS ETag / Last-Modified). */
export const channelCursors = pgTable('channel_cursors', {
  channelId: integer('channel_id')
    .primaryKey()
    .references(() => channels.id, { onDelete: 'cascade' }),
  cursor: jsonb('cursor').$type<Record<string, string | null>>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** A WeCom or DingTalk group robot; its webhook and secret are named environment variables. */
export const robots = pgTable(
  'robots',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').$type<'wecom' | 'dingtalk'>().notNull(),
    webhookEnv: text('webhook_env').notNull(),
    secretEnv: text('secret_env'),
    /** `alerts`, `digest` */
    events: jsonb('events').$type<string[]>().notNull().default(sql`'["alerts","digest"]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('robots_name_key').on(t.name)],
);

export const robotProjects = pgTable(
  'robot_projects',
  {
    robotId: integer('robot_id')
      .notNull()
      .references(() => robots.id, { onDelete: 'cascade' }),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ name: 'robot_projects_pkey', columns: [t.robotId, t.projectId] })],
);

/** The last status each indicator was seen in, so a worsening is alerted once. */
export const indicatorStatuses = pgTable('indicator_statuses', {
  indicatorId: integer('indicator_id')
    .primaryKey()
    .references(() => indicators.id, { onDelete: 'cascade' }),
  status: text('status').notNull(),
  asOf: date('as_of', { mode: 'string' }).notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** Messages waiting for (or sent to) a robot; the dedupe key makes one change one message. */
export const robotOutbox = pgTable(
  'robot_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    robotId: integer('robot_id')
      .notNull()
      .references(() => robots.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull(),
    title: text('title').notNull(),
    markdown: text('markdown').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'string' }),
    failed: boolean('failed').notNull().default(false),
    lastError: text('last_error'),
  },
  (t) => [uniqueIndex('robot_outbox_robot_id_dedupe_key_key').on(t.robotId, t.dedupeKey), index('robot_outbox_pending_idx').on(t.sentAt, t.nextAttemptAt)],
);
