import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseTarget, resolveDeadline } from '../../src/targets/parse-target.ts';
import type { Comparator, ParsedTarget, Target, TargetContext } from '../../src/targets/types.ts';

const SEED = new URL('../../db/examples/tianjin-eco-support-centre-2024.txt', import.meta.url);

const row = (level1: string, level2: string, level3: string): TargetContext => ({ level1, level2, level3 });
const COST: TargetContext = { level1: '产出指标', level2: '成本指标' };
const COST_AS_LEVEL1: TargetContext = { level1: '成本指标', level2: '经济成本指标' };
const QUALITY: TargetContext = { level1: '产出指标', level2: '质量指标' };

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

function quantity(
  raw: string,
  comparator: Comparator,
  inferred: boolean,
  value: number,
  unit: string | null,
  normalized: number,
  normalizedUnit: string,
): Target {
  return {
    ...blank(raw.trim()),
    kind: 'quantitative',
    comparator,
    inferred,
    value,
    unit,
    normalized: { value: normalized, unit: normalizedUnit },
  };
}

function expectClean(parsed: ParsedTarget, target: Target): void {
  expect(parsed.target).toEqual(target);
  expect(parsed.warnings).toEqual([]);
  expect(parsed.needsReview).toBe(false);
  expect(parsed.applicable).toBe(true);
}

function expectUnreadable(parsed: ParsedTarget, raw: string, warning: RegExp): void {
  expect(parsed.target).toEqual({ ...blank(raw.trim()), text: raw.trim() });
  expect(parsed.needsReview).toBe(true);
  expect(parsed.warnings).toHaveLength(1);
  expect(parsed.warnings[0]).toMatch(warning);
}

type QuantityCase = [
  raw: string,
  context: TargetContext | undefined,
  comparator: Comparator,
  inferred: boolean,
  value: number,
  unit: string | null,
  normalized: number,
  normalizedUnit: string,
];

const checkQuantities = (cases: QuantityCase[]) =>
  it.each(cases)('%s → %s %s %s (%s)', (raw, context, comparator, inferred, value, unit, normalized, normalizedUnit) => {
    expectClean(parseTarget(raw, context), quantity(raw, comparator, inferred, value, unit, normalized, normalizedUnit));
  });

// Every row of db/examples/tianjin-eco-support-centre-2024.txt, in order, with its own levels.
const SEED_ROWS: QuantityCase[] = [
  ['100%', row('产出指标', '质量指标', '维保项目完成合格率'), '>=', true, 100, '%', 100, 'percent'],
  ['<1天', row('产出指标', '时效指标', '故障解决时效'), '<', false, 1, '天', 24, 'hours'],
  ['≤320万元', row('产出指标', '成本指标', '年度运维成本'), '<=', false, 320, '万元', 3_200_000, 'yuan'],
  ['≥300次', row('产出指标', '数量指标', '完成信息网设备和链路定时巡检任'), '>=', false, 300, '次', 300, '次'],
  ['>90%', row('效益指标', '可持续影响指标', '保持环境监管网络联通率'), '>', false, 90, '%', 90, 'percent'],
  ['>85%', row('满意度指标', '服务对象满意度指标', '主管部门满意'), '>', false, 85, '%', 85, 'percent'],
  ['≥1次', row('产出指标', '数量指标', '基层组织活动'), '>=', false, 1, '次', 1, '次'],
  ['100%', row('产出指标', '质量指标', '及时提供舆情信息'), '>=', true, 100, '%', 100, 'percent'],
  ['≥300天', row('产出指标', '时效指标', '项目执行天数'), '>=', false, 300, '天', 7200, 'hours'],
  ['≤30万元', row('产出指标', '成本指标', '项目支出控制'), '<=', false, 30, '万元', 300_000, 'yuan'],
  ['>800条', row('效益指标', '社会效益指标', '全民参与'), '>', false, 800, '条', 800, '条'],
  ['>10万条', row('效益指标', '生态效益指标', '生态意识'), '>', false, 10, '万条', 100_000, '条'],
  ['>95%', row('满意度指标', '服务对象满意度指标', '主管部门满意'), '>', false, 95, '%', 95, 'percent'],
  ['3份', row('产出指标', '数量指标', '完成工作目标'), '>=', true, 3, '份', 3, '份'],
  ['≥90%', row('产出指标', '质量指标', '目标任务完成情况'), '>=', false, 90, '%', 90, 'percent'],
  ['>300天', row('产出指标', '时效指标', '项目执行时间'), '>', false, 300, '天', 7200, 'hours'],
  ['≤20万元', row('产出指标', '成本指标', '项目支出经费'), '<=', false, 20, '万元', 200_000, 'yuan'],
  ['<9件', row('效益指标', '生态效益指标', '保护生态环境'), '<', false, 9, '件', 9, '件'],
  ['>95%', row('满意度指标', '服务对象满意度指标', '主管部门满意'), '>', false, 95, '%', 95, 'percent'],
  ['≥4台套', row('产出指标', '数量指标', '硬件采购（维护）数量'), '>=', false, 4, '台套', 4, '台套'],
  ['≤10%', row('产出指标', '质量指标', '系统故障率'), '<=', false, 10, '%', 10, 'percent'],
  ['≤2小时', row('产出指标', '时效指标', '故障解决时效'), '<=', false, 2, '小时', 2, 'hours'],
  ['≤175万元', row('产出指标', '成本指标', '项目成本控制'), '<=', false, 175, '万元', 1_750_000, 'yuan'],
  ['>85%', row('满意度指标', '服务对象满意度指标', '主管部门满意'), '>', false, 85, '%', 85, 'percent'],
];
const SEED_UNREADABLE = '>1保障各项业务正常运行';

