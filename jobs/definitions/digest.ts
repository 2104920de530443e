import { shanghaiDate } from '../../src/clock.ts';
import { attentionOf, severityOf } from '../../src/evaluation/status-severity.ts';
import { readingDay } from '../../src/evaluation/time-share.ts';
import { periodOf } from '../../src/services/projects.ts';
import { projectProgress } from '../../src/services/progress.ts';
import { enqueueMessage } from '../../src/services/robot-outbox.ts';
import { robotsWithProjects } from '../../src/services/robots.ts';
import { emptyResult, type JobDefinition } from '../job-types.ts';
import { digestMessage } from '../notify/messages.ts';
import { sendPending } from '../notify/outbox.ts';

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
          const asOf = readingDay(periodOf(p), today);
          if (asOf === null) continue;
          const pr = await projectProgress(ctx.db, p, asOf, ctx.config.evaluation);
          const worst = [...pr.indicators]
            .filter((i) => (severityOf(i.status) ?? 0) > 0)
            .sort((a, b) => attentionOf(b.status) - attentionOf(a.status))
            .slice(0, 5)
            .map((i) => ({
              indicator: i.level3,
              status: i.status,
              actual: i.actual,
              target: i.target.raw,
              unit: i.target.normalized?.unit ?? null,
              targetUnit: i.target.unit,
            }));
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
