import { asc, eq, inArray } from 'drizzle-orm';
import { systemActor, type Actor } from '../auth/actor.ts';
import { recordAudit } from './audit.ts';
import { z } from '@hono/zod-openapi';
import { invalidInput } from '../edge/issues.ts';
import { said } from '../errors.ts';
import { sayOnce } from '../edge/words.ts';
import { EnvName, Name, ProjectRef } from '../edge/schemas.ts';
import type { Db } from '../../db/client.ts';
import { projects, robotProjects, robots, type Project } from '../../db/schema/index.ts';
import { resolveProject } from './channels.ts';

/**
 * A group robot: the webhook URL and the DingTalk signing secret live in `JIXIAO_SECRET_*` variables
 * (EnvName), named here and read only when a message is sent; the sender checks then that the webhook's
 * host is the robot's own (or in OUTBOUND_HOSTS) before posting (jobs/notify/robots.ts).
 */
export const newRobotSchema = z
  .strictObject({
    name: Name.optional(),
    kind: z.enum(['wecom', 'dingtalk'], { message: sayOnce(said('err.robot.kind')) }),
    webhookEnv: EnvName,
    secretEnv: EnvName.nullish(),
    projects: z
      .array(ProjectRef)
      .min(1, sayOnce(said('err.robot.projects')))
      .max(100),
    events: z
      .array(z.enum(['alerts', 'digest'], { message: sayOnce(said('err.robot.events')) }))
      .min(1)
      .max(2)
      .default(['alerts', 'digest']),
  })
  .openapi('NewRobot');

export async function addRobot(db: Db, input: z.input<typeof newRobotSchema>, actor: Actor = systemActor) {
  const parsed = newRobotSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(said('err.robot.invalid'), parsed.error);
  const r = parsed.data;
  const linked: { id: number }[] = [];
  for (const ref of r.projects) linked.push(await resolveProject(db, ref));
  const name = r.name ?? `${r.kind}:${r.webhookEnv}`;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(robots).where(eq(robots.name, name));
    const [row] = await tx
      .insert(robots)
      .values({ name, kind: r.kind, webhookEnv: r.webhookEnv, secretEnv: r.secretEnv ?? null, events: r.events })
      .onConflictDoUpdate({ target: robots.name, set: { kind: r.kind, webhookEnv: r.webhookEnv, secretEnv: r.secretEnv ?? null, events: r.events } })
      .returning();
    await tx
      .insert(robotProjects)
      .values(linked.map((p) => ({ robotId: row!.id, projectId: p.id })))
      .onConflictDoNothing();
    const dto = (await listRobots(tx, [row!.id]))[0]!;
    await recordAudit(tx, actor, {
      action: before ? 'robot.update' : 'robot.add',
      targetType: 'robot',
      targetId: row!.id,
      before: before ? { kind: before.kind, webhookEnv: before.webhookEnv, secretEnv: before.secretEnv, events: before.events } : null,
      after: {
        kind: dto.kind,
        name: dto.name,
        webhookEnv: dto.webhookEnv,
        secretEnv: dto.secretEnv,
        events: dto.events,
        projects: dto.projects.map((p) => p.id),
      },
    });
    return dto;
  });
}

export async function listRobots(db: Db, ids?: number[]) {
  const rows = await db
    .select()
    .from(robots)
    .where(ids ? inArray(robots.id, ids) : undefined)
    .orderBy(asc(robots.id));
  if (rows.length === 0) return [];
  const links = await db
    .select({ robotId: robotProjects.robotId, id: projects.id, name: projects.name })
    .from(robotProjects)
    .innerJoin(projects, eq(projects.id, robotProjects.projectId))
    .where(
      inArray(
        robotProjects.robotId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    webhookEnv: r.webhookEnv,
    secretEnv: r.secretEnv,
    events: r.events,
    projects: links.filter((l) => l.robotId === r.id).map(({ id, name }) => ({ id, name })),
  }));
}

export type RobotEvent = 'alerts' | 'digest';

/** What a job needs of a robot to address it; the webhook is read from its variable only when sending. */
export interface RobotRef {
  id: number;
  kind: 'wecom' | 'dingtalk';
}

/** Each link of a robot that takes `event` to a project, robot by robot, project by project. */
async function linksOf(db: Db, event: RobotEvent): Promise<{ robot: RobotRef; events: string[]; project: Project }[]> {
  const rows = await db
    .select({ robot: { id: robots.id, kind: robots.kind }, events: robots.events, project: projects })
    .from(robotProjects)
    .innerJoin(robots, eq(robots.id, robotProjects.robotId))
    .innerJoin(projects, eq(projects.id, robotProjects.projectId))
    .orderBy(asc(robots.id), asc(projects.id));
  return rows.filter((r) => r.events.includes(event));
}

/** The robots that take `event` (the weekly digest), each with the projects it watches. */
export async function robotsWithProjects(db: Db, event: RobotEvent): Promise<{ robot: RobotRef; projects: Project[] }[]> {
  const out = new Map<number, { robot: RobotRef; projects: Project[] }>();
  for (const l of await linksOf(db, event)) {
    const entry = out.get(l.robot.id) ?? { robot: l.robot, projects: [] };
    entry.projects.push(l.project);
    out.set(l.robot.id, entry);
  }
  return [...out.values()];
}

/** The projects watched by a robot that takes `event` (alerts), each evaluated once, with its robots. */
export async function projectsWithRobots(db: Db, event: RobotEvent): Promise<{ project: Project; robots: RobotRef[] }[]> {
  const out = new Map<number, { project: Project; robots: RobotRef[] }>();
  for (const l of await linksOf(db, event)) {
    const entry = out.get(l.project.id) ?? { project: l.project, robots: [] };
    entry.robots.push(l.robot);
    out.set(l.project.id, entry);
  }
  return [...out.values()].sort((a, b) => a.project.id - b.project.id);
}
