import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import { EnvName, HttpUrl, Name, ProjectRef } from '../edge/schemas.ts';
import { ID_MAX } from '../edge/limits.ts';
import { invalidInput } from '../edge/issues.ts';
import type { Db } from '../../db/client.ts';
import { channelProjects, channels, posts, projects } from '../../db/schema/index.ts';
import { AppError, NotFoundError, ValidationError } from '../errors.ts';

export const platforms = ['wechat', 'weibo', 'rss', 'website'] as const;
export type Platform = (typeof platforms)[number];

/** Connector settings (docs/design.md "Data sources"); secrets only by the name of their variable. */
export const channelSettingsSchema = z
  .strictObject({
    appId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '应为微信公众号 AppID').optional(),
    secretEnv: EnvName.optional(),
    uid: z.string().regex(/^\d{1,20}$/, '微博 uid 应为数字').optional(),
    tokenEnv: EnvName.optional(),
    countUrl: HttpUrl.optional(),
    url: HttpUrl.optional(),
    baseUrl: HttpUrl.optional(),
  })
  .openapi('ChannelSettings');

export const newChannelSchema = z
  .strictObject({
    platform: z.enum(platforms, { message: '应为 wechat / weibo / rss / website' }),
    name: Name,
    projects: z.array(ProjectRef).max(100).default([]),
    settings: channelSettingsSchema.default({}),
  })
  .openapi('NewChannel');

export interface ChannelDto {
  id: number;
  platform: Platform;
  name: string;
  settings: Record<string, unknown>;
  projects: { id: number; name: string; year: number }[];
  postCount: number;
}

/** Finds a project by id, or by exact name (refusing a name that several years share). */
export async function resolveProject(db: Db, ref: number | string): Promise<{ id: number; name: string; year: number }> {
  const asId = typeof ref === 'number' ? ref : /^\s*\d+\s*$/.test(ref) ? Number(ref) : null;
  // An id the column cannot hold, or digits not written as an id (` 3`, `03`), name no project; such a
  // number must not reach the database as a parameter either.
  const canonical = typeof ref === 'number' || /^[1-9]\d{0,9}$/.test(ref);
  if (asId !== null && !(canonical && Number.isInteger(asId) && asId >= 1 && asId <= ID_MAX)) {
    throw new AppError(404, 'not_found', `没有编号为「${String(ref).trim()}」的项目（编号应为 1 至 ${ID_MAX} 的整数，不带空格或前导 0）`, { field: 'project' });
  }
  if (asId !== null) {
    const [p] = await db.select({ id: projects.id, name: projects.name, year: projects.year }).from(projects).where(eq(projects.id, asId));
    if (p) return p;
    if (typeof ref === 'number') throw new NotFoundError('project', ref);
  }
  const name = String(ref).trim();
  const found = await db.select({ id: projects.id, name: projects.name, year: projects.year }).from(projects).where(eq(projects.name, name));
  if (found.length === 0) throw new AppError(404, 'not_found', `没有名为「${name}」的项目`, { project: name });
  if (found.length > 1) {
    throw new AppError(409, 'ambiguous_project', `有 ${found.length} 个名为「${name}」的项目（年度 ${found.map((f) => f.year).join('、')}），请用项目 ID`, {
      project: name, candidates: found,
    });
  }
  return found[0]!;
}

export async function addChannel(db: Db, input: z.input<typeof newChannelSchema>): Promise<ChannelDto> {
  const parsed = newChannelSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('渠道参数无效', parsed.error);
  const c = parsed.data;
  const linked: { id: number; name: string; year: number }[] = [];
  for (const ref of c.projects) linked.push(await resolveProject(db, ref));
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [existing] = await tx.select().from(channels).where(eq(channels.name, c.name));
    if (existing && existing.platform !== c.platform) {
      throw new AppError(409, 'channel_exists', `渠道「${c.name}」已存在，平台为 ${existing.platform}`, { name: c.name });
    }
    const [row] = existing
      ? await tx.update(channels).set({ settings: { ...existing.settings, ...c.settings } }).where(eq(channels.id, existing.id)).returning()
      : await tx.insert(channels).values({ platform: c.platform, name: c.name, settings: c.settings }).returning();
    if (linked.length > 0) {
      await tx.insert(channelProjects).values(linked.map((p) => ({ channelId: row!.id, projectId: p.id }))).onConflictDoNothing();
    }
    return (await listChannels(tx, [row!.id]))[0]!;
  });
}

export async function listChannels(db: Db, ids?: number[]): Promise<ChannelDto[]> {
  const rows = await db.select().from(channels).where(ids ? inArray(channels.id, ids) : undefined).orderBy(asc(channels.name));
  if (rows.length === 0) return [];
  const channelIds = rows.map((r) => r.id);
  const [links, counts] = await Promise.all([
    db
      .select({ channelId: channelProjects.channelId, id: projects.id, name: projects.name, year: projects.year })
      .from(channelProjects)
      .innerJoin(projects, eq(projects.id, channelProjects.projectId))
      .where(inArray(channelProjects.channelId, channelIds))
      .orderBy(asc(projects.id)),
    db
      .select({ channelId: posts.channelId, n: sql<number>`count(*)::int` })
      .from(posts)
      .where(inArray(posts.channelId, channelIds))
      .groupBy(posts.channelId),
  ]);
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    name: r.name,
    settings: r.settings,
    projects: links.filter((l) => l.channelId === r.id).map(({ id, name, year }) => ({ id, name, year })),
    postCount: Number(counts.find((c) => c.channelId === r.id)?.n ?? 0),
  }));
}

export async function findChannel(db: Db, ref: number | string) {
  const asNumber = typeof ref === 'number' || /^\d{1,10}$/.test(ref) ? Number(ref) : null;
  const byId = asNumber !== null && asNumber >= 1 && asNumber <= ID_MAX ? asNumber : null;
  const [row] = await db
    .select()
    .from(channels)
    .where(byId !== null ? eq(channels.id, byId) : eq(channels.name, String(ref).trim()));
  if (!row && byId !== null) {
    const [byName] = await db.select().from(channels).where(eq(channels.name, String(ref).trim()));
    if (byName) return byName;
  }
  if (!row) throw new AppError(404, 'not_found', `没有渠道「${ref}」`, { channel: ref });
  return row;
}
