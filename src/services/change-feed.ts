import type { Database } from '../../db/client.ts';

// What changed, pushed (docs/design.md "Caches and invalidation"): this process's own commits arrive at
// commit (synchronously, before the write returns), every process's commits through LISTEN. Caches
// subscribe and drop what a change touched; while LISTEN is down they must not trust what they hold.

export interface Change {
  /** Projects whose progress may have changed; `all` when the note could not name them. */
  projects: ReadonlySet<number> | 'all';
  /** Users or tokens changed: what a credential may do. */
  auth: boolean;
}

/** `3,17,auth` → projects {3, 17} and auth; anything unreadable means everything. */
export function parseNote(note: string): Change {
  const projects = new Set<number>();
  let all = false;
  let auth = false;
  for (const part of note.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    if (p === 'auth') auth = true;
    else if (/^\d{1,10}$/.test(p)) projects.add(Number(p));
    else all = true;
  }
  return { projects: all ? 'all' : projects, auth: auth || all };
}

export const everything: Change = Object.freeze({ projects: 'all', auth: true });

export interface ChangeFeed {
  subscribe(listener: (change: Change) => void): () => void;
  /** False while another process's writes could be missed: caches then serve nothing they hold. */
  trusted(): boolean;
  close(): Promise<void>;
}

/** A feed over a database's commit notes and LISTEN. */
export async function startChangeFeed(database: Pick<Database, 'onCommit' | 'listen'>): Promise<ChangeFeed> {
  const listeners = new Set<(change: Change) => void>();
  let up = false;
  const emit = (change: Change) => {
    for (const l of listeners) l(change);
  };
  const stopCommits = database.onCommit((note) => emit(parseNote(note)));
  const stopListening = await database.listen(
    (note) => emit(parseNote(note)),
    (isUp) => {
      // Either way what was cached may be behind: writes may have happened while nobody listened.
      up = isUp;
      emit(everything);
    },
  );
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    trusted: () => up,
    async close() {
      stopCommits();
      await stopListening();
      up = false;
    },
  };
}
