// The values of a filled self-evaluation table as numbers the rules can use (docs/design.md "Self-evaluation
// review"): 实际完成值 read in the vocabulary of its 年度指标值 (`12.5万条` against `≥10万条`, `18小时` against
// `<1天`), the 达成/部分达成/未达成 tier, points, money with the precision it was written to, percentages.
import type { QualitativeTier } from '../evaluation/types.ts';
import { parseTarget } from '../targets/parse-target.ts';
import { readUnit, toNormalised } from '../targets/target-units.ts';
import type { Target } from '../targets/types.ts';
import { compact } from '../targets/vocabulary.ts';

/** A cell that says "nothing here": empty, `/`, `—`, `-`, `无`. */
export function isBlank(text: string | null): boolean {
  return text === null || /^(|\/|-|--|—|——|–|无|不适用)$/.test(compact(text));
}

/** A points or weight cell: `20`, `16.67`, `16.67分`, `10%`; null when blank or not a plain number. */
export function readPoints(text: string | null): number | null {
  if (text === null) return null;
  const form = compact(text)
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/(分|%)$/, '');
  return /^-?\d+(\.\d+)?$/.test(form) ? Number(form) : null;
}

export type ActualReading =
  | { kind: 'value'; value: number }
  | { kind: 'missing' }
  | { kind: 'unreadable' }
  | { kind: 'unit'; actualUnit: string; targetUnit: string };

// `个点位` and `点位` count the same things; the parser keeps the classifier as written.
const sameUnit = (a: string, b: string): boolean => a === b || a.replace(/^个/, '') === b.replace(/^个/, '');

/**
 * 实际完成值 in the target's normalised unit. It is written like a target without a comparator (`812条`,
 * `12.5万条`, `18小时`, `98%`); a bare number is taken in the unit the target was written in (`12.5` against
 * `≥10万条` is 125000 条). A comparator, a range or words are not a value.
 */
export function readActual(text: string, target: Target): ActualReading {
  if (isBlank(text)) return { kind: 'missing' };
  const want = target.normalized?.unit;
  if (want === undefined) return { kind: 'unreadable' };
  const parsed = parseTarget(text);
  const read = parsed.target;
  if (read.kind !== 'quantitative' || read.normalized === null || read.range !== null || !read.inferred || parsed.needsReview) {
    return { kind: 'unreadable' };
  }
  if (read.normalized.unit === 'count' && want !== 'count' && read.value !== null) {
    const written = readUnit(target.unit ?? '');
    if (written === null) return { kind: 'unreadable' };
    return { kind: 'value', value: toNormalised(String(read.value), written) };
  }
  if (!sameUnit(read.normalized.unit, want)) return { kind: 'unit', actualUnit: read.unit ?? '', targetUnit: target.unit ?? '' };
  return { kind: 'value', value: read.normalized.value };
}

// Longest first, so 部分达成 is not read as 达成 and 未完成 not as 完成.
const TIER_WORDS: [string, QualitativeTier][] = (
  [
    ...[
      '达成',
      '已达成',
      '全部达成',
      '完全达成',
      '完成',
      '已完成',
      '全部完成',
      '全面完成',
      '达到',
      '已达到',
      '达到预期',
      '达标',
      '已达标',
      '实现',
      '已实现',
      '全部实现',
    ].map((w): [string, QualitativeTier] => [w, 'achieved']),
    ...['部分达成', '基本达成', '部分完成', '基本完成', '部分实现', '基本实现', '部分达到', '基本达到', '部分达标', '基本达标'].map(
      (w): [string, QualitativeTier] => [w, 'partial'],
    ),
    ...['未达成', '未完成', '未达到', '未实现', '未达标', '没有达成', '没有完成', '不达标', '未能达成', '未能完成', '未能实现'].map(
      (w): [string, QualitativeTier] => [w, 'not_achieved'],
    ),
  ] as [string, QualitativeTier][]
).sort((a, b) => b[0].length - a[0].length);

/** The tier a qualitative 实际完成值 states (`达成`, `基本完成`, `未达成（因…）`), or null when it states none. */
export function readTier(text: string): QualitativeTier | null {
  const form = compact(text).replace(/[。.;；!！]+$/, '');
  for (const [word, tier] of TIER_WORDS) {
    if (form === word) return tier;
    if (form.startsWith(word) && /^[(（,，:：;；、。]/.test(form.slice(word.length))) return tier;
  }
  return null;
}

export type MoneyUnitWord = '元' | '万元' | '亿元';
const YUAN_PER: Record<MoneyUnitWord, number> = { 元: 1, 万元: 10_000, 亿元: 100_000_000 };

/** Money in yuan and the half-unit of the last digit written (at least hundredths): `12.35` 万元 → ± 50 元. */
export interface Money {
  yuan: number;
  half: number;
}

export function readMoneyCell(text: string | null, blockUnit: MoneyUnitWord): Money | null {
  if (text === null) return null;
  const m = /^(\d+(?:\.(\d+))?)(亿元|万元|元)?$/.exec(compact(text).replace(/[,，]/g, ''));
  if (!m) return null;
  const per = YUAN_PER[(m[3] as MoneyUnitWord | undefined) ?? blockUnit];
  const decimals = Math.max(2, m[2]?.length ?? 0);
  return { yuan: Number(m[1]) * per, half: 0.5 * 10 ** -decimals * per };
}

/** 执行率: `98.50%` → 98.5 (percent); a bare `98.5` or `0.985` is either a percent or a share. */
export function readRate(text: string | null): { percent: number; bare: boolean } | null {
  if (text === null) return null;
  const form = compact(text);
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(form);
  return m ? { percent: Number(m[1]), bare: m[2] === '' } : null;
}
