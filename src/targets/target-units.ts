// Vocabulary of 指标值 cells: text folding, comparator words and units of measure.
// Used by parse-target.ts; pure data and small pure helpers, no I/O.
import type { Comparator } from './types.ts';

/**
 * Folds a cell to one canonical spelling: NFKC turns full-width digits, letters and `％ ＞ ＜ ＝ ．，～ －`
 * into their ASCII forms; spaces are dropped because spreadsheet exports split `≥ 12 次` over columns;
 * thousands separators go because the number grammar has no grouping.
 */
export function normaliseCell(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, '')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/[。;,、]+$/, '');
}

export interface ComparatorWord {
  word: string;
  comparator: Comparator;
  /** A weak prefix states a frame, not a direction of its own: a written suffix overrides it. */
  weak: boolean;
}

const strong = (comparator: Comparator, words: string[]): ComparatorWord[] => words.map((word) => ({ word, comparator, weak: false }));

// Sorted longest first so `>=` wins over `>`, `不低于` over `低于`, `大于等于` over `大于`.
const PREFIXES: ComparatorWord[] = [
  ...strong('>=', ['≥', '≧', '⩾', '>=', '=>', '≮']),
  ...strong('>=', ['不低于', '不少于', '不小于', '大于等于', '大于或等于', '至少', '不得低于', '不得少于']),
  ...strong('>', ['>', '大于', '高于', '超过', '多于']),
  ...strong('<=', ['≤', '≦', '⩽', '<=', '=<', '≯']),
  ...strong('<=', ['不高于', '不超过', '不多于', '不大于', '小于等于', '小于或等于', '至多', '最多', '不得高于', '不得超过']),
  ...strong('<', ['<', '低于', '少于', '小于']),
  ...strong('=', ['=', '==', '等于']),
  // 达到95% is said of a floor ("at least 95%"), and 控制在 of a cap; 控制在90%以上 still reads as a floor.
  { word: '达到', comparator: '>=', weak: true } satisfies ComparatorWord,
  { word: '控制在', comparator: '<=', weak: true } satisfies ComparatorWord,
].sort((a, b) => b.word.length - a.word.length);

// 以上/以下/以内 include the number itself in Chinese usage (GB/T and legal drafting), hence >= and <=.
const SUFFIXES: { word: string; comparator: Comparator }[] = [
  ...['及以上', '或以上', '以上'].map((word) => ({ word, comparator: '>=' as const })),
  ...['及以下', '或以下', '以下', '及以内', '以内', '之内', '内'].map((word) => ({ word, comparator: '<=' as const })),
].sort((a, b) => b.word.length - a.word.length);

export function takePrefixComparator(text: string): { found: ComparatorWord | null; rest: string } {
  const found = PREFIXES.find((p) => text.startsWith(p.word)) ?? null;
  return { found, rest: found ? text.slice(found.word.length) : text };
}

export function takeSuffixComparator(text: string): { comparator: Comparator | null; rest: string } {
  const found = SUFFIXES.find((s) => text.endsWith(s.word) && text.length > s.word.length);
  return found ? { comparator: found.comparator, rest: text.slice(0, -found.word.length) } : { comparator: null, rest: text };
}

export const isUpward = (c: Comparator): boolean => c === '>=' || c === '>';
export const isDownward = (c: Comparator): boolean => c === '<=' || c === '<';

/** How a written unit maps onto its normalised unit: value × 10^exponent × mul ÷ div. */
export interface UnitReading {
  exponent: number;
  mul: number;
  div: number;
  /** `yuan`, `hours`, `workdays`, `months`, `years`, `percent`, a count noun, or `count` for a bare number. */
  unit: string;
}

interface BaseUnit extends UnitReading {
  /** 万/亿/千 may precede it; they may not precede %, 年, 月 or 工作日 (`3万年` is not a target). */
  scalable: boolean;
}

const base = (unit: string, scalable: boolean, mul = 1, div = 1, exponent = 0): BaseUnit => ({
  unit,
  scalable,
  mul,
  div,
  exponent,
});

const HOURS = base('hours', true);
const DAYS = base('hours', true, 24);
const WEEKS = base('hours', true, 168);
const MINUTES = base('hours', true, 1, 60);
const SECONDS = base('hours', true, 1, 3600);
const PERCENT = base('percent', false);
const WORKDAYS = base('workdays', false);
const MONTHS = base('months', false);
const YEARS = base('years', false);
const count = (noun: string): BaseUnit => base(noun, true);

