// The jobs layer as the services see it: the JobCatalog port of src/services/jobs.ts, implemented by the
// definitions (registry.ts), the run loop (run-job.ts) and the scheduler. The process's composition root
// hands this object to the app and the CLI; nothing else in src/ imports jobs/ (docs/architecture.md).
import type { JobCatalog, JobRunDeps } from '../src/services/jobs.ts';
import { jobDeps } from './deps.ts';
import { jobDefinitions, runWithFollowUp } from './registry.ts';
import { startScheduler } from './scheduler.ts';

const depsOf = (d: JobRunDeps) => jobDeps(d.db, d.config, d.logger, d.now);

export const jobCatalog: JobCatalog = {
  list: (config) => jobDefinitions(config).map(({ name, schedule, description }) => ({ name, schedule, description })),
  async run(deps, name, opts) {
    const defs = jobDefinitions(deps.config);
    const def = defs.find((d) => d.name === name);
    if (!def) throw new Error(`jobs: no job named ${name}`);
    return runWithFollowUp(depsOf(deps), defs, def, { slot: opts.slot, trigger: 'manual', dataDay: opts.dataDay });
  },
  startScheduler: (deps) => startScheduler(depsOf(deps), jobDefinitions(deps.config)),
};
