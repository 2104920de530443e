// The shapes of posts and their dated counters as they come in, shared by the connectors (jobs/connectors
// write them), the WeChat export reader and the services that store them (posts.ts). They live in src/ so
// that no service imports from jobs/ (docs/design.md "Data sources").

/** A post of a channel, identified by the platform's own id. */
export interface PostInput {
  externalId: string;
  title: string;
  url: string | null;
  /** ISO instant */
  publishedAt: string;
}

/** Cumulative counters of one post. Null = not provided by the source (never 0 in its place). */
export interface PostCounters {
  readers: number | null;
  reads: number | null;
  shares: number | null;
  likes: number | null;
  zaikan: number | null;
  comments: number | null;
  favourites: number | null;
}

/** A post's counters as read on `day` (YYYY-MM-DD, Asia/Shanghai), keyed by the platform's post id. */
export interface PostSnapshot extends PostCounters {
  externalId: string;
  day: string;
}

/** What one fetch of a channel gives: posts and their snapshots, written together or not at all. */
export interface PostBatch {
  posts: PostInput[];
  snapshots: PostSnapshot[];
}
