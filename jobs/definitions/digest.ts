import { shanghaiDate } from '../../src/clock.ts';
import { projectProgress } from '../../src/services/progress.ts';
import { enqueueMessage } from '../../src/services/robot-outbox.ts';
import { robotsWithProjects } from '../../src/services/robots.ts';
import { emptyResult, type JobDefinition } from '../job-types.ts';
import { digestMessage } from '../notify/messages.ts';
import { sendPending } from '../notify/outbox.ts';

const severity: Record<string, number> = { failed: 5, off_track: 4, warning: 3, needs_review: 2, no_data: 1, no_measure: 1 };

/** Monday's digest: each robot gets its projects' lamps, budget execution and score forecast, once per slot. */
export function digestJob(schedule: string): JobDefinition {
  return {
    name: 'digest',
    schedule,
    description: '每周摘要：各项目指标灯、预算执行与预计自评得分',
    catchUp: true,
    async run(ctx) {
      const result = emptyResult();
      const today = shanghaiDate(ctx.now());
      for (const { robot, projects } of await robotsWithProjects(ctx.db, 'digest')) {
        const items = [];
        for (const p of projects) {
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
        const message = digestMessage(robot.kind, items, { appUrl: ctx.config.appUrl });
        if (await enqueueMessage(ctx.db, { robotId: robot.id, dedupeKey: `digest:${ctx.slot.toISOString()}`, message }, ctx.now())) result.inserted += 1;
      }
      const sent = await sendPending(ctx.db, ctx.connector);
      result.failed += sent.failed;
      return result;
    },
  };
}
