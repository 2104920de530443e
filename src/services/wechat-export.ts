import type { Db } from '../../db/client.ts';
import { AppError, said } from '../errors.ts';
import { readWechatExport } from '../evidence/read-wechat-export.ts';
import { findChannel } from './channels.ts';
import { upsertPosts, upsertSnapshots } from './posts.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { recordAudit } from './audit.ts';

/**
 * Imports a WeChat back-office export (数据分析 → 已通知内容 → 下载数据明细): its posts, and its figures as
 * one snapshot dated the day the export was taken. All or nothing; re-importing it changes nothing.
 */
export async function importWechatExport(db: Db, req: { channel: number | string; fileName: string; bytes: Uint8Array; asOf: string; actor?: Actor }) {
  const channel = await findChannel(db, req.channel);
  if (channel.platform !== 'wechat') {
    throw new AppError(400, 'wrong_platform', said('err.wechatExport.platform', { name: channel.name, platform: channel.platform }));
  }
  const { rows, errors } = await readWechatExport(req.fileName, req.bytes);
  if (errors.length > 0) {
    throw new AppError(422, 'import_rejected', said('err.wechatExport.rejected', { n: errors.length }), errors);
  }
  if (rows.length === 0) throw new AppError(422, 'import_rejected', said('err.wechatExport.empty'), []);
  const source = `import:${req.fileName}`;
  return db.transaction(async (t) => {
    const tx: Db = t;
    const { ids, inserted } = await upsertPosts(
      tx,
      channel.id,
      rows.map((r) => ({ externalId: r.externalId, title: r.title, url: r.url, publishedAt: r.publishedAt })),
      source,
    );
    const { written } = await upsertSnapshots(
      tx,
      rows.map((r) => ({
        postId: ids.get(r.externalId)!,
        day: req.asOf,
        readers: r.readers,
        reads: r.reads,
        shares: r.shares,
        likes: r.likes,
        zaikan: r.zaikan,
        comments: r.comments,
        favourites: r.favourites,
      })),
      source,
    );
    const result = { channel: { id: channel.id, name: channel.name }, posts: rows.length, newPosts: inserted, snapshotsWritten: written, asOf: req.asOf };
    await recordAudit(tx, req.actor ?? systemActor, {
      action: 'channel.export',
      targetType: 'channel',
      targetId: channel.id,
      after: { fileName: req.fileName, ...result },
    });
    return result;
  });
}
