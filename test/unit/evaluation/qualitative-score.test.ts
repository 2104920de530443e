import { describe, it, expect } from 'vitest';
import { qualitativePoints, validateQualitativeScore } from '../../../src/evaluation/qualitative-score.ts';
import type { QualitativeTier } from '../../../src/evaluation/types.ts';

describe('validateQualitativeScore (score on 0–100 = share of the indicator points)', () => {
  it.each<[QualitativeTier, number]>([
    ['achieved', 80],
    ['achieved', 100],
    ['achieved', 85],
    ['partial', 60],
    ['partial', 79.99],
    ['not_achieved', 0],
    ['not_achieved', 59.99],
  ])('accepts %s with %d', (tier, score) => {
    expect(validateQualitativeScore(tier, score)).toBeNull();
  });

  it.each<[QualitativeTier, number, RegExp]>([
    ['achieved', 79.99, /「达成」.*80（含）至 100（含）/],
    ['achieved', 100.5, /「达成」.*收到 100\.5/],
    ['partial', 80, /「部分达成」.*60（含）至 80（不含）/],
    ['partial', 59, /「部分达成」.*60%–80%/],
    ['not_achieved', 60, /「未达成」.*0（含）至 60（不含）/],
    ['not_achieved', -1, /「未达成」/],
    ['achieved', Number.NaN, /收到 NaN/],
  ])('refuses %s with %d, naming the band', (tier, score, message) => {
    expect(validateQualitativeScore(tier, score)).toMatch(message);
  });
});

describe('qualitativePoints', () => {
  it.each([
    [85, 30, 25.5],
    [70, 10, 7],
    [100, 12.5, 12.5],
    [130, 10, 10], // clamped; the write path refuses it anyway
    [-5, 10, 0],
  ])('score %d of W %d → %d', (score, weight, points) => {
    expect(qualitativePoints(score, weight)).toBeCloseTo(points, 12);
  });
});
