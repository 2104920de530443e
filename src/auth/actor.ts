// Who is acting (docs/design.md "Access"): taken from the credential (an API token or a web session) or, for
// the CLI that opens the database itself, from `--as` or the operating-system user. Never from a header.

export const roles = ['admin', 'staff', 'leader'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = { admin: '管理员', staff: '工作人员', leader: '领导' };

export interface Actor {
  /** null for the CLI acting as a name with no account, and for the scheduler. */
  userId: number | null;
  name: string;
  role: Role;
  /** The one unit the actor may see; null = every unit (an admin always has every unit). */
  unitId: number | null;
  via: 'api' | 'web' | 'cli' | 'job';
  /** Client address (API) or host (CLI), for the audit log. */
  address: string | null;
}

/** The scheduler's own changes (alerts, ingestion) are made as `system`. */
export const systemActor: Actor = Object.freeze({ userId: null, name: 'system', role: 'admin', unitId: null, via: 'job', address: null });

/** The CLI has the database itself, so it acts with every permission under the name it was given. */
export function cliActor(name: string, host: string | null, userId: number | null = null): Actor {
  return { userId, name, role: 'admin', unitId: null, via: 'cli', address: host };
}

/** Whether the actor may see what belongs to `unitId`. */
export function seesUnit(actor: Actor, unitId: number): boolean {
  return actor.role === 'admin' || actor.unitId === null || actor.unitId === unitId;
}

/** What each role may do; a unit-scoped permission also needs seesUnit on the thing touched. */
export type Permission =
  /** Read projects, progress, entries, facts of the actor's units. */
  | 'read'
  /** Log entries and corrections, manual values, assessments; upload WeChat exports. */
  | 'record'
  /** Everything else: imports, measures, confirmations, channels, probes, robots, jobs, users, audit. */
  | 'admin'
  /** Check other units' filled self-evaluation tables (自评复核), as a finance reviewer does: unit-free, nothing stored. */
  | 'review';

const grants: Record<Role, readonly Permission[]> = {
  admin: ['read', 'record', 'admin', 'review'],
  staff: ['read', 'record'],
  leader: ['read', 'review'],
};

export function may(actor: Actor, permission: Permission): boolean {
  return grants[actor.role].includes(permission);
}
