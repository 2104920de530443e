// One indicator row of a filled self-evaluation table against the scoring rules (docs/design.md "Scoring" and
// "Self-evaluation review"): the stated 得分 must follow from its 年度指标值, 实际完成值 and 分值 — by the
// formula for a quantitative row, within its tier's band for a qualitative one. What cannot be read is a note.
import { atLeast } from '../evaluation/arithmetic.ts';
import { qualitativeBands, qualitativeTierNames } from '../evaluation/qualitative-score.ts';
import { round2 } from '../evaluation/arithmetic.ts';
import { scoreQuantitative, scoreRange } from '../evaluation/score-project.ts';
import { daysInUnit } from '../evaluation/time-share.ts';
import type { QualitativeTier } from '../evaluation/types.ts';
import { said, type Text } from '../errors.ts';
import { formatDecimal } from '../format/decimal-text.ts';
import { readWrittenUnit, toWritten } from '../format/written-unit.ts';
import { parseTarget } from '../targets/parse-target.ts';
import type { Target } from '../targets/types.ts';
import { isBlank, readActual, readPoints, readTier } from './read-values.ts';
import type { Finding, IndicatorRow } from './types.ts';

/** Stated points are written to 2 decimals: a difference up to one hundredth is rounding. */
export const TOLERANCE = 0.01;
const SLACK = 1e-9;

export const points = (x: number): string => formatDecimal(x, { decimals: 2, fixed: true });

/** What a row contributes to the sheet's sums; null where its cell could not be read. */
export interface RowOutcome {
  findings: Finding[];
  weight: number | null;
  score: number | null;
  /** The row does not apply (`/`, `无`): a blank 分值 or 得分 is then 0, not unreadable. */
  applicable: boolean;
}

interface Expectation {
  points: number;
  why: Text;
}

export function checkIndicator(row: IndicatorRow, year: number | null): RowOutcome {
  const name = row.level3 || row.target;
  const score = readPoints(row.score);
  // A number is shown as the table would print it (an .xlsx cell holds 12.5 for `12.50`).
  const statedScore = score === null ? row.score : points(score);
  const finding = (
    severity: Finding['severity'],
    code: Finding['code'],
    why: Text,
    stated: string | null = statedScore,
    expected: string | null = null,
  ): Finding => ({
    severity,
    code,
    line: row.line,
    row: name,
    stated,
    expected,
    why,
  });
  const parsed = parseTarget(row.target, { level1: row.level1, level2: row.level2, level3: row.level3 });
  const applicable = parsed.applicable;
  const weight = row.weight === null ? null : readPoints(row.weight);
  const out: RowOutcome = { findings: [], weight, score, applicable };
  const blankWeight = row.weight === null || isBlank(row.weight);
  if (!applicable) {
    if (score !== null && weight !== null) out.findings.push(...bounds(score, weight, finding));
    return out;
  }
  if (row.weight !== null && weight === null) {
    out.findings.push(
      finding('note', 'not_checked', said(blankWeight ? 'review.note.weightMissing' : 'review.note.weightUnreadable', { weight: row.weight }), row.weight),
    );
    return out;
  }
  if (score === null) {
    out.findings.push(
      finding('note', 'not_checked', said(isBlank(row.score) ? 'review.note.scoreMissing' : 'review.note.scoreUnreadable', { score: row.score })),
    );
    return out;
  }
  if (weight === null) {
    // No 分值 column: the formula has nothing to scale; the sheet says so once.
    if (score < 0) out.findings.push(finding('error', 'score_negative', said('review.why.negative')));
    return out;
  }
  const target = parsed.target;
  if (parsed.needsReview) {
    out.findings.push(finding('note', 'not_checked', said('review.note.targetUnreadable', { target: row.target })), ...bounds(score, weight, finding));
    return out;
  }
  if (target.kind === 'qualitative') {
    const tier = readTier(row.actual);
    if (tier === null) {
      const key = isBlank(row.actual) ? 'review.note.actualMissing' : 'review.note.tierUnknown';
      out.findings.push(finding('note', 'not_checked', said(key, { actual: row.actual })), ...bounds(score, weight, finding));
      return out;
    }
    const band = bandOf(tier, weight);
    if (!band.holds(score)) out.findings.push(finding('error', 'qualitative_band', band.why, statedScore, band.text));
    return out;
  }
  const actual = readActual(row.actual, target);
  if (actual.kind !== 'value') {
    const why =
      actual.kind === 'missing'
        ? said('review.note.actualMissing', { actual: row.actual })
        : actual.kind === 'unit'
          ? said('review.note.unitMismatch', {
              actual: row.actual,
              target: row.target,
              actualUnit: actual.actualUnit || '—',
              targetUnit: actual.targetUnit || '—',
            })
          : said('review.note.actualUnreadable', { actual: row.actual, target: row.target });
    out.findings.push(finding('note', 'not_checked', why), ...bounds(score, weight, finding));
    return out;
  }
  const expectations = quantitativeExpectations(actual.value, target, weight, year, row);
  const matches = expectations.some((e) => Math.abs(round2(e.points) - score) <= TOLERANCE + SLACK);
  const first = expectations[0];
  if (!matches && first) out.findings.push(finding('error', 'quantitative_score', first.why, statedScore, points(round2(first.points))));
  return out;
}

