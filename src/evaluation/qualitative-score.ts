// 定性 indicators (docs/design.md, Scoring): a person picks the tier 达成 / 部分达成 / 未达成 and a score within its band.
// The score is recorded on a 0–100 scale, as a share of the indicator's points: 85 → 0.85 × W.
import type { QualitativeTier } from './types.ts';

export interface ScoreBand {
  /** Inclusive lower bound, 0–100. */
  min: number;
  /** Upper bound, 0–100; inclusive only for 达成 (a full score). */
  max: number;
  maxInclusive: boolean;
}

export const qualitativeBands: Readonly<Record<QualitativeTier, ScoreBand>> = Object.freeze({
  achieved: { min: 80, max: 100, maxInclusive: true },
  partial: { min: 60, max: 80, maxInclusive: false },
  not_achieved: { min: 0, max: 60, maxInclusive: false },
});

export const qualitativeTierNames: Readonly<Record<QualitativeTier, string>> = Object.freeze({
  achieved: '达成',
  partial: '部分达成',
  not_achieved: '未达成',
});

/**
 * null when `score` (0–100) lies in the band of `tier`; otherwise a Chinese message naming the band, for the
 * write path to refuse the assessment with.
 */
export function validateQualitativeScore(tier: QualitativeTier, score: number): string | null {
  const band = qualitativeBands[tier];
  const inBand = Number.isFinite(score) && score >= band.min && (band.maxInclusive ? score <= band.max : score < band.max);
  if (inBand) return null;
  const upper = band.maxInclusive ? `${band.max}（含）` : `${band.max}（不含）`;
  return (
    `评价为「${qualitativeTierNames[tier]}」时得分须在 ${band.min}（含）至 ${upper} 之间` +
    `（即该指标分值的 ${band.min}%–${band.max}%），收到 ${String(score)}`
  );
}

/** Points of an assessed 定性 indicator: W × score / 100, the score clamped to 0–100 (the write path validates). */
export function qualitativePoints(score: number, weight: number): number {
  const share = Number.isFinite(score) ? Math.min(Math.max(score, 0), 100) / 100 : 0;
  return weight * share;
}
