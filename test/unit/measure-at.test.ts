import { describe, expect, it } from 'vitest';
import { entryContributions } from '../../src/measures/contributions.ts';
import { measureAt, toTargetUnit, type LoadedFacts } from '../../src/measures/measure-at.ts';
import { measureAggregation, type MeasureSpec } from '../../src/measures/spec.ts';

const facts = (over: Partial<LoadedFacts> = {}): LoadedFacts => ({
  period: { start: '2024-01-01', end: '2024-12-31' },
  measureDaily: new Map(),
  durationEntries: [],
  channelDays: null,
  probeDays: null,
  manual: new Map(),
  ...over,
});

describe('entryContributions', () => {
  const ratio: MeasureSpec = { type: 'ratio', source: 'entries', kind: 'task', hit: [{ op: 'done_by_as_of', field: 'done_at' }], where: [] };
  it.each([
    [
      'a task done before it is due counts as a hit from its due day',
      { due: '2024-12-15', done_at: '2024-06-10' },
      '2024-12-15',
      [{ day: '2024-12-15', n: 1, hits: 1, sum: 0 }],
    ],
    [
      'a task done after it is due becomes a hit on the day it is done',
      { due: '2024-03-01', done_at: '2024-04-01' },
      '2024-03-01',
      [
        { day: '2024-03-01', n: 1, hits: 0, sum: 0 },
        { day: '2024-04-01', n: 0, hits: 1, sum: 0 },
      ],
    ],
    ['an open task is only in the denominator', { due: '2024-03-01' }, '2024-03-01', [{ day: '2024-03-01', n: 1, hits: 0, sum: 0 }]],
  ])('%s', (_name, fields, day, expected) => {
    expect(entryContributions(ratio, { kind: 'task', day, fields: { title: 't', ...fields } })).toEqual(expected);
  });

  it('filters and kinds select entries; sums read the field', () => {
    const incidents: MeasureSpec = { type: 'count', source: 'entries', kind: 'incident', where: [{ op: 'in', field: 'level', values: ['large', 'major'] }] };
    expect(entryContributions(incidents, { kind: 'incident', day: '2024-05-01', fields: { level: 'general' } })).toEqual([]);
    expect(entryContributions(incidents, { kind: 'incident', day: '2024-05-01', fields: { level: 'large' } })).toHaveLength(1);
    expect(entryContributions(incidents, { kind: 'fault', day: '2024-05-01', fields: { level: 'large' } })).toEqual([]);
    const spend: MeasureSpec = { type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] };
    expect(entryContributions(spend, { kind: 'expenditure', day: '2024-05-01', fields: { amount: 1234.56 } })).toEqual([
      { day: '2024-05-01', n: 1, hits: 0, sum: 1234.56 },
    ]);
    const onTime: MeasureSpec = {
      type: 'ratio',
      source: 'entries',
      kind: 'opinion_report',
      hit: [{ op: 'lte_field', field: 'delivered_at', other: 'due_at' }],
      where: [],
    };
    expect(
      entryContributions(onTime, {
        kind: 'opinion_report',
        day: '2024-05-01',
        fields: { due_at: '2024-05-01T10:00:00.000Z', delivered_at: '2024-05-01T11:00:00.000Z' },
      })[0]!.hits,
    ).toBe(0);
    expect(
      entryContributions(onTime, { kind: 'opinion_report', day: '2024-05-01', fields: { due_at: '2024-05-01T10:00:00.000Z', delivered_at: null } })[0]!.hits,
    ).toBe(0);
  });
});

