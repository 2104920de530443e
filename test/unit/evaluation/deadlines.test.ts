// docs/design.md, Monitoring rules: deadlines (`…前完成`) judged as of the as-of day.
import { describe, it, expect } from 'vitest';
import { evaluateIndicator } from '../../../src/evaluation/evaluate-indicator.ts';
import { resolveEvaluationSettings } from '../../../src/evaluation/settings.ts';
import type { IndicatorEvaluation, IndicatorFacts, PeriodPosition, QualitativeTier } from '../../../src/evaluation/types.ts';
import { deadline, on } from './facts.ts';

type Case = [string, IndicatorFacts, PeriodPosition, Partial<IndicatorEvaluation>];

const DUE = '2024-06-30';
const recorded = (tier: QualitativeTier, asOf: string) => ({ tier, asOf, score: { achieved: 90, partial: 70, not_achieved: 30 }[tier] });

describe('a deadline of 30 June 2024 (warning 30 days before)', () => {
  it.each<Case>([
    [
      'nothing recorded on 10 Jan → needs_review (待确认), grey',
      deadline(DUE, null),
      on('2024-01-10'),
      { status: 'needs_review', lamp: 'grey', likelihood: null },
    ],
    ['nothing recorded on 30 May (31 days left) → still grey', deadline(DUE, null), on('2024-05-30'), { status: 'needs_review' }],
    [
      'nothing recorded on 31 May (30 days left) → warning',
      deadline(DUE, null),
      on('2024-05-31'),
      { status: 'warning', lamp: 'yellow', likelihood: 'possible' },
    ],
    ['nothing recorded on the day itself → warning (the day is still in time)', deadline(DUE, null), on(DUE), { status: 'warning' }],
    ['nothing recorded on 1 July → failed, impossible', deadline(DUE, null), on('2024-07-01'), { status: 'failed', lamp: 'red', likelihood: 'impossible' }],
    [
      '达成 recorded 15 June, seen on 20 June → met',
      deadline(DUE, recorded('achieved', '2024-06-15')),
      on('2024-06-20'),
      { status: 'met', lamp: 'green', likelihood: 'certain' },
    ],
    ['达成 recorded on the deadline, seen at year end → met', deadline(DUE, recorded('achieved', DUE)), on('2024-12-31'), { status: 'met' }],
    [
      '达成 recorded 5 July, after the deadline → failed',
      deadline(DUE, recorded('achieved', '2024-07-05')),
      on('2024-07-10'),
      { status: 'failed', likelihood: 'impossible' },
    ],
    [
      '部分达成 before the deadline → warning',
      deadline(DUE, recorded('partial', '2024-05-01')),
      on('2024-05-02'),
      { status: 'warning', likelihood: 'possible' },
    ],
    [
      '未达成 before the deadline → off_track, still possible',
      deadline(DUE, recorded('not_achieved', '2024-05-01')),
      on('2024-05-02'),
      { status: 'off_track', lamp: 'red', likelihood: 'possible' },
    ],
    ['部分达成 once the deadline has passed → failed', deadline(DUE, recorded('partial', '2024-05-01')), on('2024-07-01'), { status: 'failed' }],
    [
      'an unconfirmed reading → needs_review',
      deadline(DUE, recorded('achieved', '2024-06-01'), { needsReview: true }),
      on('2024-06-20'),
      { status: 'needs_review' },
    ],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });
});

describe('a deadline after the period (2025年6月30日前) seen at the 2024 period end', () => {
  it.each<Case>([
    ['nothing recorded → needs_review (181 days left)', deadline('2025-06-30', null), on('2024-12-31'), { status: 'needs_review' }],
    [
      '未达成 → off_track, not failed: the deadline is still ahead',
      deadline('2025-06-30', recorded('not_achieved', '2024-12-01')),
      on('2024-12-31'),
      { status: 'off_track', likelihood: 'possible' },
    ],
  ])('%s', (_name, facts, position, expected) => {
    expect(evaluateIndicator(facts, position)).toMatchObject(expected);
  });
});

describe('deadline settings', () => {
  it('deadlineWarningDays 0 warns on the day only', () => {
    const settings = resolveEvaluationSettings({ deadlineWarningDays: 0 });
    expect(evaluateIndicator(deadline(DUE, null), on('2024-06-29'), settings).status).toBe('needs_review');
    expect(evaluateIndicator(deadline(DUE, null), on(DUE), settings).status).toBe('warning');
  });

  it('a deadline that is not a day is ignored: the target is a plain qualitative one', () => {
    expect(evaluateIndicator(deadline('2024-02-30', null), on('2024-07-01')).status).toBe('needs_review');
    expect(evaluateIndicator(deadline('soon', recorded('not_achieved', '2024-05-01')), on('2024-12-31')).status).toBe('failed');
  });
});
