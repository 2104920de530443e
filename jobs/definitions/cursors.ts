import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channelCursors } from '../../db/schema/index.ts';

export async function readCursor(db: Db, channelId: number): Promise<Record<string, string | null>> {
  const [row] = await db.select().from(channelCursors).where(eq(channelCursors.channelId, channelId));
  return row?.cursor ?? {};
}

export async function writeCursor(db: Db, channelId: number, cursor: Record<string, string | null>): Promise<void> {
  await db
    .insert(channelCursors)
    .values({ channelId, cursor })
    .onConflictDoUpdate({ target: channelCursors.channelId, set: { cursor, updatedAt: new Date().toISOString() } });
}
