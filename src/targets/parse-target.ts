// Reads one 指标值 cell (docs/design.md, Targets). Total: any input yields a well-formed Target; what cannot
// be read is kept verbatim with a Chinese warning and `needsReview`, never guessed.
import type { Comparator, ParsedTarget, Target, TargetContext } from './types.ts';
import { readDeadline } from './read-deadline.ts';
import {
  HAN_NUMERAL,
  isDownward,
  isKnownUnit,
  isUpward,
  normaliseCell,
  readUnit,
  takePrefixComparator,
  takeSuffixComparator,
  toNormalised,
} from './target-units.ts';

const NUMBER = /^(\d+(?:\.\d+)?|\.\d+)/;
// Both bounds and the separator; the first unit stops at a separator so `90%-95%` splits in two.
const RANGE = /^(\d+(?:\.\d+)?|\.\d+)([^\d.~〜—–−至到-]*)(?:~|〜|—{1,2}|–|−|-|至|到)(\d+(?:\.\d+)?|\.\d+)(.*)$/;
// Cells that say "does not apply"; the importer marks the row, so they are not errors.
const NOT_APPLICABLE = new Set(['/', '//', '\\', '-', '--', '—', '——', '–', '−', 'n/a', 'na', '无', '不适用']);
// No target written as `comparator number unit` is this long; longer text with digits is prose.
const MAX_QUANTITY_LENGTH = 64;

export function parseTarget(raw: string, context?: TargetContext): ParsedTarget {
  const cell = asText(raw).trim();
  const folded = normaliseCell(cell);
  // An empty value marks an indicator that does not apply, as `/` does; the importer says so by line.
  if (folded === '') return { target: blank(cell), warnings: ['指标值为空，按不适用处理（不计分）'], needsReview: false, applicable: false };
  if (NOT_APPLICABLE.has(folded.toLowerCase())) return { ...phrase(cell), applicable: false };
  // A 指标性质 column glued to its value: `定性 高中低` is the phrase 高中低, `定量 ≥12次` the number.
  if (folded.startsWith('定性')) return phrase(cell, cell.replace(/^定\s*性[\s:：]*/, '') || cell);
  if (context?.qualitative === true) return phrase(cell);
  const text = folded.startsWith('定量') && folded.length > 2 ? folded.slice(2) : folded;
  if (!/\d/.test(text)) return readWords(cell, text);
  if (text.length > MAX_QUANTITY_LENGTH) return unreadable(cell);
  const due = readDeadline(text, context?.year);
  if (due === 'invalid') return unreadable(cell, '日期无效');
  if (due) return phrase(cell, cell, due.deadline);
  // `±3%以内` bounds a deviation either way: its size is at most 3% (docs/design.md, Targets).
  if (/^(±|\+\/?-)/.test(text)) return asDeviation(readQuantity(cell, text.replace(/^(±|\+\/?-)/, ''), context));
  return checkedRate(asMoney(cell, text, readQuantity(cell, text, context), context), context);
}

// `≤120万` in a cost row or under a money name is 万元: tables drop the 元 where the column says money.
const MONEY_NAME = /金额|资金|经费|费用|费|成本|预算|投资|补助|补贴|收入|支出|造价|价款|奖励|奖金|工资|报酬/;
function asMoney(cell: string, text: string, parsed: ParsedTarget, context: TargetContext | undefined): ParsedTarget {
  const unit = parsed.target.unit;
  if (parsed.target.normalized?.unit !== 'count' || (unit !== '万' && unit !== '亿')) return parsed;
  if (!isCost(context) && !MONEY_NAME.test(context?.level3 ?? '')) return parsed;
  const money = readQuantity(cell, text.replace(/(万|亿)(?!元)/, '$1元'), context);
  if (money.target.normalized?.unit !== 'yuan') return parsed;
  return { ...money, warnings: [...money.warnings, `指标值「${show(cell)}」未写“元”，按${unit}元读取`] };
}

