import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicatorStatuses, projects, robotProjects, robots } from '../../db/schema/index.ts';
import { shanghaiDate } from '../../src/clock.ts';
import { projectProgress } from '../../src/services/progress.ts';
import type { Status } from '../../src/evaluation/types.ts';
import type { JobDefinition, JobResult } from '../job-types.ts';
import { alertMessage, isWorsening, type StatusChange } from '../notify/messages.ts';
import { enqueue, sendPending } from '../notify/outbox.ts';

/**
 * Re-evaluates the projects that have robots, compares each indicator's status with the last one seen,
 * queues one message per robot for the changes that are worse (on_track → warning, a cap broken …) and
 * sends what is due. The status update and the queued message commit together, so a change is alerted
 * exactly once even if the run dies half-way.
 */
export function alertsJob(schedule: string): JobDefinition {
  return {
    name: 'alerts',
    schedule,
    description: '预警推送：指标状态变差时通知项目的群机器人',
    catchUp: false,
    async run(ctx) {
      const result: JobResult = { inserted: 0, updated: 0, failed: 0, changedProjects: [] };
      const links = await ctx.db.select({ projectId: robotProjects.projectId, robot: robots }).from(robotProjects).innerJoin(robots, eq(robots.id, robotProjects.robotId));
      const withAlerts = links.filter((l) => l.robot.events.includes('alerts'));
      const projectIds = [...new Set(withAlerts.map((l) => l.projectId))];
      const today = shanghaiDate(ctx.now());
      const rows = projectIds.length ? await ctx.db.select().from(projects).where(inArray(projects.id, projectIds)) : [];
      for (const project of rows) {
        if (today < project.periodStart) continue;
        const asOf = today > project.periodEnd ? project.periodEnd : today;
        const progress = await projectProgress(ctx.db, project, asOf, ctx.config.evaluation);
        const ids = progress.indicators.map((i) => i.id);
        const seen = new Map((await ctx.db.select().from(indicatorStatuses).where(inArray(indicatorStatuses.indicatorId, ids))).map((r) => [r.indicatorId, r]));
        const changes: StatusChange[] = [];
        // A change is named by where it started: the indicator, the two statuses and when the old one began.
        const changeKeys: string[] = [];
        const updates: { indicatorId: number; status: string }[] = [];
        for (const i of progress.indicators) {
          const row = seen.get(i.id);
          const before = (row?.status as Status | undefined) ?? null;
          if (before === i.status) continue;
          updates.push({ indicatorId: i.id, status: i.status });
          // The first sighting only records the status: installing jixiao must not flood the groups.
          if (before !== null && isWorsening(before, i.status)) {
            changeKeys.push(`${i.id}:${before}>${i.status}@${row!.changedAt}`);
            changes.push({
              projectId: project.id, projectName: project.name, indicatorId: i.id, indicator: i.level3, from: before, to: i.status,
              actual: i.actual, target: i.target.raw, asOf, unit: i.target.normalized?.unit ?? null, targetUnit: i.target.unit,
            });
          }
        }
        if (updates.length === 0) continue;
        await ctx.db.transaction(async (t) => {
          const tx = t as unknown as Db;
          for (const u of updates) {
            await tx
              .insert(indicatorStatuses)
              .values({ indicatorId: u.indicatorId, status: u.status, asOf, changedAt: ctx.now().toISOString() })
              .onConflictDoUpdate({ target: indicatorStatuses.indicatorId, set: { status: u.status, asOf, changedAt: ctx.now().toISOString() } });
          }
          if (changes.length === 0) return;
          const key = `alert:${changeKeys.join(',')}`;
          for (const link of withAlerts.filter((l) => l.projectId === project.id)) {
            if (await enqueue(tx, link.robot.id, key, alertMessage(link.robot.kind, changes, { appUrl: ctx.config.appUrl }), ctx.now())) result.inserted += 1;
          }
        });
        result.updated += updates.length;
      }
      const sent = await sendPending(ctx.db, ctx.connector);
      result.failed += sent.failed;
      return result;
    },
  };
}
