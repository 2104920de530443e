import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { recordAudit } from './audit.ts';
import { importBatches, indicators, projects, units, type ImportBatchResult, type ImportFix } from '../../db/schema/index.ts';
import { ImportRejectedError, said } from '../errors.ts';
import { say } from '../edge/words.ts';
import { readTableFile } from '../targets/parse-table.ts';
import { selectProjects } from '../targets/select-projects.ts';
import { readUnitOption } from '../targets/table-values.ts';
import { fieldError } from '../edge/issues.ts';
import type { ParsedIndicator, ParsedProject, ParsedTable, ParsedUnit } from '../targets/types.ts';
import { yearPeriod } from '../clock.ts';
import { indicatorKeys } from './indicator-keys.ts';
import { proposeBindings } from './measures.ts';

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  year: number;
  /** The caller chose the year explicitly (it then wins over a year written in the document). */
  yearGiven: boolean;
  importedBy?: string | null;
  /** Who imports, for the audit log (docs/design.md "Access"); defaults to `importedBy` as a name. */
  actor?: Actor;
  /** What the person importing says the table leaves out or gets wrong (`--unit`, `--project-name`, `--strict`). */
  options?: ImportOptions;
}

export interface ImportOptions {
  /** `CODE NAME` or a name: the unit the table is imported under, whatever it says (docs/design.md, Targets). */
  unit?: string | null;
  /** The name of a project the table does not name. */
  projectName?: string | null;
  /** Refuse the whole file when a project in it was cut off, instead of importing the whole ones. */
  strict?: boolean;
}

export interface ImportSummary {
  batchId: number;
  fileName: string;
  sha256: string;
  unit: { id: number; code: string | null; name: string };
  projects: {
    id: number;
    name: string;
    year: number;
    created: boolean;
    indicators: { total: number; created: number; updated: number; unchanged: number; retired: number };
  }[];
  warnings: { line: number; message: string }[];
}

/** Reads a target table without writing anything; throws ImportRejectedError when it cannot be imported. */
export async function parseTargetFile(req: Omit<ImportRequest, 'importedBy'>): Promise<ParsedTable> {
  const options = req.options ?? {};
  const unit = unitOption(options.unit);
  const projectName = options.projectName?.trim() || null;
  const read = await readTableFile(req.fileName, req.bytes, { year: req.year, yearGiven: req.yearGiven, unit, projectName });
  const parsed = selectProjects(read, { strict: options.strict === true });
  if (parsed.errors.length > 0 || !parsed.unit) {
    throw new ImportRejectedError(parsed.errors.length > 0 ? parsed.errors : [{ line: 1, message: say(said('err.import.noUnit')) }]);
  }
  return parsed;
}

/** The `--unit`/`unit=` text as a unit; one without a name (only a code) is refused naming the field. */
function unitOption(text: string | null | undefined): ParsedUnit | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const read = readUnitOption(text);
  if ('problem' in read) throw fieldError('unit', read.problem);
  return read.unit;
}

/**
 * Writes a target table in one transaction: the unit, each project by (unit, year, name), each
 * indicator by its key. A re-import updates in place; rows the new table no longer has are retired,
 * not deleted, so evidence bound to them survives. Anything unreadable rejects the whole file.
 */
export async function importTargetTable(db: Db, req: ImportRequest): Promise<ImportSummary> {
  const parsed = await parseTargetFile(req);
  const sha256 = createHash('sha256').update(req.bytes).digest('hex');
  return db.transaction((tx) =>
    writeParsedTable(tx, parsed, {
      fileName: req.fileName,
      sha256,
      year: req.year,
      importedBy: req.importedBy ?? null,
      actor: req.actor ?? { ...systemActor, name: req.importedBy ?? systemActor.name },
    }),
  );
}

