import { parseArgs } from 'node:util';
import { jobDeps } from '../../jobs/deps.ts';
import { jobDefinitions, runWithFollowUp } from '../../jobs/registry.ts';
import { runHistory } from '../../jobs/run-ledger.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { addProbeEndpoint, listProbeEndpoints } from '../services/probes.ts';
import { addRobot, listRobots } from '../services/robots.ts';
import { resolveProject } from '../services/channels.ts';
import { readDate, UsageError, withDb, type CliContext } from './io.ts';

export async function jobsCommand(args: string[], { io, now }: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  const config = loadConfig();
  const defs = jobDefinitions(config);
  if (sub === 'list') {
    for (const d of defs) io.out(`${d.name.padEnd(8)} ${d.schedule.padEnd(14)} ${d.description}\n`);
    return 0;
  }
  if (sub === 'run') {
    const { values, positionals } = parseArgs({ args: rest, options: { date: { type: 'string' } }, allowPositionals: true });
    const def = defs.find((d) => d.name === positionals[0]);
    if (!def) throw new UsageError(`未知任务：${positionals[0] ?? ''}（可选：${defs.map((d) => d.name).join(', ')}）`);
    // --date D is the data day: do what the scheduled run on the morning of D+1 does.
    const dataDay = values.date === undefined ? null : readDate(values.date, '--date', now);
    const outcomes = await withDb((db) =>
      runWithFollowUp(jobDeps(db, config, createLogger(config.logLevel), now), defs, def, { slot: now(), trigger: 'manual', dataDay }),
    );
    let code = 0;
    for (const o of outcomes) {
      const c = o.result ? `新增 ${o.result.inserted}，更新 ${o.result.updated}，失败 ${o.result.failed}` : '';
      io.out(`${o.job}：${statusText[o.status] ?? o.status}（尝试 ${o.attempts} 次）${c ? '，' + c : ''}${o.error ? `\n  原因：${o.error.message}` : ''}\n`);
      if (o.status === 'failed') code = 1;
    }
    return code;
  }
  if (sub === 'history') {
    const { values, positionals } = parseArgs({ args: rest, options: { limit: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
    const rows = await withDb((db) => runHistory(db, positionals[0] ?? null, Number(values.limit ?? 30)));
    if (values.json) io.out(JSON.stringify(rows, null, 2) + '\n');
    else for (const r of rows) io.out(`${r.startedAt}  ${r.job.padEnd(8)} ${r.trigger.padEnd(8)} ${(statusText[r.status] ?? r.status).padEnd(4)} 第${r.attempt}次 ${r.dataDay ?? ''} ${r.counts ? JSON.stringify(r.counts) : ''} ${r.error ?? ''}\n`);
    return 0;
  }
  throw new UsageError('用法：jixiao jobs list | run NAME [--date YYYY-MM-DD] | history [NAME]');
}

const statusText: Record<string, string> = { succeeded: '成功', failed: '失败', skipped: '跳过', running: '运行中', not_claimed: '已由其他进程运行' };

export async function probesCommand(args: string[], { io }: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    for (const p of await withDb((db) => listProbeEndpoints(db))) io.out(`${String(p.id).padStart(4)}  ${p.name}  ${p.target}  项目 #${p.projectId ?? '—'}\n`);
    return 0;
  }
  if (sub === 'add') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, target: { type: 'string' }, project: { type: 'string' } } });
    if (!values.name || !values.target) throw new UsageError('用法：jixiao probes add --name N --target tcp://host:port|https://… --project P');
    const p = await withDb(async (db) => addProbeEndpoint(db, { name: values.name!, target: values.target!, projectId: values.project ? (await resolveProject(db, values.project)).id : null }));
    io.out(`探测端点 #${p.id} ${p.name} → ${p.target}\n`);
    return 0;
  }
  throw new UsageError('用法：jixiao probes add --name N --target URL --project P | probes list');
}

export async function robotsCommand(args: string[], { io }: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    for (const r of await withDb((db) => listRobots(db))) io.out(`${String(r.id).padStart(4)}  ${r.kind.padEnd(8)} ${r.name}  $${r.webhookEnv}${r.secretEnv ? ` (签名 $${r.secretEnv})` : ''}  项目：${r.projects.map((p) => `#${p.id}`).join('、')}\n`);
    return 0;
  }
  if (sub === 'add') {
    const { values } = parseArgs({
      args: rest,
      options: { kind: { type: 'string' }, name: { type: 'string' }, 'webhook-env': { type: 'string' }, 'secret-env': { type: 'string' }, project: { type: 'string', multiple: true }, events: { type: 'string' } },
    });
    const r = await withDb((db) =>
      addRobot(db, {
        kind: values.kind as 'wecom', name: values.name, webhookEnv: values['webhook-env'] ?? '', secretEnv: values['secret-env'] ?? null,
        projects: values.project ?? [], events: values.events ? (values.events.split(',') as ('alerts' | 'digest')[]) : undefined,
      }),
    );
    io.out(`机器人 #${r.id} ${r.name}（${r.kind}）：项目 ${r.projects.map((p) => `#${p.id} ${p.name}`).join('、')}\n`);
    return 0;
  }
  throw new UsageError('用法：jixiao robots add --kind wecom|dingtalk --webhook-env VAR [--secret-env VAR] --project P … | robots list');
}
