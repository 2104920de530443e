import type { Config } from '../src/config.ts';
import { alertsJob } from './definitions/alerts.ts';
import { digestJob } from './definitions/digest.ts';
import { probesJob } from './definitions/probes.ts';
import { rssJob } from './definitions/rss.ts';
import { wechatJob } from './definitions/wechat.ts';
import { weiboJob } from './definitions/weibo.ts';
import type { JobDefinition, JobDeps } from './job-types.ts';
import { runJobSlot, type RunOutcome } from './run-job.ts';
import type { Trigger } from '../src/services/job-ledger.ts';

export function jobDefinitions(config: Config): JobDefinition[] {
  const s = config.jobs.schedules;
  return [wechatJob(s.wechat), weiboJob(s.weibo), rssJob(s.rss), probesJob(s.probes), alertsJob(s.alerts), digestJob(s.digest)];
}

/**
 * Runs a slot, then — when it changed evidence — the alerts job, so a worsening is pushed right after
 * the run that caused it rather than at the next alerts slot.
 */
export async function runWithFollowUp(
  deps: JobDeps,
  defs: JobDefinition[],
  def: JobDefinition,
  opts: { slot: Date; trigger: Trigger; dataDay?: string | null; signal?: AbortSignal; claimedRunId?: number },
): Promise<RunOutcome[]> {
  const first = await runJobSlot(deps, def, opts);
  const out = [first];
  const alerts = defs.find((d) => d.name === 'alerts');
  if (alerts && def.name !== 'alerts' && def.name !== 'digest' && first.status === 'succeeded' && (first.result?.changedProjects.length ?? 0) > 0) {
    out.push(await runJobSlot(deps, alerts, { slot: new Date(deps.now().getTime() + 1), trigger: 'manual', signal: opts.signal }));
  }
  return out;
}
