import { describe, expect, it } from 'vitest';
import { proposeMeasure } from '../../src/measures/propose-measure.ts';
import { measureSpecSchema } from '../../src/measures/spec.ts';
import { parseTableText } from '../../src/targets/parse-table.ts';
import { seedText } from '../helpers/seed.ts';

const seed = parseTableText(seedText(), { year: 2024, yearGiven: true });
const proposals = seed.projects.flatMap((p) =>
  p.indicators.map((i) => ({
    project: p.name,
    name: `${i.level3}|${i.description}`,
    spec: proposeMeasure({
      level1: i.level1,
      level2: i.level2,
      level3: i.level3,
      description: i.description,
      targetKind: i.target.kind,
      normalizedUnit: i.target.normalized?.unit ?? null,
    }),
  })),
);

const maintenance = { type: 'ratio', source: 'entries', kind: 'maintenance', hit: [{ op: 'eq', field: 'passed', value: true }], where: [] };
const faultMax = { type: 'duration', source: 'entries', kind: 'fault', from: 'opened_at', to: 'resolved_at', stat: 'max', openCountsAsAge: true };
const spend = { type: 'sum', source: 'entries', kind: 'expenditure', field: 'amount', where: [] };
const survey = { type: 'avg', source: 'entries', kind: 'survey', field: 'score', where: [] };

// The binding table of issue 3, row by row, for the seed's 25 indicators.
const expected: [string, unknown][] = [
  ['维保项目完成合格率|维保项目完成合格率', maintenance],
  ['故障解决时效|故障解决时效', faultMax],
  ['年度运维成本|年度运维成本', spend],
  ['完成信息网设备和链路定时巡检任|完成信息网设备和链路定时巡检任务数量', { type: 'count', source: 'entries', kind: 'inspection', where: [] }],
  ['保持环境监管网络联通率|保持环境监管网络联通率', { type: 'ratio', source: 'probes' }],
  ['主管部门满意|主管部门满意', survey],
  ['基层组织活动|环境宣传活动', { type: 'count', source: 'entries', kind: 'activity', where: [] }],
  [
    '及时提供舆情信息|图文、信息公开',
    { type: 'ratio', source: 'entries', kind: 'opinion_report', hit: [{ op: 'lte_field', field: 'delivered_at', other: 'due_at' }], where: [] },
  ],
  ['项目执行天数|项目执行天数', { type: 'elapsed_days' }],
  ['项目支出控制|项目支出控制', spend],
  ['全民参与|在两微发表信息', { type: 'count', source: 'posts', platforms: ['wechat', 'weibo'] }],
  ['生态意识|阅读量', { type: 'sum', source: 'post_stats', metric: 'readers', platforms: ['wechat', 'weibo'] }],
  ['主管部门满意|主管部门满意', survey],
  ['完成工作目标|完成工作目标', { type: 'count', source: 'entries', kind: 'report', where: [] }],
  ['目标任务完成情况|目标任务完成情况', { type: 'ratio', source: 'entries', kind: 'task', hit: [{ op: 'done_by_as_of', field: 'done_at' }], where: [] }],
  ['项目执行时间|项目执行时间', { type: 'elapsed_days' }],
  ['项目支出经费|项目支出经费', spend],
  [
    '保护生态环境|防范较大及以上级别突发环境事件',
    { type: 'count', source: 'entries', kind: 'incident', where: [{ op: 'in', field: 'level', values: ['particularly_major', 'major', 'large'] }] },
  ],
  ['主管部门满意|主管部门满意', survey],
  ['硬件采购（维护）数量|硬件采购（维护）数量', { type: 'sum', source: 'entries', kind: 'procurement', field: 'quantity', where: [] }],
  ['系统故障率|系统故障率', { type: 'manual' }],
  ['故障解决时效|故障解决时效', faultMax],
  ['项目成本控制|项目成本控制', spend],
  ['延长设备使用寿命|延长设备使用寿命', { type: 'manual' }],
  ['主管部门满意|主管部门满意', survey],
];

describe('proposeMeasure on the seed', () => {
  it('covers all 25 indicators in table order', () => {
    expect(proposals.map((p) => p.name)).toEqual(expected.map(([n]) => n));
  });

  it.each(expected.map(([name, spec], i) => [i, name, spec] as const))('#%i %s', (i, _name, spec) => {
    expect(proposals[i]!.spec).toEqual(spec);
    expect(measureSpecSchema.safeParse(proposals[i]!.spec).success).toBe(true);
  });

  it.each([
    ['重大及以上突发事件', '起', [{ op: 'in', field: 'level', values: ['particularly_major', 'major'] }]],
    ['突发环境事件', '起', []],
  ])('incident levels follow the words: %s', (level3, unit, where) => {
    const spec = proposeMeasure({ level1: '效益指标', level2: '社会效益指标', level3, description: null, targetKind: 'quantitative', normalizedUnit: unit });
    expect(spec).toEqual({ type: 'count', source: 'entries', kind: 'incident', where });
  });

  it('qualitative and unrecognised indicators are proposed as manual', () => {
    expect(
      proposeMeasure({ level1: '效益指标', level2: '社会效益指标', level3: '生态意识', description: null, targetKind: 'qualitative', normalizedUnit: null }),
    ).toEqual({ type: 'manual' });
    expect(
      proposeMeasure({ level1: '产出指标', level2: '数量指标', level3: '补充采样点位数', description: null, targetKind: 'quantitative', normalizedUnit: '个' }),
    ).toEqual({ type: 'manual' });
    // a per-unit rate under 成本指标 is not a spending cap
    expect(
      proposeMeasure({
        level1: '产出指标',
        level2: '成本指标',
        level3: '值守补助',
        description: null,
        targetKind: 'quantitative',
        normalizedUnit: 'yuan/人天',
      }),
    ).toEqual({ type: 'manual' });
  });
});