describe('measureAt', () => {
  const daily = new Map([
    [
      1,
      [
        { day: '2024-02-01', n: 2, hits: 1, sum: 10 },
        { day: '2024-08-01', n: 2, hits: 2, sum: 30 },
      ],
    ],
  ]);
  it.each([
    ['count', { type: 'count', source: 'entries', kind: 'activity', where: [] }, '2024-07-01', 2],
    ['count, later', { type: 'count', source: 'entries', kind: 'activity', where: [] }, '2024-12-31', 4],
    ['sum', { type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] }, '2024-12-31', 40],
    ['ratio in percent', { type: 'ratio', source: 'entries', kind: 'task', hit: [{ op: 'not_null', field: 'done_at' }], where: [] }, '2024-12-31', 75],
    ['average', { type: 'avg', source: 'entries', kind: 'survey', field: 'score', where: [] }, '2024-07-01', 5],
  ] as [string, MeasureSpec, string, number][])('%s', (_n, spec, asOf, value) => {
    expect(measureAt(spec, 1, facts({ measureDaily: daily }), asOf).value).toBe(value);
  });

  it('a ratio or average with no samples is no data, a count with none is zero', () => {
    expect(
      measureAt({ type: 'ratio', source: 'entries', kind: 'task', hit: [{ op: 'not_null', field: 'x' }], where: [] }, 9, facts(), '2024-07-01'),
    ).toMatchObject({ value: null, samples: 0 });
    expect(measureAt({ type: 'count', source: 'entries', kind: 'activity', where: [] }, 9, facts(), '2024-07-01')).toMatchObject({ value: 0, samples: 0 });
  });

  it('post measures need a linked channel and sum per platform up to the day', () => {
    const spec: MeasureSpec = { type: 'sum', source: 'post_stats', metric: 'readers', platforms: ['wechat'] };
    expect(measureAt(spec, 1, facts(), '2024-07-01')).toMatchObject({ value: null, note: '项目未关联发布渠道' });
    const channelDays = [
      { platform: 'wechat', day: '2024-03-01', posts: 2, readers: 100, reads: 150 },
      { platform: 'weibo', day: '2024-03-01', posts: 5, readers: 0, reads: 0 },
      { platform: 'wechat', day: '2024-09-01', posts: 1, readers: 60, reads: 80 },
    ];
    expect(measureAt(spec, 1, facts({ channelDays }), '2024-07-01').value).toBe(100);
    expect(measureAt({ type: 'count', source: 'posts', platforms: ['wechat', 'weibo'] }, 1, facts({ channelDays }), '2024-12-31').value).toBe(8);
    const both: MeasureSpec = { type: 'sum', source: 'post_stats', metric: 'readers', platforms: ['wechat', 'weibo'] };
    expect(measureAt(both, 1, facts({ channelDays }), '2024-07-01').note).toBeNull();
    // a Weibo account without a read-count source: the sum is said to be WeChat's only
    expect(measureAt(both, 1, facts({ channelDays, weiboWithoutReaders: 1 }), '2024-07-01')).toMatchObject({
      value: 100,
      note: expect.stringContaining('微博阅读数未接入'),
    });
  });

  it.each([
    ['max', 30],
    ['avg', (2 + 30 + 4) / 3],
    ['p90', 30],
    ['share_within', (2 / 3) * 100],
  ] as const)('durations: %s of resolved faults and an open one aged to the end of the day', (stat, value) => {
    const durationEntries = [
      { id: 1, kind: 'fault', day: '2024-02-01', fields: { opened_at: '2024-02-01T01:00:00.000Z', resolved_at: '2024-02-01T03:00:00.000Z' } },
      { id: 2, kind: 'fault', day: '2024-03-01', fields: { opened_at: '2024-03-01T00:00:00.000Z', resolved_at: '2024-03-02T06:00:00.000Z' } },
      // opened 20:00 Shanghai on 30 June, still open: 4 h old at the end of that day
      { id: 3, kind: 'fault', day: '2024-06-30', fields: { opened_at: '2024-06-30T12:00:00.000Z', resolved_at: null } },
    ];
    const spec: MeasureSpec = {
      type: 'duration',
      source: 'entries',
      kind: 'fault',
      from: 'opened_at',
      to: 'resolved_at',
      stat,
      withinHours: 24,
      openCountsAsAge: true,
    };
    expect(measureAt(spec, 1, facts({ durationEntries }), '2024-06-30').value).toBeCloseTo(value, 5);
  });

  it('manual values: the latest on or before the day', () => {
    const manual = new Map([
      [
        1,
        [
          { asOf: '2024-03-31', value: 8 },
          { asOf: '2024-09-30', value: 12 },
        ],
      ],
    ]);
    expect(measureAt({ type: 'manual' }, 1, facts({ manual }), '2024-07-01').value).toBe(8);
    expect(measureAt({ type: 'manual' }, 1, facts({ manual }), '2024-02-01').value).toBeNull();
  });

  it.each([
    [{ type: 'elapsed_days' }, 2, 'hours', 48],
    [{ type: 'elapsed_days' }, 365, 'years', 1],
    [{ type: 'elapsed_days' }, 365, 'months', 12],
    [{ type: 'elapsed_days' }, 183, null, 183],
    [{ type: 'elapsed_days' }, 10, 'workdays', null],
    [{ type: 'elapsed_days' }, 10, 'yuan', null],
    [{ type: 'count', source: 'entries', kind: 'activity', where: [] }, 3, 'yuan/公里', null],
    [{ type: 'manual' }, 150, 'yuan/人天', 150],
    [{ type: 'count', source: 'entries', kind: 'activity', where: [] }, 3, '次', 3],
    [{ type: 'count', source: 'entries', kind: 'activity', where: [] }, 3, 'percent', null],
    [{ type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] }, 5, 'yuan', 5],
    [{ type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] }, 5, '次', null],
    [{ type: 'ratio', source: 'probes' }, 95, 'percent', 95],
  ] as [MeasureSpec, number, string, number | null][])('toTargetUnit %j %d → %s', (spec, value, unit, out) => {
    expect(toTargetUnit(spec, value, unit)).toBe(out);
  });
});

