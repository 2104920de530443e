import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { roles } from '../auth/actor.ts';
import { Day, Id, PersonName, strictNumber, text } from '../edge/schemas.ts';
import { listAudit } from '../services/audit.ts';
import { createToken, listTokens, revokeToken, TOKEN_MAX_DAYS } from '../services/api-tokens.ts';
import { signInWithPassword } from '../services/sign-in.ts';
import { addUser, changeOwnPassword, disableUser, findUser, listUsers, newUserSchema, resetPassword } from '../services/users.ts';
import { clientAddress } from './client-address.ts';
import type { AppEnv } from './env.ts';
import { errors, IdParam, json, Paging } from './evidence-schemas.ts';
import { guard } from './guard.ts';

// Accounts, tokens and the audit log over HTTP (docs/design.md "Access"). The CLI's `users`, `tokens` and
// `audit` commands call the same services.

const UserSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(roles),
    unit: z.object({ id: z.number().int(), code: z.string().nullable(), name: z.string() }).nullable(),
    disabled: z.boolean(),
    createdAt: z.string(),
    passwordChangedAt: z.string(),
  })
  .openapi('User');

const TokenSchema = z
  .object({
    id: z.number().int(),
    user: z.string(),
    prefix: z.string(),
    label: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('ApiToken');

const ExpiresDays = strictNumber({ min: 1, max: TOKEN_MAX_DAYS, integer: true }).openapi({ description: 'Days until it expires (default 90)' });
const Password = z.string().max(1000).openapi({ description: '8–128 characters, not a common password' });
const NewToken = TokenSchema.extend({ token: z.string().openapi({ description: 'Shown only now: keep it, it cannot be read again' }) }).openapi('NewApiToken');

const signIn = createRoute({
  method: 'post',
  path: '/api/auth/token',
  tags: ['access'],
  summary: 'Sign in with a name and password for a new API token (throttled per account and address)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .strictObject({ username: PersonName, password: Password, expiresDays: ExpiresDays.optional(), label: text(100).optional() })
            .openapi('SignIn'),
        },
      },
    },
  },
  responses: { 201: json(NewToken, 'A token for the user'), 400: errors[400], 401: errors[401], 429: json(z.unknown(), 'Too many failures') },
});

export const signInRoutes = new OpenAPIHono<AppEnv>().openapi(signIn, async (c) => {
  const deps = c.get('deps');
  const body = c.req.valid('json');
  const now = deps.now();
  const actor = await signInWithPassword(deps.db, body.username, body.password, clientAddress(c), now);
  const { token, info } = await createToken(deps.db, { user: actor.userId!, expiresDays: body.expiresDays, label: body.label ?? '登录签发' }, actor, now);
  return c.json({ ...info, token }, 201);
});

