import type { MiddlewareHandler } from 'hono';
import type { Permission } from '../auth/actor.ts';
import { IdText } from '../edge/schemas.ts';
import { requireAccess, type Resource } from '../services/access.ts';
import type { AppEnv } from './env.ts';

/**
 * A route's access rule, declared with the route (`middleware: [guard('record', 'indicator')]`): the
 * permission, and the kind of thing the `{id}` in its path names, whose unit must be the actor's. An id
 * that is not well formed is left for the route's validator to refuse (400).
 */
export function guard(permission: Permission, resource?: Resource): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    const id = resource ? IdText.safeParse(c.req.param('id') ?? '') : null;
    await requireAccess(c.get('deps').db, actor, permission, resource && id?.success ? { kind: resource, id: id.data } : undefined);
    await next();
  };
}
