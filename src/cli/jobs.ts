import { jobDeps } from '../../jobs/deps.ts';
import { jobDefinitions, runWithFollowUp } from '../../jobs/registry.ts';
import { loadConfig } from '../config.ts';
import type { Handler } from './args.ts';
import { cliActorOf, cliLogger, withDb } from './io.ts';
import { auditJobRun } from '../services/audit.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

import { statusText } from './job-history.ts';
export const jobsListCommand: Handler<Specs['jobs list']> = async (_input, { io }) => {
  for (const d of jobDefinitions(loadConfig())) io.out(`${d.name.padEnd(8)} ${d.schedule.padEnd(14)} ${d.description}\n`);
  return 0;
};

export const jobsRunCommand: Handler<Specs['jobs run']> = async ({ args, options }, ctx) => {
  const { io, now } = ctx;
  const config = loadConfig();
  const defs = jobDefinitions(config);
  const def = defs.find((d) => d.name === args.job)!;
  const { logger, path } = await cliLogger();
  // --date D is the data day: do what the scheduled run on the morning of D+1 does.
  const outcomes = await withDb(async (db) => {
    const runs = await runWithFollowUp(jobDeps(db, config, logger, now), defs, def, { slot: now(), trigger: 'manual', dataDay: options.date ?? null });
    await auditJobRun(db, cliActorOf(ctx), def.name, options.date ?? null, runs);
    return runs;
  });
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