const count: MeasureSpec = { type: 'count', source: 'entries', kind: 'incident', where: [] };
const spend: MeasureSpec = { type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] };
const ratio: MeasureSpec = { type: 'ratio', source: 'entries', kind: 'task', hit: [{ op: 'not_null', field: 'done_at' }], where: [] };
const faults: MeasureSpec = { type: 'duration', source: 'entries', kind: 'fault', from: 'opened_at', to: 'resolved_at', stat: 'max', openCountsAsAge: true };

describe('measureAt counts facts only inside the period (2024)', () => {
  it.each<[string, MeasureSpec, Partial<LoadedFacts>, string, number | null, number]>([
    [
      'a 1999 activity is not counted',
      count,
      {
        measureDaily: new Map([
          [
            1,
            [
              { day: '1999-05-04', n: 1, hits: 0, sum: 0 },
              { day: '2024-03-01', n: 2, hits: 0, sum: 0 },
            ],
          ],
        ]),
      },
      '2024-07-01',
      2,
      2,
    ],
    [
      'a day after the period is not counted, even read later',
      spend,
      {
        measureDaily: new Map([
          [
            1,
            [
              { day: '2024-12-31', n: 1, hits: 0, sum: 100 },
              { day: '2025-01-02', n: 1, hits: 0, sum: 900 },
            ],
          ],
        ]),
      },
      '2025-03-01',
      100,
      1,
    ],
    ['a ratio with only 2023 samples has none', ratio, { measureDaily: new Map([[1, [{ day: '2023-12-31', n: 4, hits: 4, sum: 0 }]]]) }, '2024-07-01', null, 0],
    [
      'posts from 2023 are not counted',
      { type: 'count', source: 'posts', platforms: ['wechat'] },
      {
        channelDays: [
          { platform: 'wechat', day: '2023-12-30', posts: 5, readers: 10, reads: 10 },
          { platform: 'wechat', day: '2024-01-02', posts: 1, readers: 1, reads: 1 },
        ],
      },
      '2024-07-01',
      1,
      1,
    ],
    [
      'probes from 2023 are not counted',
      { type: 'ratio', source: 'probes' },
      {
        probeDays: [
          { day: '2023-12-31', total: 10, ok: 0 },
          { day: '2024-01-01', total: 4, ok: 3 },
        ],
      },
      '2024-07-01',
      75,
      4,
    ],
    [
      'a fault opened in 2023 is not counted',
      faults,
      {
        durationEntries: [
          { id: 1, kind: 'fault', day: '2023-12-31', fields: { opened_at: '2023-12-31T00:00:00.000Z', resolved_at: '2024-01-02T00:00:00.000Z' } },
          { id: 2, kind: 'fault', day: '2024-02-01', fields: { opened_at: '2024-02-01T01:00:00.000Z', resolved_at: '2024-02-01T03:00:00.000Z' } },
        ],
      },
      '2024-07-01',
      2,
      1,
    ],
    ['a manual value dated 2023 is not the value', { type: 'manual' }, { manual: new Map([[1, [{ asOf: '2023-12-31', value: 8 }]]]) }, '2024-07-01', null, 0],
    [
      'a manual value dated after the period is not the value',
      { type: 'manual' },
      {
        manual: new Map([
          [
            1,
            [
              { asOf: '2024-12-31', value: 8 },
              { asOf: '2025-01-10', value: 9 },
            ],
          ],
        ]),
      },
      '2025-02-01',
      8,
      1,
    ],
  ])('%s', (_name, spec, over, asOf, value, samples) => {
    expect(measureAt(spec, 1, facts(over), asOf)).toMatchObject({ value, samples });
  });

  it("stops an open fault's age at the period end when read after it", () => {
    // opened 20:00 Shanghai on 31 Dec 2024, still open: 4 h at the end of the period, however late the read
    const durationEntries = [{ id: 1, kind: 'fault', day: '2024-12-31', fields: { opened_at: '2024-12-31T12:00:00.000Z', resolved_at: null } }];
    expect(measureAt(faults, 1, facts({ durationEntries }), '2025-02-01').value).toBe(4);
  });
});

