import { projectsOfChannels, type ChannelRow } from '../../src/services/channels.ts';
import { ConnectorError } from '../connectors/types.ts';
import type { JobContext, JobResult } from '../job-types.ts';

/**
 * Runs a per-channel step for every channel, so one misconfigured account does not stop the others;
 * the run fails afterwards with the first error (configuration errors first: they need a person).
 * A step fetches from its connector and stores through the services (ingestPostBatch).
 */
export async function forEachChannel(
  ctx: JobContext,
  list: ChannelRow[],
  step: (channel: ChannelRow) => Promise<{ inserted: number; updated: number }>,
): Promise<JobResult> {
  const result: JobResult = { inserted: 0, updated: 0, failed: 0, changedProjects: [] };
  const errors: ConnectorError[] = [];
  const changed: number[] = [];
  for (const channel of list) {
    try {
      const r = await step(channel);
      result.inserted += r.inserted;
      result.updated += r.updated;
      if (r.inserted + r.updated > 0) changed.push(channel.id);
      await ctx.heartbeat();
    } catch (err) {
      result.failed += 1;
      if (!(err instanceof ConnectorError)) throw err;
      errors.push(new ConnectorError(err.kind, err.code, `渠道「${channel.name}」：${err.message}`, err.retryAfterMs));
    }
  }
  result.changedProjects = await projectsOfChannels(ctx.db, changed);
  const first = errors.find((e) => e.kind === 'config') ?? errors.find((e) => e.kind === 'quota') ?? errors[0];
  if (first) {
    // The run's reason names every failing channel, the one that decides the run's kind first.
    const message = [first, ...errors.filter((e) => e !== first)].map((e) => e.message).join('；');
    throw new ConnectorError(first.kind, first.code, message, first.retryAfterMs);
  }
  return result;
}
