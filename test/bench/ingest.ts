import type { Sql } from 'postgres';
import type { Db } from '../../db/client.ts';
import { upsertSnapshots, type SnapshotInput } from '../../src/services/posts.ts';
import { finalReaders, LAST_SNAPSHOT_DAY, postIdsOfChannel, type Sizes } from './generate.ts';
import { percentile } from './http-load.ts';
import { copyTable } from './load.ts';
import { uniform } from './prng.ts';
import { bindAll } from './rebuild-timed.ts';

// The ingest figure: new stat snapshots of existing posts written the way the jobs write them
// (`upsertSnapshots` in a transaction of a day batch's size, through the app's drizzle handle), against a
// raw COPY of as many equivalent rows into post_stats, then the same snapshots again (an idempotent re-run:
// every row conflicts, nothing changes). Afterwards channel_daily of the touched channels must equal a
// rebuild from the facts: the incremental path checked at scale.

export const INGEST_DAYS = 5;
/** Snapshots per transaction: a WeChat day batch is a few hundred to a few thousand. */
export const INGEST_PER_TRANSACTION = 2000;
const SOURCE = 'bench:ingest';
const SNAPSHOT_COLUMNS = ['post_id', 'day', 'readers', 'reads', 'shares', 'likes', 'zaikan', 'comments', 'favourites', 'source'];

export interface PassTiming {
  snapshots: number;
  /** Rows the upsert inserted or changed (its RETURNING count). */
  written: number;
  seconds: number;
  perSecond: number;
  /** Time in the two channel_daily growth recomputations (`applyGrowth` −1 / +1). */
  growthSeconds: number;
  /** The rest: the post_stats upsert, BEGIN/COMMIT, building the statements. */
  otherSeconds: number;
  transactionMs: { median: number; p99: number; max: number };
}

export interface AggregateCheck {
  label: string;
  channels: number;
  /** channel_daily rows of those channels. */
  rows: number;
  mismatches: number;
  /** A few differing (channel, day) rows, expected vs actual. */
  sample: string[];
}