describe('parseTarget: the seed table (tianjin-eco-support-centre-2024)', () => {
  it('covers every 指标值 cell of the seed file', () => {
    const cells = readFileSync(SEED, 'utf8')
      .split('\n')
      .map((line) => line.trim());
    for (const [raw] of SEED_ROWS) expect(cells).toContain(raw);
    expect(cells).toContain(SEED_UNREADABLE);
    const valueCells = cells.filter((cell) => /^[<>≤≥]?\d/.test(cell) && !/^\d+\.\d\d$|^\d\.|^\d{6}/.test(cell));
    expect(valueCells.sort()).toEqual([...SEED_ROWS.map(([raw]) => raw), SEED_UNREADABLE].sort());
  });

  checkQuantities(SEED_ROWS);

  it('keeps >1保障各项业务正常运行 verbatim and says why it is not a target', () => {
    const parsed = parseTarget(SEED_UNREADABLE, row('效益指标', '可持续影响指标', '延长设备使用寿命'));
    expectUnreadable(parsed, SEED_UNREADABLE, /保障各项业务正常运行/);
    expect(parsed.warnings).toEqual(['无法识别的指标值「>1保障各项业务正常运行」：「保障各项业务正常运行」不是计量单位，需人工确认']);
  });
});

describe('parseTarget: layouts seen in the wild', () => {
  checkQuantities([
    ['42公里', undefined, '>=', true, 42, '公里', 42, '公里'],
    ['365次', undefined, '>=', true, 365, '次', 365, '次'],
    ['3', undefined, '>=', true, 3, null, 3, 'count'],
    ['≥ 12 次', undefined, '>=', false, 12, '次', 12, '次'],
    ['200 家', undefined, '>=', true, 200, '家', 200, '家'],
    ['100 %', QUALITY, '>=', true, 100, '%', 100, 'percent'],
    ['≤ 2 小时', undefined, '<=', false, 2, '小时', 2, 'hours'],
    ['150 元/人天', COST, '<=', true, 150, '元/人天', 150, 'yuan/人天'],
    ['< 10 天', undefined, '<', false, 10, '天', 240, 'hours'],
    ['=120个', undefined, '=', false, 120, '个', 120, '个'],
    ['=100百分比', QUALITY, '=', false, 100, '百分比', 100, 'percent'],
    ['≤4800元', COST_AS_LEVEL1, '<=', false, 4800, '元', 4800, 'yuan'],
    ['≥90百分比', undefined, '>=', false, 90, '百分比', 90, 'percent'],
    ['≥20场', undefined, '>=', false, 20, '场', 20, '场'],
    ['≥3000人次', undefined, '>=', false, 3000, '人次', 3000, '人次'],
    ['≤12.5万元', COST, '<=', false, 12.5, '万元', 125_000, 'yuan'],
    ['≥1200件', undefined, '>=', false, 1200, '件', 1200, '件'],
    ['≥98%', undefined, '>=', false, 98, '%', 98, 'percent'],
    ['≤24小时', undefined, '<=', false, 24, '小时', 24, 'hours'],
    ['≤86万元', COST, '<=', false, 86, '万元', 860_000, 'yuan'],
    ['  ≥95%\t', undefined, '>=', false, 95, '%', 95, 'percent'],
    ['定量 ≥ 12 次', undefined, '>=', false, 12, '次', 12, '次'],
  ]);
});

describe('parseTarget: full-width forms are the same as half-width', () => {
  checkQuantities([
    ['１００％', undefined, '>=', true, 100, '%', 100, 'percent'],
    ['＞９０．５％', undefined, '>', false, 90.5, '%', 90.5, 'percent'],
    ['＜５次', undefined, '<', false, 5, '次', 5, '次'],
    ['＝１２０个', undefined, '=', false, 120, '个', 120, '个'],
    ['≥１，０００人次', undefined, '>=', false, 1000, '人次', 1000, '人次'],
    ['≥1,000,000人次', undefined, '>=', false, 1_000_000, '人次', 1_000_000, '人次'],
    ['≤２４ｈ', undefined, '<=', false, 24, 'h', 24, 'hours'],
    ['≥12\u3000次', undefined, '>=', false, 12, '次', 12, '次'],
    ['＞＝９５％', undefined, '>=', false, 95, '%', 95, 'percent'],
    ['≥95%。', undefined, '>=', false, 95, '%', 95, 'percent'],
  ]);
});

