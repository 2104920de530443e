import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assessments, channelProjects, entries, indicators, manualValues, monitoringNotes, projects, supportingFiles, units } from '../../db/schema/index.ts';
import { may, seesUnit, type Actor, type Permission } from '../auth/actor.ts';
import { AppError, type Message, said } from '../errors.ts';

// Who may touch what (docs/design.md "Access"): a role grants permissions, a unit bounds them. The API's
// route guards, the pages and the services' list filters all ask here, so a rule lives in one place.

export type Resource = 'unit' | 'project' | 'indicator' | 'entry' | 'channel' | 'manual_value' | 'assessment' | 'monitoring_note' | 'file';

export function forbidden(message: Message, details: unknown = null): AppError {
  return new AppError(403, 'forbidden', message, details);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!may(actor, permission)) {
    throw forbidden(said('err.access.permission', { name: actor.name, role: actor.role, permission: said(`err.permission.${permission}`) }), { permission });
  }
}

/** The units a resource belongs to; null when it does not exist (the route then answers 404 itself). */
export async function unitsOf(db: Db, resource: Resource, id: number): Promise<number[] | null> {
  switch (resource) {
    case 'unit': {
      const [u] = await db.select({ id: units.id }).from(units).where(eq(units.id, id));
      return u ? [u.id] : null;
    }
    case 'project': {
      const [p] = await db.select({ unitId: projects.unitId }).from(projects).where(eq(projects.id, id));
      return p ? [p.unitId] : null;
    }
    case 'indicator': {
      const [i] = await db
        .select({ unitId: projects.unitId })
        .from(indicators)
        .innerJoin(projects, eq(projects.id, indicators.projectId))
        .where(eq(indicators.id, id));
      return i ? [i.unitId] : null;
    }
    case 'entry': {
      const [e] = await db.select({ unitId: projects.unitId }).from(entries).innerJoin(projects, eq(projects.id, entries.projectId)).where(eq(entries.id, id));
      return e ? [e.unitId] : null;
    }
    case 'manual_value':
    case 'assessment':
    case 'monitoring_note': {
      const table = resource === 'manual_value' ? manualValues : resource === 'assessment' ? assessments : monitoringNotes;
      const [r] = await db
        .select({ unitId: projects.unitId })
        .from(table)
        .innerJoin(indicators, eq(indicators.id, table.indicatorId))
        .innerJoin(projects, eq(projects.id, indicators.projectId))
        .where(eq(table.id, id));
      return r ? [r.unitId] : null;
    }
    case 'file': {
      const [f] = await db
        .select({ unitId: projects.unitId })
        .from(supportingFiles)
        .innerJoin(projects, eq(projects.id, supportingFiles.projectId))
        .where(eq(supportingFiles.id, id));
      return f ? [f.unitId] : null;
    }
    case 'channel': {
      const rows = await db
        .select({ unitId: projects.unitId })
        .from(channelProjects)
        .innerJoin(projects, eq(projects.id, channelProjects.projectId))
        .where(eq(channelProjects.channelId, id));
      return rows.map((r) => r.unitId);
    }
  }
}

/**
 * The actor holds `permission` and sees the resource's unit (a channel: any unit of its projects). A
 * resource of another unit is a 403 — ids guessed one by one learn nothing more than that.
 */
export async function requireAccess(db: Db, actor: Actor, permission: Permission, resource?: { kind: Resource; id: number }): Promise<void> {
  requirePermission(actor, permission);
  if (!resource || actor.role === 'admin' || actor.unitId === null) return;
  const owning = await unitsOf(db, resource.kind, resource.id);
  if (owning === null) return;
  if (!owning.some((u) => seesUnit(actor, u))) throw forbidden(said('err.access.otherUnit'), { [resource.kind]: resource.id });
}

/** The projects among `ids` the actor may not touch (for bodies and files that name several). */
export async function projectsOutsideUnit(db: Db, actor: Actor, ids: number[]): Promise<number[]> {
  if (actor.role === 'admin' || actor.unitId === null || ids.length === 0) return [];
  const rows = await db.select({ id: projects.id, unitId: projects.unitId }).from(projects).where(inArray(projects.id, ids));
  return rows.filter((r) => !seesUnit(actor, r.unitId)).map((r) => r.id);
}

/** The unit a list is narrowed to: null = every unit. */
export function unitFilter(actor: Actor): number | null {
  return actor.role === 'admin' ? null : actor.unitId;
}