describe('measureAt: a manual 0 attests that nothing happened', () => {
  const zero = (asOf: string, value = 0) => new Map([[1, [{ asOf, value }]]]);
  it.each<[string, MeasureSpec, Partial<LoadedFacts>, string, { value: number | null; samples: number; latestDay: string | null }]>([
    [
      'a count with no facts and a manual 0 → one sample, value 0',
      count,
      { manual: zero('2024-03-31') },
      '2024-07-01',
      { value: 0, samples: 1, latestDay: '2024-03-31' },
    ],
    ['a sum with no facts and a manual 0 → one sample', spend, { manual: zero('2024-03-31') }, '2024-07-01', { value: 0, samples: 1, latestDay: '2024-03-31' }],
    ['a manual 0 dated after the as-of day is not yet known', count, { manual: zero('2024-08-01') }, '2024-07-01', { value: 0, samples: 0, latestDay: null }],
    ['a manual 0 dated before the period does not count', count, { manual: zero('2023-12-31') }, '2024-07-01', { value: 0, samples: 0, latestDay: null }],
    ['a manual value other than 0 is no attestation', count, { manual: zero('2024-03-31', 2) }, '2024-07-01', { value: 0, samples: 0, latestDay: null }],
    [
      'facts win: a count with facts keeps its samples and value',
      count,
      { manual: zero('2024-03-31'), measureDaily: new Map([[1, [{ day: '2024-05-01', n: 2, hits: 0, sum: 0 }]]]) },
      '2024-07-01',
      { value: 2, samples: 2, latestDay: '2024-05-01' },
    ],
    [
      'a rate with no samples and a manual 0 → one sample, the value stays undefined',
      ratio,
      { manual: zero('2024-03-31') },
      '2024-07-01',
      { value: null, samples: 1, latestDay: '2024-03-31' },
    ],
  ])('%s', (_name, spec, over, asOf, expected) => {
    expect(measureAt(spec, 1, facts(over), asOf)).toMatchObject(expected);
  });

  it('the manual measure itself reads the 0 as its value', () => {
    expect(measureAt({ type: 'manual' }, 1, facts({ manual: zero('2024-03-31') }), '2024-07-01')).toMatchObject({ value: 0, samples: 1 });
  });
});