/** Where a reading came from, for its batch and the audit log. */
export interface WriteMeta {
  fileName: string;
  sha256: string;
  /** The year asked for; the batch takes the first project's. */
  year: number;
  importedBy: string | null;
  actor: Actor;
  /** Imported from a draft: which one and the cells fixed in it (kept in the batch and the audit log). */
  draft?: { id: number; fixes: ImportFix[] };
}

/**
 * The write half of an import: a table already read (and possibly fixed) written inside the caller's
 * transaction `tx`, with its batch and audit row. The unit must be known (parseTargetFile ensures it).
 */
export async function writeParsedTable(tx: Db, parsed: ParsedTable, meta: WriteMeta): Promise<ImportSummary> {
  const unit = parsed.unit as ParsedUnit;
  const { fileName, sha256 } = meta;
  const [batch] = await tx
    .insert(importBatches)
    .values({
      fileName,
      sha256,
      year: parsed.projects[0]?.year ?? meta.year,
      importedBy: meta.importedBy,
      result: emptyResult(),
    })
    .returning({ id: importBatches.id });
  const batchId = batch!.id;

  const unitKey = unit.code ?? unit.name;
  const [unitRow] = await tx
    .insert(units)
    .values({ key: unitKey, code: unit.code, name: unit.name })
    .onConflictDoUpdate({ target: units.key, set: { name: unit.name, code: unit.code } })
    .returning({ id: units.id, code: units.code, name: units.name });

  const result = emptyResult();
  result.warnings = parsed.warnings;
  const summaries: ImportSummary['projects'] = [];
  for (const project of parsed.projects) {
    const saved = await upsertProject(tx, unitRow!.id, batchId, project);
    const counts = await upsertIndicators(tx, saved.id, project.indicators);
    result.projects[saved.created ? 'created' : 'updated'] += 1;
    result.indicators.created += counts.created;
    result.indicators.updated += counts.updated;
    result.indicators.unchanged += counts.unchanged;
    result.indicators.retired += counts.retired;
    summaries.push({ id: saved.id, name: project.name, year: project.year, created: saved.created, indicators: counts });
  }
  await proposeBindings(
    tx,
    summaries.map((p) => p.id),
  );
  result.projectIds = summaries.map((p) => p.id);
  if (meta.draft) {
    result.draftId = meta.draft.id;
    result.fixes = meta.draft.fixes;
  }
  await tx.update(importBatches).set({ result }).where(eq(importBatches.id, batchId));
  await recordAudit(tx, meta.actor, {
    action: 'targets.import',
    targetType: 'import_batch',
    targetId: batchId,
    after: {
      fileName,
      sha256,
      unit: unitRow!,
      projects: summaries.map((p) => ({ id: p.id, name: p.name, year: p.year, created: p.created, indicators: p.indicators })),
      ...(meta.draft ? { draftId: meta.draft.id, fixes: meta.draft.fixes } : {}),
    },
  });

  return { batchId, fileName, sha256, unit: unitRow!, projects: summaries, warnings: parsed.warnings };
}

function emptyResult(): ImportBatchResult {
  return {
    projects: { created: 0, updated: 0 },
    indicators: { created: 0, updated: 0, unchanged: 0, retired: 0 },
    warnings: [],
  };
}

async function upsertProject(db: Db, unitId: number, batchId: number, p: ParsedProject) {
  const period = yearPeriod(p.year);
  const values = {
    budgetTotal: money(p.budget.total),
    budgetFiscal: money(p.budget.fiscal),
    budgetOther: money(p.budget.other),
    budgetWeight: p.budgetWeight === null ? null : String(p.budgetWeight),
    purpose: p.purpose,
    goals: p.goals,
    importBatchId: batchId,
  };
  const [row] = await db
    .insert(projects)
    .values({ unitId, year: p.year, name: p.name, periodStart: period.start, periodEnd: period.end, ...values })
    .onConflictDoUpdate({
      target: [projects.unitId, projects.year, projects.name],
      set: { ...values, updatedAt: sql`now()` },
    })
    // xmax is 0 only on a row this statement inserted.
    .returning({ id: projects.id, created: sql<boolean>`(xmax = 0)` });
  return row!;
}