describe('parseTarget: comparator words', () => {
  checkQuantities([
    ['≧90%', undefined, '>=', false, 90, '%', 90, 'percent'],
    ['>=90%', undefined, '>=', false, 90, '%', 90, 'percent'],
    ['≮90%', undefined, '>=', false, 90, '%', 90, 'percent'],
    ['不低于95%', undefined, '>=', false, 95, '%', 95, 'percent'],
    ['不少于10次', undefined, '>=', false, 10, '次', 10, '次'],
    ['不小于10次', undefined, '>=', false, 10, '次', 10, '次'],
    ['大于等于10次', undefined, '>=', false, 10, '次', 10, '次'],
    ['至少10次', undefined, '>=', false, 10, '次', 10, '次'],
    ['达到95%', undefined, '>=', false, 95, '%', 95, 'percent'],
    ['大于90%', undefined, '>', false, 90, '%', 90, 'percent'],
    ['高于90%', undefined, '>', false, 90, '%', 90, 'percent'],
    ['超过800条', undefined, '>', false, 800, '条', 800, '条'],
    ['多于800条', undefined, '>', false, 800, '条', 800, '条'],
    ['≦10%', undefined, '<=', false, 10, '%', 10, 'percent'],
    ['<=10%', undefined, '<=', false, 10, '%', 10, 'percent'],
    ['≯10%', undefined, '<=', false, 10, '%', 10, 'percent'],
    ['不高于10%', undefined, '<=', false, 10, '%', 10, 'percent'],
    ['不超过20万元', COST, '<=', false, 20, '万元', 200_000, 'yuan'],
    ['不多于3次', undefined, '<=', false, 3, '次', 3, '次'],
    ['不大于3次', undefined, '<=', false, 3, '次', 3, '次'],
    ['小于等于3次', undefined, '<=', false, 3, '次', 3, '次'],
    ['至多3次', undefined, '<=', false, 3, '次', 3, '次'],
    ['最多3次', undefined, '<=', false, 3, '次', 3, '次'],
    ['低于5%', undefined, '<', false, 5, '%', 5, 'percent'],
    ['少于9件', undefined, '<', false, 9, '件', 9, '件'],
    ['小于9件', undefined, '<', false, 9, '件', 9, '件'],
    ['=0起', undefined, '=', false, 0, '起', 0, '起'],
    ['等于100%', undefined, '=', false, 100, '%', 100, 'percent'],
    ['95%以上', undefined, '>=', false, 95, '%', 95, 'percent'],
    ['95%及以上', undefined, '>=', false, 95, '%', 95, 'percent'],
    ['20万元以内', COST, '<=', false, 20, '万元', 200_000, 'yuan'],
    ['5%以下', undefined, '<=', false, 5, '%', 5, 'percent'],
    ['5%及以下', undefined, '<=', false, 5, '%', 5, 'percent'],
    ['30个工作日内', undefined, '<=', false, 30, '个工作日', 30, 'workdays'],
    ['控制在320万元以内', COST, '<=', false, 320, '万元', 3_200_000, 'yuan'],
    ['控制在5%以下', undefined, '<=', false, 5, '%', 5, 'percent'],
    ['控制在20万元', COST, '<=', false, 20, '万元', 200_000, 'yuan'],
    // 控制在 frames the number; the suffix gives the direction.
    ['控制在90%以上', undefined, '>=', false, 90, '%', 90, 'percent'],
    // A redundant suffix keeps the strictness of the written prefix.
    ['>90%以上', undefined, '>', false, 90, '%', 90, 'percent'],
    ['≥90%以上', undefined, '>=', false, 90, '%', 90, 'percent'],
  ]);
});

describe('parseTarget: multipliers and money', () => {
  checkQuantities([
    ['>10万条', undefined, '>', false, 10, '万条', 100_000, '条'],
    ['3万人次', undefined, '>=', true, 3, '万人次', 30_000, '人次'],
    ['10万', undefined, '>=', true, 10, '万', 100_000, 'count'],
    ['1千人', undefined, '>=', true, 1, '千人', 1000, '人'],
    ['2.5亿元', undefined, '>=', true, 2.5, '亿元', 250_000_000, 'yuan'],
    ['2千万元', undefined, '>=', true, 2, '千万元', 20_000_000, 'yuan'],
    ['3百万元', undefined, '>=', true, 3, '百万元', 3_000_000, 'yuan'],
    ['5百元', undefined, '>=', true, 5, '百元', 500, 'yuan'],
    ['1.5十万人次', undefined, '>=', true, 1.5, '十万人次', 150_000, '人次'],
    ['≤5千元', COST, '<=', false, 5, '千元', 5000, 'yuan'],
    ['0.07万元', COST, '<=', true, 0.07, '万元', 700, 'yuan'],
    ['≤0.1万元', COST, '<=', false, 0.1, '万元', 1000, 'yuan'],
    ['≤1.23456万元', COST, '<=', false, 1.23456, '万元', 12_345.6, 'yuan'],
    ['320万元', COST, '<=', true, 320, '万元', 3_200_000, 'yuan'],
    ['320万元', undefined, '>=', true, 320, '万元', 3_200_000, 'yuan'],
    ['30万元', COST_AS_LEVEL1, '<=', true, 30, '万元', 300_000, 'yuan'],
    ['≤2万元/公里', COST, '<=', false, 2, '万元/公里', 20_000, 'yuan/公里'],
    ['≥2次/周', undefined, '>=', false, 2, '次/周', 2, '次/周'],
    // 千米/千克 are units of their own, not 千 × 米; 千米 and km are read as the noun 公里.
    ['42千米', undefined, '>=', true, 42, '千米', 42, '公里'],
    ['42km', undefined, '>=', true, 42, 'km', 42, '公里'],
    ['1.2万千米', undefined, '>=', true, 1.2, '万千米', 12_000, '公里'],
    ['≤500千克', undefined, '<=', false, 500, '千克', 500, '千克'],
    ['≥100千瓦时', undefined, '>=', false, 100, '千瓦时', 100, '千瓦时'],
  ]);
});

