import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { systemActor, type Actor } from '../auth/actor.ts';
import { recordAudit } from './audit.ts';
import { z } from '@hono/zod-openapi';
import { outboundProblem, type Upstream } from './outbound-rules.ts';
import { EnvName, HttpUrl, Name, ProjectRef } from '../edge/schemas.ts';
import { ID_MAX } from '../edge/limits.ts';
import { invalidInput } from '../edge/issues.ts';
import type { Db } from '../../db/client.ts';
import { channelProjects, channels, posts, projects, type Channel } from '../../db/schema/index.ts';
import { AppError, composed, NotFoundError, said } from '../errors.ts';
import { sayOnce } from '../edge/words.ts';

export const platforms = ['wechat', 'weibo', 'rss', 'website'] as const;
export type Platform = (typeof platforms)[number];

/** A channel as stored, settings unchecked (the jobs check them again before any request). */
export type ChannelRow = Channel;

/**
 * Connector settings (docs/design.md "Data sources"); secrets only by the name of their `JIXIAO_SECRET_*`
 * variable (EnvName). Where `baseUrl` and `countUrl` may point depends on the server's OUTBOUND_HOSTS, so
 * that is checked by addChannel, not here.
 */
export const channelSettingsSchema = z
  .strictObject({
    appId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, sayOnce(said('err.channel.appId')))
      .optional(),
    secretEnv: EnvName.optional(),
    uid: z
      .string()
      .regex(/^\d{1,20}$/, sayOnce(said('err.channel.uid')))
      .optional(),
    tokenEnv: EnvName.optional(),
    countUrl: HttpUrl.optional(),
    url: HttpUrl.optional(),
    baseUrl: HttpUrl.optional(),
  })
  .openapi('ChannelSettings');

export const newChannelSchema = z
  .strictObject({
    platform: z.enum(platforms, { message: sayOnce(said('err.channel.platform')) }),
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
/**
 * `unitId`: a name is looked up among that unit's projects only (a user of one unit means their own project,
 * and must learn nothing of another unit's of the same name); an id is looked up anywhere, the caller's
 * access check then answers for it.
 */
export async function resolveProject(db: Db, ref: number | string, unitId: number | null = null): Promise<{ id: number; name: string; year: number }> {
  const asId = typeof ref === 'number' ? ref : /^\s*\d+\s*$/.test(ref) ? Number(ref) : null;
  // An id the column cannot hold, or digits not written as an id (` 3`, `03`), name no project; such a
  // number must not reach the database as a parameter either.
  const canonical = typeof ref === 'number' || /^[1-9]\d{0,9}$/.test(ref);
  if (asId !== null && !(canonical && Number.isInteger(asId) && asId >= 1 && asId <= ID_MAX)) {
    throw new AppError(404, 'not_found', said('err.project.badId', { ref: String(ref).trim(), max: ID_MAX }), { field: 'project' });
  }
  if (asId !== null) {
    const [p] = await db.select({ id: projects.id, name: projects.name, year: projects.year }).from(projects).where(eq(projects.id, asId));
    if (p) return p;
    if (typeof ref === 'number') throw new NotFoundError('project', ref);
  }
  const name = String(ref).trim();
  const found = await db
    .select({ id: projects.id, name: projects.name, year: projects.year })
    .from(projects)
    .where(and(eq(projects.name, name), unitId === null ? undefined : eq(projects.unitId, unitId)));
  if (found.length === 0) throw new AppError(404, 'not_found', said('err.project.noName', { name }), { project: name });
  if (found.length > 1) {
    throw new AppError(
      409,
      'ambiguous_project',
      said('err.project.ambiguous', { n: found.length, name, years: composed((l) => found.map((f) => f.year).join(l === 'en' ? ', ' : '、')) }),
      {
        project: name,
        candidates: found,
      },
    );
  }
  return found[0]!;
}

/** What addChannel needs of the server's configuration. */
export interface ChannelRules {
  /** OUTBOUND_HOSTS (config.outboundHosts): hosts a channel's own URLs may use besides the official ones. */
  outboundHosts: readonly string[];
}

/** Names of the settings as a person reads them, for the refusals of addChannel. */
const settingLabels: Record<string, string> = {
  appId: '微信 AppID',
  secretEnv: 'AppSecret 所在环境变量',
  uid: '微博 uid',
  tokenEnv: '微博 token 所在环境变量',
  countUrl: '微博阅读数接口地址',
  url: '订阅地址',
  baseUrl: '接口地址',
};

/** The official host a channel's URL setting may name, by platform; other platforms have none. */
const upstreamOf: Record<string, Upstream | undefined> = { wechat: 'wechat', weibo: 'weibo' };

type Issue = z.core.$ZodIssue;

/** `baseUrl` / `countUrl` whose host is neither the platform's official API host nor in OUTBOUND_HOSTS. */
function outboundIssues(platform: unknown, settings: unknown, rules: ChannelRules): Issue[] {
  if (typeof settings !== 'object' || settings === null) return [];
  const upstream = typeof platform === 'string' ? (upstreamOf[platform] ?? null) : null;
  const issues: Issue[] = [];
  for (const key of ['baseUrl', 'countUrl'] as const) {
    const value = (settings as Record<string, unknown>)[key];
    if (typeof value !== 'string' || !HttpUrl.safeParse(value).success) continue; // the schema reports those
    const problem = outboundProblem(value.trim(), upstream, rules.outboundHosts);
    if (problem) issues.push({ code: 'custom', path: ['settings', key], message: problem, input: value } as Issue);
  }
  return issues;
}

/**
 * Adds a channel, or links an existing one to more projects and updates its settings. Refused with a 400
 * naming each field: a secret variable not named `JIXIAO_SECRET_*`, a `baseUrl`/`countUrl` whose host is
 * not the platform's official API host or in OUTBOUND_HOSTS — for the new settings and for those the
 * channel keeps from before (rows stored before these rules).
 */
export async function addChannel(db: Db, input: z.input<typeof newChannelSchema>, rules: ChannelRules, actor: Actor = systemActor): Promise<ChannelDto> {
  const parsed = newChannelSchema.safeParse(input);
  const raw = input as { platform?: unknown; settings?: unknown };
  const hosts = outboundIssues(raw.platform, raw.settings, rules);
  if (!parsed.success || hosts.length > 0) {
    throw invalidInput(said('err.channel.invalid'), { issues: [...(parsed.success ? [] : parsed.error.issues), ...hosts] }, settingLabels);
  }
  const c = parsed.data;
  const linked: { id: number; name: string; year: number }[] = [];
  for (const ref of c.projects) linked.push(await resolveProject(db, ref));
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(channels).where(eq(channels.name, c.name));
    if (existing && existing.platform !== c.platform) {
      throw new AppError(409, 'channel_exists', said('err.channel.exists', { name: c.name, platform: existing.platform }), { name: c.name });
    }
    const settings = existing ? { ...existing.settings, ...c.settings } : c.settings;
    if (existing) checkKeptSettings(c.name, c.platform, settings, rules);
    const [row] = existing
      ? await tx.update(channels).set({ settings }).where(eq(channels.id, existing.id)).returning()
      : await tx.insert(channels).values({ platform: c.platform, name: c.name, settings }).returning();
    if (linked.length > 0) {
      await tx
        .insert(channelProjects)
        .values(linked.map((p) => ({ channelId: row!.id, projectId: p.id })))
        .onConflictDoNothing();
    }
    const dto = (await listChannels(tx, [row!.id]))[0]!;
    await recordAudit(tx, actor, {
      action: existing ? 'channel.update' : 'channel.add',
      targetType: 'channel',
      targetId: row!.id,
      before: existing ? { platform: existing.platform, name: existing.name, settings: existing.settings } : null,
      after: { platform: dto.platform, name: dto.name, settings: dto.settings, projects: dto.projects.map((p) => p.id) },
    });
    return dto;
  });
}

