import { asc, count, eq, or } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client.ts';
import { units, users, type User } from '../../db/schema/index.ts';
import { systemActor, roles, type Actor, type Role } from '../auth/actor.ts';
import { generatePassword, hashPassword, passwordProblem } from '../auth/passwords.ts';
import { fieldError, invalidInput } from '../edge/issues.ts';
import { PersonName, text } from '../edge/schemas.ts';
import { AppError, NotFoundError, said, ValidationError } from '../errors.ts';
import { heard, sayOnce } from '../edge/words.ts';
import { recordAudit } from './audit.ts';

// Accounts (docs/design.md "Access"): admin (everything, every unit), staff (record evidence for one unit or
// all), leader (read one unit or all). Users are disabled, never deleted, so their names stay on their work.

export interface UserDto {
  id: number;
  name: string;
  role: Role;
  unit: { id: number; code: string | null; name: string } | null;
  disabled: boolean;
  createdAt: string;
  passwordChangedAt: string;
}

/** A user name: what people call each other (`宣传科小王`), no spaces at the ends, no line breaks. */
export const UserName = PersonName;

export const newUserSchema = z
  .strictObject({
    name: UserName,
    role: z.enum(roles, { message: sayOnce(said('err.user.role')) }),
    /** The unit's code (or its exact name); absent = every unit. */
    unit: text(200).optional(),
    /** Absent: a random one is generated and returned once. */
    password: z.string().optional(),
  })
  .openapi('NewUser');

async function unitRef(db: Db, ref: string) {
  const [u] = await db
    .select()
    .from(units)
    .where(or(eq(units.code, ref), eq(units.key, ref), eq(units.name, ref)));
  if (!u) throw new AppError(404, 'not_found', said('err.unit.none', { ref }), { field: 'unit' });
  return u;
}

function checkPassword(password: string, name: string): void {
  const problem = passwordProblem(password, name);
  if (problem) throw fieldError('password', heard(problem));
}

export async function addUser(db: Db, input: z.input<typeof newUserSchema>, actor: Actor): Promise<{ user: UserDto; password: string | null }> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(said('err.user.invalid'), parsed.error);
  const { name, role, unit, password } = parsed.data;
  if (role === 'admin' && unit) {
    throw new ValidationError(said('err.user.adminUnit'), [{ field: 'unit', message: said('err.user.adminUnitShort') }]);
  }
  const unitRow = unit ? await unitRef(db, unit) : null;
  const chosen = password ?? generatePassword();
  if (password !== undefined) checkPassword(password, name);
  const passwordHash = await hashPassword(chosen);
  const user = await db.transaction(async (t) => {
    const tx: Db = t;
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.name, name));
    if (existing) throw new AppError(409, 'user_exists', said('err.user.exists', { name }), { field: 'name' });
    const [row] = await tx
      .insert(users)
      .values({ name, role, unitId: unitRow?.id ?? null, passwordHash })
      .returning();
    const dto = toUserDto(row!, unitRow);
    await recordAudit(tx, actor, { action: 'user.add', targetType: 'user', targetId: row!.id, after: { name, role, unit: dto.unit } });
    return dto;
  });
  return { user, password: password === undefined ? chosen : null };
}

export async function listUsers(db: Db): Promise<UserDto[]> {
  const rows = await db.select({ user: users, unit: units }).from(users).leftJoin(units, eq(units.id, users.unitId)).orderBy(asc(users.id));
  return rows.map((r) => toUserDto(r.user, r.unit));
}

export async function findUser(db: Db, ref: string | number): Promise<User> {
  const [u] = await db
    .select()
    .from(users)
    .where(typeof ref === 'number' ? eq(users.id, ref) : eq(users.name, ref));
  if (!u) throw new NotFoundError('user', ref);
  return u;
}

export async function disableUser(db: Db, ref: string | number, actor: Actor): Promise<UserDto> {
  return db.transaction(async (t) => {
    const tx: Db = t;
    const u = await findUser(tx, ref);
    if (actor.userId !== null && u.id === actor.userId) throw new AppError(409, 'self', said('err.user.self'), { field: 'name' });
    const [row] = await tx
      .update(users)
      .set({ disabledAt: u.disabledAt ?? new Date() })
      .where(eq(users.id, u.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'user.disable',
      targetType: 'user',
      targetId: u.id,
      before: { disabled: u.disabledAt !== null },
      after: { disabled: true },
    });
    return withUnit(tx, row!);
  });
}

/** Sets a new password (a given one, checked, or a generated one returned once); ends nothing else yet. */
export async function resetPassword(db: Db, ref: string | number, password: string | null, actor: Actor): Promise<{ user: UserDto; password: string | null }> {
  const u = await findUser(db, ref);
  if (password !== null) checkPassword(password, u.name);
  const chosen = password ?? generatePassword();
  const passwordHash = await hashPassword(chosen);
  const user = await db.transaction(async (t) => {
    const tx: Db = t;
    const [row] = await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, u.id)).returning();
    await recordAudit(tx, actor, { action: 'user.reset_password', targetType: 'user', targetId: u.id, after: { name: u.name } });
    return withUnit(tx, row!);
  });
  return { user, password: password === null ? chosen : null };
}

/**
 * On the first start with no account at all, an `admin` with a random password, so README's two commands
 * lead somewhere; the caller prints the password once. Null when any user exists.
 */
export async function ensureFirstAdmin(db: Db): Promise<{ name: string; password: string } | null> {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(users);
  if (Number(n) > 0) return null;
  const { password } = await addUser(db, { name: 'admin', role: 'admin' }, { ...systemActor, via: 'cli' });
  return { name: 'admin', password: password! };
}

async function withUnit(db: Db, u: User): Promise<UserDto> {
  const [unit] = u.unitId === null ? [] : await db.select().from(units).where(eq(units.id, u.unitId));
  return toUserDto(u, unit ?? null);
}

function toUserDto(u: User, unit: { id: number; code: string | null; name: string } | null): UserDto {
  return {
    id: u.id,
    name: u.name,
    role: u.role,
    unit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null,
    disabled: u.disabledAt !== null,
    createdAt: new Date(u.createdAt).toISOString(),
    passwordChangedAt: new Date(u.passwordChangedAt).toISOString(),
  };
}

/** A person changes their own password: the current one is checked first (and throttled like a sign-in). */
export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string, now: Date): Promise<UserDto> {
  if (actor.userId === null) throw new AppError(409, 'no_account', said('err.user.noAccount'));
  const { signInWithPassword } = await import('./sign-in.ts');
  await signInWithPassword(db, actor.name, current, actor.address, now, { byAddress: false });
  return (await resetPassword(db, actor.userId, next, actor)).user;
}
