// `users`, `tokens` and `audit`: accounts from the command line (docs/design.md "Access"). The CLI opens the
// database itself, so it acts with every permission under `--as` or the operating-system user, and every
// change it makes is in the audit log like one made over HTTP.
import { roleLabels, type Role } from '../auth/actor.ts';
import { listAudit } from '../services/audit.ts';
import { createToken, listTokens, revokeToken } from '../services/api-tokens.ts';
import { addUser, disableUser, findUser, listUsers, resetPassword } from '../services/users.ts';
import type { Handler } from './args.ts';
import { said } from '../errors.ts';
import { cliActorOf, readStdin, UsageError, withDb, type CliContext } from './io.ts';
import type { commandSpecs } from './specs.ts';
import { shanghaiMinute } from '../clock.ts';

type Specs = typeof commandSpecs;

/** A password piped in: the first line, without its line break. */
async function passwordFromStdin(ctx: CliContext): Promise<string> {
  const text = await (ctx.stdin ?? readStdin)();
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new UsageError(said('err.cli.passwordStdin'));
  return line;
}

function showOnce(ctx: CliContext, what: string, secret: string): void {
  ctx.io.out(`${what}（只显示这一次，请妥善保存）：\n  ${secret}\n`);
}

const when = (iso: string | null) => (iso === null ? '—' : shanghaiMinute(iso));

export const usersAddCommand: Handler<Specs['users add']> = async ({ args, options }, ctx) => {
  const password = options['password-stdin'] ? await passwordFromStdin(ctx) : undefined;
  const r = await withDb((db) => addUser(db, { name: args.name, role: options.role as Role, unit: options.unit, password }, cliActorOf(ctx)));
  ctx.io.out(`已添加用户 #${r.user.id} ${r.user.name}（${roleLabels[r.user.role]}，${r.user.unit ? r.user.unit.name : '全部单位'}）\n`);
  if (r.password) showOnce(ctx, '密码', r.password);
  return 0;
};

export const usersListCommand: Handler<Specs['users list']> = async ({ options }, { io }) => {
  const list = await withDb((db) => listUsers(db));
  if (options.json) io.out(JSON.stringify(list, null, 2) + '\n');
  else if (list.length === 0) io.out('没有用户。\n');
  else {
    for (const u of list) {
      io.out(`${String(u.id).padStart(4)}  ${u.name}  ${roleLabels[u.role]}  ${u.unit ? u.unit.name : '全部单位'}${u.disabled ? '  （已停用）' : ''}\n`);
    }
  }
  return 0;
};

export const usersDisableCommand: Handler<Specs['users disable']> = async ({ args }, ctx) => {
  const u = await withDb((db) => disableUser(db, args.name, cliActorOf(ctx)));
  ctx.io.out(`已停用用户 ${u.name}：其令牌立即失效\n`);
  return 0;
};

export const usersResetPasswordCommand: Handler<Specs['users reset-password']> = async ({ args, options }, ctx) => {
  const password = options['password-stdin'] ? await passwordFromStdin(ctx) : null;
  const r = await withDb((db) => resetPassword(db, args.name, password, cliActorOf(ctx)));
  ctx.io.out(`已重设 ${r.user.name} 的密码\n`);
  if (r.password) showOnce(ctx, '新密码', r.password);
  return 0;
};

export const tokensCreateCommand: Handler<Specs['tokens create']> = async ({ options }, ctx) => {
  const r = await withDb((db) =>
    createToken(db, { user: options.user, expiresDays: options.expires, label: options.label ?? null }, cliActorOf(ctx), ctx.now()),
  );
  ctx.io.out(`已为 ${r.info.user} 签发令牌 #${r.info.id}（${r.info.expiresAt ? `${when(r.info.expiresAt)} 到期` : '不过期'}）\n`);
  showOnce(ctx, '令牌', r.token);
  ctx.io.out('用法：curl -H "Authorization: Bearer <令牌>" …\n');
  return 0;
};

export const tokensListCommand: Handler<Specs['tokens list']> = async ({ options }, { io, now }) => {
  const list = await withDb(async (db) => listTokens(db, now(), options.user === undefined ? undefined : (await findUser(db, options.user)).id));
  if (options.json) io.out(JSON.stringify(list, null, 2) + '\n');
  else if (list.length === 0) io.out('没有令牌。\n');
  else {
    for (const t of list) {
      const state = t.revokedAt ? '已撤销' : t.active ? '有效' : '已过期';
      io.out(
        `${String(t.id).padStart(4)}  ${t.prefix}…  ${t.user}  ${state}  到期 ${when(t.expiresAt)}  最近使用 ${when(t.lastUsedAt)}${t.label ? `  ${t.label}` : ''}\n`,
      );
    }
  }
  return 0;
};

export const tokensRevokeCommand: Handler<Specs['tokens revoke']> = async ({ args }, ctx) => {
  const t = await withDb((db) => revokeToken(db, args.id, cliActorOf(ctx), ctx.now()));
  ctx.io.out(`已撤销令牌 #${t.id}（${t.prefix}…，${t.user}）\n`);
  return 0;
};

export const auditCommand: Handler<Specs['audit']> = async ({ options }, { io }) => {
  const page = await withDb((db) =>
    listAudit(db, { since: options.since, until: options.until, user: options.user, action: options.action, limit: options.limit ?? 50, offset: 0 }),
  );
  if (options.json) {
    io.out(JSON.stringify(page, null, 2) + '\n');
    return 0;
  }
  if (page.items.length === 0) io.out('没有审计记录。\n');
  for (const r of page.items) {
    const target = r.targetType ? ` ${r.targetType}${r.targetId ? ` #${r.targetId}` : ''}` : '';
    io.out(`${when(r.at)}  ${r.actor}（${r.via}${r.address ? ` ${r.address}` : ''}）  ${r.action}${target}\n`);
  }
  if (page.total > page.items.length) io.out(`（共 ${page.total} 条，显示最新 ${page.items.length} 条）\n`);
  return 0;
};
