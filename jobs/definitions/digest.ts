import { eq, inArray } from 'drizzle-orm';
import { projects, robotProjects, robots } from '../../db/schema/index.ts';
import { shanghaiDate } from '../../src/clock.ts';
import { projectProgress } from '../../src/services/progress.ts';
import type { JobDefinition, JobResult } from '../job-types.ts';
import { digestMessage } from '../notify/messages.ts';
import { enqueue, sendPending } from '../notify/outbox.ts';

const severity: Record<string, number> = { failed: 5, off_track: 4, warning: 3, needs_review: 2, no_data: 1, no_measure: 1 };

/** Monday's digest: each robot gets its projects' lamps, budget execution and score forecast, once per slot. */
export function digestJob(schedule: string): JobDefinition {
  return {
    name: 'digest',
    schedule,
    description: '每周摘要：各项目指标灯、预算执行与预计自评得分',
    catchUp: true,
    async run(ctx) {
      const result: JobResult = { inserted: 0, updated: 0, failed: 0, changedProjects: [] };
      const today = shanghaiDate(ctx.now());
      const list = (await ctx.db.select().from(robots)).filter((r) => r.events.includes('digest'));
      for (const robot of list) {
        const linked = await ctx.db.select({ id: robotProjects.projectId }).from(robotProjects).where(eq(robotProjects.robotId, robot.id));
        if (linked.length === 0) continue;
        const rows = await ctx.db.select().from(projects).where(inArray(projects.id, linked.map((l) => l.id)));
        const items = [];
        for (const p of rows) {
          if (today < p.periodStart) continue;
          const asOf = today > p.periodEnd ? p.periodEnd : today;
          const pr = await projectProgress(ctx.db, p, asOf, ctx.config.evaluation);
          const worst = [...pr.indicators]
            .filter((i) => (severity[i.status] ?? 0) >= 3)
            .sort((a, b) => (severity[b.status] ?? 0) - (severity[a.status] ?? 0))
            .slice(0, 5)
            .map((i) => ({ indicator: i.level3, status: i.status, actual: i.actual, target: i.target.raw, unit: i.target.normalized?.unit ?? null, targetUnit: i.target.unit }));
          items.push({ id: p.id, name: p.name, asOf, timeShare: pr.timeShare, budget: pr.budget, score: pr.score, statusCounts: pr.statusCounts, worst });
        }
        if (items.length === 0) continue;
        if (await enqueue(ctx.db, robot.id, `digest:${ctx.slot.toISOString()}`, digestMessage(robot.kind, items, { appUrl: ctx.config.appUrl }), ctx.now())) result.inserted += 1;
      }
      const sent = await sendPending(ctx.db, ctx.connector);
      result.failed += sent.failed;
      return result;
    },
  };
}
