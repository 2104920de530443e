import { SECRET_PREFIX, loadConfig } from '../config.ts';
import { said } from '../errors.ts';
import { addChannel, listChannels, type Platform } from '../services/channels.ts';
import type { Handler } from './args.ts';
import { cliActorOf, UsageError, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

export const channelsListCommand: Handler<Specs['channels list']> = async ({ options }, { io }) => {
  const list = await withDb((db) => listChannels(db));
  if (options.json) io.out(JSON.stringify(list, null, 2) + '\n');
  else if (list.length === 0) io.out('没有渠道。\n');
  else
    for (const c of list)
      io.out(
        `${String(c.id).padStart(4)}  ${c.platform.padEnd(7)} ${c.name}（${c.postCount} 篇；项目：${c.projects.map((p) => `#${p.id} ${p.name}`).join('、') || '无'}）\n`,
      );
  return 0;
};

export const channelsAddCommand: Handler<Specs['channels add']> = async ({ options }, ctx) => {
  const { io } = ctx;
  const platform = options.platform as Platform;
  const settings = connectorSettings(platform, options);
  const c = await withDb((db) =>
    addChannel(db, { platform, name: options.name, projects: options.project, settings }, { outboundHosts: loadConfig().outboundHosts }, cliActorOf(ctx)),
  );
  io.out(`渠道 #${c.id} ${c.name}（${c.platform}）：项目 ${c.projects.map((p) => `#${p.id} ${p.name}`).join('、') || '无'}\n`);
  return 0;
};

/**
 * Connector settings from the flags; secrets only by the name of their `JIXIAO_SECRET_*` variable, refused
 * here (exit 2) before the database is opened. Where --base-url / --count-url may point (OUTBOUND_HOSTS)
 * is checked by addChannel.
 */
function connectorSettings(platform: Platform, v: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (flag: string, key: string) => {
    if (typeof v[flag] !== 'string') return;
    if (flag.endsWith('-env')) secretVariable(flag, v[flag] as string, flag === 'token-env' ? 'WEIBO' : 'WECHAT');
    out[key] = v[flag] as string;
  };
  take('base-url', 'baseUrl');
  if (platform === 'wechat') {
    take('app-id', 'appId');
    take('secret-env', 'secretEnv');
    if ((out.appId === undefined) !== (out.secretEnv === undefined)) throw new UsageError(said('err.cli.wechatPair'));
  } else if (platform === 'weibo') {
    take('uid', 'uid');
    take('token-env', 'tokenEnv');
    take('count-url', 'countUrl');
  } else if (platform === 'rss') {
    take('url', 'url');
    if (out.url === undefined) throw new UsageError(said('err.cli.rssUrl'));
  }
  return out;
}

/** A secret is named by a `JIXIAO_SECRET_*` variable: the server reads no other (docs/design.md "Data sources"). */
export function secretVariable(flag: string, name: string, example: string): void {
  if (!name.startsWith(SECRET_PREFIX) || name.length === SECRET_PREFIX.length) {
    throw new UsageError(said('err.cli.secretEnv', { flag: `--${flag}`, prefix: SECRET_PREFIX, example: `${SECRET_PREFIX}${example}`, name }));
  }
}