describe('spending is proposed from the expenditure log only for a target in money', () => {
  const propose = (level2: string, level3: string, unit: string | null) =>
    proposeMeasure({
      level1: '产出指标',
      level2,
      level3,
      description: null,
      targetKind: 'quantitative',
      normalizedUnit: unit,
      indicatorId: 9,
      normalizedValue: 100,
    });
  it.each([
    ['成本指标', '业务工作支出安排金额', 'yuan'],
    ['成本指标', '景观建设费用', 'yuan'],
    ['成本指标', '项目运行成本', 'yuan'],
  ])('%s %s (%s): expenditure sum', (level2, level3, unit) => {
    expect(propose(level2, level3, unit)).toEqual(spend);
  });
  // From the real tables: rates under 成本指标 or about 支出, which a sum of yuan can never be read against.
  it.each([
    ['数量指标', '业务工作支出到位率', 'percent'],
    ['成本指标', '社会成本指标', 'percent'],
    ['成本指标', '年度预算执行率', 'percent'],
    ['成本指标', '成本节约率', 'percent'],
  ])('%s %s (%s): manual', (level2, level3, unit) => {
    expect(propose(level2, level3, unit)).toEqual({ type: 'manual' });
  });
});

describe('a pass rate is the maintenance log’s only when it is a pass rate of upkeep', () => {
  const propose = (level3: string) =>
    proposeMeasure({
      level1: '产出指标',
      level2: '质量指标',
      level3,
      description: null,
      targetKind: 'quantitative',
      normalizedUnit: 'percent',
      indicatorId: 7,
    });
  it.each(['办公大楼日常维修维护验收合格率', '重.要设备维修维保验收合格率', '运维服务合格率', '维保项目完成合格率'])('%s: maintenance', (level3) => {
    expect(propose(level3)).toEqual(maintenance);
  });
  // From the real tables: a road project's acceptance, a laboratory's samples, a training course.
  it.each(['项目(工程)验收合格率', '工程验收合格率', '样品分析合格率', '培训合格率', '经常性大型设备更新验收合格率'])('%s: manual', (level3) => {
    expect(propose(level3)).toEqual({ type: 'manual' });
  });
});

describe('indicators no rule knows (docs/design.md "Tallies")', () => {
  const propose = (level3: string, _raw: string, unit: string | null, value: number | null, kind: 'quantitative' | 'qualitative' = 'quantitative') =>
    proposeMeasure({
      level1: '产出指标',
      level2: '数量指标',
      level3,
      description: null,
      targetKind: kind,
      normalizedUnit: unit,
      indicatorId: 42,
      normalizedValue: value,
    });
  const tally = { type: 'sum', source: 'entries', kind: 'tally', field: 'quantity', where: [{ op: 'eq', field: 'indicator', value: 42 }] };

  it.each<[string, string, string | null, number | null]>([
    ['培训人次', '≥3000人次', '人次', 3000],
    ['培训批次', '≥12批次', '批次', 12],
    ['开设课程', '≥8门', '门', 8],
    ['发放宣传册', '5000', 'count', 5000],
    ['带动增加收入', '≥6万元', 'yuan', 60000],
  ])('%s (%s) is the sum of its tallies', (level3, _raw, unit, value) => {
    expect(propose(level3, _raw, unit, value)).toEqual(tally);
  });

  it.each<[string, string | null, number | null, 'quantitative' | 'qualitative']>([
    ['培训完成率', 'percent', 95, 'quantitative'],
    ['培训报名审核时限', 'hours', 24, 'quantitative'],
    ['设施使用年限', 'years', 5, 'quantitative'],
    ['灌溉水有效利用系数', 'count', 0.56, 'quantitative'],
    ['培训质量', null, null, 'qualitative'],
  ])('%s stays manual (a rate, a level or qualitative)', (level3, unit, value, kind) => {
    expect(propose(level3, '', unit, value, kind)).toEqual({ type: 'manual' });
  });

  it('without the stored indicator’s id there is nothing to name, so nothing changes for the seed', () => {
    expect(
      proposeMeasure({ level1: '产出指标', level2: '数量指标', level3: '培训人次', description: null, targetKind: 'quantitative', normalizedUnit: '人次' }),
    ).toEqual({
      type: 'manual',
    });
    expect(measureSpecSchema.parse(tally)).toEqual(tally);
  });
});
