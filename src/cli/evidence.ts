import type { EntryKind } from '../evidence/entry-kinds.ts';
import { importEntryFile } from '../services/import-entries.ts';
import { importWechatExport } from '../services/wechat-export.ts';
import { shanghaiDate } from '../clock.ts';
import type { Handler } from './args.ts';
import { cliActorOf, readInput, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

export const logImportCommand: Handler<Specs['log import']> = async ({ args, options }, ctx) => {
  const { io, now } = ctx;
  const input = await readInput(args.file);
  const actor = cliActorOf(ctx);
  const s = await withDb((db) =>
    importEntryFile(db, { ...input, project: options.project ?? null, kind: options.kind as EntryKind | undefined, author: actor.name, now: now(), actor }),
  );
  io.out(`已导入 ${s.fileName}：${s.rows} 行，新增 ${s.inserted} 条，已存在 ${s.duplicates} 条\n`);
  for (const p of s.projects) io.out(`  #${p.id} ${p.name}：新增 ${p.inserted} 条\n`);
  return 0;
};

export const postsImportCommand: Handler<Specs['posts import']> = async ({ args, options }, ctx) => {
  const { io, now } = ctx;
  const input = await readInput(args.file);
  const asOf = options['as-of'] ?? shanghaiDate(now());
  const r = await withDb((db) => importWechatExport(db, { channel: options.channel, ...input, asOf, actor: cliActorOf(ctx) }));
  io.out(`已导入 ${input.fileName} → ${r.channel.name}：${r.posts} 篇（新增 ${r.newPosts}），${asOf} 的数据快照写入 ${r.snapshotsWritten} 条\n`);
  return 0;
};
