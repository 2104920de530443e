import { parseArgs } from 'node:util';
import { entryKinds, type EntryKind } from '../evidence/entry-kinds.ts';
import { addChannel, listChannels, platforms, type Platform } from '../services/channels.ts';
import { importEntryFile } from '../services/import-entries.ts';
import { importWechatExport } from '../services/wechat-export.ts';
import { readDate, readInput, UsageError, user, withDb, type CliContext } from './io.ts';

export async function logCommand(args: string[], { io, now }: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import') throw new UsageError('用法：jixiao log import FILE [--project NAME|ID] [--kind KIND]');
  const { values, positionals } = parseArgs({ args: rest, options: { project: { type: 'string' }, kind: { type: 'string' } }, allowPositionals: true });
  if (values.kind && !entryKinds.includes(values.kind as EntryKind)) throw new UsageError(`--kind 应为 ${entryKinds.join(' / ')}`);
  const input = await readInput(positionals[0]);
  const s = await withDb((db) =>
    importEntryFile(db, { ...input, project: values.project ?? null, kind: values.kind as EntryKind | undefined, author: user(), now: now() }),
  );
  io.out(`已导入 ${s.fileName}：${s.rows} 行，新增 ${s.inserted} 条，已存在 ${s.duplicates} 条\n`);
  for (const p of s.projects) io.out(`  #${p.id} ${p.name}：新增 ${p.inserted} 条\n`);
  return 0;
}

export async function channelsCommand(args: string[], { io }: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
    const list = await withDb((db) => listChannels(db));
    if (values.json) io.out(JSON.stringify(list, null, 2) + '\n');
    else if (list.length === 0) io.out('没有渠道。\n');
    else for (const c of list) io.out(`${String(c.id).padStart(4)}  ${c.platform.padEnd(7)} ${c.name}（${c.postCount} 篇；项目：${c.projects.map((p) => `#${p.id} ${p.name}`).join('、') || '无'}）\n`);
    return 0;
  }
  if (sub === 'add') {
    const { values } = parseArgs({
      args: rest,
      options: {
        platform: { type: 'string' }, name: { type: 'string' }, project: { type: 'string', multiple: true },
        'app-id': { type: 'string' }, 'secret-env': { type: 'string' }, uid: { type: 'string' }, 'token-env': { type: 'string' },
        url: { type: 'string' }, 'base-url': { type: 'string' }, 'count-url': { type: 'string' },
      },
    });
    if (!values.platform || !platforms.includes(values.platform as Platform)) throw new UsageError(`--platform 应为 ${platforms.join(' / ')}`);
    if (!values.name) throw new UsageError('缺少 --name');
    const settings = connectorSettings(values.platform as Platform, values);
    const c = await withDb((db) => addChannel(db, { platform: values.platform as Platform, name: values.name!, projects: values.project ?? [], settings }));
    io.out(`渠道 #${c.id} ${c.name}（${c.platform}）：项目 ${c.projects.map((p) => `#${p.id} ${p.name}`).join('、') || '无'}\n`);
    return 0;
  }
  throw new UsageError('用法：jixiao channels add --platform P --name NAME --project NAME|ID … | channels list [--json]');
}

export async function postsCommand(args: string[], { io, now }: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import') throw new UsageError('用法：jixiao posts import FILE --channel NAME [--as-of YYYY-MM-DD]');
  const { values, positionals } = parseArgs({ args: rest, options: { channel: { type: 'string' }, 'as-of': { type: 'string' } }, allowPositionals: true });
  if (!values.channel) throw new UsageError('缺少 --channel');
  const input = await readInput(positionals[0]);
  const asOf = readDate(values['as-of'], '--as-of', now);
  const r = await withDb((db) => importWechatExport(db, { channel: values.channel!, ...input, asOf }));
  io.out(`已导入 ${input.fileName} → ${r.channel.name}：${r.posts} 篇（新增 ${r.newPosts}），${asOf} 的数据快照写入 ${r.snapshotsWritten} 条\n`);
  return 0;
}

const envName = /^[A-Z_][A-Z0-9_]*$/;

/** Connector settings from the flags; secrets only by the name of their environment variable. */
function connectorSettings(platform: Platform, v: Record<string, string | boolean | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (flag: string, key: string) => {
    if (typeof v[flag] === 'string') out[key] = v[flag] as string;
  };
  take('base-url', 'baseUrl');
  if (platform === 'wechat') {
    take('app-id', 'appId');
    take('secret-env', 'secretEnv');
  } else if (platform === 'weibo') {
    take('uid', 'uid');
    take('token-env', 'tokenEnv');
    take('count-url', 'countUrl');
  } else if (platform === 'rss') {
    take('url', 'url');
    if (out.url === undefined) throw new UsageError('RSS 渠道需要 --url');
  }
  for (const key of ['secretEnv', 'tokenEnv']) {
    if (out[key] !== undefined && !envName.test(out[key]!)) throw new UsageError(`--${key === 'secretEnv' ? 'secret-env' : 'token-env'} 应为环境变量名（机密本身不入库）`);
  }
  if ((out.appId === undefined) !== (out.secretEnv === undefined) && platform === 'wechat') throw new UsageError('微信渠道需要同时给出 --app-id 和 --secret-env');
  return out;
}