function money(v: number | null): string | null {
  return v === null ? null : v.toFixed(2);
}

type IndicatorValues = Omit<typeof indicators.$inferInsert, 'id' | 'projectId' | 'createdAt' | 'updatedAt'>;

function indicatorValues(key: string, position: number, i: ParsedIndicator): IndicatorValues {
  const t = i.target;
  return {
    key,
    position,
    level1: i.level1,
    level2: i.level2,
    level3: i.level3,
    description: i.description,
    targetRaw: t.raw,
    targetKind: t.kind,
    comparator: t.comparator,
    comparatorInferred: t.inferred,
    targetValue: num(t.value),
    targetUnit: t.unit,
    normalizedValue: num(t.normalized?.value ?? null),
    normalizedUnit: t.normalized?.unit ?? null,
    targetText: t.text,
    rangeMin: num(t.range?.low ?? null),
    rangeMax: num(t.range?.high ?? null),
    deadline: t.deadline,
    weight: i.weight === null ? null : String(i.weight),
    applicable: i.applicable,
    warnings: i.warnings,
    needsReview: i.needsReview,
    sourceLine: i.line,
    active: true,
  };
}

function num(v: number | null): string | null {
  return v === null || !Number.isFinite(v) ? null : String(v);
}

// Fields whose change means the stored row differs from the table; the source line alone does not.
const compared = [
  'position',
  'level1',
  'level2',
  'level3',
  'description',
  'targetRaw',
  'targetKind',
  'comparator',
  'comparatorInferred',
  'targetValue',
  'targetUnit',
  'normalizedValue',
  'normalizedUnit',
  'targetText',
  'rangeMin',
  'rangeMax',
  'deadline',
  'weight',
  'applicable',
  'needsReview',
  'active',
] as const;

async function upsertIndicators(db: Db, projectId: number, parsed: ParsedIndicator[]) {
  const existing = await db.select().from(indicators).where(eq(indicators.projectId, projectId));
  const byKey = new Map(existing.map((row) => [row.key, row]));
  const keys = indicatorKeys(parsed);
  const counts = { total: parsed.length, created: 0, updated: 0, unchanged: 0, retired: 0 };

  for (const [position, indicator] of parsed.entries()) {
    const key = keys[position]!;
    const values = indicatorValues(key, position, indicator);
    const old = byKey.get(key);
    byKey.delete(key);
    if (!old) {
      await db.insert(indicators).values({ projectId, ...values });
      counts.created += 1;
      continue;
    }
    const changed = compared.some((f) => !sameValue(old[f], values[f]));
    if (!changed) {
      counts.unchanged += 1;
      if (old.sourceLine !== values.sourceLine) {
        await db.update(indicators).set({ sourceLine: values.sourceLine }).where(eq(indicators.id, old.id));
      }
      continue;
    }
    // A person's confirmation was of the old reading; a new target needs a new one.
    const reconfirm = old.targetRaw !== values.targetRaw ? { confirmedBy: null, confirmedAt: null } : {};
    await db
      .update(indicators)
      .set({ ...values, ...reconfirm, updatedAt: sql`now()` })
      .where(eq(indicators.id, old.id));
    counts.updated += 1;
  }
  for (const gone of byKey.values()) {
    if (!gone.active) continue;
    await db
      .update(indicators)
      .set({ active: false, updatedAt: sql`now()` })
      .where(and(eq(indicators.id, gone.id), eq(indicators.projectId, projectId)));
    counts.retired += 1;
  }
  return counts;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  // numeric columns come back as '320.00' for the '320' we wrote
  if (typeof a === 'string' && typeof b === 'string' && a !== '' && b !== '' && !Number.isNaN(Number(a)) && !Number.isNaN(Number(b))) {
    return Number(a) === Number(b);
  }
  return false;
}