const BASE_UNITS = new Map<string, BaseUnit>([
  ['元', base('yuan', true)],
  ['小时', HOURS],
  ['个小时', HOURS],
  ['h', HOURS],
  ['H', HOURS],
  ['hr', HOURS],
  // A lone 分 after a number is a score (`90分`), never minutes: only 分钟 is a duration.
  ['分钟', MINUTES],
  ['min', MINUTES],
  ['秒', SECONDS],
  ['秒钟', SECONDS],
  ['s', SECONDS],
  ['天', DAYS],
  ['日', DAYS],
  ['自然日', DAYS],
  ['个自然日', DAYS],
  ['d', DAYS],
  ['周', WEEKS],
  ['星期', WEEKS],
  ['个星期', WEEKS],
  ['工作日', WORKDAYS],
  ['个工作日', WORKDAYS],
  ['月', MONTHS],
  ['个月', MONTHS],
  ['年', YEARS],
  ['%', PERCENT],
  ['百分比', PERCENT],
  ['百分点', PERCENT],
  ['个百分点', PERCENT],
  ['‰', base('percent', false, 1, 1, -1)],
  // 千米/千克/千瓦… are units in their own right, not 千 × 米. km and 千米 are the same noun as 公里,
  // so `42千米` compares with a `42公里` target.
  ['千米', count('公里')],
  ['km', count('公里')],
  ['KM', count('公里')],
  ['公斤', count('千克')],
  ['kg', count('千克')],
  ['平方千米', count('平方公里')],
  ['km2', count('平方公里')],
  // `500m` is the same noun as `500米`, as km is 公里.
  ['m', count('米')],
  ['m2', count('平方米')],
  ['m3', count('立方米')],
  ['t', count('吨')],
  ...['千克', '千瓦', '千瓦时', '千伏', '千伏安', '千字', '千帕', '千卡', '千焦', '千赫', '千兆'].map((u): [string, BaseUnit] => [u, count(u)]),
  // Count nouns seen in published tables; listing them also admits those the plausibility check
  // below would refuse (4 characters, or a character that is usually part of a verb).
  ...[
    '次',
    '条',
    '份',
    '件',
    '台套',
    '台',
    '套',
    '个',
    '人次',
    '场',
    '场次',
    '公里',
    '家',
    '人',
    '篇',
    '项',
    '期',
    '户',
    '处',
    '名',
    '本',
    '张',
    '部',
    '批',
    '辆',
    '吨',
    '亩',
    '点位',
    '个点位',
    '所',
    '座',
    '株',
    '册',
    '分',
    '平方公里',
    '平方米',
    '立方米',
    '课时',
    '学时',
    '工时',
    '台时',
    '机时',
    '标段',
    '公顷',
    '人天',
    '人日',
    '人月',
    '周期',
    '年度',
  ].map((u): [string, BaseUnit] => [u, count(u)]),
  // Latin units are matched case-sensitively: `100M` (bandwidth) is not `100m` (metres).
  ...['cm', 'mm', 'g', 'mg', 'L', 'mL', 'MB', 'GB', 'TB', 'Mbps', 'Gbps', 'kW', 'kWh', 'MW', 'dB'].map((u): [string, BaseUnit] => [u, count(u)]),
]);

// Longest first: 千万 before 千, 万亿 before 万. 百分比/百分点 are known units, looked up before these.
const MULTIPLIERS: [string, number][] = [
  ['万亿', 12],
  ['千万', 7],
  ['百万', 6],
  ['十万', 5],
  ['亿', 8],
  ['万', 4],
  ['千', 3],
  ['百', 2],
];

// Characters that mark a clause rather than a measure word (function words and common verbs in target
// texts), so `>1保障运行` is refused rather than read as 1 unit of `保障运行`.
const NOT_IN_NOUNS = new Set(
  '的了着是在和与及或并等为对于把被将从向以内上下前后中保障完成提升开展进行实现确达到增减降加强推动促改善' +
    '运正常各业务不没无有要应需能可让使很更最较已未均都也又再覆盖满足合格符按执履落控制持续稳优良好差高低约左右' +
    // Calendar words: after a number they are a date or a duration, handled elsewhere (`2024年年底`).
    '年月日天周底末',
);

function isPlausibleNoun(word: string): boolean {
  if (!/^\p{Script=Han}{1,3}$/u.test(word)) return false;
  // A leading numeral character is a multiplier the caller failed to apply (`百万元`), never a noun.
  if (/^[十百千万亿]/.test(word)) return false;
  return ![...word].some((ch) => NOT_IN_NOUNS.has(ch));
}

function readBase(word: string): BaseUnit | null {
  const known = BASE_UNITS.get(word);
  if (known) return known;
  // 个 is a classifier in front of a noun (`3个标段`, `120个点位`); the noun as written is kept.
  const noun = word.startsWith('个') && word.length > 1 ? word.slice(1) : word;
  if (BASE_UNITS.has(noun) || isPlausibleNoun(noun)) return count(word);
  return null;
}

