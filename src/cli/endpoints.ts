import { resolveProject } from '../services/channels.ts';
import { addProbeEndpoint, listProbeEndpoints } from '../services/probes.ts';
import { addRobot, listRobots } from '../services/robots.ts';
import type { Handler } from './args.ts';
import { secretVariable } from './channels.ts';
import { cliActorOf, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

export const probesListCommand: Handler<Specs['probes list']> = async (_input, { io }) => {
  const list = await withDb((db) => listProbeEndpoints(db));
  if (list.length === 0) io.out('没有探测端点。\n');
  for (const p of list) io.out(`${String(p.id).padStart(4)}  ${p.name}  ${p.target}  项目 #${p.projectId ?? '—'}\n`);
  return 0;
};

export const probesAddCommand: Handler<Specs['probes add']> = async ({ options }, ctx) => {
  const { io } = ctx;
  const p = await withDb(async (db) =>
    addProbeEndpoint(
      db,
      { name: options.name, target: options.target, projectId: options.project ? (await resolveProject(db, options.project)).id : null },
      cliActorOf(ctx),
    ),
  );
  io.out(`探测端点 #${p.id} ${p.name} → ${p.target}\n`);
  return 0;
};

export const robotsListCommand: Handler<Specs['robots list']> = async (_input, { io }) => {
  const list = await withDb((db) => listRobots(db));
  if (list.length === 0) io.out('没有群机器人。\n');
  for (const r of list) {
    io.out(
      `${String(r.id).padStart(4)}  ${r.kind.padEnd(8)} ${r.name}  $${r.webhookEnv}${r.secretEnv ? ` (签名 $${r.secretEnv})` : ''}  项目：${r.projects.map((p) => `#${p.id}`).join('、')}\n`,
    );
  }
  return 0;
};

export const robotsAddCommand: Handler<Specs['robots add']> = async ({ options }, ctx) => {
  const { io } = ctx;
  secretVariable('webhook-env', options['webhook-env'], 'WECOM_HOOK');
  if (options['secret-env'] !== undefined) secretVariable('secret-env', options['secret-env'], 'DING_SIGN');
  const r = await withDb((db) =>
    addRobot(
      db,
      {
        kind: options.kind as 'wecom' | 'dingtalk',
        name: options.name,
        webhookEnv: options['webhook-env'],
        secretEnv: options['secret-env'] ?? null,
        projects: options.project,
        events: options.events as ('alerts' | 'digest')[] | undefined,
      },
      cliActorOf(ctx),
    ),
  );
  io.out(`机器人 #${r.id} ${r.name}（${r.kind}）：项目 ${r.projects.map((p) => `#${p.id} ${p.name}`).join('、')}\n`);
  return 0;
};
