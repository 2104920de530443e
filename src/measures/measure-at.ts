import { daysInUnit, elapsedDays, isInPeriod, type Period } from '../evaluation/time-share.ts';
import { measureUnit, type MeasureSpec } from './spec.ts';

// Evaluates a measure at any day from facts already loaded (per-day aggregates and the few raw rows
// that cannot be pre-summed), so a progress read and a chart series share one load. Pure.
// Facts count only inside the project's period (docs/design.md, Monitoring rules): whatever the loader
// returns, a fact dated before the period's first day or after its last is left out here.

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
  /**
   * Current manual values per indicator, sorted by as-of day: for manual measures the value itself; for any
   * other measure a manual 0 attests that nothing happened (see measureAt).
   */
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

/**
 * The measure's value as of `asOf`, from facts inside the period up to that day. For a measure other than
 * `manual` that has no sample, a current manual value of exactly 0 counts as one sample without changing the
 * value: a person's attestation that nothing happened, so a cap on incidents or spending with nothing logged
 * can be judged rather than shown as 无数据.
 */
export function measureAt(spec: MeasureSpec, indicatorId: number, facts: LoadedFacts, asOf: string): MeasuredValue {
  const measured = measureFacts(spec, indicatorId, facts, asOf);
  if (spec.type === 'manual' || measured.samples > 0) return measured;
  const attested = latestManual(facts, indicatorId, asOf);
  if (attested?.value !== 0) return measured;
  return { ...measured, samples: 1, latestDay: measured.latestDay ?? attested.asOf };
}

function measureFacts(spec: MeasureSpec, indicatorId: number, facts: LoadedFacts, asOf: string): MeasuredValue {
  const { period } = facts;
  switch (spec.type) {
    case 'elapsed_days':
      return { value: elapsedDays(period, asOf), samples: 1, latestDay: asOf, note: null };
    case 'manual': {
      const latest = latestManual(facts, indicatorId, asOf);
      return latest ? { value: latest.value, samples: 1, latestDay: latest.asOf, note: null } : none();
    }
    case 'duration': {
      // After the period, an open fault's age stops at the period's last day, as every other fact does.
      const upTo = asOf < period.end ? asOf : period.end;
      return durationAt(
        spec,
        inPeriod(facts.durationEntries, period, upTo, (e) => e.day),
        upTo,
      );
    }
    default:
      break;
  }
  if (spec.source === 'posts' || spec.source === 'post_stats') {
    if (!facts.channelDays) return none('项目未关联发布渠道');
    const days = inPeriod(facts.channelDays, period, asOf, (d) => d.day).filter((d) => spec.platforms.includes(d.platform as never));
    const posts = days.reduce((a, d) => a + d.posts, 0);
    const latestDay = days.length ? days[days.length - 1]!.day : null;
    if (spec.source === 'posts') return { value: posts, samples: posts, latestDay, note: null };
    const total = days.reduce((a, d) => a + (spec.metric === 'reads' ? d.reads : d.readers), 0);
    // Ordinary Weibo apps get no read counts: say so rather than let a sum look complete.
    const note =
      spec.platforms.includes('weibo') && (facts.weiboWithoutReaders ?? 0) > 0
        ? '微博阅读数未接入（需配置商业计数接口或导入），此处仅含其他渠道的阅读数'
        : null;
    return { value: total, samples: posts, latestDay, note };
  }
  if (spec.source === 'tallies') {
    const total = (id: number) => inPeriod(facts.measureDaily.get(id) ?? [], period, asOf, (d) => d.day);
    const done = total(spec.numerator);
    const planned = total(spec.denominator);
    const plannedSum = planned.reduce((a, d) => a + d.sum, 0);
    if (plannedSum <= 0) return none();
    const doneSum = done.reduce((a, d) => a + d.sum, 0);
    const latestDay = [...done, ...planned].reduce<string | null>((a, d) => (a === null || d.day > a ? d.day : a), null);
    return { value: round6((doneSum / plannedSum) * 100), samples: done.length + planned.length, latestDay, note: null };
  }
  if (spec.source === 'probes') {
    if (!facts.probeDays) return none('项目未配置网络探测');
    const days = inPeriod(facts.probeDays, period, asOf, (d) => d.day);
    const total = days.reduce((a, d) => a + d.total, 0);
    const ok = days.reduce((a, d) => a + d.ok, 0);
    return total === 0 ? none() : { value: (ok / total) * 100, samples: total, latestDay: days[days.length - 1]!.day, note: null };
  }
  const days = inPeriod(facts.measureDaily.get(indicatorId) ?? [], period, asOf, (d) => d.day);
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

/** The items dated inside the period and on or before the as-of day. */
function inPeriod<T>(list: T[], period: Period, asOf: string, day: (t: T) => string): T[] {
  return list.filter((item) => day(item) <= asOf && isInPeriod(day(item), period));
}

function durationAt(spec: Extract<MeasureSpec, { type: 'duration' }>, list: DurationEntry[], asOf: string): MeasuredValue {
  // The as-of day ends at 24:00 in Asia/Shanghai; a fault still open then counts with its age.
  const endOfDay = Date.parse(`${asOf}T24:00:00+08:00`);
  const hours: number[] = [];
  let latestDay: string | null = null;
  for (const e of list) {
    if (e.kind !== spec.kind) continue;
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

/** The latest current manual value inside the period, on or before the day (the list is sorted by day). */
function latestManual(facts: LoadedFacts, indicatorId: number, asOf: string): { asOf: string; value: number } | null {
  return inPeriod(facts.manual.get(indicatorId) ?? [], facts.period, asOf, (m) => m.asOf).at(-1) ?? null;
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
      return targetUnit === null || !(moneyOrTime.has(targetUnit) || targetUnit.includes('/')) ? value : null;
    case 'days':
      // 天 targets are kept in hours; 年 and 个月 in years and months of 365 and 365/12 days.
      return daysInUnit(value, targetUnit);
    default:
      return targetUnit === unit ? value : null;
  }
}