function readSimple(word: string): UnitReading | null {
  if (word === '') return base('count', true);
  const known = readBase(word);
  if (known) return known;
  for (const [prefix, exponent] of MULTIPLIERS) {
    if (!word.startsWith(prefix)) continue;
    const rest = word.slice(prefix.length);
    if (rest === '') return base('count', true, 1, 1, exponent);
    const after = readBase(rest);
    if (after?.scalable) return { ...after, exponent: after.exponent + exponent };
    return null;
  }
  return null;
}

/**
 * Reads the unit written after a number, multiplier included (`万条`, `万元`, `元/人天`), or returns
 * null when the text is not a unit of measure. An empty unit is a plain count.
 */
export function readUnit(written: string): UnitReading | null {
  const parts = written.split('/');
  if (parts.length > 2) return null;
  const [left = '', denominator] = parts;
  const numerator = readSimple(left);
  if (denominator === undefined || numerator === null) return numerator;
  // `元/(人·天)` and `元/人·天` are the same denominator as `元/人天`.
  const right = denominator.replace(/^\((.+)\)$/, '$1').replace(/[·•・]/g, '');
  // A rate such as 元/人天 keeps its denominator as written: there is nothing to convert it to.
  if (left === '' || right === '' || readBase(right) === null) return null;
  return { ...numerator, unit: `${numerator.unit}/${right}` };
}

/** Moves the decimal point of a written number, so `0.07` × 10^4 is exactly 700 (no float multiply). */
export function shiftDecimal(written: string, exponent: number): number {
  const [whole = '', fraction = ''] = written.split('.');
  let digits = whole + fraction;
  let point = whole.length + exponent;
  if (point < 1) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const fractional = digits.slice(point);
  return Number(fractional ? `${digits.slice(0, point)}.${fractional}` : digits.slice(0, point));
}

/** The written number in the unit's normalised scale; durations are rounded to 12 significant digits. */
export function toNormalised(written: string, reading: UnitReading): number {
  const shifted = shiftDecimal(written, reading.exponent);
  if (reading.mul === 1 && reading.div === 1) return shifted;
  return Number(((shifted * reading.mul) / reading.div).toPrecision(12));
}

/** Chinese numerals, for noticing `不少于三次` (a number the parser does not read). */
export const HAN_NUMERAL = /^(?:百分之)?[零〇一二两三四五六七八九十百千万亿]+/;

export function isKnownUnit(word: string): boolean {
  return BASE_UNITS.has(word);
}

// Normalised units that measure a quantity rather than count things: halves and tenths are real.
const CONTINUOUS = new Set([
  'yuan',
  'hours',
  'workdays',
  'months',
  'years',
  'percent',
  '分',
  '公里',
  '米',
  '平方公里',
  '平方米',
  '立方米',
  '吨',
  '千克',
  '克',
  '亩',
  '公顷',
  '升',
  '千瓦',
  '千瓦时',
  '千伏',
  '千伏安',
  '千帕',
  '千卡',
  '千焦',
  '千赫',
  '千兆',
  '千字',
  '人天',
  '人日',
  '人月',
  '工时',
  '台时',
  '机时',
  '课时',
  '学时',
]);

/**
 * Whether a normalised unit counts whole things (次 条 份 件 台套 个 人次 场 篇 项 …, or a bare `count`), so
 * that pace is judged on whole units (docs/design.md, Monitoring rules). Measures (公里, 吨, 平方米, kWh, MB
 * …), money, time, percent and per-unit rates (`yuan/人天`) are continuous. A Chinese noun the parser
 * admitted without knowing it (`台设备`, `个点位`) is a classifier after a number, so it counts whole things,
 * unless it ends in a measure (`延米`, `平米`, `立方`, `吨公里`);
 * Latin units (`m`, `kg`, `MB`) are all measures.
 */
export function isWholeUnit(unit: string | null): boolean {
  if (unit === null || unit.includes('/') || CONTINUOUS.has(unit)) return false;
  if (unit === 'count') return true;
  return /^\p{Script=Han}+$/u.test(unit) && !MEASURE_ENDING.test(unit);
}

// A unit the parser admitted as written that ends in a measure (延米, 平米, 立方, 土方, 吨公里, 万度 of power) is a
// length, area, volume, mass or energy: 2.5 延米 is a real figure, as 2.5 公里 is.
const MEASURE_ENDING = /(?:米|方|吨|克|斤|升|亩|顷|里|瓦|时|度)$/u;