/** The settings a channel keeps from before must follow today's rules too: give new values for those that do not. */
function checkKeptSettings(name: string, platform: string, settings: Record<string, unknown>, rules: ChannelRules): void {
  const parsed = channelSettingsSchema.safeParse(settings);
  const issues = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ ...i, path: ['settings', ...i.path] }) as Issue)),
    ...outboundIssues(platform, settings, rules),
  ];
  if (issues.length > 0) throw invalidInput(said('err.channel.keptSettings', { name }), { issues }, settingLabels);
}

export async function listChannels(db: Db, ids?: number[]): Promise<ChannelDto[]> {
  const rows = await db
    .select()
    .from(channels)
    .where(ids ? inArray(channels.id, ids) : undefined)
    .orderBy(asc(channels.name));
  if (rows.length === 0) return [];
  const channelIds = rows.map((r) => r.id);
  const [links, counts] = await Promise.all([
    db
      .select({ channelId: channelProjects.channelId, id: projects.id, name: projects.name, year: projects.year })
      .from(channelProjects)
      .innerJoin(projects, eq(projects.id, channelProjects.projectId))
      .where(inArray(channelProjects.channelId, channelIds))
      .orderBy(asc(projects.id)),
    db.select({ channelId: posts.channelId, n: sql<number>`count(*)::int` }).from(posts).where(inArray(posts.channelId, channelIds)).groupBy(posts.channelId),
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
    const [byName] = await db
      .select()
      .from(channels)
      .where(eq(channels.name, String(ref).trim()));
    if (byName) return byName;
  }
  if (!row) throw new AppError(404, 'not_found', said('err.channel.none', { ref }), { channel: ref });
  return row;
}

/** The channels of a platform, in id order: what its job fetches. */
export async function channelsOf(db: Db, platform: Platform): Promise<ChannelRow[]> {
  return db.select().from(channels).where(eq(channels.platform, platform)).orderBy(channels.id);
}

/** The projects linked to any of the channels: whose evidence changed when those channels got posts. */
export async function projectsOfChannels(db: Db, channelIds: number[]): Promise<number[]> {
  if (channelIds.length === 0) return [];
  const rows = await db.select({ projectId: channelProjects.projectId }).from(channelProjects).where(inArray(channelProjects.channelId, channelIds));
  return [...new Set(rows.map((r) => r.projectId))];
}
