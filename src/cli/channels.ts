import { addChannel, listChannels, type Platform } from '../services/channels.ts';
import type { Handler } from './args.ts';
import { UsageError, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

export const channelsListCommand: Handler<Specs['channels list']> = async ({ options }, { io }) => {
  const list = await withDb((db) => listChannels(db));
  if (options.json) io.out(JSON.stringify(list, null, 2) + '\n');
  else if (list.length === 0) io.out('没有渠道。\n');
  else for (const c of list) io.out(`${String(c.id).padStart(4)}  ${c.platform.padEnd(7)} ${c.name}（${c.postCount} 篇；项目：${c.projects.map((p) => `#${p.id} ${p.name}`).join('、') || '无'}）\n`);
  return 0;
};

export const channelsAddCommand: Handler<Specs['channels add']> = async ({ options }, { io }) => {
  const platform = options.platform as Platform;
  const settings = connectorSettings(platform, options);
  const c = await withDb((db) => addChannel(db, { platform, name: options.name, projects: options.project, settings }));
  io.out(`渠道 #${c.id} ${c.name}（${c.platform}）：项目 ${c.projects.map((p) => `#${p.id} ${p.name}`).join('、') || '无'}\n`);
  return 0;
};

/** Connector settings from the flags; secrets only by the name of their environment variable. */
function connectorSettings(platform: Platform, v: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (flag: string, key: string) => {
    if (typeof v[flag] === 'string') out[key] = v[flag] as string;
  };
  take('base-url', 'baseUrl');
  if (platform === 'wechat') {
    take('app-id', 'appId');
    take('secret-env', 'secretEnv');
    if ((out.appId === undefined) !== (out.secretEnv === undefined)) throw new UsageError('微信渠道需要同时给出 --app-id 和 --secret-env');
  } else if (platform === 'weibo') {
    take('uid', 'uid');
    take('token-env', 'tokenEnv');
    take('count-url', 'countUrl');
  } else if (platform === 'rss') {
    take('url', 'url');
    if (out.url === undefined) throw new UsageError('RSS 渠道需要 --url');
  }
  return out;
}
