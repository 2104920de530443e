import { shanghaiDate } from '../../src/clock.ts';
import { readingDay } from '../../src/evaluation/time-share.ts';
import { periodOf } from '../../src/services/projects.ts';
import { changedStatuses, rememberStatuses } from '../../src/services/indicator-statuses.ts';
import { projectProgress } from '../../src/services/progress.ts';
import { projectsWithRobots } from '../../src/services/robots.ts';
import { emptyResult, type JobDefinition } from '../job-types.ts';
import { alertMessage, isWorsening, type StatusChange } from '../notify/messages.ts';
import { sendPending } from '../notify/outbox.ts';

/**
 * Re-evaluates the projects that have robots, compares each indicator's status with the last one seen,
 * queues one message per robot for the changes that are worse (on_track → warning, a cap broken …) and
 * sends what is due. The status memory and the queued messages commit together (rememberStatuses), so a
 * change is alerted exactly once even if the run dies half-way.
 */
export function alertsJob(schedule: string): JobDefinition {
  return {
    name: 'alerts',
    schedule,
    description: '预警推送：指标状态变差时通知项目的群机器人',
    catchUp: false,
    async run(ctx) {
      const result = emptyResult();
      const today = shanghaiDate(ctx.now());
      for (const { project, robots } of await projectsWithRobots(ctx.db, 'alerts')) {
        const asOf = readingDay(periodOf(project), today);
        if (asOf === null) continue;
        const progress = await projectProgress(ctx.db, project, asOf, ctx.config.evaluation);
        const seen = await changedStatuses(
          ctx.db,
          progress.indicators.map((i) => ({ indicatorId: i.id, status: i.status })),
        );
        if (seen.length === 0) continue;
        // The first sighting only records the status: installing jixiao must not flood the groups.
        const worse = seen.filter((c) => c.from !== null && isWorsening(c.from, c.to));
        const byId = new Map(progress.indicators.map((i) => [i.id, i]));
        const changes: StatusChange[] = worse.map((c) => {
          const i = byId.get(c.indicatorId)!;
          return {
            projectId: project.id,
            projectName: project.name,
            indicatorId: i.id,
            indicator: i.level3,
            from: c.from,
            to: c.to,
            actual: i.actual,
            target: i.target.raw,
            asOf,
            unit: i.target.normalized?.unit ?? null,
            targetUnit: i.target.unit,
          };
        });
        // A change is named by where it started: the indicator, the two statuses and when the old one began.
        const dedupeKey = `alert:${worse.map((c) => `${c.indicatorId}:${c.from}>${c.to}@${c.since}`).join(',')}`;
        const messages =
          changes.length === 0 ? [] : robots.map((r) => ({ robotId: r.id, dedupeKey, message: alertMessage(r.kind, changes, { appUrl: ctx.config.appUrl }) }));
        const { queued } = await rememberStatuses(ctx.db, {
          statuses: seen.map((c) => ({ indicatorId: c.indicatorId, status: c.to })),
          asOf,
          now: ctx.now(),
          messages,
        });
        result.inserted += queued;
        result.updated += seen.length;
      }
      const sent = await sendPending(ctx.db, ctx.connector);
      result.failed += sent.failed;
      return result;
    },
  };
}
