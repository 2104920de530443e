// The access rules as the tests expect them (issue 8, "Users and roles" and "API tokens"), written down
// here independently of the routes' guard() declarations, so that a guard declared wrongly fails a test
// instead of agreeing with itself. Keyed by `METHOD /path` as /api/openapi.json lists them: a route the
// document gains without a rule here fails the matrix, which asks for one to be added.

/** Who may call a route, and what a successful call must leave in the audit log. */
export type Rule =
  /** No credential needed (sign-in, health). */
  | { kind: 'public'; audit?: AuditRule }
  /** Any valid credential, acting on itself (its own account, its own tokens). */
  | { kind: 'self'; audit?: AuditRule }
  /**
   * Any valid credential on its own thing, an admin on anyone's: the `{id}` the tests send names someone
   * else's (a token of another user), so it is 403 for everyone but admin.
   */
  | { kind: 'own-or-admin'; audit?: AuditRule }
  /**
   * `read`: staff and leaders of the resource's unit, and admins. `resource`: the path's `{id}` names a
   * thing of unit A; `list`: a collection narrowed to the caller's unit; `global`: nothing unit-bound.
   */
  | { kind: 'read'; scope: 'resource' | 'list' | 'global'; audit?: undefined }
  /**
   * `record`: staff of the resource's unit, and admins. `resource`: the path's `{id}` names a thing of unit A;
   * `file`: the uploaded file (or its `project` query) names a project of unit A.
   */
  | { kind: 'record'; scope: 'resource' | 'file'; audit?: AuditRule }
  /** Admins only. */
  | { kind: 'admin'; audit?: AuditRule }
  /** Admins and leaders of any unit, nothing unit-bound (自评复核 of another unit's table); staff are refused. */
  | { kind: 'review'; audit?: undefined };

export interface AuditRule {
  /** The `action` of the row the change writes (at least one new row matches). */
  action: RegExp;
  /** The route changes something that existed: the row carries `before` as well as `after`. */
  before?: boolean;
  /**
   * The route adds a thing or updates the one of that name: sent twice, the second call is an update and
   * its row carries `before`.
   */
  upsert?: boolean;
}

