// docs/design.md, Monitoring rules: the early-year guard, whole units, and 偏离 needing both signs.
import { describe, it, expect } from 'vitest';
import { evaluateIndicator } from '../../../src/evaluation/evaluate-indicator.ts';
import { resolveEvaluationSettings } from '../../../src/evaluation/settings.ts';
import type { IndicatorEvaluation, IndicatorFacts, PeriodPosition } from '../../../src/evaluation/types.ts';
import { MID_YEAR, YEAR_END, at, cumulative, on } from './facts.ts';

type Case = [string, IndicatorFacts, PeriodPosition, Partial<IndicatorEvaluation>];

/** The same facts with the target counted in `unit` (normalised). */
const inUnit = (f: IndicatorFacts, unit: string | null): IndicatorFacts => ({ ...f, target: { ...f.target, unit } });

describe('early-year guard: before s = 0.25 nothing cumulative is worse than 预警', () => {
  it.each<Case>([
    // ≥300 (continuous) with 0: forecast 0 is far out of tolerance, but a forecast from a few days is noise.
    [
      'nothing yet on 10 Jan (s = 10/366) → warning, not off_track',
      cumulative('>=', 300, 0),
      on('2024-01-10'),
      { expected: 300 * (10 / 366), forecast: 0, status: 'warning', lamp: 'yellow', likelihood: 'possible' },
    ],
    ['nothing yet at s = 0.2499 → still warning', cumulative('>=', 300, 0), at(0.2499), { status: 'warning' }],
    ['nothing yet at s = 0.25 exactly → the guard is over: off_track', cumulative('>=', 300, 0), at(0.25), { status: 'off_track', likelihood: 'possible' }],
    ['on 31 Mar (s = 91/366 < 0.25) → warning', cumulative('>=', 300, 10), on('2024-03-31'), { status: 'warning' }],
    ['on 1 Apr (s = 92/366 ≥ 0.25) → off_track', cumulative('>=', 300, 10), on('2024-04-01'), { status: 'off_track' }],
    ['ahead of pace early → on_track as always', cumulative('>=', 300, 20), on('2024-01-10'), { status: 'on_track' }],
    ['reached early → met', cumulative('>=', 3, 3), on('2024-01-10'), { status: 'met', likelihood: 'certain' }],
    // A broken cap is a fact, not noise: the guard does not soften it.
    [
      'a cap broken in January → failed, impossible',
      inUnit(cumulative('<=', 200000, 250000), 'yuan'),
      on('2024-01-10'),
      { status: 'failed', lamp: 'red', likelihood: 'impossible' },
    ],
    ['a cap running ahead in January → warning', cumulative('<=', 200000, 50000), on('2024-01-10'), { status: 'warning' }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });

  it('is configuration: with earlyGuardShare 0 the first days can be off_track', () => {
    const settings = resolveEvaluationSettings({ earlyGuardShare: 0 });
    expect(evaluateIndicator(cumulative('>=', 300, 0), on('2024-01-10'), settings).status).toBe('off_track');
  });

  it('never calls a cumulative target off_track before the guard, whatever the numbers', () => {
    for (let day = 1; day < 92; day += 1) {
      const position = at(day / 366);
      for (const target of [1, 3, 12, 300, 100000]) {
        for (const unit of [null, '次', 'yuan']) {
          const e = evaluateIndicator(inUnit(cumulative('>=', target, 0), unit), position);
          expect(e.status, `day ${day}, target ${target} ${unit}`).not.toBe('off_track');
        }
      }
    }
  });
});

describe('whole units: behind pace only when actual < ⌊target × s⌋', () => {
  it.each<Case>([
    // 3份 at mid-year: ⌊3 × 183/366⌋ = ⌊1.5⌋ = 1.
    [
      '3份 with 1 at mid-year → on_track (expected stays 1.5)',
      inUnit(cumulative('>=', 3, 1), '份'),
      MID_YEAR,
      { expected: 1.5, forecast: 2, status: 'on_track', lamp: 'green', likelihood: 'certain' },
    ],
    ['3份 with 0 at mid-year → behind and forecast 0 < 2.7 → off_track', inUnit(cumulative('>=', 3, 0), '份'), MID_YEAR, { status: 'off_track' }],
    ['3份 with 0 on 1 Apr (⌊3 × 92/366⌋ = 0) → on_track', inUnit(cumulative('>=', 3, 0), '份'), on('2024-04-01'), { status: 'on_track' }],
    [
      '3份 with 1 on 1 Sep (⌊3 × 245/366⌋ = 2) → behind, forecast 1.49 → off_track',
      inUnit(cumulative('>=', 3, 1), '份'),
      on('2024-09-01'),
      { status: 'off_track' },
    ],
    ['3份 with 2 on 1 Sep → on_track', inUnit(cumulative('>=', 3, 2), '份'), on('2024-09-01'), { status: 'on_track' }],
    ['≥1次 with 0 on 30 Dec (⌊365/366⌋ = 0) → on_track', inUnit(cumulative('>=', 1, 0), '次'), on('2024-12-30'), { status: 'on_track' }],
    ['≥1次 with 0 at period end → failed', inUnit(cumulative('>=', 1, 0), '次'), YEAR_END, { status: 'failed', likelihood: 'impossible' }],
    [
      '≥300次 with 149 at mid-year (⌊150⌋ = 150) → behind; forecast 298 within 10% → warning',
      inUnit(cumulative('>=', 300, 149), '次'),
      MID_YEAR,
      { forecast: 298, status: 'warning' },
    ],
    ['≥4台套 with 2 at mid-year → on_track', inUnit(cumulative('>=', 4, 2), '台套'), MID_YEAR, { status: 'on_track' }],
    ['>800条 with 399 at mid-year (⌊400⌋) → behind, forecast 798 → warning', inUnit(cumulative('>', 800, 399), '条'), MID_YEAR, { status: 'warning' }],
    ['a bare count 3 with 1 at mid-year → on_track', inUnit(cumulative('>=', 3, 1), 'count'), MID_YEAR, { status: 'on_track' }],
    ['a classifier the parser admitted (个点位) counts whole things', inUnit(cumulative('>=', 3, 1), '个点位'), MID_YEAR, { status: 'on_track' }],
    ['人次, 车次, 户, 株, 处 and 标准箱 count whole things', inUnit(cumulative('>=', 3, 1), '标准箱'), MID_YEAR, { status: 'on_track' }],
    // Float-safe: 365 × (3/365) = 2.9999999999999996 must floor to 3, so 2 is behind.
    ['365次 with 2 on day 3 of a 365-day year → behind (⌊3⌋, not ⌊2.999…⌋)', inUnit(cumulative('>=', 365, 2), '次'), at(3 / 365), { status: 'warning' }],
    ['365次 with 3 on day 3 of a 365-day year → on_track', inUnit(cumulative('>=', 365, 3), '次'), at(3 / 365), { status: 'on_track' }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });

  it.each<[string, string | null]>([
    ['公里', '公里'],
    ['吨', '吨'],
    ['平方米', '平方米'],
    ['立方米', '立方米'],
    ['千克', '千克'],
    ['亩', '亩'],
    ['公顷', '公顷'],
    ['kWh', 'kWh'],
    ['MB', 'MB'],
    ['yuan', 'yuan'],
    ['hours', 'hours'],
    ['percent', 'percent'],
    ['no unit', null],
    ['a per-unit rate', 'yuan/公里'],
    // Written as the table wrote them, ending in a measure: lengths, areas, volumes, freight, power.
    ['延米', '延米'],
    ['延长米', '延长米'],
    ['平米', '平米'],
    ['立方', '立方'],
    ['万方 (土方)', '方'],
    ['吨公里', '吨公里'],
    ['度 (电)', '度'],
  ])('continuous %s: 1 of 3 at mid-year is behind 1.5 → off_track', (_name, unit) => {
    expect(evaluateIndicator(inUnit(cumulative('>=', 3, 1), unit), MID_YEAR).status).toBe('off_track');
  });

  it.each<Case>([
    // A cap on whole things may use ⌈cap × s⌉ so far: one incident early in the year is not a warning.
    ['<9件 with 5 at mid-year (⌈4.5⌉ = 5) → on_track', inUnit(cumulative('<', 9, 5), '件'), MID_YEAR, { status: 'on_track' }],
    ['<9件 with 6 at mid-year → warning', inUnit(cumulative('<', 9, 6), '件'), MID_YEAR, { status: 'warning' }],
    ['≤3次 with 1 on 10 Jan (⌈0.08⌉ = 1) → on_track', inUnit(cumulative('<=', 3, 1), '次'), on('2024-01-10'), { status: 'on_track' }],
    ['≤3次 with 2 on 10 Jan → warning', inUnit(cumulative('<=', 3, 2), '次'), on('2024-01-10'), { status: 'warning' }],
    ['≤3吨 (continuous) with 1 on 10 Jan → warning', inUnit(cumulative('<=', 3, 1), '吨'), on('2024-01-10'), { status: 'warning' }],
    ['<9件 with 9 → failed (strict)', inUnit(cumulative('<', 9, 9), '件'), MID_YEAR, { status: 'failed' }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });
});

describe('偏离 needs both: behind pace and the forecast out of tolerance', () => {
  it.each<Case>([
    ['behind, forecast within tolerance → warning', cumulative('>=', 300, 140), MID_YEAR, { status: 'warning' }],
    ['behind, forecast out of tolerance → off_track', cumulative('>=', 300, 100), MID_YEAR, { status: 'off_track' }],
    ['not behind in whole units, forecast out of tolerance → on_track', inUnit(cumulative('>=', 3, 1), '份'), MID_YEAR, { status: 'on_track' }],
    // ⌊100 × 0.5⌋ = 50 > 46: behind; forecast 92 ≥ 90.
    ['behind in whole units, forecast within tolerance → warning', inUnit(cumulative('>=', 100, 46), '次'), MID_YEAR, { forecast: 92, status: 'warning' }],
    ['behind in whole units, forecast out of tolerance → off_track', inUnit(cumulative('>=', 10, 3), '次'), MID_YEAR, { status: 'off_track' }],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });
});
