import type { Actor } from '../auth/actor.ts';
import type { ChangeFeed } from './change-feed.ts';

// Who a token stands for, kept in memory (docs/design.md "Caches and invalidation"): a request with a known
// token costs no database round trip. Revoking a token, or disabling or changing a user, notes `auth`, and
// every process drops everything it holds; while LISTEN is down nothing is trusted. Unknown tokens are never
// remembered, so a new token works at once.

export interface CachedToken {
  tokenId: number;
  actor: Omit<Actor, 'address' | 'via'>;
  expiresAt: number | null;
  /** When last_used_at was last written (ms), so it is refreshed about once a minute, not per request. */
  lastUsedAt: number | null;
}

/** Credentials (API tokens, browser sessions) by the hash of their secret. */
export interface CredentialCache<V> {
  get(hash: string): V | undefined;
  /** Call before looking a credential up; pass what it returned to set(). */
  epoch(): number;
  /** Keeps an entry read since `epoch`, unless a credential changed in between. */
  set(hash: string, entry: V, epoch: number): void;
  /** Forgets one credential at once (this process ended it; other processes hear of it by the `auth` note). */
  drop(hash: string): void;
}

export type TokenCache = CredentialCache<CachedToken>;

export const noTokenCache: TokenCache = { get: () => undefined, epoch: () => 0, set: () => {}, drop: () => {} };
export const noCredentialCache = <V>(): CredentialCache<V> => ({ get: () => undefined, epoch: () => 0, set: () => {}, drop: () => {} });

export function createTokenCache(feed: ChangeFeed, maxEntries = 10_000): TokenCache {
  return createCredentialCache<CachedToken>(feed, maxEntries);
}

export function createCredentialCache<V>(feed: ChangeFeed, maxEntries = 10_000): CredentialCache<V> {
  const entries = new Map<string, V>();
  let epoch = 0;
  feed.subscribe((change) => {
    if (change.auth) {
      epoch += 1;
      entries.clear();
    }
  });
  return {
    get: (hash) => (feed.trusted() ? entries.get(hash) : undefined),
    epoch: () => epoch,
    set(hash, entry, since) {
      // A credential that changed while it was being looked up is not kept: the change must win.
      if (!feed.trusted() || since !== epoch) return;
      entries.set(hash, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    drop(hash) {
      // A lookup that began before the drop must not put it back.
      epoch += 1;
      entries.delete(hash);
    },
  };
}