export const RULES: Record<string, Rule> = {
  'GET /healthz': { kind: 'public' },
  'GET /readyz': { kind: 'public' },

  // Accounts and tokens.
  'POST /api/auth/token': { kind: 'public', audit: { action: /^token\.create$/ } },
  'GET /api/me': { kind: 'self' },
  'POST /api/me/password': { kind: 'self', audit: { action: /^user\.(reset_password|password|change_password)$/ } },
  'GET /api/users': { kind: 'admin' },
  'POST /api/users': { kind: 'admin', audit: { action: /^user\.add$/ } },
  'POST /api/users/{id}/disable': { kind: 'admin', audit: { action: /^user\.disable$/, before: true } },
  'POST /api/users/{id}/reset-password': { kind: 'admin', audit: { action: /^user\.reset_password$/ } },
  'GET /api/tokens': { kind: 'self' },
  'POST /api/tokens': { kind: 'self', audit: { action: /^token\.create$/ } },
  'POST /api/tokens/{id}/revoke': { kind: 'own-or-admin', audit: { action: /^token\.revoke$/, before: true } },
  'GET /api/audit': { kind: 'admin' },

  // Targets.
  'GET /api/units': { kind: 'read', scope: 'list' },
  'GET /api/projects': { kind: 'read', scope: 'list' },
  'GET /api/projects/{id}': { kind: 'read', scope: 'resource' },
  'POST /api/imports': { kind: 'admin', audit: { action: /^targets\.import$/ } },

  // Evidence.
  'POST /api/projects/{id}/entries': { kind: 'record', scope: 'resource', audit: { action: /^entry\.create$/ } },
  'GET /api/projects/{id}/entries': { kind: 'read', scope: 'resource' },
  'POST /api/entries/{id}/corrections': { kind: 'record', scope: 'resource', audit: { action: /^entry\.(correct|withdraw)$/, before: true } },
  'POST /api/entries/import': { kind: 'record', scope: 'file', audit: { action: /^entry\.import$/ } },
  'GET /api/channels': { kind: 'read', scope: 'list' },
  'POST /api/channels': { kind: 'admin', audit: { action: /^channel\.(add|update|link)$/, upsert: true } },
  'POST /api/channels/{id}/wechat-export': { kind: 'record', scope: 'resource', audit: { action: /^channel\.export$/ } },

  // Measures, manual values, assessments, confirmations.
  'GET /api/projects/{id}/measures': { kind: 'read', scope: 'resource' },
  'GET /api/projects/{id}/coverage': { kind: 'read', scope: 'resource' },
  'PUT /api/indicators/{id}/measure': { kind: 'admin', audit: { action: /^indicator\.measure$/, before: true } },
  'POST /api/indicators/{id}/values': { kind: 'record', scope: 'resource', audit: { action: /^value\.add$/ } },
  'GET /api/indicators/{id}/values': { kind: 'read', scope: 'resource' },
  'POST /api/indicators/{id}/monitoring-notes': { kind: 'record', scope: 'resource', audit: { action: /^monitoring_note\.add$/ } },
  'GET /api/indicators/{id}/monitoring-notes': { kind: 'read', scope: 'resource' },
  'POST /api/indicators/{id}/assessments': { kind: 'record', scope: 'resource', audit: { action: /^assessment\.add$/ } },
  'POST /api/indicators/{id}/confirm': { kind: 'admin', audit: { action: /^indicator\.confirm$/, before: true } },

  // Supporting files.
  'POST /api/entries/{id}/files': { kind: 'record', scope: 'resource', audit: { action: /^file\.attach$/ } },
  'GET /api/entries/{id}/files': { kind: 'read', scope: 'resource' },
  'POST /api/values/{id}/files': { kind: 'record', scope: 'resource', audit: { action: /^file\.attach$/ } },
  'GET /api/values/{id}/files': { kind: 'read', scope: 'resource' },
  'POST /api/assessments/{id}/files': { kind: 'record', scope: 'resource', audit: { action: /^file\.attach$/ } },
  'GET /api/assessments/{id}/files': { kind: 'read', scope: 'resource' },
  'POST /api/monitoring-notes/{id}/files': { kind: 'record', scope: 'resource', audit: { action: /^file\.attach$/ } },
  'GET /api/monitoring-notes/{id}/files': { kind: 'read', scope: 'resource' },
  'GET /api/projects/{id}/files': { kind: 'read', scope: 'resource' },
  'GET /api/files/{id}': { kind: 'read', scope: 'resource' },
  'GET /api/files/{id}/thumbnail': { kind: 'read', scope: 'resource' },
  'POST /api/files/{id}/removal': { kind: 'record', scope: 'resource', audit: { action: /^file\.remove$/, before: true } },

  // Progress.
  'GET /api/indicators/{id}/series': { kind: 'read', scope: 'resource' },
  'GET /api/indicators/{id}/facts': { kind: 'read', scope: 'resource' },
  'GET /api/projects/{id}/progress': { kind: 'read', scope: 'resource' },
  'GET /api/settings/evaluation': { kind: 'read', scope: 'global' },

  // Official workbooks.
  'GET /api/projects/{id}/selfeval.xlsx': { kind: 'read', scope: 'resource' },
  'GET /api/projects/{id}/monitoring.xlsx': { kind: 'read', scope: 'resource' },
  'GET /api/units/{id}/selfeval.xlsx': { kind: 'read', scope: 'resource' },
  'GET /api/units/{id}/monitoring.xlsx': { kind: 'read', scope: 'resource' },
  'GET /api/projects/{id}/package.zip': { kind: 'read', scope: 'resource' },
  'POST /api/reviews': { kind: 'review' },

  // Jobs and their configuration.
  'GET /api/jobs': { kind: 'admin' },
  'POST /api/jobs/{name}/run': { kind: 'admin', audit: { action: /^job\.run$/ } },
  'GET /api/probes': { kind: 'admin' },
  'POST /api/probes': { kind: 'admin', audit: { action: /^probe\.(add|update)$/, upsert: true } },
  'GET /api/robots': { kind: 'admin' },
  'POST /api/robots': { kind: 'admin', audit: { action: /^robot\.(add|update)$/, upsert: true } },
};

export const PRINCIPALS = ['anonymous', 'malformed', 'revoked', 'expired', 'disabled', 'staffB', 'leaderB', 'leaderA', 'staffA', 'admin'] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/** Credentials that must never get past authentication. */
export const INVALID: readonly PrincipalName[] = ['anonymous', 'malformed', 'revoked', 'expired', 'disabled'];

export type Expected = '2xx' | 401 | 403;

/** What a principal must get on a route whose `{id}` (or file) names a thing of unit A. */
export function expectedFor(rule: Rule, p: PrincipalName): Expected {
  if (rule.kind === 'public') return '2xx';
  if (INVALID.includes(p)) return 401;
  if (p === 'admin') return '2xx';
  switch (rule.kind) {
    case 'self':
      return '2xx';
    case 'own-or-admin':
    case 'admin':
      return 403;
    case 'read':
      if (rule.scope !== 'resource') return '2xx';
      return p === 'staffA' || p === 'leaderA' ? '2xx' : 403;
    case 'record':
      return p === 'staffA' ? '2xx' : 403;
    case 'review':
      return p === 'leaderA' || p === 'leaderB' ? '2xx' : 403;
  }
}

export function statusMatches(expected: Expected, status: number): boolean {
  return expected === '2xx' ? status >= 200 && status < 300 : status === expected;
}

/** Routes the document lists without a rule here, and rules for routes it no longer lists. */
export function unknownRoutes(routes: string[]): { missing: string[]; stale: string[] } {
  return {
    missing: routes.filter((r) => !(r in RULES)),
    stale: Object.keys(RULES).filter((r) => !routes.includes(r) && r !== 'GET /healthz'),
  };
}
