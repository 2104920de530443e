import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, users, type ApiToken } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import { generateToken, hashToken, isTokenShaped, tokenPrefix } from '../auth/tokens.ts';
import { AppError, NotFoundError, said } from '../errors.ts';
import { fieldError } from '../edge/issues.ts';
import { recordAudit } from './audit.ts';
import { noTokenCache, type TokenCache } from './token-cache.ts';
import { findUser } from './users.ts';

// API tokens (docs/design.md "Access"): for scripts and the robots' links. Shown once, stored hashed, with an
// expiry (90 days unless said otherwise, at most ten years), revocable; a token acts with its user's role
// and unit, and stops working the moment the user is disabled.

export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 3650;
const DAY_MS = 86_400_000;
/** last_used_at is refreshed at most this often, so reads do not turn into writes. */
const LAST_USED_EVERY_MS = 60_000;

export interface TokenDto {
  id: number;
  user: string;
  prefix: string;
  label: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  active: boolean;
}

export async function createToken(
  db: Db,
  input: { user: string | number; expiresDays?: number | null; label?: string | null },
  actor: Actor,
  now: Date,
): Promise<{ token: string; info: TokenDto }> {
  const days = input.expiresDays === undefined ? TOKEN_DEFAULT_DAYS : input.expiresDays;
  if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= TOKEN_MAX_DAYS)) {
    throw fieldError('expiresDays', said('err.token.days', { max: TOKEN_MAX_DAYS }), said('err.token.daysLabel'));
  }
  const user = await findUser(db, input.user);
  if (user.disabledAt !== null) throw new AppError(409, 'user_disabled', said('err.token.userDisabled', { name: user.name }), { field: 'user' });
  if (actor.role !== 'admin' && actor.userId !== user.id) throw new AppError(403, 'forbidden', said('err.token.onlyOwn'), { field: 'user' });
  const token = generateToken();
  const expiresAt = days === null ? null : new Date(now.getTime() + days * DAY_MS);
  const info = await db.transaction(async (t) => {
    const tx: Db = t;
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: user.id, tokenHash: hashToken(token), prefix: tokenPrefix(token), label: input.label ?? null, createdBy: actor.name, expiresAt })
      .returning();
    const dto = toTokenDto(row!, user.name, now);
    await recordAudit(tx, actor, {
      action: 'token.create',
      targetType: 'token',
      targetId: row!.id,
      after: { user: user.name, prefix: dto.prefix, expiresAt: dto.expiresAt, label: dto.label },
    });
    return dto;
  });
  return { token, info };
}

export async function listTokens(db: Db, now: Date, userId?: number): Promise<TokenDto[]> {
  const rows = await db
    .select({ token: apiTokens, user: users.name })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(userId === undefined ? undefined : eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.id));
  return rows.map((r) => toTokenDto(r.token, r.user, now));
}

export async function revokeToken(db: Db, id: number, actor: Actor, now: Date): Promise<TokenDto> {
  return db.transaction(async (t) => {
    const tx: Db = t;
    const [found] = await tx
      .select({ token: apiTokens, user: users.name })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.id, id));
    if (!found) throw new NotFoundError('token', id);
    if (actor.role !== 'admin' && actor.userId !== found.token.userId) throw new AppError(403, 'forbidden', said('err.token.revokeOwn'));
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: found.token.revokedAt ?? now })
      .where(eq(apiTokens.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'token.revoke',
      targetType: 'token',
      targetId: id,
      before: { revoked: found.token.revokedAt !== null },
      after: { revoked: true, user: found.user, prefix: found.token.prefix },
    });
    return toTokenDto(row!, found.user, now);
  });
}

/**
 * The actor a bearer token stands for, or null when it is unknown, revoked, expired or its user disabled.
 * A token already looked up is answered from `cache` (no database round trip); last_used_at is written about
 * once a minute either way, without holding up the request.
 */
export async function actorForToken(db: Db, token: string, address: string | null, now: Date, cache: TokenCache = noTokenCache): Promise<Actor | null> {
  if (!isTokenShaped(token)) return null;
  const hash = hashToken(token);
  let entry = cache.get(hash);
  if (!entry) {
    const since = cache.epoch();
    const [row] = await db
      .select({ id: apiTokens.id, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)));
    if (!row) return null;
    const u = row.user;
    entry = {
      tokenId: row.id,
      actor: { userId: u.id, name: u.name, role: u.role, unitId: u.role === 'admin' ? null : u.unitId },
      expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt).getTime(),
      lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt).getTime(),
    };
    cache.set(hash, entry, since);
  }
  if (entry.expiresAt !== null && entry.expiresAt <= now.getTime()) return null;
  if (entry.lastUsedAt === null || now.getTime() - entry.lastUsedAt > LAST_USED_EVERY_MS) {
    entry.lastUsedAt = now.getTime();
    // Bookkeeping, not a condition of the request: a failure to record it must not fail the request.
    void db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiTokens.id, entry.tokenId))
      .catch(() => {});
  }
  return { ...entry.actor, via: 'api', address };
}

function toTokenDto(t: ApiToken, user: string, now: Date): TokenDto {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  const expired = t.expiresAt !== null && new Date(t.expiresAt).getTime() <= now.getTime();
  return {
    id: t.id,
    user,
    prefix: t.prefix,
    label: t.label,
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt)!,
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
    lastUsedAt: iso(t.lastUsedAt),
    active: t.revokedAt === null && !expired,
  };
}
