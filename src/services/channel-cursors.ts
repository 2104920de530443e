// Where a channel's last fetch stopped (docs/design.md "Jobs", idempotent ingestion): Weibo's since_id, an RSS feed's
// ETag / Last-Modified. A cursor moves in the same transaction as the posts it covers (ingestPostBatch),
// so a run that dies never leaves it past posts that were not stored.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channelCursors } from '../../db/schema/index.ts';

export type ChannelCursor = Record<string, string | null>;

export async function readCursor(db: Db, channelId: number): Promise<ChannelCursor> {
  const [row] = await db.select().from(channelCursors).where(eq(channelCursors.channelId, channelId));
  return row?.cursor ?? {};
}

export async function writeCursor(db: Db, channelId: number, cursor: ChannelCursor): Promise<void> {
  await db
    .insert(channelCursors)
    .values({ channelId, cursor })
    .onConflictDoUpdate({ target: channelCursors.channelId, set: { cursor, updatedAt: new Date().toISOString() } });
}
