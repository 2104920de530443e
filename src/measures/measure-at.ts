import { elapsedDays, type Period } from '../evaluation/time-share.ts';
import { measureUnit, type MeasureSpec } from './spec.ts';

// Evaluates a measure at any day from facts already loaded (per-day aggregates and the few raw rows
// that cannot be pre-summed), so a progress read and a chart series share one load. Pure.

export interface DailyAggregate {
  day: string;
  n: number;
  hits: number;
  sum: number;
}

export interface ChannelDay {
  platform: string;
  day: string;
  posts: number;
  readers: number;
  reads: number;
}

export interface DurationEntry {
  id: number;
  kind: string;
  day: string;
  fields: Record<string, unknown>;
}

export interface LoadedFacts {
  period: Period;
  /** measure_daily per indicator, sorted by day. */
  measureDaily: Map<number, DailyAggregate[]>;
  /** Current entries of kinds that duration measures read, sorted by day. */
  durationEntries: DurationEntry[];
  /** channel_daily of the project's channels; null when the project has no channel. */
  channelDays: ChannelDay[] | null;
  /** Linked Weibo channels whose readers come from no source (no commercial count endpoint). */
  weiboWithoutReaders?: number;
  /** probe_daily of the project's endpoints; null when it has none. */
  probeDays: { day: string; total: number; ok: number }[] | null;
  /** Current manual values per indicator, sorted by as-of day. */
  manual: Map<number, { asOf: string; value: number }[]>;
}

export interface MeasuredValue {
  /** In the measure's unit (see measureUnit); null when there is nothing to measure yet. */
  value: number | null;
  samples: number;
  latestDay: string | null;
  /** Why the value is null, when it is not simply "no facts". */
  note: string | null;
}

const none = (note: string | null = null): MeasuredValue => ({ value: null, samples: 0, latestDay: null, note });

export function measureAt(spec: MeasureSpec, indicatorId: number, facts: LoadedFacts, asOf: string): MeasuredValue {
  switch (spec.type) {
    case 'elapsed_days':
      return { value: elapsedDays(facts.period, asOf), samples: 1, latestDay: asOf, note: null };
    case 'manual': {
      const latest = lastUpTo(facts.manual.get(indicatorId) ?? [], asOf, (m) => m.asOf);
      return latest ? { value: latest.value, samples: 1, latestDay: latest.asOf, note: null } : none();
    }
    case 'duration':
      return durationAt(spec, facts.durationEntries, asOf);
    default:
      break;
  }
  if (spec.source === 'posts' || spec.source === 'post_stats') {
    if (!facts.channelDays) return none('项目未关联发布渠道');
    const days = facts.channelDays.filter((d) => spec.platforms.includes(d.platform as never) && d.day <= asOf);
    const posts = days.reduce((a, d) => a + d.posts, 0);
    const latestDay = days.length ? days[days.length - 1]!.day : null;
    if (spec.source === 'posts') return { value: posts, samples: posts, latestDay, note: null };
    const total = days.reduce((a, d) => a + (spec.metric === 'reads' ? d.reads : d.readers), 0);
    // Ordinary Weibo apps get no read counts: say so rather than let a sum look complete.
    const note = spec.platforms.includes('weibo') && (facts.weiboWithoutReaders ?? 0) > 0
      ? '微博阅读数未接入（需配置商业计数接口或导入），此处仅含其他渠道的阅读数'
      : null;
    return { value: total, samples: posts, latestDay, note };
  }
  if (spec.source === 'probes') {
    if (!facts.probeDays) return none('项目未配置网络探测');
    const days = facts.probeDays.filter((d) => d.day <= asOf);
    const total = days.reduce((a, d) => a + d.total, 0);
    const ok = days.reduce((a, d) => a + d.ok, 0);
    return total === 0 ? none() : { value: (ok / total) * 100, samples: total, latestDay: days[days.length - 1]!.day, note: null };
  }
  const days = (facts.measureDaily.get(indicatorId) ?? []).filter((d) => d.day <= asOf);
  const n = days.reduce((a, d) => a + d.n, 0);
  const hits = days.reduce((a, d) => a + d.hits, 0);
  const sum = days.reduce((a, d) => a + d.sum, 0);
  const latestDay = days.length ? days[days.length - 1]!.day : null;
  switch (spec.type) {
    case 'count':
      return { value: n, samples: n, latestDay, note: null };
    case 'sum':
      return { value: round6(sum), samples: n, latestDay, note: null };
    case 'ratio':
      return n === 0 ? none() : { value: (hits / n) * 100, samples: n, latestDay, note: null };
    case 'avg':
      return n === 0 ? none() : { value: sum / n, samples: n, latestDay, note: null };
  }
}

function durationAt(spec: Extract<MeasureSpec, { type: 'duration' }>, list: DurationEntry[], asOf: string): MeasuredValue {
  // The as-of day ends at 24:00 in Asia/Shanghai; a fault still open then counts with its age.
  const endOfDay = Date.parse(`${asOf}T24:00:00+08:00`);
  const hours: number[] = [];
  let latestDay: string | null = null;
  for (const e of list) {
    if (e.kind !== spec.kind || e.day > asOf) continue;
    const from = Date.parse(String(e.fields[spec.from]));
    if (Number.isNaN(from)) continue;
    const toRaw = e.fields[spec.to];
    let to = toRaw ? Date.parse(String(toRaw)) : Number.NaN;
    if (Number.isNaN(to) || to > endOfDay) {
      if (!spec.openCountsAsAge) continue;
      to = endOfDay;
    }
    hours.push(Math.max(0, (to - from) / 3_600_000));
    latestDay = e.day;
  }
  if (hours.length === 0) return none();
  let value: number;
  switch (spec.stat) {
    case 'max':
      value = Math.max(...hours);
      break;
    case 'avg':
      value = hours.reduce((a, h) => a + h, 0) / hours.length;
      break;
    case 'p90': {
      // nearest-rank percentile
      const sorted = [...hours].sort((a, b) => a - b);
      value = sorted[Math.ceil(0.9 * sorted.length) - 1]!;
      break;
    }
    case 'share_within': {
      const limit = spec.withinHours ?? 24;
      value = (hours.filter((h) => h <= limit).length / hours.length) * 100;
      break;
    }
  }
  return { value: round6(value), samples: hours.length, latestDay, note: null };
}

function lastUpTo<T>(list: T[], asOf: string, day: (t: T) => string): T | null {
  let found: T | null = null;
  for (const item of list) if (day(item) <= asOf) found = item;
  return found;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * Converts a measured value into the target's normalised unit; null when they cannot meet
 * (a count measure bound to a percent target, say).
 */
export function toTargetUnit(spec: MeasureSpec, value: number, targetUnit: string | null): number | null {
  const unit = measureUnit(spec);
  if (unit === 'target') return value;
  const moneyOrTime = new Set(['yuan', 'percent', 'hours', 'workdays', 'months', 'years']);
  switch (unit) {
    case 'count':
      return targetUnit === null || !moneyOrTime.has(targetUnit) ? value : null;
    case 'days':
      if (targetUnit === 'hours') return value * 24;
      return targetUnit === null || !moneyOrTime.has(targetUnit) ? value : null;
    default:
      return targetUnit === unit ? value : null;
  }
}
