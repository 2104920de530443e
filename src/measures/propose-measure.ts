import type { MeasureSpec } from './spec.ts';

export interface IndicatorWords {
  level1: string;
  level2: string;
  level3: string;
  description: string | null;
  targetKind: 'quantitative' | 'qualitative';
  normalizedUnit: string | null;
  /** The stored indicator's id and normalised target value: what a tally sum needs (absent: no tally proposal). */
  indicatorId?: number;
  normalizedValue?: number | null;
}

// Units a level is written in rather than an amount that accumulates: rates, durations, ages.
const LEVEL_UNITS = new Set(['percent', 'hours', 'workdays', 'months', 'years']);

/** The sum of the tallies logged toward this indicator (docs/design.md "Tallies"). */
export function tallySum(indicatorId: number): MeasureSpec {
  return { type: 'sum', source: 'entries', kind: 'tally', field: 'quantity', where: [{ op: 'eq', field: 'indicator', value: indicatorId }] };
}

interface Rule {
  test: RegExp;
  /** Only when the target is in one of these normalised units (undefined: any). */
  units?: (u: string | null) => boolean;
  spec: (w: IndicatorWords, text: string) => MeasureSpec;
}

const twoChannels = ['wechat', 'weibo'] as const;
const isPercent = (u: string | null) => u === 'percent';
const isMoney = (u: string | null) => u === 'yuan';

// Most specific first: "完成信息网设备和链路定时巡检任务数量" must be an inspection count, not a task ratio;
// "硬件采购（维护）数量" a procurement sum, not maintenance.
const rules: Rule[] = [
  { test: /阅读/, spec: () => ({ type: 'sum', source: 'post_stats', metric: 'readers', platforms: [...twoChannels] }) },
  { test: /两微|公众号|微博|推文|发表信息|发布信息|发稿/, spec: () => ({ type: 'count', source: 'posts', platforms: [...twoChannels] }) },
  { test: /满意/, spec: () => ({ type: 'avg', source: 'entries', kind: 'survey', field: 'score', where: [] }) },
  { test: /联通率|连通率|在线率|可用率/, spec: () => ({ type: 'ratio', source: 'probes' }) },
  {
    test: /故障(解决|处理|修复|响应)|解决时效|响应时[效间]/,
    spec: () => ({ type: 'duration', source: 'entries', kind: 'fault', from: 'opened_at', to: 'resolved_at', stat: 'max', openCountsAsAge: true }),
  },
  { test: /故障率/, spec: () => ({ type: 'manual' }) },
  { test: /巡检/, spec: () => ({ type: 'count', source: 'entries', kind: 'inspection', where: [] }) },
  { test: /采购|购置/, spec: () => ({ type: 'sum', source: 'entries', kind: 'procurement', field: 'quantity', where: [] }) },
  // Only a pass rate of upkeep is the maintenance log's: 工程验收合格率 or 培训合格率 is another unit's rate, a person's.
  {
    test: /维保|(维护|维修|运维).*合格率/,
    units: isPercent,
    spec: () => ({ type: 'ratio', source: 'entries', kind: 'maintenance', hit: [{ op: 'eq', field: 'passed', value: true }], where: [] }),
  },
  {
    test: /舆情|信息公开/,
    units: isPercent,
    spec: () => ({ type: 'ratio', source: 'entries', kind: 'opinion_report', hit: [{ op: 'lte_field', field: 'delivered_at', other: 'due_at' }], where: [] }),
  },
  {
    test: /突发环境事件|环境事件|突发事件/,
    spec: (_w, text) => ({ type: 'count', source: 'entries', kind: 'incident', where: incidentLevels(text) }),
  },
  { test: /执行天数|执行时间|执行周期|实施周期|执行期/, spec: () => ({ type: 'elapsed_days' }) },
  // Spending is money: 支出到位率 100% or 社会成本 100% is a rate, and a sum of yuan could never be read against it.
  { test: /成本|支出|经费|费用|资金/, units: isMoney, spec: () => ({ type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] }) },
  { test: /隐患排查|风险.*排查|排查抽查/, spec: () => ({ type: 'count', source: 'entries', kind: 'risk_check', where: [] }) },
  {
    test: /任务完成|目标任务|完成情况/,
    units: isPercent,
    spec: () => ({ type: 'ratio', source: 'entries', kind: 'task', hit: [{ op: 'done_by_as_of', field: 'done_at' }], where: [] }),
  },
  { test: /宣传活动|活动/, spec: () => ({ type: 'count', source: 'entries', kind: 'activity', where: [] }) },
  { test: /报告|工作目标/, spec: () => ({ type: 'count', source: 'entries', kind: 'report', where: [] }) },
];

/**
 * Proposes a measure from the indicator's own words (docs/design.md "Measures"); a person confirms or changes it.
 * A quantitative indicator no rule recognises is the sum of its tallies when it counts something; rates, levels
 * and qualitative ones are proposed as `manual`.
 */
export function proposeMeasure(w: IndicatorWords): MeasureSpec {
  if (w.targetKind === 'qualitative') return { type: 'manual' };
  // A per-unit rate (150元/人天) is not a spending cap: no source measures it, a person does.
  if (w.normalizedUnit?.includes('/')) return { type: 'manual' };
  const text = `${w.level3} ${w.description ?? ''}`;
  for (const rule of rules) {
    if (rule.test.test(text) && (!rule.units || rule.units(w.normalizedUnit))) return rule.spec(w, text);
  }
  if ((/成本/.test(w.level2) || /成本/.test(w.level1)) && isMoney(w.normalizedUnit)) {
    return { type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] };
  }
  // A count no entry kind knows (人次, 批次, 门, or none) accumulates from tallies; a fraction such as a 系数 of
  // 0.56 is a level, and stays with a person.
  const unit = w.normalizedUnit ?? 'count';
  const fraction = unit === 'count' && w.normalizedValue != null && !Number.isInteger(w.normalizedValue);
  if (w.indicatorId !== undefined && !LEVEL_UNITS.has(unit) && !fraction) return tallySum(w.indicatorId);
  return { type: 'manual' };
}

function incidentLevels(text: string): MeasureSpec extends never ? never : { op: 'in'; field: string; values: string[] }[] {
  if (/特别重大/.test(text) && !/以上/.test(text)) return [{ op: 'in', field: 'level', values: ['particularly_major'] }];
  if (/重大及以上|重大以上/.test(text) && !/较大/.test(text)) return [{ op: 'in', field: 'level', values: ['particularly_major', 'major'] }];
  if (/较大及以上|较大以上/.test(text)) return [{ op: 'in', field: 'level', values: ['particularly_major', 'major', 'large'] }];
  return [];
}