describe('measureAggregation', () => {
  it.each<[string, MeasureSpec, string | null, 'cumulative' | 'rate']>([
    ['a count', count, '件', 'cumulative'],
    ['a sum of money', spend, 'yuan', 'cumulative'],
    ['elapsed days', { type: 'elapsed_days' }, 'hours', 'cumulative'],
    ['a ratio', ratio, 'percent', 'rate'],
    ['a manual percent', { type: 'manual' }, 'percent', 'rate'],
    ['a manual duration', { type: 'manual' }, 'hours', 'rate'],
    ['a manual count', { type: 'manual' }, '次', 'cumulative'],
    // Per-unit rates are levels whatever measures them: never paced, never a cap on the whole spending.
    ['a manual 150元/人天', { type: 'manual' }, 'yuan/人天', 'rate'],
    ['a sum bound to ≤2万元/公里', spend, 'yuan/公里', 'rate'],
    ['a count bound to ≥2次/周', count, '次/周', 'rate'],
  ])('%s → %s', (_name, spec, unit, aggregation) => {
    expect(measureAggregation(spec, unit)).toBe(aggregation);
  });
});

describe('tallies (docs/design.md "Tallies")', () => {
  const tallyOf = (id: number): MeasureSpec => ({
    type: 'sum',
    source: 'entries',
    kind: 'tally',
    field: 'quantity',
    where: [{ op: 'eq', field: 'indicator', value: id }],
  });

  it('a tally feeds only the indicator it names, with its quantity', () => {
    const entry = { kind: 'tally', day: '2024-03-05', fields: { date: '2024-03-05', indicator: 7, quantity: 30, title: '第一期' } };
    expect(entryContributions(tallyOf(7), entry)).toEqual([{ day: '2024-03-05', n: 1, hits: 0, sum: 30 }]);
    expect(entryContributions(tallyOf(8), entry)).toEqual([]);
  });

  it('the sum is in the target’s own unit, cumulative, and paced like any count', () => {
    expect(toTargetUnit(tallyOf(7), 30, '人次')).toBe(30);
    expect(toTargetUnit(tallyOf(7), 52_000, 'yuan')).toBe(52_000);
    expect(measureAggregation(tallyOf(7), '人次')).toBe('cumulative');
    const daily = new Map([
      [
        7,
        [
          { day: '2024-02-01', n: 2, hits: 0, sum: 45 },
          { day: '2024-05-01', n: 1, hits: 0, sum: 15 },
        ],
      ],
    ]);
    expect(measureAt(tallyOf(7), 7, facts({ measureDaily: daily }), '2024-03-31')).toEqual({ value: 45, samples: 2, latestDay: '2024-02-01', note: null });
  });

  it('a ratio of tallies is done ÷ planned in percent, no data until something is planned', () => {
    const ratio: MeasureSpec = { type: 'ratio', source: 'tallies', numerator: 11, denominator: 12 };
    const daily = new Map([
      [
        11,
        [
          { day: '2024-03-01', n: 3, hits: 0, sum: 9 },
          { day: '2024-07-01', n: 1, hits: 0, sum: 3 },
        ],
      ],
      [
        12,
        [
          { day: '2024-01-15', n: 1, hits: 0, sum: 12 },
          { day: '2024-06-30', n: 1, hits: 0, sum: 4 },
        ],
      ],
    ]);
    expect(measureAt(ratio, 13, facts({ measureDaily: daily }), '2024-03-31')).toMatchObject({ value: 75, latestDay: '2024-03-01' });
    expect(measureAt(ratio, 13, facts({ measureDaily: daily }), '2024-12-31')).toMatchObject({ value: 75, samples: 4, latestDay: '2024-07-01' });
    expect(measureAt(ratio, 13, facts({ measureDaily: new Map([[11, daily.get(11)!]]) }), '2024-12-31').value).toBeNull();
    expect(measureAggregation(ratio, 'percent')).toBe('rate');
    expect(toTargetUnit(ratio, 75, 'percent')).toBe(75);
  });
});
