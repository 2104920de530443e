import { createHash } from 'node:crypto';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { entries, type Entry } from '../../db/schema/index.ts';
import { shanghaiDate } from '../clock.ts';
import { AppError, composed, type Message, NotFoundError, said, ValidationError } from '../errors.ts';
import { fieldIssueWords, issuesMessage } from '../edge/issues.ts';
import { isInPeriod } from '../evaluation/time-share.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { recordAudit } from './audit.ts';
import { carryFiles } from './supporting-files.ts';
import { entryDay, entryKindSchemas, entryKinds, fieldLabels, type EntryKind } from '../evidence/entry-kinds.ts';
import { applyEntryChanges, type EntryChange } from './entry-aggregates.ts';
import { periodOf, requireProject } from './projects.ts';
import { resolveTallies } from './tally-indicators.ts';

export interface NewEntry {
  kind: string;
  fields: Record<string, unknown>;
  /** The caller's id for the fact; makes re-sending it a no-op. */
  externalId?: string | null;
}

export interface Authorship {
  /** `manual`, `import:<file>`, `job:<name>` */
  source: string;
  author: string | null;
  now: Date;
  /** Who, from the credential (API) or `--as` (CLI); recorded in the audit log. */
  actor?: Actor;
}

/** The actor behind a write; callers inside the app that predate accounts act as their author name. */
export function actorOf(who: Authorship): Actor {
  return who.actor ?? { ...systemActor, name: who.author ?? systemActor.name };
}

export interface FieldError {
  index: number;
  field: string | null;
  message: Message;
}

export interface EntryDto {
  id: number;
  projectId: number;
  kind: EntryKind;
  day: string;
  fields: Record<string, unknown>;
  source: string;
  author: string | null;
  createdAt: string;
  supersedesId: number | null;
  supersededBy: number | null;
  voided: boolean;
  reason: string | null;
}

/** An entry whose fields passed its kind's schema (src/evidence/entry-kinds.ts). */
export interface ValidEntry {
  kind: EntryKind;
  fields: Record<string, unknown>;
  externalId: string | null;
}

/** An entry written outside its project's period: stored, but it does not count (docs/design.md "Evidence"). */
export interface OutsidePeriod {
  /** Position in the batch (0-based). */
  index: number;
  day: string;
  message: string;
}

/** Validates entries of any kind; returns the parsed fields or every error with its item index and field. */
export function validateEntries(items: NewEntry[]): { ok: ValidEntry[]; errors: FieldError[] } {
  const ok: ValidEntry[] = [];
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    if (!entryKinds.includes(item.kind as EntryKind)) {
      errors.push({ index, field: 'kind', message: said('err.entry.kind', { kind: String(item.kind), kinds: entryKinds.join(', ') }) });
      return;
    }
    const kind = item.kind as EntryKind;
    const parsed = entryKindSchemas[kind].safeParse(item.fields ?? {});
    if (!parsed.success) {
      for (const line of fieldIssueWords(parsed.error.issues, fieldLabels)) {
        const message = composed((language) => `${line.label.in(language)}${language === 'en' ? ': ' : '：'}${line.message.in(language)}`);
        errors.push({ index, field: line.field === '(body)' ? null : line.field, message });
      }
      return;
    }
    ok.push({ kind, fields: parsed.data as Record<string, unknown>, externalId: item.externalId ?? null });
  });
  return { ok, errors };
}

/**
 * Writes validated entries of one project in the caller's transaction (or a new one). A fact already
 * stored (same external id, or same kind and fields) is skipped, so re-sending a batch changes nothing.
 */