const me = createRoute({
  method: 'get',
  path: '/api/me',
  tags: ['access'],
  summary: 'Who the credential belongs to',
  responses: {
    200: json(z.object({ userId: z.number().int().nullable(), name: z.string(), role: z.enum(roles), unitId: z.number().int().nullable() }), 'The caller'),
  },
});
const myPassword = createRoute({
  method: 'post',
  path: '/api/me/password',
  tags: ['access'],
  summary: 'Change your own password (the current one is checked)',
  request: {
    body: { required: true, content: { 'application/json': { schema: z.strictObject({ current: Password, password: Password }).openapi('ChangePassword') } } },
  },
  responses: { 200: json(UserSchema, 'Changed'), 400: errors[400], 401: errors[401] },
});
const users = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['access'],
  summary: 'Users (admin)',
  middleware: [guard('admin')],
  responses: { 200: json(z.array(UserSchema), 'Users') },
});
const addUserRoute = createRoute({
  method: 'post',
  path: '/api/users',
  tags: ['access'],
  summary: 'Add a user (admin); without a password one is generated and returned once',
  middleware: [guard('admin')],
  request: { body: { required: true, content: { 'application/json': { schema: newUserSchema } } } },
  responses: { 201: json(z.object({ user: UserSchema, password: z.string().nullable() }), 'Added'), 400: errors[400], 404: errors[404], 409: errors[409] },
});
const disable = createRoute({
  method: 'post',
  path: '/api/users/{id}/disable',
  tags: ['access'],
  summary: 'Disable a user (admin): their tokens stop working at once',
  middleware: [guard('admin')],
  request: { params: IdParam },
  responses: { 200: json(UserSchema, 'Disabled'), 400: errors[400], 404: errors[404], 409: errors[409] },
});
const reset = createRoute({
  method: 'post',
  path: '/api/users/{id}/reset-password',
  tags: ['access'],
  summary: 'Set a new password (admin); without one it is generated and returned once',
  middleware: [guard('admin')],
  request: {
    params: IdParam,
    body: { required: false, content: { 'application/json': { schema: z.strictObject({ password: Password.optional() }).openapi('ResetPassword') } } },
  },
  responses: { 200: json(z.object({ user: UserSchema, password: z.string().nullable() }), 'Reset'), 400: errors[400], 404: errors[404] },
});
const tokens = createRoute({
  method: 'get',
  path: '/api/tokens',
  tags: ['access'],
  summary: 'API tokens: all for an admin (or one user’s), else your own',
  request: { query: z.object({ user: PersonName.optional() }) },
  responses: { 200: json(z.array(TokenSchema), 'Tokens'), 400: errors[400], 404: errors[404] },
});
const addToken = createRoute({
  method: 'post',
  path: '/api/tokens',
  tags: ['access'],
  summary: 'Create a token (shown once): for yourself, or for anyone (admin)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .strictObject({ user: z.union([Id, PersonName]).optional(), expiresDays: ExpiresDays.optional(), label: text(100).optional() })
            .openapi('CreateToken'),
        },
      },
    },
  },
  responses: { 201: json(NewToken, 'Created'), 400: errors[400], 403: errors[403], 404: errors[404], 409: errors[409] },
});
const revoke = createRoute({
  method: 'post',
  path: '/api/tokens/{id}/revoke',
  tags: ['access'],
  summary: 'Revoke a token: yours, or any (admin)',
  request: { params: IdParam },
  responses: { 200: json(TokenSchema, 'Revoked'), 400: errors[400], 403: errors[403], 404: errors[404] },
});
const audit = createRoute({
  method: 'get',
  path: '/api/audit',
  tags: ['access'],
  summary: 'The audit log, newest first (admin)',
  middleware: [guard('admin')],
  request: { query: z.object({ since: Day.optional(), until: Day.optional(), user: PersonName.optional(), action: text(64).optional(), ...Paging }) },
  responses: {
    200: json(
      z.object({
        total: z.number().int(),
        items: z.array(
          z.object({
            id: z.number().int(),
            at: z.string(),
            actorId: z.number().int().nullable(),
            actor: z.string(),
            via: z.string(),
            address: z.string().nullable(),
            action: z.string(),
            targetType: z.string().nullable(),
            targetId: z.string().nullable(),
            before: z.unknown(),
            after: z.unknown(),
          }),
        ),
      }),
      'Audit rows',
    ),
    400: errors[400],
  },
});

export const accessRoutes = new OpenAPIHono<AppEnv>()
  .openapi(me, (c) => {
    const a = c.get('actor');
    return c.json({ userId: a.userId, name: a.name, role: a.role, unitId: a.unitId }, 200);
  })
  .openapi(myPassword, async (c) => {
    const deps = c.get('deps');
    const b = c.req.valid('json');
    return c.json(await changeOwnPassword(deps.db, c.get('actor'), b.current, b.password, deps.now()), 200);
  })
  .openapi(users, async (c) => c.json(await listUsers(c.get('deps').db), 200))
  .openapi(addUserRoute, async (c) => c.json(await addUser(c.get('deps').db, c.req.valid('json'), c.get('actor')), 201))
  .openapi(disable, async (c) => c.json(await disableUser(c.get('deps').db, c.req.valid('param').id, c.get('actor')), 200))
  .openapi(reset, async (c) =>
    c.json(await resetPassword(c.get('deps').db, c.req.valid('param').id, c.req.valid('json').password ?? null, c.get('actor')), 200),
  )
  .openapi(tokens, async (c) => {
    const deps = c.get('deps');
    const actor = c.get('actor');
    const asked = c.req.valid('query').user;
    const userId = actor.role === 'admin' ? (asked === undefined ? undefined : (await findUser(deps.db, asked)).id) : (actor.userId ?? -1);
    return c.json(await listTokens(deps.db, deps.now(), userId), 200);
  })
  .openapi(addToken, async (c) => {
    const deps = c.get('deps');
    const actor = c.get('actor');
    const b = c.req.valid('json');
    const { token, info } = await createToken(
      deps.db,
      { user: b.user ?? actor.userId ?? actor.name, expiresDays: b.expiresDays, label: b.label ?? null },
      actor,
      deps.now(),
    );
    return c.json({ ...info, token }, 201);
  })
  .openapi(revoke, async (c) => {
    const deps = c.get('deps');
    return c.json(await revokeToken(deps.db, c.req.valid('param').id, c.get('actor'), deps.now()), 200);
  })
  .openapi(audit, async (c) => {
    const q = c.req.valid('query');
    return c.json(await listAudit(c.get('deps').db, { since: q.since, until: q.until, user: q.user, action: q.action, limit: q.limit, offset: q.offset }), 200);
  });