export interface IngestResult {
  posts: number;
  channels: number;
  days: string[];
  snapshots: number;
  perTransaction: number;
  transactions: number;
  postStatsBefore: number;
  upsert: PassTiming;
  copy: { rows: number; channels: number; seconds: number; perSecond: number };
  rerun: PassTiming;
  checks: AggregateCheck[];
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Counters of post j on new day k (1-based), after every generated snapshot: the readers keep growing
 * slowly (0.1–1.1 % of the month's figure a day), and three posts in ten get no new readers at all.
 */
function snapshotOf(postId: number, day: string, k: number): SnapshotInput {
  const j = postId - 1;
  const final = finalReaders(j);
  const perDay = uniform(j, 21) < 0.3 ? 0 : final * (0.001 + uniform(j, 20) * 0.01);
  const readers = final + Math.round(perDay * k);
  return {
    postId,
    day,
    readers,
    reads: Math.round(readers * 1.4),
    shares: Math.floor(readers / 50),
    likes: Math.floor(readers / 30),
    zaikan: Math.floor(readers / 100),
    comments: Math.floor(readers / 200),
    favourites: Math.floor(readers / 80),
  };
}

/** WeChat channels (odd ids) from the first, taken whole until they hold `wanted` posts. */
function pickChannels(sizes: Sizes, from: number, wanted: number): { channels: number[]; postIds: number[] } {
  const channels: number[] = [];
  const postIds: number[] = [];
  for (let c = from; postIds.length < wanted && c <= sizes.projects * sizes.channelsPerProject; c += 2) {
    const ids = postIdsOfChannel(c, sizes);
    if (ids.length === 0) break;
    channels.push(c);
    postIds.push(...ids);
  }
  return { channels, postIds };
}

/** Snapshots ordered as the jobs send them: day by day, channel by channel. */
function snapshotsFor(postIds: number[], days: string[]): SnapshotInput[] {
  return days.flatMap((day, k) => postIds.map((id) => snapshotOf(id, day, k + 1)));
}

async function upsertPass(db: Db, batches: SnapshotInput[][]): Promise<PassTiming> {
  let growthSeconds = 0;
  let written = 0;
  const txMs: number[] = [];
  const started = performance.now();
  for (const batch of batches) {
    const t0 = performance.now();
    const r = await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      // upsertSnapshots runs its two growth recomputations through tx.execute and the upsert through
      // tx.insert: timing execute separates the two.
      const timed = bindAll(tx, (p) => {
        if (p !== 'execute') return undefined;
        return async (query: unknown) => {
          const s = performance.now();
          try {
            return await (tx.execute as (q: unknown) => Promise<unknown>)(query);
          } finally {
            growthSeconds += (performance.now() - s) / 1000;
          }
        };
      });
      return upsertSnapshots(timed, batch, SOURCE);
    });
    written += r.written;
    txMs.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  const snapshots = batches.reduce((a, b) => a + b.length, 0);
  const sorted = Float64Array.from(txMs).sort();
  return {
    snapshots,
    written,
    seconds,
    perSecond: snapshots / seconds,
    growthSeconds,
    otherSeconds: seconds - growthSeconds,
    transactionMs: { median: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0 },
  };
}

/** channel_daily of the given channels against what rebuildAggregates would put there (an all-zero row equals no row). */
export async function checkChannelDaily(sql: Sql, label: string, channels: number[]): Promise<AggregateCheck> {
  const ids = sql.array(channels);
  const rows = await sql<
    {
      channel_id: number;
      day: string;
      e_posts: string | null;
      e_readers: string | null;
      e_reads: string | null;
      a_posts: string | null;
      a_readers: string | null;
      a_reads: string | null;
    }[]
  >`
    with touched_posts as (select id, channel_id from posts where channel_id = any(${ids}::int[])),
    expected as (
      select channel_id, day, sum(posts)::bigint as posts, sum(readers)::bigint as readers, sum(reads)::bigint as reads from (
        select channel_id, day, count(*) as posts, 0::bigint as readers, 0::bigint as reads from posts where channel_id = any(${ids}::int[]) group by channel_id, day
        union all
        select p.channel_id, g.day, 0, sum(g.readers_growth), sum(g.reads_growth)
        from (
          select s.post_id, s.day,
            coalesce(s.readers, 0) - coalesce(lag(s.readers) over w, 0) as readers_growth,
            coalesce(s.reads, 0) - coalesce(lag(s.reads) over w, 0) as reads_growth
          from post_stats s
          where s.post_id in (select id from touched_posts)
          window w as (partition by s.post_id order by s.day)
        ) g join touched_posts p on p.id = g.post_id
        group by p.channel_id, g.day
      ) u group by channel_id, day
    ),
    actual as (select channel_id, day, posts::bigint as posts, readers, reads from channel_daily where channel_id = any(${ids}::int[])),
    compared as (
      select coalesce(e.channel_id, a.channel_id) as channel_id, coalesce(e.day, a.day)::text as day,
        e.posts as e_posts, e.readers as e_readers, e.reads as e_reads, a.posts as a_posts, a.readers as a_readers, a.reads as a_reads,
        (coalesce(e.posts, 0), coalesce(e.readers, 0), coalesce(e.reads, 0)) is distinct from (coalesce(a.posts, 0), coalesce(a.readers, 0), coalesce(a.reads, 0)) as differs
      from expected e full join actual a on a.channel_id = e.channel_id and a.day = e.day
    )
    select channel_id, day, e_posts, e_readers, e_reads, a_posts, a_readers, a_reads
    from compared where differs order by channel_id, day`;
  const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from channel_daily where channel_id = any(${ids}::int[])`;
  const fmt = (p: string | null, r: string | null, d: string | null) => `posts ${p ?? '-'} readers ${r ?? '-'} reads ${d ?? '-'}`;
  return {
    label,
    channels: channels.length,
    rows: n,
    mismatches: rows.length,
    sample: rows
      .slice(0, 5)
      .map(
        (r) => `channel ${r.channel_id} ${r.day}: rebuild ${fmt(r.e_posts, r.e_readers, r.e_reads)}; channel_daily ${fmt(r.a_posts, r.a_readers, r.a_reads)}`,
      ),
  };
}

export async function measureIngest(db: Db, sql: Sql, sizes: Sizes, log: (msg: string) => void): Promise<IngestResult> {
  const wanted = Math.max(1, Math.round(40_000 * (sizes.posts / 1_000_000)));
  const upserted = pickChannels(sizes, 1, wanted);
  const last = upserted.channels[upserted.channels.length - 1] ?? 1;
  const copied = pickChannels(sizes, last + 2, upserted.postIds.length);
  copied.postIds = copied.postIds.slice(0, upserted.postIds.length);
  if (upserted.postIds.length === 0 || copied.postIds.length < upserted.postIds.length)
    throw new Error('ingest: not enough posts for two disjoint sets of channels');
  // Days after every generated snapshot (the last is LAST_SNAPSHOT_DAY), so every key is new.
  const days = Array.from({ length: INGEST_DAYS }, (_, k) => addDays(LAST_SNAPSHOT_DAY, 2 + k));

  const snapshots = snapshotsFor(upserted.postIds, days);
  const batches: SnapshotInput[][] = [];
  for (let i = 0; i < snapshots.length; i += INGEST_PER_TRANSACTION) batches.push(snapshots.slice(i, i + INGEST_PER_TRANSACTION));
  const copyLines = snapshotsFor(copied.postIds, days).map(
    (s) => `${s.postId}\t${s.day}\t${s.readers}\t${s.reads}\t${s.shares}\t${s.likes}\t${s.zaikan}\t${s.comments}\t${s.favourites}\t${SOURCE}\n`,
  );
  log(
    `  ${snapshots.length.toLocaleString('en-US')} new snapshots: ${upserted.postIds.length.toLocaleString('en-US')} posts of ${upserted.channels.length} WeChat channels × ${days.length} days (${days[0]} – ${days[days.length - 1]}), ` +
      `${batches.length} transactions of ≤ ${INGEST_PER_TRANSACTION}; COPY into ${copied.channels.length} other channels`,
  );

  const count = async () => Number((await sql`select count(*)::bigint as n from post_stats`)[0]?.n ?? 0);
  const postStatsBefore = await count();
  const checks: AggregateCheck[] = [];
  const check = async (label: string) => {
    const c = await checkChannelDaily(sql, label, upserted.channels);
    checks.push(c);
    log(
      `  channel_daily vs rebuild (${label}): ${c.rows.toLocaleString('en-US')} rows of ${c.channels} channels, ${c.mismatches} differ${c.mismatches ? `\n    ${c.sample.join('\n    ')}` : ''}`,
    );
  };
  await check('before');

  const show = (name: string, p: PassTiming) =>
    log(
      `  ${name}: ${p.snapshots.toLocaleString('en-US')} snapshots in ${p.seconds.toFixed(1)} s = ${Math.round(p.perSecond).toLocaleString('en-US')}/s ` +
        `(written ${p.written.toLocaleString('en-US')}; growth recomputations ${p.growthSeconds.toFixed(1)} s, upsert + rest ${p.otherSeconds.toFixed(1)} s; ` +
        `per transaction median ${p.transactionMs.median.toFixed(0)} ms, p99 ${p.transactionMs.p99.toFixed(0)} ms, max ${p.transactionMs.max.toFixed(0)} ms)`,
    );

  const upsert = await upsertPass(db, batches);
  show('upsertSnapshots', upsert);
  const afterUpsert = await count();
  if (afterUpsert - postStatsBefore !== snapshots.length)
    throw new Error(`ingest: post_stats grew by ${afterUpsert - postStatsBefore}, expected ${snapshots.length}`);
  await check('after the upserts');

  const t = performance.now();
  await copyTable(sql, { table: 'post_stats', columns: SNAPSHOT_COLUMNS, count: copyLines.length, rows: () => copyLines });
  const copySeconds = (performance.now() - t) / 1000;
  const copy = { rows: copyLines.length, channels: copied.channels.length, seconds: copySeconds, perSecond: copyLines.length / copySeconds };
  log(`  COPY post_stats: ${copy.rows.toLocaleString('en-US')} rows in ${copy.seconds.toFixed(1)} s = ${Math.round(copy.perSecond).toLocaleString('en-US')}/s`);
  if ((await count()) - afterUpsert !== copy.rows) throw new Error('ingest: COPY did not add every row');

  const rerun = await upsertPass(db, batches);
  show('upsertSnapshots again (idempotent re-run)', rerun);
  if ((await count()) !== afterUpsert + copy.rows) throw new Error('ingest: the re-run changed the number of post_stats rows');
  await check('after the re-run');

  return {
    posts: upserted.postIds.length,
    channels: upserted.channels.length,
    days,
    snapshots: snapshots.length,
    perTransaction: INGEST_PER_TRANSACTION,
    transactions: batches.length,
    postStatsBefore,
    upsert,
    copy,
    rerun,
    checks,
  };
}