export async function insertEntries(
  tx: Db,
  projectId: number,
  given: ValidEntry[],
  who: Authorship,
): Promise<{ inserted: number[]; duplicates: number; outsidePeriod: OutsidePeriod[] }> {
  if (given.length === 0) return { inserted: [], duplicates: 0, outsidePeriod: [] };
  const loggedDay = shanghaiDate(who.now);
  const project = await requireProject(tx, projectId);
  const tallies = await resolveTallies(tx, projectId, given);
  if (tallies.problems.length > 0) throw new ValidationError(said('err.tally.rejected', { n: tallies.problems.length }), tallies.problems);
  const items = tallies.items;
  const period = periodOf(project);
  const outsidePeriod: OutsidePeriod[] = [];
  items.forEach((item, index) => {
    const day = entryDay(item.kind, item.fields, loggedDay);
    if (!isInPeriod(day, period)) outsidePeriod.push({ index, day, message: outsideMessage(day, period) });
  });
  const seen = new Set<string>();
  const values = [];
  for (const item of items) {
    const dedupeKey = item.externalId ? `id:${item.externalId}` : `h:${contentHash(item.kind, item.fields)}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    values.push({
      projectId,
      kind: item.kind,
      day: entryDay(item.kind, item.fields, loggedDay),
      fields: item.fields,
      dedupeKey,
      source: who.source,
      author: who.author,
    });
  }
  const inserted = [];
  for (let i = 0; i < values.length; i += 1000) {
    const rows = await tx
      .insert(entries)
      .values(values.slice(i, i + 1000))
      .onConflictDoNothing({ target: [entries.projectId, entries.dedupeKey] })
      .returning({ id: entries.id, kind: entries.kind, day: entries.day, fields: entries.fields });
    inserted.push(...rows);
  }
  await applyEntryChanges(
    tx,
    inserted.map((r) => ({ projectId, kind: r.kind, day: r.day, fields: r.fields, sign: 1 as const })),
  );
  return { inserted: inserted.map((r) => r.id), duplicates: items.length - inserted.length, outsidePeriod };
}

/** `2023-05-01 在项目期间（2024-01-01 至 2024-12-31）之外：已记录，但不计入完成值` */
export function outsideMessage(day: string, period: { start: string; end: string }): string {
  return `${day} 在项目期间（${period.start} 至 ${period.end}）之外：已记录，但不计入完成值`;
}

/** Validates raw entries (every error with its item and field), then writes them all or none. */
export async function addEntries(db: Db, projectId: number, items: NewEntry[], who: Authorship) {
  await requireProject(db, projectId);
  const { ok, errors } = validateEntries(items);
  if (errors.length > 0) {
    throw new ValidationError(said('err.entry.fields', { n: errors.length }), errors);
  }
  return addValidEntries(db, projectId, ok, who);
}

/** Writes entries already validated at the edge (the API's schema), all or none, with one audit row. */
export async function addValidEntries(db: Db, projectId: number, items: ValidEntry[], who: Authorship) {
  await requireProject(db, projectId);
  return db.transaction(async (t) => {
    const tx: Db = t;
    const result = await insertEntries(tx, projectId, items, who);
    await recordAudit(tx, actorOf(who), {
      action: 'entry.create',
      targetType: 'project',
      targetId: projectId,
      after: { inserted: result.inserted, kinds: [...new Set(items.map((i) => i.kind))], duplicates: result.duplicates },
    });
    return result;
  });
}

/**
 * A correction is a new entry that supersedes the old one (or withdraws it, `voided`); the old row stays
 * as history. Only the current version of an entry can be corrected.
 */
export async function correctEntry(
  db: Db,
  entryId: number,
  change: { fields?: Record<string, unknown>; voided?: boolean; reason: string },
  who: Authorship,
): Promise<EntryDto> {
  if (!change.reason || change.reason.trim() === '') throw new ValidationError(said('err.entry.reason'), { field: 'reason' });
  return db.transaction(async (t) => {
    const tx: Db = t;
    const [old] = await tx.select().from(entries).where(eq(entries.id, entryId)).for('update');
    if (!old) throw new NotFoundError('entry', entryId);
    if (old.voided) throw new AppError(409, 'entry_withdrawn', said('err.entry.withdrawn', { id: entryId }));
    const [newer] = await tx.select({ id: entries.id }).from(entries).where(eq(entries.supersedesId, entryId));
    if (newer) throw new AppError(409, 'entry_superseded', said('err.entry.superseded', { id: entryId, newer: newer.id }), { supersededBy: newer.id });

    let fields = old.fields;
    if (!change.voided) {
      const merged = { ...old.fields, ...(change.fields ?? {}) };
      const parsed = entryKindSchemas[old.kind as EntryKind].safeParse(merged);
      if (!parsed.success) {
        const lines = fieldIssueWords(parsed.error.issues, fieldLabels);
        throw new ValidationError(
          issuesMessage(said('err.entry.correction'), lines),
          lines.map((l) => ({ field: `fields.${l.field}`, message: l.message })),
        );
      }
      fields = parsed.data as Record<string, unknown>;
      const tally = await resolveTallies(tx, old.projectId, [{ kind: old.kind, fields }]);
      if (tally.problems.length > 0) {
        throw new ValidationError(
          tally.problems[0]!.message,
          tally.problems.map((p) => ({ field: `fields.${p.field}`, message: p.message })),
        );
      }
      fields = tally.items[0]!.fields;
    }
    const day = entryDay(old.kind as EntryKind, fields, shanghaiDate(who.now));
    const [row] = await tx
      .insert(entries)
      .values({
        projectId: old.projectId,
        kind: old.kind,
        day,
        fields,
        dedupeKey: `correction:${old.id}`,
        source: who.source,
        author: who.author,
        supersedesId: old.id,
        voided: change.voided ?? false,
        reason: change.reason.trim(),
      })
      .returning();
    const changes: EntryChange[] = [{ projectId: old.projectId, kind: old.kind, day: old.day, fields: old.fields, sign: -1 }];
    if (!row!.voided) changes.push({ projectId: old.projectId, kind: old.kind, day, fields, sign: 1 });
    await applyEntryChanges(tx, changes);
    if (!row!.voided) await carryFiles(tx, 'entry', old.id, row!.id);
    await recordAudit(tx, actorOf(who), {
      action: row!.voided ? 'entry.withdraw' : 'entry.correct',
      targetType: 'entry',
      targetId: old.id,
      before: { id: old.id, kind: old.kind, fields: old.fields },
      after: { id: row!.id, fields: row!.voided ? null : fields, reason: row!.reason },
    });
    return toEntryDto(row!, null);
  });
}

export interface EntryFilter {
  kind?: EntryKind;
  from?: string;
  to?: string;
  /** Include superseded versions and withdrawals (the history). */
  history?: boolean;
  limit: number;
  offset: number;
}

export async function listEntries(db: Db, projectId: number, filter: EntryFilter): Promise<{ total: number; items: EntryDto[] }> {
  await requireProject(db, projectId);
  const later = alias(entries, 'later');
  const conditions: (SQL | undefined)[] = [
    eq(entries.projectId, projectId),
    filter.kind ? eq(entries.kind, filter.kind) : undefined,
    filter.from ? gte(entries.day, filter.from) : undefined,
    filter.to ? lte(entries.day, filter.to) : undefined,
    filter.history ? undefined : sql`${later.id} is null and ${entries.voided} = false`,
  ];
  const where = and(...conditions);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({ entry: entries, supersededBy: later.id })
      .from(entries)
      .leftJoin(later, eq(later.supersedesId, entries.id))
      .where(where)
      .orderBy(desc(entries.day), desc(entries.id))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(entries).leftJoin(later, eq(later.supersedesId, entries.id)).where(where),
  ]);
  return { total: Number(total), items: rows.map((r) => toEntryDto(r.entry, r.supersededBy)) };
}

export function toEntryDto(e: Entry, supersededBy: number | null): EntryDto {
  return {
    id: e.id,
    projectId: e.projectId,
    kind: e.kind as EntryKind,
    day: e.day,
    fields: e.fields,
    source: e.source,
    author: e.author,
    createdAt: new Date(e.createdAt).toISOString(),
    supersedesId: e.supersedesId,
    supersededBy,
    voided: e.voided,
    reason: e.reason,
  };
}

function contentHash(kind: string, fields: Record<string, unknown>): string {
  return createHash('sha256').update(kind).update('\0').update(canonicalJson(fields)).digest('hex').slice(0, 32);
}

function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v as object)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}