/** 0 ≤ 得分 ≤ 分值: all that can be said of a row whose value could not be read. */
function bounds(score: number, weight: number, finding: (s: Finding['severity'], c: Finding['code'], why: Text) => Finding): Finding[] {
  if (score < 0) return [finding('error', 'score_negative', said('review.why.negative'))];
  if (score > weight + TOLERANCE + SLACK)
    return [finding('error', 'score_over_weight', said('review.why.overWeight', { score: points(score), weight: points(weight) }))];
  return [];
}

/**
 * The tier's band in points, compared in hundredths (the table writes 2 decimals): 达成 [0.8W, W], 部分达成
 * [0.6W, 0.8W), 未达成 [0, 0.6W), each bound rounded as the table would write it.
 */
function bandOf(tier: QualitativeTier, weight: number): { holds: (s: number) => boolean; text: string; why: Text } {
  const band = qualitativeBands[tier];
  const low = round2((weight * band.min) / 100);
  const high = round2((weight * band.max) / 100);
  const holds = (s: number): boolean => s >= low - SLACK && (band.maxInclusive ? s <= high + SLACK : s < high - SLACK);
  const params = { tier: qualitativeTierNames[tier], low: points(low), high: points(high), weight: points(weight), min: band.min, max: band.max };
  return { holds, text: `${points(low)}–${points(high)}`, why: said(band.maxInclusive ? 'review.why.bandTop' : 'review.why.band', params) };
}

function quantitativeExpectations(a: number, target: Target, w: number, year: number | null, row: IndicatorRow): Expectation[] {
  const normalized = target.normalized;
  const comparator = target.comparator;
  if (normalized === null || comparator === null) return [];
  const reading = readWrittenUnit(target.unit)?.reading ?? null;
  // Numbers in the formula are shown in the target's written unit (`8 / 10` for 8万条 of 10万条).
  const shown = (x: number): string => formatDecimal(reading ? toWritten(x, reading) : x, { decimals: 4 });
  const base = { actual: row.actual, target: row.target, weight: points(w) };
  const up = (t: number, bound: string): Expectation => {
    const p = scoreQuantitative(a, '>=', t, w);
    if (atLeast(a, t)) return { points: p, why: said('review.why.upFull', { ...base, bound }) };
    return { points: p, why: said('review.why.upPartial', { ...base, bound, a: shown(a), t: shown(t), expected: points(round2(p)) }) };
  };
  const down = (t: number, bound: string): Expectation => {
    const p = scoreQuantitative(a, '<=', t, w);
    if (a <= t + SLACK * Math.max(1, t)) return { points: p, why: said('review.why.downFull', { ...base, bound }) };
    if (p === 0) return { points: p, why: said('review.why.downZero', { ...base, bound }) };
    return { points: p, why: said('review.why.downPartial', { ...base, bound, a: shown(a), t: shown(t), expected: points(round2(p)) }) };
  };
  const unit = target.unit ?? '';
  if (target.range) {
    const { low, high } = target.range;
    const low$ = `${shown(low)}${unit}`;
    const high$ = `${shown(high)}${unit}`;
    // A rate range is scored on both bounds, a cumulative one as `>=` its low bound; the table does not say which.
    const inside = a >= low - SLACK && a <= high + SLACK;
    const rate: Expectation = inside
      ? { points: scoreRange(a, low, high, w), why: said('review.why.rangeInside', base) }
      : a < low
        ? { ...up(low, low$), points: scoreRange(a, low, high, w) }
        : { ...down(high, high$), points: scoreRange(a, low, high, w) };
    return [rate, up(low, low$)];
  }
  const t = normalized.value;
  if (comparator === '=' && t <= 0) {
    return [{ points: scoreQuantitative(a, '=', t, w), why: said(a <= 0 ? 'review.why.zeroMet' : 'review.why.zeroMissed', base) }];
  }
  if (comparator === '>=' || comparator === '>' || comparator === '=') return [up(t, row.target)];
  const out = [down(t, row.target)];
  const period = yearCap(t, normalized.unit, year);
  if (period !== null) out.push(down(period, row.target));
  return out;
}

/**
 * A cap of a whole year or more (`≤365天`, `≤1年`) means "within the period" and jixiao scores it against the
 * period's length (docs/design.md "Scoring", elapsed days), so 366天 in a leap year earns full points. The table
 * does not say what measured the row, so this reading is accepted beside the plain formula.
 */
function yearCap(t: number, unit: string, year: number | null): number | null {
  if (unit !== 'hours' && unit !== 'years' && unit !== 'months') return null;
  const yearUnits = daysInUnit(365, unit);
  if (yearUnits === null || !atLeast(t, yearUnits)) return null;
  const leap = year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  const length = daysInUnit(leap ? 366 : 365, unit);
  return length !== null && length > t ? length : null;
}