describe('parseTarget: durations, percents, decimals and counts', () => {
  checkQuantities([
    ['≤30秒', undefined, '<=', false, 30, '秒', 0.008_333_333_333_33, 'hours'],
    ['≤15分钟', undefined, '<=', false, 15, '分钟', 0.25, 'hours'],
    ['≤90分钟', undefined, '<=', false, 90, '分钟', 1.5, 'hours'],
    ['≤2小时', undefined, '<=', false, 2, '小时', 2, 'hours'],
    ['≤2个小时', undefined, '<=', false, 2, '个小时', 2, 'hours'],
    ['≤3天', undefined, '<=', false, 3, '天', 72, 'hours'],
    ['≤1.1天', undefined, '<=', false, 1.1, '天', 26.4, 'hours'],
    ['≤5日', undefined, '<=', false, 5, '日', 120, 'hours'],
    ['≤2周', undefined, '<=', false, 2, '周', 336, 'hours'],
    ['≤1星期', undefined, '<=', false, 1, '星期', 168, 'hours'],
    ['≤5个工作日', undefined, '<=', false, 5, '个工作日', 5, 'workdays'],
    ['≤5工作日', undefined, '<=', false, 5, '工作日', 5, 'workdays'],
    ['≤3个月', undefined, '<=', false, 3, '个月', 3, 'months'],
    ['12月', undefined, '>=', true, 12, '月', 12, 'months'],
    ['≥8年', undefined, '>=', false, 8, '年', 8, 'years'],
    ['≥0.5年', undefined, '>=', false, 0.5, '年', 0.5, 'years'],
    // 分 alone is a score, not minutes.
    ['≥90分', undefined, '>=', false, 90, '分', 90, '分'],
    ['≥2个百分点', undefined, '>=', false, 2, '个百分点', 2, 'percent'],
    ['≤5‰', undefined, '<=', false, 5, '‰', 0.5, 'percent'],
    ['95%', undefined, '>=', true, 95, '%', 95, 'percent'],
    ['5%', COST, '<=', true, 5, '%', 5, 'percent'],
    ['99.5%', undefined, '>=', true, 99.5, '%', 99.5, 'percent'],
    ['≥0.5', undefined, '>=', false, 0.5, null, 0.5, 'count'],
    ['.5', undefined, '>=', true, 0.5, null, 0.5, 'count'],
    ['0', undefined, '>=', true, 0, null, 0, 'count'],
    ['≥3个标段', undefined, '>=', false, 3, '个标段', 3, '个标段'],
    ['≥120个点位', undefined, '>=', false, 120, '个点位', 120, '个点位'],
    ['≥4台设备', undefined, '>=', false, 4, '台设备', 4, '台设备'],
    ['≥100Mbps', undefined, '>=', false, 100, 'Mbps', 100, 'Mbps'],
    ['≥50亩', undefined, '>=', false, 50, '亩', 50, '亩'],
    ['≤3吨', undefined, '<=', false, 3, '吨', 3, '吨'],
  ]);
});

