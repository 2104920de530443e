import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { entries } from '../../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import { toEntryDto, type EntryDto } from './entries.ts';

/** One entry by id, with the entry that superseded it (if any); 404 when there is none. */
export async function getEntry(db: Db, id: number): Promise<EntryDto> {
  const later = alias(entries, 'later');
  const [row] = await db
    .select({ entry: entries, supersededBy: later.id })
    .from(entries)
    .leftJoin(later, eq(later.supersedesId, entries.id))
    .where(eq(entries.id, id))
    .limit(1);
  if (!row) throw new NotFoundError('entry', id);
  return toEntryDto(row.entry, row.supersededBy);
}
