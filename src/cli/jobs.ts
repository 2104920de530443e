import { loadConfig } from '../config.ts';
import { listJobs, runJobNow, type JobCatalog } from '../services/jobs.ts';
import type { Handler } from './args.ts';
import { statusText } from './job-history.ts';
import { cliActorOf, cliLogger, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

// The job commands take the jobs layer (the JobCatalog of src/services/jobs.ts) from the dispatcher, which
// loads it with them: nothing under src/cli imports jobs/.

export const jobsListCommand =
  (jobs: JobCatalog): Handler<Specs['jobs list']> =>
  async (_input, { io }) => {
    for (const d of listJobs({ config: loadConfig(), jobs })) io.out(`${d.name.padEnd(8)} ${d.schedule.padEnd(14)} ${d.description}\n`);
    return 0;
  };

export const jobsRunCommand =
  (jobs: JobCatalog): Handler<Specs['jobs run']> =>
  async ({ args, options }, ctx) => {
    const { io, now } = ctx;
    const config = loadConfig();
    const { logger, path } = await cliLogger();
    // --date D is the data day: do what the scheduled run on the morning of D+1 does.
    const outcomes = await withDb((db) => runJobNow({ db, config, logger, now, jobs }, { name: args.job, date: options.date ?? null, actor: cliActorOf(ctx) }));
    let code = 0;
    for (const o of outcomes) {
      const c = o.result ? `新增 ${o.result.inserted}，更新 ${o.result.updated}，失败 ${o.result.failed}` : '';
      // An internal error's message may be driver text; the log has it.
      const reason = !o.error ? '' : o.error.kind === 'internal' ? `内部错误，详情见日志 ${path}` : o.error.message;
      io.out(`${o.job}：${statusText[o.status] ?? o.status}（尝试 ${o.attempts} 次）${c ? '，' + c : ''}${reason ? `\n  原因：${reason}` : ''}\n`);
      if (o.status === 'failed') code = 1;
    }
    return code;
  };