describe('parseTarget: qualitative phrases', () => {
  it.each([
    '优良',
    '达到预期',
    '有效提升',
    '显著',
    '持续',
    '效果明显',
    '持续改善',
    '高中低',
    '好',
    '是',
    '长期',
    '逐步提高',
    '明显提升',
    '土壤管理长远',
    '不低于上年',
    '一般',
    '本项目不适用此指标',
    '年底前',
    '年内',
    '较好',
    '≥良好',
  ])('%s is a phrase a person assesses', (raw) => {
    expectClean(parseTarget(raw), { ...blank(raw), text: raw });
  });

  it.each(['无', '/', '—', '-', '——', '--', '不适用', 'N/A', '／', '－', ' / '])('%s marks the indicator as not applicable, kept as written', (raw) => {
    const parsed = parseTarget(raw);
    expect(parsed).toEqual({ target: { ...blank(raw.trim()), text: raw.trim() }, warnings: [], needsReview: false, applicable: false });
  });

  it('/ is not applicable even on a row the 指标性质 column calls 定性', () => {
    expect(parseTarget('/', { qualitative: true }).applicable).toBe(false);
  });

  it.each([
    ['≥90%', { ...QUALITY, qualitative: true }],
    ['高中低', { qualitative: true }],
    ['3份', { qualitative: true }],
  ] as [string, TargetContext][])('%s is qualitative when the row says 定性', (raw, context) => {
    expectClean(parseTarget(raw, context), { ...blank(raw), text: raw });
  });

  it.each([
    ['定性 高中低', '高中低'],
    ['定性', '定性'],
  ])('%s drops the glued 指标性质 word', (raw, text) => {
    expectClean(parseTarget(raw), { ...blank(raw), text });
  });

  it.each(['不少于三次', '≥十二次', '不低于百分之九十', '一次以上'])('%s writes its number in words and asks for review', (raw) => {
    const parsed = parseTarget(raw);
    expect(parsed.target).toEqual({ ...blank(raw), text: raw });
    expect(parsed.needsReview).toBe(true);
    expect(parsed.warnings).toEqual([expect.stringMatching(/汉字/)]);
  });
});

describe('parseTarget: deadlines', () => {
  it.each([
    ['2025年年底前', '2025-12-31'],
    ['2025年底前', '2025-12-31'],
    ['2025年末', '2025-12-31'],
    ['2025年内', '2025-12-31'],
    ['2025年', '2025-12-31'],
    ['2024年11月底前', '2024-11-30'],
    ['2024年11月底前完成', '2024-11-30'],
    ['2024年11月', '2024-11-30'],
    ['2024年2月底前', '2024-02-29'],
    ['2023年2月底前', '2023-02-28'],
    ['2100年2月底', '2100-02-28'],
    ['2000年2月底', '2000-02-29'],
    ['2024年12月31日前', '2024-12-31'],
    ['2024年6月30日之前', '2024-06-30'],
    ['于2024年9月15日前完成', '2024-09-15'],
    ['不晚于2024年10月', '2024-10-31'],
    ['2024年上半年', '2024-06-30'],
    ['2024年下半年', '2024-12-31'],
    ['2024年第三季度', '2024-09-30'],
    ['2024年第1季度末', '2024-03-31'],
    ['2024-12-31', '2024-12-31'],
    ['2024.6.30前', '2024-06-30'],
    ['２０２４年１１月底前', '2024-11-30'],
    ['12月底前', null],
    ['12月31日前', null],
    ['2月29日前', null],
    ['11月前', null],
  ] as [string, string | null][])('%s → deadline %s', (raw, deadline) => {
    expectClean(parseTarget(raw), { ...blank(raw), text: raw, deadline });
  });

  it.each(['2023年2月29日前', '2024年13月底前', '2024年4月31日', '13月底前', '2月30日前', '2024-02-30'])('%s is not a real date', (raw) =>
    expectUnreadable(parseTarget(raw), raw, /日期无效/),
  );
});

describe('parseTarget: ranges keep both bounds, read cleanly as ≥ the low bound', () => {
  it.each([
    ['90%-95%', 90, '%', 90, 95, 'percent'],
    ['90-95%', 90, '%', 90, 95, 'percent'],
    ['90%~95%', 90, '%', 90, 95, 'percent'],
    ['90%～95%', 90, '%', 90, 95, 'percent'],
    ['90%至95%', 90, '%', 90, 95, 'percent'],
    ['3-5次', 3, '次', 3, 5, '次'],
    ['3到5次', 3, '次', 3, 5, '次'],
    ['3—5天', 3, '天', 72, 120, 'hours'],
    ['3-5万元', 3, '万元', 30_000, 50_000, 'yuan'],
    ['5000元-1万元', 5000, '元', 5000, 10_000, 'yuan'],
    ['90-90%', 90, '%', 90, 90, 'percent'],
    ['2000-3000人次', 2000, '人次', 2000, 3000, '人次'],
    // Dotted numbers that cannot be dates stay numbers: month 13 and month 50 do not exist.
    ['2024.13-2025.01', 2024.13, null, 2024.13, 2025.01, 'count'],
  ] as [string, number, string | null, number, number, string][])('%s → ≥ %s%s, range %s..%s', (raw, value, unit, low, high, normUnit) => {
    expectClean(parseTarget(raw), { ...quantity(raw, '>=', true, value, unit, low, normUnit), range: { low, high } });
  });

  it.each([
    ['95%-90%', /下限大于上限/],
    ['5-3次', /下限大于上限/],
    ['90%-95次', /单位不一致/],
    ['≥90%-95%', /区间/],
    ['3-5保障运行', /不是计量单位/],
  ] as [string, RegExp][])('%s is unreadable', (raw, warning) => expectUnreadable(parseTarget(raw), raw, warning));
});