function asDeviation(parsed: ParsedTarget): ParsedTarget {
  const { target } = parsed;
  if (target.comparator === null || target.range !== null) return parsed;
  if (target.inferred || target.comparator === '<=' || target.comparator === '<') {
    return { ...parsed, target: { ...target, comparator: target.comparator === '<' ? '<' : '<=', inferred: false } };
  }
  return unreadable(target.raw, '偏差范围不应再有「不低于」类比较词');
}

// A rate above 100% (`292%` 合格率) is almost always a misread `≥92%`; it is kept and put to a person.
function checkedRate(parsed: ParsedTarget, context: TargetContext | undefined): ParsedTarget {
  const n = parsed.target.normalized;
  const upward = parsed.target.comparator === '>=' || parsed.target.comparator === '>' || parsed.target.comparator === '=';
  if (n?.unit !== 'percent' || n.value <= 100 || !upward || parsed.needsReview) return parsed;
  if (!/(率|度)$/.test(context?.level3?.trim() ?? '')) return parsed;
  return { ...parsed, warnings: [...parsed.warnings, `指标值「${show(parsed.target.raw)}」超过100%，请核对是否误读（如「≥92%」）`], needsReview: true };
}

function asText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw === null || raw === undefined) return '';
  try {
    return String(raw);
  } catch {
    return '';
  }
}

function readWords(cell: string, text: string): ParsedTarget {
  if (!/\p{Script=Han}/u.test(text)) return unreadable(cell);
  // `不少于三次` is a number in words; reading it as a phrase would silently drop the target.
  const { found, rest } = takePrefixComparator(text);
  const { comparator: suffix, rest: body } = takeSuffixComparator(rest);
  const numeral = HAN_NUMERAL.exec(body)?.[0];
  const after = numeral === undefined ? null : body.slice(numeral.length);
  if ((found || suffix) && after !== null && (after === '' || isKnownUnit(after))) {
    return review({ ...blank(cell), text: cell }, `指标值「${show(cell)}」中的数字用汉字书写，未按数值读取，需人工确认`);
  }
  return phrase(cell);
}

function readQuantity(cell: string, text: string, context: TargetContext | undefined): ParsedTarget {
  const { found: prefix, rest } = takePrefixComparator(text);
  const { comparator: suffix, rest: body } = takeSuffixComparator(rest);
  const range = RANGE.exec(body);
  if (range) return prefix || suffix ? unreadable(cell, '区间前后不应再有比较词') : readRange(cell, range);
  const numberText = NUMBER.exec(body)?.[1];
  if (numberText === undefined) return unreadable(cell);
  let comparator: Comparator;
  let inferred = false;
  if (prefix && suffix) {
    const agree = (isUpward(prefix.comparator) && isUpward(suffix)) || (isDownward(prefix.comparator) && isDownward(suffix));
    if (!prefix.weak && !agree) return unreadable(cell, '比较词前后矛盾');
    // 控制在/达到 only frame the number; a strict `>`…`以上` keeps its strictness.
    comparator = prefix.weak ? suffix : prefix.comparator;
  } else if (prefix) {
    comparator = prefix.comparator;
  } else if (suffix) {
    comparator = suffix;
  } else {
    comparator = isCost(context) ? '<=' : '>=';
    inferred = true;
  }
  const unitText = body.slice(numberText.length);
  const reading = readUnit(unitText);
  if (!reading) return unreadable(cell, notAUnit(unitText));
  const value = Number(numberText);
  const normalized = toNormalised(numberText, reading);
  if (!isExact(value) || !isExact(normalized)) return unreadable(cell, '数值超出范围');
  return clean({
    ...blank(cell),
    kind: 'quantitative',
    comparator,
    inferred,
    value,
    unit: unitText || null,
    normalized: { value: normalized, unit: reading.unit },
  });
}

