import { bigserial, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './targets.ts';

/**
 * A person who signs in (docs/design.md "Access"). `unit_id` null means every unit; an admin always has
 * every unit. Never deleted: a disabled user keeps their name on what they wrote.
 */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').$type<'admin' | 'staff' | 'leader'>().notNull(),
    unitId: integer('unit_id').references(() => units.id),
    /** `scrypt$N$r$p$salt$hash` (src/auth/passwords.ts); never leaves the service. */
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_name_key').on(t.name)],
);

/** An API token (`Authorization: Bearer jx_…`), stored as the SHA-256 of the token; shown once when made. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    /** The first characters, so a person can tell their tokens apart (`jx_AbCdEf`). */
    prefix: text('prefix').notNull(),
    label: text('label'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash), index('api_tokens_user_id_idx').on(t.userId)],
);

/**
 * Every change, with who, when, from where, what, and before → after. Append-only: a trigger (migration
 * 0006) refuses UPDATE, DELETE and TRUNCATE. No foreign keys, so a row outlives anything it names.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    actorId: integer('actor_id'),
    /** The user's name as it was; `system` for the scheduler. */
    actor: text('actor').notNull(),
    /** `api`, `web`, `cli`, `job` */
    via: text('via').notNull(),
    /** The client address (API) or host (CLI). */
    address: text('address'),
    /** `entry.create`, `indicator.measure`, `user.disable`, … */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_at_idx').on(t.actor, t.at)],
);

/**
 * A browser's signed-in session (docs/design.md "Access"): the cookie holds 128 random bits, the table only
 * their SHA-256, so a copy of the database signs nobody in. Ended by sign-out, the idle and absolute
 * timeouts, the user being disabled or their password changing after the session began.
 */
export const webSessions = pgTable(
  'web_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Sent back in every form (`_csrf`), compared in constant time. */
    csrf: text('csrf').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** The user's passwordChangedAt when the session began: a later change ends it (no clock comparison). */
    passwordSetAt: timestamp('password_set_at', { withTimezone: true }).notNull(),
    address: text('address'),
  },
  (t) => [index('web_sessions_user_id_idx').on(t.userId)],
);

/** Failed sign-ins per key (`user:NAME`, `addr:IP`) in the current window, for throttling. */
export const authFailures = pgTable('auth_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
});

export type User = typeof users.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type WebSession = typeof webSessions.$inferSelect;
