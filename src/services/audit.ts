import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { readDeadline, readInstant } from '../edge/days.ts';

// The audit log (docs/design.md "Access"): every change by a person, written in the same transaction as the
// change itself, so there is no change without its row and no row for a change that rolled back.

export interface AuditEntry {
  /** `entry.create`, `entry.correct`, `indicator.measure`, `channel.add`, `job.run`, `user.add`, … */
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Keys whose values never enter the audit log, wherever they sit in before/after. */
const SECRET_KEYS = /^(password|passwordHash|password_hash|token|tokenHash|token_hash|secret)$/i;

function scrub(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (depth > 8 || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => scrub(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !SECRET_KEYS.test(k))
      .map(([k, v]) => [k, scrub(v, depth + 1)]),
  );
}

export async function recordAudit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.userId,
    actor: actor.name,
    via: actor.via,
    address: actor.address,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === null || entry.targetId === undefined ? null : String(entry.targetId),
    before: scrub(entry.before),
    after: scrub(entry.after),
  });
}

export interface AuditFilter {
  /** Days in Asia/Shanghai: rows from the start of `since` through the end of `until`. */
  since?: string;
  until?: string;
  user?: string;
  action?: string;
  limit: number;
  offset: number;
}

export async function listAudit(db: Db, f: AuditFilter) {
  const instant = (day: string | undefined, read: typeof readInstant) => {
    const r = day === undefined ? null : read(day);
    return r?.ok ? r.value : undefined;
  };
  const since = instant(f.since, readInstant);
  const until = instant(f.until, readDeadline);
  const conditions: (SQL | undefined)[] = [
    since ? gte(auditLog.at, since) : undefined,
    until ? lte(auditLog.at, until) : undefined,
    f.user ? eq(auditLog.actor, f.user) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
  ];
  const where = and(...conditions);
  const [items, [{ total } = { total: 0 }]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(f.limit).offset(f.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { total: Number(total), items: items.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
}

/** A job run by hand (API or CLI): what was asked and how each run ended. */
export async function auditJobRun(
  db: Db,
  actor: Actor,
  job: string,
  dataDay: string | null,
  runs: { job: string; status: string; runId: number | null; result: unknown; error: { code: string } | null }[],
): Promise<void> {
  await recordAudit(db, actor, {
    action: 'job.run',
    targetType: 'job',
    targetId: job,
    after: { dataDay, runs: runs.map((r) => ({ job: r.job, status: r.status, runId: r.runId, result: r.result, error: r.error?.code ?? null })) },
  });
}