function readRange(cell: string, match: RegExpExecArray): ParsedTarget {
  const [, lowText = '', lowUnit = '', highText = '', highUnit = ''] = match;
  // `90-95%` and `3-5万元` write the unit once, after the upper bound; it applies to both.
  const written = lowUnit || highUnit;
  const lowReading = readUnit(written);
  const highReading = readUnit(highUnit || lowUnit);
  if (!lowReading) return unreadable(cell, notAUnit(written));
  if (!highReading) return unreadable(cell, notAUnit(highUnit));
  if (lowReading.unit !== highReading.unit) return unreadable(cell, '区间两端单位不一致');
  const value = Number(lowText);
  const low = toNormalised(lowText, lowReading);
  const high = toNormalised(highText, highReading);
  if (![value, low, high].every(isExact)) return unreadable(cell, '数值超出范围');
  if (low > high) return unreadable(cell, '区间下限大于上限');
  // Both bounds are kept and judged (docs/design.md, Targets); `>=` the low bound is what a single comparator
  // can say of it, hence `inferred`.
  return clean({
    ...blank(cell),
    kind: 'quantitative',
    comparator: '>=',
    inferred: true,
    value,
    unit: written || null,
    normalized: { value: low, unit: lowReading.unit },
    range: { low, high },
  });
}

/**
 * Gives a deadline written without a year (`6月30日前完成`, `12月底前`, `7月-12月`) the budget year, which the
 * table knows and the cell does not. Other targets come back unchanged; a day that the year lacks (2月29日
 * in 2023) stays without a deadline, with a warning.
 */
export function resolveDeadline(target: Target, year: number): { target: Target; warning: string | null } {
  if (target.kind !== 'qualitative' || target.deadline !== null || target.text === null) return { target, warning: null };
  const text = normaliseCell(target.text);
  if (!/\d/.test(text) || text.length > MAX_QUANTITY_LENGTH) return { target, warning: null };
  const due = readDeadline(text, year);
  if (due === 'invalid') return { target, warning: `指标值「${show(target.raw)}」中的日期在${year}年不存在，需人工确认` };
  if (due === null || due.deadline === null) return { target, warning: null };
  return { target: { ...target, deadline: due.deadline }, warning: null };
}

// Beyond 2^53 the number stored is no longer the number written; no budget target gets near it.
const isExact = (n: number): boolean => Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER;

// A bare number is a ceiling for costs and for rates of what should not happen (`补助款结算争议率 | 0%`): read as a
// floor, `≥0%` would be met by anything (docs/design.md, Targets).
const LOWER_IS_BETTER = /(争议|误差|差错|投诉|事故|故障|失误|返工|不合格|超支|违规|失败|退回|出错|错误)(发生)?率$/;
const isCost = (context: TargetContext | undefined): boolean =>
  [context?.level1, context?.level2].some((level) => typeof level === 'string' && level.includes('成本')) ||
  LOWER_IS_BETTER.test(context?.level3?.trim() ?? '');

const notAUnit = (unit: string): string | undefined => (unit === '' || /[\d.]/.test(unit) ? undefined : `「${show(unit)}」不是计量单位`);

/** Long cells are cut in messages only; `text` keeps them whole. */
function show(text: string): string {
  // Only the first 61 code points are looked at: a pasted page in one cell costs no more than a short one.
  let shown = '';
  let count = 0;
  for (const ch of text) {
    if (count === 60) return `${shown}…`;
    shown += ch;
    count++;
  }
  return text;
}

function blank(raw: string): Target {
  return {
    raw,
    kind: 'qualitative',
    comparator: null,
    inferred: false,
    value: null,
    unit: null,
    normalized: null,
    text: null,
    range: null,
    deadline: null,
  };
}

const clean = (target: Target): ParsedTarget => ({ target, warnings: [], needsReview: false, applicable: true });
const review = (target: Target, warning: string): ParsedTarget => ({
  target,
  warnings: [warning],
  needsReview: true,
  applicable: true,
});
const phrase = (cell: string, text = cell, deadline: string | null = null): ParsedTarget => clean({ ...blank(cell), text, deadline });

function unreadable(cell: string, reason?: string): ParsedTarget {
  return review({ ...blank(cell), text: cell }, `无法识别的指标值「${show(cell)}」${reason ? `：${reason}` : ''}，需人工确认`);
}
