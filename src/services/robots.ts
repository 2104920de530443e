import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { projects, robotProjects, robots } from '../../db/schema/index.ts';
import { ValidationError } from '../errors.ts';
import { resolveProject } from './channels.ts';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, '应为环境变量名（大写字母、数字、下划线），机密本身不入库');

export const newRobotSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(['wecom', 'dingtalk'], { message: '应为 wecom 或 dingtalk' }),
  webhookEnv: envName,
  secretEnv: envName.optional().nullable(),
  projects: z.array(z.union([z.number().int().positive(), z.string().min(1)])).min(1, '至少关联一个项目'),
  events: z.array(z.enum(['alerts', 'digest'])).default(['alerts', 'digest']),
});

export async function addRobot(db: Db, input: z.input<typeof newRobotSchema>) {
  const parsed = newRobotSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('机器人参数无效', parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  const r = parsed.data;
  const linked: { id: number }[] = [];
  for (const ref of r.projects) linked.push(await resolveProject(db, ref));
  const name = r.name ?? `${r.kind}:${r.webhookEnv}`;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx
      .insert(robots)
      .values({ name, kind: r.kind, webhookEnv: r.webhookEnv, secretEnv: r.secretEnv ?? null, events: r.events })
      .onConflictDoUpdate({ target: robots.name, set: { kind: r.kind, webhookEnv: r.webhookEnv, secretEnv: r.secretEnv ?? null, events: r.events } })
      .returning();
    await tx.insert(robotProjects).values(linked.map((p) => ({ robotId: row!.id, projectId: p.id }))).onConflictDoNothing();
    return (await listRobots(tx, [row!.id]))[0]!;
  });
}

export async function listRobots(db: Db, ids?: number[]) {
  const rows = await db.select().from(robots).where(ids ? inArray(robots.id, ids) : undefined).orderBy(asc(robots.id));
  if (rows.length === 0) return [];
  const links = await db
    .select({ robotId: robotProjects.robotId, id: projects.id, name: projects.name })
    .from(robotProjects)
    .innerJoin(projects, eq(projects.id, robotProjects.projectId))
    .where(inArray(robotProjects.robotId, rows.map((r) => r.id)));
  return rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind, webhookEnv: r.webhookEnv, secretEnv: r.secretEnv, events: r.events,
    projects: links.filter((l) => l.robotId === r.id).map(({ id, name }) => ({ id, name })),
  }));
}
