import { describe, it, expect } from 'vitest';
import { defaultEvaluationSettings, evaluationSettingsSchema, resolveEvaluationSettings } from '../../../src/evaluation/settings.ts';

describe('defaultEvaluationSettings', () => {
  it('holds the defaults of docs/design.md (Monitoring rules, Scoring)', () => {
    expect(defaultEvaluationSettings).toEqual({
      offTrackTolerance: 0.1,
      overAchievementRatio: 1.3,
      budgetLamp: { red: 60, yellow: 80 },
      grades: { excellent: 90, good: 80, fair: 60 },
      groupPoints: { output: 50, effect: 30, satisfaction: 10, budget: 10 },
      earlyGuardShare: 0.25,
      deadlineWarningDays: 30,
    });
  });
});

describe('resolveEvaluationSettings', () => {
  it.each([
    ['no overrides', undefined, {}],
    ['an empty object', {}, {}],
    ['the tolerance', { offTrackTolerance: 0.2 }, { offTrackTolerance: 0.2 }],
    ['one lamp threshold, keeping the other', { budgetLamp: { red: 50 } }, { budgetLamp: { red: 50, yellow: 80 } }],
    ['the 80/70/60 grade bands', { grades: { excellent: 80, good: 70 } }, { grades: { excellent: 80, good: 70, fair: 60 } }],
    ['a tolerance of 0 and of 1', { offTrackTolerance: 1 }, { offTrackTolerance: 1 }],
    ['the early guard (first month only)', { earlyGuardShare: 1 / 12 }, { earlyGuardShare: 1 / 12 }],
    ['no early guard at all', { earlyGuardShare: 0 }, { earlyGuardShare: 0 }],
    ['the deadline warning days', { deadlineWarningDays: 14 }, { deadlineWarningDays: 14 }],
    ['no deadline warning before the day', { deadlineWarningDays: 0 }, { deadlineWarningDays: 0 }],
    ['group points', { groupPoints: { satisfaction: 0 } }, { groupPoints: { output: 50, effect: 30, satisfaction: 0, budget: 10 } }],
  ])('merges %s over the defaults', (_name, overrides, changed) => {
    expect(resolveEvaluationSettings(overrides)).toEqual({ ...defaultEvaluationSettings, ...changed });
  });

  it.each([
    ['a tolerance above 1', { offTrackTolerance: 1.5 }, /偏离容差/],
    ['a negative tolerance', { offTrackTolerance: -0.1 }, /偏离容差/],
    ['an over-achievement ratio of 1', { overAchievementRatio: 1 }, /超额完成比例/],
    ['an over-achievement ratio below 1', { overAchievementRatio: 0.9 }, /超额完成比例/],
    ['red equal to yellow', { budgetLamp: { red: 80 } }, /红灯阈值须小于黄灯阈值/],
    ['red above yellow', { budgetLamp: { red: 90, yellow: 70 } }, /红灯阈值须小于黄灯阈值/],
    ['excellent equal to good', { grades: { excellent: 80 } }, /优 > 良 > 中/],
    ['good below fair', { grades: { good: 55 } }, /优 > 良 > 中/],
    ['negative points', { groupPoints: { effect: -1 } }, /分值不能为负数/],
    ['all points zero', { groupPoints: { output: 0, effect: 0, satisfaction: 0, budget: 0 } }, /分值之和/],
    ['an early guard above 1', { earlyGuardShare: 1.5 }, /年初保护期/],
    ['a negative early guard', { earlyGuardShare: -0.1 }, /年初保护期/],
    ['a fractional number of deadline days', { deadlineWarningDays: 7.5 }, /截止日预警天数须为整数/],
    ['negative deadline days', { deadlineWarningDays: -1 }, /截止日预警天数不能为负数/],
    ['more deadline days than a year', { deadlineWarningDays: 400 }, /不能超过 366 天/],
    ['an unknown key (typo)', { offtrackTolerance: 0.2 }, /offtrackTolerance/],
    ['a non-number', { offTrackTolerance: '0.2' }, /offTrackTolerance|number/],
  ])('refuses %s', (_name, overrides, message) => {
    const parsed = evaluationSettingsSchema.safeParse(overrides);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
    expect(() => resolveEvaluationSettings(overrides as never)).toThrow();
  });
});