describe('parseTarget: per-unit rates keep their denominator', () => {
  checkQuantities([
    ['150元/人天', COST, '<=', true, 150, '元/人天', 150, 'yuan/人天'],
    ['≤150元/人·天', COST, '<=', false, 150, '元/人·天', 150, 'yuan/人天'],
    ['≤200元/(人·天)', COST, '<=', false, 200, '元/(人·天)', 200, 'yuan/人天'],
    ['≤200元/（人·天）', COST, '<=', false, 200, '元/(人·天)', 200, 'yuan/人天'], // the unit is kept folded, as ２４ｈ is
    ['≤2万元/公里', COST, '<=', false, 2, '万元/公里', 20_000, 'yuan/公里'],
    ['≤1.5万元/台', COST, '<=', false, 1.5, '万元/台', 15_000, 'yuan/台'],
    ['≤300元/平方米', COST, '<=', false, 300, '元/平方米', 300, 'yuan/平方米'],
    ['≤10元/人次', COST, '<=', false, 10, '元/人次', 10, 'yuan/人次'],
    ['≥1次/月', undefined, '>=', false, 1, '次/月', 1, '次/月'],
  ]);
});

describe('parseTarget: the newer forms (docs/design.md, Targets)', () => {
  checkQuantities([
    ['达到95%', undefined, '>=', false, 95, '%', 95, 'percent'],
    ['达到 95%', undefined, '>=', false, 95, '%', 95, 'percent'],
    ['达到100次', undefined, '>=', false, 100, '次', 100, '次'],
    ['控制在320万元以内', COST, '<=', false, 320, '万元', 3_200_000, 'yuan'],
    ['控制在 20万元 以内', COST, '<=', false, 20, '万元', 200_000, 'yuan'],
    ['控制在5%以内', undefined, '<=', false, 5, '%', 5, 'percent'],
    ['≮90%', undefined, '>=', false, 90, '%', 90, 'percent'],
    ['≯10%', undefined, '<=', false, 10, '%', 10, 'percent'],
    ['≯20万元', COST, '<=', false, 20, '万元', 200_000, 'yuan'],
    // 百分点 is a difference in percent points, kept in `percent` as written (not a share of anything).
    ['≥2个百分点', undefined, '>=', false, 2, '个百分点', 2, 'percent'],
    ['≤0.5百分点', undefined, '<=', false, 0.5, '百分点', 0.5, 'percent'],
  ]);

  it.each([
    ['2023.07-2024.01', '2024-01-31'],
    ['2023年7月-2024年1月', '2024-01-31'],
    ['2024年1月-12月', '2024-12-31'],
    ['2024年1月至2024年12月', '2024-12-31'],
    ['2024.01-2024.06', '2024-06-30'],
    ['2024/3/1-2024/9/15', '2024-09-15'],
    ['2023年-2024年', '2024-12-31'],
    ['2024-01-2024-12', '2024-12-31'],
  ])('%s is an implementation period: a deadline on its last day %s', (raw, deadline) => {
    expectClean(parseTarget(raw), { ...blank(raw), text: raw, deadline });
  });

  it.each(['2024.05-2024.01', '2024年13月-2025年1月', '2024年3月-2月'])('%s is not a real period', (raw) => {
    expectUnreadable(parseTarget(raw), raw, /日期无效/);
  });

  it.each([
    ['6月30日前完成', 2024, '2024-06-30'],
    ['12月底前', 2024, '2024-12-31'],
    ['11月前', 2025, '2025-11-30'],
    ['2月29日前', 2024, '2024-02-29'],
    ['7月-12月', 2024, '2024-12-31'],
    ['2025年年底前', 2024, '2025-12-31'], // a written year wins
  ] as [string, number, string][])("%s with the table's year %d → deadline %s", (raw, year, deadline) => {
    expectClean(parseTarget(raw, { year }), { ...blank(raw), text: raw, deadline });
  });

  it('2月29日前 in a year without it is not a real date', () => {
    expectUnreadable(parseTarget('2月29日前', { year: 2023 }), '2月29日前', /日期无效/);
  });
});

describe('resolveDeadline (the table importer gives a year-less deadline its year)', () => {
  it.each([
    ['6月30日前完成', 2024, '2024-06-30', null],
    ['12月底前', 2023, '2023-12-31', null],
    ['7月-12月', 2024, '2024-12-31', null],
    ['2025年年底前', 2024, '2025-12-31', null], // already has one
    ['优良', 2024, null, null],
    ['2月29日前', 2023, null, /2023年不存在/],
  ] as [string, number, string | null, RegExp | null][])('%s in %d → %s', (raw, year, deadline, warning) => {
    const resolved = resolveDeadline(parseTarget(raw).target, year);
    expect(resolved.target.deadline).toBe(deadline);
    if (warning) expect(resolved.warning).toMatch(warning);
    else expect(resolved.warning).toBeNull();
  });

  it('leaves a quantitative target alone', () => {
    const target = parseTarget('≥300次').target;
    expect(resolveDeadline(target, 2024).target).toBe(target);
  });
});

