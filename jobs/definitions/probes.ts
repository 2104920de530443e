import { listProbeEndpoints, recordProbeResults } from '../../src/services/probes.ts';
import { probeEndpoint } from '../connectors/probe.ts';
import { emptyResult, type JobDefinition } from '../job-types.ts';

/**
 * Checks every endpoint once per slot. The result is stamped with the slot time, so a re-run of the
 * slot stores nothing twice. A failed check is data (the network was down), not a failed run.
 */
export function probesJob(schedule: string): JobDefinition {
  return {
    name: 'probes',
    schedule,
    description: '网络探测：TCP 连接或 HTTP GET 各监测端点，计算联通率',
    catchUp: false,
    async run(ctx) {
      const endpoints = await listProbeEndpoints(ctx.db);
      const result = emptyResult();
      const checks = await Promise.all(endpoints.map(async (e) => ({ e, outcome: await probeEndpoint(e.target, ctx.config.jobs.probeTimeoutMs) })));
      for (const { e, outcome } of checks) {
        const { inserted } = await recordProbeResults(ctx.db, e.id, [{ checkedAt: ctx.slot.toISOString(), ...outcome }]);
        result.inserted += inserted;
        if (!outcome.ok) result.failed += 1;
        if (inserted > 0 && e.projectId !== null) result.changedProjects.push(e.projectId);
      }
      result.changedProjects = [...new Set(result.changedProjects)];
      return result;
    },
  };
}