describe('parseTarget: empty and junk cells', () => {
  // An empty value marks an indicator that does not apply; the warning lets the importer say so by line.
  it.each(['', '   ', '\t\n', '\u3000', '\u200b'])('%j is an empty cell: not applicable, said in a warning', (raw) => {
    const parsed = parseTarget(raw);
    expect(parsed.target).toEqual(blank(raw.trim()));
    expect(parsed).toMatchObject({ warnings: ['指标值为空，按不适用处理（不计分）'], needsReview: false, applicable: false });
  });

  it('treats null and undefined as an empty cell', () => {
    for (const raw of [null, undefined]) {
      expect(parseTarget(raw as unknown as string)).toEqual({
        target: blank(''),
        warnings: ['指标值为空，按不适用处理（不计分）'],
        needsReview: false,
        applicable: false,
      });
    }
  });

  it.each([
    ['abc', /无法识别/],
    ['ＡＢＣ', /无法识别/],
    ['???', /无法识别/],
    ['≥', /无法识别/],
    ['≥%', /无法识别/],
    ['1.2.3次', /无法识别/],
    ['>>5', /无法识别/],
    ['5.', /无法识别/],
    ['1e5', /无法识别/],
    ['-5%', /无法识别/],
    ['≥90%(含)', /不是计量单位/],
    ['300天左右', /「天左右」不是计量单位/],
    ['完成3项工作', /无法识别/],
    ['较2023年提升5%', /无法识别/],
    ['≤90%以上', /矛盾/],
    ['=90%以上', /矛盾/],
    ['3万%', /不是计量单位/],
    ['3万年', /不是计量单位/],
    ['5个保障运行', /不是计量单位/],
    ['1底', /「底」不是计量单位/],
    ['≥3年年', /不是计量单位/],
    ['100%完成', /不是计量单位/],
    ['9'.repeat(400), /数值超出范围|无法识别/],
    ['≥99999999999999999999次', /数值超出范围/],
    ['≥1'.padEnd(80, '0'), /无法识别/],
    ['≥90%，完成率' + '很高'.repeat(40), /无法识别/],
  ] as [string, RegExp][])('%s is kept verbatim with a warning', (raw, warning) => {
    expectUnreadable(parseTarget(raw), raw, warning);
  });

  it('cuts a long cell in the warning but keeps it whole in text', () => {
    const raw = `≥1${'保障'.repeat(100)}`;
    const parsed = parseTarget(raw);
    expect(parsed.target.text).toBe(raw);
    expect(parsed.warnings[0]!.length).toBeLessThan(200);
  });
});

// mulberry32: small, seeded, so a failure reproduces.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '0',
  '1',
  '9',
  '12',
  '0.5',
  '.',
  ',',
  '，',
  '１',
  '％',
  '%',
  '≥',
  '≤',
  '>',
  '<',
  '=',
  '＞',
  '以上',
  '以内',
  '内',
  '不低于',
  '达到',
  '控制在',
  '万',
  '亿',
  '千',
  '千米',
  '元',
  '万元',
  '次',
  '天',
  '小时',
  '分钟',
  '分',
  '个工作日',
  '月',
  '年',
  '底',
  '前',
  '日',
  '-',
  '~',
  '至',
  '/',
  '人天',
  '百分比',
  '保障',
  '优良',
  '定性',
  '无',
  ' ',
  '\t',
  '\u3000',
  'a',
  'Z',
  '?',
  '(',
  '…',
  '\ud800',
  '😀',
  'е',
  '٣',
  '①',
  '９',
  '2024',
  '2月',
  '29',
  '3',
];

function randomCell(next: () => number): string {
  const length = Math.floor(next() * 12);
  let cell = '';
  for (let i = 0; i < length; i += 1) {
    cell += next() < 0.85 ? PIECES[Math.floor(next() * PIECES.length)] : String.fromCharCode(Math.floor(next() * 0x10000));
  }
  return cell;
}

function expectWellFormed(parsed: ParsedTarget, input: string): void {
  const t = parsed.target;
  expect(t.raw).toBe(input.trim());
  expect(['quantitative', 'qualitative']).toContain(t.kind);
  expect(typeof t.inferred).toBe('boolean');
  // Review always says why; a warning either asks for review or says the indicator does not apply (empty).
  if (parsed.needsReview) expect(parsed.warnings.length).toBeGreaterThan(0);
  if (parsed.warnings.length > 0) expect(parsed.needsReview || !parsed.applicable).toBe(true);
  for (const w of parsed.warnings) expect(w).toMatch(/\p{Script=Han}/u);
  if (t.kind === 'quantitative') {
    expect(['>=', '>', '<=', '<', '=']).toContain(t.comparator);
    expect(Number.isFinite(t.value)).toBe(true);
    expect(Number.isFinite(t.normalized?.value)).toBe(true);
    expect(t.normalized?.unit).toMatch(/./);
    expect(t.text).toBeNull();
    expect(t.deadline).toBeNull();
  } else {
    expect(t).toMatchObject({ comparator: null, inferred: false, value: null, unit: null, normalized: null, range: null });
  }
  if (t.range) expect(t.range.low).toBeLessThanOrEqual(t.range.high);
  if (t.deadline) expect(t.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
}

describe('values as other units write them (tables from anywhere)', () => {
  const read = (raw: string, context: TargetContext = {}) => parseTarget(raw, context);

  it('±N% is a deviation at most N%, either way', () => {
    for (const raw of ['±3%以内', '±3%', '+-3%']) {
      const { target, needsReview } = read(raw, row('产出指标', '质量指标', '补助款结算误差率'));
      expect([target.comparator, target.inferred, target.normalized, needsReview], raw).toEqual(['<=', false, { value: 3, unit: 'percent' }, false]);
    }
    expect(read('≥±3%').needsReview).toBe(true);
  });

  it('a bare rate of what should not happen is a ceiling; other bare rates stay floors', () => {
    expect(read('0%', row('效益指标', '社会效益指标', '补助款结算争议率')).target).toMatchObject({ comparator: '<=', inferred: true });
    expect(read('5%', row('产出指标', '质量指标', '系统故障率')).target.comparator).toBe('<=');
    expect(read('2%', row('满意度指标', '服务对象满意度指标', '投诉率')).target.comparator).toBe('<=');
    expect(read('95%', row('产出指标', '质量指标', '验收合格率')).target.comparator).toBe('>=');
  });

  it('a rate above 100% with a floor is kept and put to review', () => {
    const misread = read('292%', row('产出指标', '质量指标', '经常性大型设备更新验收合格率'));
    expect(misread.target.normalized).toEqual({ value: 292, unit: 'percent' });
    expect(misread.needsReview).toBe(true);
    expect(misread.warnings.join()).toContain('超过100%');
    expect(read('120%', row('效益指标', '经济效益指标', '收入增长')).needsReview).toBe(false);
    expect(read('≤120%', row('产出指标', '质量指标', '完成率')).needsReview).toBe(false);
  });

  it('万 without 元 is money in a cost row or under a money name, a count elsewhere', () => {
    const cost = read('≤120万', COST);
    expect([cost.target.normalized, cost.target.unit, cost.needsReview]).toEqual([{ value: 1_200_000, unit: 'yuan' }, '万元', false]);
    expect(cost.warnings.join()).toContain('按万元读取');
    expect(read('28.8万', row('产出指标', '数量指标', '业务工作支出安排金额')).target.normalized).toEqual({ value: 288_000, unit: 'yuan' });
    expect(read('>10万', row('效益指标', '社会效益指标', '阅读量')).target.normalized).toEqual({ value: 100_000, unit: 'count' });
  });

  it('a span of months is a 时效 period ending on its last month', () => {
    const TIMELY = row('产出指标', '时效指标', '实施周期');
    expect(resolveDeadline(read('1-12月', TIMELY).target, 2024).target.deadline).toBe('2024-12-31');
    expect(read('2024年3-6月', TIMELY).target.deadline).toBe('2024-06-30');
    expect(read('12-1月', TIMELY).needsReview).toBe(true);
    expect(read('3-5个月', TIMELY).target.range).toEqual({ low: 3, high: 5 });
  });

  it('Latin units, thousands separators and ASCII comparators', () => {
    expect(read('2km').target.normalized).toEqual({ value: 2, unit: '公里' });
    expect(read('500m').target.normalized).toEqual({ value: 500, unit: '米' });
    expect(read('1,200次').target.normalized).toEqual({ value: 1200, unit: '次' });
    expect(read('>=1,000,000元').target).toMatchObject({ comparator: '>=', normalized: { value: 1_000_000, unit: 'yuan' } });
    expect(read('<=475元/亩', COST).target).toMatchObject({ comparator: '<=', normalized: { value: 475, unit: 'yuan/亩' } });
  });
});

describe('parseTarget is total', () => {
  it('returns a well-formed target for 5000 random cells (seeded)', () => {
    const next = random(20_240_101);
    for (let i = 0; i < 5000; i += 1) {
      const cell = randomCell(next);
      const context: TargetContext | undefined = next() < 0.3 ? COST : next() < 0.1 ? { qualitative: true } : undefined;
      expectWellFormed(parseTarget(cell, context), cell);
    }
  });

  // How fast is the bench's business (`npm run bench`, "long target cells"); here only that the answer is well formed.
  it('reads very long text', () => {
    for (const cell of ['≥'.repeat(100_000), '1'.repeat(100_000), '好'.repeat(100_000), `${'1-'.repeat(50_000)}%`, `2024年${'前'.repeat(50_000)}`]) {
      expectWellFormed(parseTarget(cell), cell);
    }
  });

  it('does not throw on values that are not strings', () => {
    for (const raw of [
      42,
      {},
      [],
      Symbol('x'),
      {
        toString: () => {
          throw new Error('no');
        },
      },
    ]) {
      expect(() => parseTarget(raw as unknown as string, null as unknown as TargetContext)).not.toThrow();
    }
  });
});
