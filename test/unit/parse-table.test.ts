import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { parseTableText, parseTableTextDetailed, readTableFile, type ReadTableOptions } from '../../src/targets/parse-table.ts';
import { readMoney, splitGoals } from '../../src/targets/table-values.ts';
import type { ParsedIndicator, ParsedTable } from '../../src/targets/types.ts';
import { makeDocx, makeXlsx } from '../helpers/make-table-files.ts';

const fixtureUrl = (name: string): URL => new URL(`../fixtures/tables/${name}`, import.meta.url);
const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(fixtureUrl(name)));
const fixture = (name: string): string => readFileSync(fixtureUrl(name), 'utf8');
const SEED_URL = new URL('../../db/examples/tianjin-eco-support-centre-2024.txt', import.meta.url);
const seed = (): string => readFileSync(SEED_URL, 'utf8');
const Y2024: ReadTableOptions = { year: 2024 };

/** level1, level2, level3, description, comparator, value, unit as written, normalised [value, unit] */
type Row = [string, string, string, string | null, string | null, number | null, string | null, [number, string] | null];

function rowsOf(indicators: ParsedIndicator[]): Row[] {
  return indicators.map((i) => [
    i.level1,
    i.level2,
    i.level3,
    i.description,
    i.target.comparator,
    i.target.value,
    i.target.unit,
    i.target.normalized ? [i.target.normalized.value, i.target.normalized.unit] : null,
  ]);
}

const allIndicators = (table: ParsedTable): ParsedIndicator[] => table.projects.flatMap((p) => p.indicators);

describe('parseTableText on the seed (四个项目, 25 个指标)', () => {
  const table = parseTableText(seed(), Y2024);

  it('reads the unit line as code + name and imports without errors', () => {
    expect(table.errors).toEqual([]);
    expect(table.unit).toEqual({ code: '362207', name: '天津市生态环境综合保障中心' });
  });

  it('finds the four projects with names from 项目名称, budgets in yuan, purposes and goals', () => {
    expect(table.projects.map((p) => [p.name, p.year, p.line])).toEqual([
      ['天津市生态环境信息网络、设备及系统运行维护', 2024, 1],
      ['”生态城市 美丽天津“建设宣传及能力建设提升项目', 2024, 69],
      ['环境应急与事故调查', 2024, 143],
      ['天津市生态环境信息网络设备更新改造项目', 2024, 212],
    ]);
    expect(table.projects.map((p) => p.budget)).toEqual(
      [3200000, 300000, 200000, 1750000].map((yuan) => ({ total: yuan, fiscal: yuan, other: null, unit: 'yuan' })),
    );
    expect(table.projects.map((p) => p.purpose)).toEqual([
      '天津市生态环境局信息网络、设备及系统运行维护项目',
      '”生态城市 美丽天津“建设宣传及能力建设提升',
      '环境应急与事故调查项目',
      '专用设备购置',
    ]);
    expect(table.projects.map((p) => p.goals.length)).toEqual([1, 1, 2, 1]);
    expect(table.projects[0]?.goals[0]).toMatch(/^通过项目建设，对关键系统提供持续的运维保障/);
    expect(table.projects[2]?.goals).toEqual(['开展天津市企事业单位环境风险隐患排查抽查工作', '完成京津冀联防联控相关工作']);
    expect(table.projects.map((p) => p.budgetWeight)).toEqual([null, null, null, null]);
  });

  it('reads all 25 indicators in table order with levels carried over merged cells', () => {
    expect(table.projects.map((p) => p.indicators.length)).toEqual([6, 7, 6, 6]);
    expect(rowsOf(allIndicators(table))).toEqual<Row[]>([
      ['产出指标', '质量指标', '维保项目完成合格率', '维保项目完成合格率', '>=', 100, '%', [100, 'percent']],
      ['产出指标', '时效指标', '故障解决时效', '故障解决时效', '<', 1, '天', [24, 'hours']],
      ['产出指标', '成本指标', '年度运维成本', '年度运维成本', '<=', 320, '万元', [3200000, 'yuan']],
      ['产出指标', '数量指标', '完成信息网设备和链路定时巡检任', '完成信息网设备和链路定时巡检任务数量', '>=', 300, '次', [300, '次']],
      ['效益指标', '可持续影响指标', '保持环境监管网络联通率', '保持环境监管网络联通率', '>', 90, '%', [90, 'percent']],
      ['满意度指标', '服务对象满意度指标', '主管部门满意', '主管部门满意', '>', 85, '%', [85, 'percent']],
      ['产出指标', '数量指标', '基层组织活动', '环境宣传活动', '>=', 1, '次', [1, '次']],
      ['产出指标', '质量指标', '及时提供舆情信息', '图文、信息公开', '>=', 100, '%', [100, 'percent']],
      ['产出指标', '时效指标', '项目执行天数', '项目执行天数', '>=', 300, '天', [7200, 'hours']],
      ['产出指标', '成本指标', '项目支出控制', '项目支出控制', '<=', 30, '万元', [300000, 'yuan']],
      ['效益指标', '社会效益指标', '全民参与', '在两微发表信息', '>', 800, '条', [800, '条']],
      ['效益指标', '生态效益指标', '生态意识', '阅读量', '>', 10, '万条', [100000, '条']],
      ['满意度指标', '服务对象满意度指标', '主管部门满意', '主管部门满意', '>', 95, '%', [95, 'percent']],
      ['产出指标', '数量指标', '完成工作目标', '完成工作目标', '>=', 3, '份', [3, '份']],
      ['产出指标', '质量指标', '目标任务完成情况', '目标任务完成情况', '>=', 90, '%', [90, 'percent']],
      ['产出指标', '时效指标', '项目执行时间', '项目执行时间', '>', 300, '天', [7200, 'hours']],
      ['产出指标', '成本指标', '项目支出经费', '项目支出经费', '<=', 20, '万元', [200000, 'yuan']],
      ['效益指标', '生态效益指标', '保护生态环境', '防范较大及以上级别突发环境事件', '<', 9, '件', [9, '件']],
      ['满意度指标', '服务对象满意度指标', '主管部门满意', '主管部门满意', '>', 95, '%', [95, 'percent']],
      ['产出指标', '数量指标', '硬件采购（维护）数量', '硬件采购（维护）数量', '>=', 4, '台套', [4, '台套']],
      ['产出指标', '质量指标', '系统故障率', '系统故障率', '<=', 10, '%', [10, 'percent']],
      ['产出指标', '时效指标', '故障解决时效', '故障解决时效', '<=', 2, '小时', [2, 'hours']],
      ['产出指标', '成本指标', '项目成本控制', '项目成本控制', '<=', 175, '万元', [1750000, 'yuan']],
      ['效益指标', '可持续影响指标', '延长设备使用寿命', '延长设备使用寿命', null, null, null, null],
      ['满意度指标', '服务对象满意度指标', '主管部门满意', '主管部门满意', '>', 85, '%', [85, 'percent']],
    ]);
    expect(allIndicators(table).every((i) => i.applicable && i.weight === null)).toBe(true);
    expect(
      allIndicators(table)
        .map((i) => i.line)
        .slice(0, 6),
    ).toEqual([30, 37, 43, 49, 54, 60]);
    // `3份` has no written comparator: inferred, not read as written.
    expect(allIndicators(table)[13]?.target.inferred).toBe(true);
  });

  it('keeps `>1保障各项业务正常运行` verbatim for review and names the indicator in a line warning', () => {
    const odd = allIndicators(table).find((i) => i.level3 === '延长设备使用寿命');
    expect(odd?.target).toMatchObject({ raw: '>1保障各项业务正常运行', kind: 'qualitative', text: '>1保障各项业务正常运行' });
    expect(odd?.needsReview).toBe(true);
    expect(odd?.warnings.length).toBeGreaterThan(0);
    expect(allIndicators(table).filter((i) => i.needsReview)).toHaveLength(1);
    // The row starts on line 265 (its level-1 cell); the value cell is on line 269.
    expect(odd?.line).toBe(265);
    const warning = table.warnings.find((w) => w.line === 265);
    expect(warning?.message).toContain('延长设备使用寿命');
    expect(warning?.message).toContain('>1保障各项业务正常运行');
    expect(warning?.message).toContain('第265行');
    expect(table.warnings).toHaveLength(1);
  });
});

describe('parseTableText on the other layouts', () => {
  it('pipe rows: two-row header, level-1 labels mid-group, a bare number, trailing empty cells, a stamp footer', () => {
    const table = parseTableText(fixture('pipe-rows.txt'), Y2024);
    expect(table.errors).toEqual([]);
    expect(table.unit).toEqual({ code: null, name: '某市湖泊管理中心' });
    const [project] = table.projects;
    expect(project).toMatchObject({
      name: '湖库蓝藻监测预警',
      year: 2024,
      line: 1,
      purpose: null,
      budgetWeight: null,
      budget: { total: 456000, fiscal: 400000, other: 56000, unit: 'yuan' },
      goals: ['完成重点湖库蓝藻水华巡测', '及时发布蓝藻预警信息。'],
    });
    expect(rowsOf(allIndicators(table))).toEqual<Row[]>([
      ['产出指标', '数量指标', '巡测湖库数量', null, '>=', 12, '座', [12, '座']],
      ['产出指标', '数量指标', '采样点位', null, '>=', 36, null, [36, 'count']],
      ['产出指标', '数量指标', '巡测频次', null, '>=', 52, '次', [52, '次']],
      ['产出指标', '质量指标', '监测数据有效率', null, '>=', 95, '%', [95, 'percent']],
      ['产出指标', '时效指标', '预警信息发布时限', null, '<=', 4, '小时', [4, 'hours']],
      ['产出指标', '成本指标', '巡测船燃油费', null, '<=', 3, '万元', [30000, 'yuan']],
      ['效益指标', '社会效益指标', '蓝藻水华预警公众知晓', null, null, null, null, null],
      ['效益指标', '生态效益指标', '湖库水质', null, null, null, null, null],
      ['满意度指标', '服务对象满意度指标', '周边居民满意度', null, '>=', 85, '%', [85, 'percent']],
    ]);
    expect(
      allIndicators(table)
        .map((i) => i.target.text)
        .slice(6, 8),
    ).toEqual(['有效提升', '稳中向好']);
    expect(allIndicators(table).map((i) => i.line)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    // The stamp footer is ignored, and said so once.
    expect(table.warnings).toEqual([{ line: 18, message: expect.stringContaining('盖章') }]);
  });

  it('pipe rows: rows read before any level-1 label get the label that follows (row-span centred)', () => {
    const text = ['一级指标 | 二级指标 | 三级指标 | 指标值 |', '运行成本指标 | 电费 | ≤5万元 |', '产出指标 | 数量指标 | 巡查次数 | 12次 |'].join('\n');
    const table = parseTableText(`项目名称 | 某项目 |\n实施单位 | 某中心 |\n${text}`, Y2024);
    expect(rowsOf(allIndicators(table)).map((r) => r.slice(0, 3))).toEqual([
      ['产出指标', '运行成本指标', '电费'],
      ['产出指标', '数量指标', '巡查次数'],
    ]);
  });

  it('cell per line: two projects, wrapped and vertical labels joined, a not-applicable row kept', () => {
    const table = parseTableText(fixture('cell-per-line.txt'), Y2024);
    expect(table.errors).toEqual([]);
    expect(table.warnings).toEqual([]);
    expect(table.unit).toEqual({ code: null, name: '某县农村环境服务中心' });
    expect(table.projects.map((p) => [p.name, p.year, p.line, p.budget, p.goals])).toEqual([
      ['农村生活污水设施运维', 2025, 2, { total: 368000, fiscal: 300000, other: 68000, unit: 'yuan' }, ['保障全县农村生活污水处理设施稳定运行,出水达标。']],
      ['饮用水源地巡查', 2025, 59, { total: 700, fiscal: null, other: null, unit: 'yuan' }, []],
    ]);
    const [first, second] = table.projects;
    expect(rowsOf(first?.indicators ?? [])).toEqual<Row[]>([
      ['产出指标', '数量指标', '运维站点数量', null, '>=', 48, '个', [48, '个']],
      ['产出指标', '数量指标', '巡检次数', null, '>=', 576, '次', [576, '次']],
      ['产出指标', '质量指标', '出水水质达标率', null, '>=', 90, '%', [90, 'percent']],
      ['产出指标', '时效指标', '故障修复时限', null, '<=', 72, '小时', [72, 'hours']],
      ['产出指标', '成本指标', '运维总成本', null, '<=', 36.8, '万元', [368000, 'yuan']],
      ['效益指标', '生态效益指标', '减少农村生活污水直排,改善村庄水环境面貌', null, null, null, null, null],
      ['效益指标', '社会效益指标', '本项目不适用此指标', null, null, null, null, null],
      ['满意度指标', '满意度指标', '村民满意度', null, '>=', 85, '%', [85, 'percent']],
    ]);
    expect(first?.indicators.map((i) => i.applicable)).toEqual([true, true, true, true, true, true, false, true]);
    expect(first?.indicators[5]?.target.text).toBe('明显改善');
    expect(first?.indicators[6]).toMatchObject({ needsReview: false, warnings: [] });
    expect(rowsOf(second?.indicators ?? []).map((r) => r.slice(0, 3))).toEqual([
      ['产出指标', '数量指标', '水源地巡查次数'],
      ['产出指标', '时效指标', '问题整改完成时间'],
      ['满意度指标', '服务对象满意度指标', '群众满意度'],
    ]);
    expect(second?.indicators[1]?.target.deadline).toBe('2025-10-31');
  });

  it('columns with weights: 指标性质 + 指标值 + 度量单位 combined, 定性 rows, spilled weights, 预算执行率权重', () => {
    const table = parseTableText(fixture('columns-with-weights.txt'), Y2024);
    expect(table.errors).toEqual([]);
    expect(table.warnings).toEqual([]);
    expect(table.unit).toEqual({ code: '402015', name: '某市固体废物管理中心' });
    const [project] = table.projects;
    expect(project).toMatchObject({
      name: '危险废物规范化管理评估',
      budgetWeight: 10,
      purpose: null,
      budget: { total: null, fiscal: null, other: null, unit: 'yuan' },
      goals: ['完成危险废物产生单位规范化管理抽查评估;督促问题整改。'],
    });
    const indicators = project?.indicators ?? [];
    expect(indicators.map((i) => [i.level1, i.level2, i.level3, i.target.raw, i.target.kind, i.weight, i.line])).toEqual([
      ['产出指标', '数量指标', '抽查评估企业数', '≥60家', 'quantitative', 15, 7],
      ['产出指标', '数量指标', '培训企业环境管理人员', '300人次', 'quantitative', 10, 8],
      ['产出指标', '质量指标', '评估报告合格率', '=100%', 'quantitative', 10, 9],
      ['产出指标', '时效指标', '问题整改反馈时限', '≤15个工作日', 'quantitative', 10, 10],
      ['产出指标', '成本指标', '单家企业评估费用', '≤2500元', 'quantitative', 15, 11],
      ['效益指标', '社会效益指标', '企业环境守法意识', '提高', 'qualitative', 15, 12],
      ['效益指标', '生态效益指标', '危险废物环境风险', '降低', 'qualitative', 15, 14],
      ['满意度指标', '服务对象满意度指标', '受评企业满意度', '≥90%', 'quantitative', 10, 16],
    ]);
    expect(indicators.map((i) => i.target.comparator)).toEqual(['>=', '>=', '=', '<=', '<=', null, null, '>=']);
    expect(indicators[1]?.target.inferred).toBe(true);
    expect(indicators[3]?.target.normalized).toEqual({ value: 15, unit: 'workdays' });
    expect(indicators.reduce((sum, i) => sum + (i.weight ?? 0), 0)).toBe(100);
  });

  it('newer template: cells run together, 成本指标 as level 1, `=` targets, 百分比, glued phrases split and flagged', () => {
    const table = parseTableText(fixture('newer-template.txt'), Y2024);
    expect(table.errors).toEqual([]);
    expect(table.unit).toEqual({ code: null, name: '某市环境科学研究院' });
    const [project] = table.projects;
    expect(project).toMatchObject({
      name: '大气污染源排放清单编制项目',
      year: 2024,
      line: 1,
      budget: { total: 365000, fiscal: null, other: null, unit: 'yuan' },
      goals: ['完成年度大气污染源排放清单编制', '形成清单更新技术报告。'],
    });
    expect(rowsOf(project?.indicators ?? [])).toEqual<Row[]>([
      ['产出指标', '数量指标', '调查污染源数量', null, '=', 1500, '家', [1500, '家']],
      ['产出指标', '质量指标', '清单数据审核通过率', null, '=', 100, '百分比', [100, 'percent']],
      ['产出指标', '时效指标', '清单提交时间', null, null, null, null, null],
      ['成本指标', '经济成本指标', '单家污染源调查成本', null, '<=', 200, '元', [200, 'yuan']],
      ['成本指标', '社会成本指标', '无', null, null, null, null, null],
      ['成本指标', '生态环境成本指标', '无', null, null, null, null, null],
      ['效益指标', '社会效益指标', '支撑大气污染精准治污', null, null, null, null, null],
      ['效益指标', '可持续影响指标', '清单数据服务年限', null, '>=', 3, '年', [3, 'years']],
      ['满意度指标', '服务对象满意度指标', '主管部门满意度', null, '>=', 95, '百分比', [95, 'percent']],
    ]);
    const indicators = project?.indicators ?? [];
    expect(indicators.map((i) => i.applicable)).toEqual([true, true, true, true, false, false, true, true, true]);
    expect(indicators[2]?.target.deadline).toBe('2025-09-30');
    const glued = indicators[6];
    expect(glued?.target.text).toBe('效果显著');
    expect(glued?.needsReview).toBe(true);
    expect(table.warnings).toEqual([{ line: 11, message: expect.stringMatching(/第11行.*支撑大气污染精准治污效果显著.*拆.*核对/) }]);
  });

  it('reads the shared newer-template glued phrase `土壤环境风险管控能力提升` as name + 提升 with a warning', () => {
    const text = [
      '项目名称某土壤项目实施单位某监测站',
      '一级指标二级指标三级指标指标值',
      '效益指标生态效益指标土壤环境风险管控能力提升',
      '可持续影响指标监测数据长期服务土壤管理长远',
    ].join('\n');
    const table = parseTableText(text, Y2024);
    expect(allIndicators(table).map((i) => [i.level3, i.target.text, i.needsReview])).toEqual([
      ['土壤环境风险管控能力', '提升', true],
      ['监测数据长期服务土壤管理', '长远', true],
    ]);
    expect(table.warnings.map((w) => w.line)).toEqual([3, 4]);
  });

  it('GBK text: decoded and read like UTF-8', async () => {
    const bytes = fixtureBytes('gbk-tab.txt');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const table = await readTableFile('gbk-tab.txt', bytes, Y2024);
    expect(table.errors).toEqual([]);
    expect(table.unit).toEqual({ code: '440301', name: '某市生态环境监测中心站' });
    expect(table.projects[0]).toMatchObject({
      name: '固定污染源监督性监测',
      budget: { total: 623500, fiscal: 600000, other: 23500, unit: 'yuan' },
      purpose: '重点排污单位监督性监测',
    });
    expect(rowsOf(allIndicators(table)).map((r) => r.slice(0, 5))).toEqual([
      ['产出指标', '数量指标', '监测企业数量', '完成监督性监测的企业数量', '>='],
      ['产出指标', '成本指标', '监测成本', '监测成本', '<='],
      ['效益指标', '生态效益指标', '污染物排放达标', '重点排污单位达标排放“持续改善”', '>='],
      ['满意度指标', '服务对象满意度指标', '主管部门满意度', '主管部门满意度', '>='],
    ]);
    expect(allIndicators(table)[1]?.target.normalized).toEqual({ value: 623500, unit: 'yuan' });
  });

  it('strips a UTF-8 BOM and reads CRLF text', async () => {
    const text = `\ufeff${fixture('office-equivalent.txt').replace(/\n/g, '\r\n')}`;
    const table = await readTableFile('table.txt', new TextEncoder().encode(text), Y2024);
    expect(table.errors).toEqual([]);
    expect(table.projects[0]?.indicators).toHaveLength(7);
  });

  it('junk lines in the middle of the indicator table are reported by line, the rows around them still read', () => {
    const table = parseTableText(fixture('junk-lines.txt'), Y2024);
    expect(table.errors).toEqual([]);
    expect(table.projects[0]).toMatchObject({
      name: '噪声自动监测站运维',
      budget: { total: 180000, fiscal: 180000, other: 0, unit: 'yuan' },
      goals: ['保障噪声自动监测站稳定运行', '按时上报监测数据'],
    });
    expect(allIndicators(table).map((i) => [i.level1, i.level2, i.level3, i.target.raw])).toEqual([
      ['产出指标', '数量指标', '运维站点数', '≥15个'],
      ['产出指标', '质量指标', '数据有效率', '≥90%'],
      ['效益指标', '社会效益指标', '噪声投诉处理支撑', '持续提升'],
      ['满意度指标', '服务对象满意度指标', '主管部门满意度', '≥90%'],
    ]);
    expect(table.warnings.map((w) => w.line)).toEqual([35, 49, 62, 64]);
    expect(table.warnings[0]?.message).toBe('第35行：指标表中无法识别的内容「第 2 页 共 3 页」，未导入');
    expect(table.warnings[3]?.message).toContain('填表人： 张三');
  });
});

describe('budget and goals', () => {
  it.each([
    ['12.50', null, 125000],
    ['0.07', null, 700],
    ['86万元', null, 860000],
    ['58.00万元', '元', 580000],
    ['500元', '万元', 500],
    ['1,234.5', '万元', 12345000],
    ['125000', '元', 125000],
    ['1.5亿元', null, 150000000],
    ['0.00', null, 0],
    ['３２０.００', null, 3200000],
  ] as const)('money %s (table unit %s) is %d yuan, shifted exactly', (cell, unit, yuan) => {
    expect(readMoney(cell, unit)).toEqual({ kind: 'amount', yuan });
  });

  it('blank money is blank, text is invalid', () => {
    expect(readMoney(' ', null)).toEqual({ kind: 'blank' });
    expect(readMoney('—', null)).toEqual({ kind: 'blank' });
    expect(readMoney('待定', null)).toEqual({ kind: 'invalid' });
  });

  it('`单位：元` makes bare budget numbers yuan', () => {
    const text = [
      '项目支出绩效目标表 |',
      '单位：元 |',
      '项目名称 | 某项目 |',
      '实施单位 | 某中心 |',
      '预算数 | 125000 | 其中：财政资金 | 100000.50 | 其他资金 | 24999.5 |',
      '一级指标 | 二级指标 | 三级指标 | 指标值 |',
      '产出指标 | 数量指标 | 巡查 | 3次 |',
    ].join('\n');
    expect(parseTableText(text, Y2024).projects[0]?.budget).toEqual({ total: 125000, fiscal: 100000.5, other: 24999.5, unit: 'yuan' });
  });

  it('splits numbered goals only', () => {
    expect(splitGoals('1.甲;2.乙。')).toEqual(['甲', '乙。']);
    expect(splitGoals('1、甲\n2、乙\n3、丙')).toEqual(['甲', '乙', '丙']);
    expect(splitGoals('完成1.5万份问卷;发布报告')).toEqual(['完成1.5万份问卷;发布报告']);
    expect(splitGoals('做好保障\n持续运行')).toEqual(['做好保障持续运行']);
  });
});

describe('more shapes', () => {
  it('tab-separated columns keep blank 指标性质 cells in place and take a spilled weight', () => {
    const text = [
      '项目名称:\t巡查项目',
      '实施单位:\t某中心',
      '一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重(%)',
      '产出指标\t数量指标\t巡查次数\t\t12\t次\t40',
      '效益指标\t社会效益指标\t群众知晓度\t定性\t提高',
      '\t\t\t\t\t\t30',
      '满意度指标\t服务对象满意度指标\t群众满意度\t≥\t90\t%\t30',
    ].join('\n');
    const table = parseTableText(text, Y2024);
    expect(table.errors).toEqual([]);
    expect(table.warnings).toEqual([]);
    expect(allIndicators(table).map((i) => [i.level3, i.target.raw, i.target.kind, i.weight])).toEqual([
      ['巡查次数', '12次', 'quantitative', 40],
      ['群众知晓度', '提高', 'qualitative', 30],
      ['群众满意度', '≥90%', 'quantitative', 30],
    ]);
  });

  it('several `label：value` pairs in one paragraph become separate cells', () => {
    const text = [
      '单位名称：某区环境监测站　　项目名称：噪声监测',
      '一级指标 | 二级指标 | 三级指标 | 指标值 |',
      '产出指标 | 数量指标 | 监测点位 | 10个 |',
    ].join('\n');
    const table = parseTableText(text, Y2024);
    expect(table.unit).toEqual({ code: null, name: '某区环境监测站' });
    expect(table.projects.map((p) => p.name)).toEqual(['噪声监测']);
  });

  it('tolerates level names without 指标 or with a score, and header words with spaces inside', () => {
    const text = [
      '项目名称 | 某项目 |',
      '实施单位 | 某中心 |',
      '一级 指标 | 二级　指标 | 三级指标 | 指标值 |',
      '产出 | 数量 | 巡查次数 | 12次 |',
      '效益指标(30分) | 社会效益 | 知晓度 | 提高 |',
    ].join('\n');
    const table = parseTableText(text, Y2024);
    expect(table.warnings).toEqual([]);
    expect(allIndicators(table).map((i) => [i.level1, i.level2, i.level3])).toEqual([
      ['产出指标', '数量指标', '巡查次数'],
      ['效益指标', '社会效益指标', '知晓度'],
    ]);
  });

  it('the plain text mammoth extracts from the .docx (one cell per line, no rows) reads the same', async () => {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await makeDocx()) });
    const table = parseTableText(value, Y2024);
    const equivalent = parseTableText(fixture('office-equivalent.txt'), Y2024);
    expect(table.errors).toEqual([]);
    expect(allIndicators(table).map((i) => ({ ...i, line: 0 }))).toEqual(allIndicators(equivalent).map((i) => ({ ...i, line: 0 })));
    expect(table.projects[0]?.goals).toEqual(equivalent.projects[0]?.goals);
  });
});

describe('year', () => {
  it('takes the document year unless a different year was given explicitly (then warns)', () => {
    const text = fixture('cell-per-line.txt');
    expect(parseTableText(text, { year: 2024 }).projects.map((p) => p.year)).toEqual([2025, 2025]);
    const given = parseTableText(text, { year: 2024, yearGiven: true });
    expect(given.projects.map((p) => p.year)).toEqual([2024, 2024]);
    expect(given.warnings.map((w) => w.line)).toEqual([2, 59]);
    expect(given.warnings[0]?.message).toMatch(/2025.*2024/);
    expect(parseTableText(seed(), { year: 2023, yearGiven: true }).projects[0]?.year).toBe(2023);
  });
});

describe('readTableFile on .docx and .xlsx', () => {
  const equivalent = parseTableText(fixture('office-equivalent.txt'), Y2024);
  const comparable = (table: ParsedTable) => ({
    unit: table.unit,
    // Rows keep source lines and cell-by-cell shapes, and confidence names the format: both differ by format.
    projects: table.projects.map((p) => ({ ...p, year: undefined, line: undefined, indicators: undefined, rows: undefined, confidence: undefined })),
    indicators: allIndicators(table).map((i) => ({ ...i, line: undefined })),
  });

  it('the equivalent text fixture reads cleanly', () => {
    expect(equivalent.errors).toEqual([]);
    expect(equivalent.warnings).toEqual([]);
    expect(allIndicators(equivalent)).toHaveLength(7);
  });

  it('.docx (vertically merged level-1 cells) gives the same project and indicators as the text', async () => {
    const table = await readTableFile('表.docx', await makeDocx(), Y2024);
    expect(table.errors).toEqual([]);
    expect(table.warnings).toEqual([]);
    expect(comparable(table)).toEqual(comparable(equivalent));
  });

  it('.xlsx (merged cells, numbers, a formula, rich text, a % format) gives the same as the text', async () => {
    const table = await readTableFile('表.xlsx', await makeXlsx(), { year: 2023 });
    expect(table.errors).toEqual([]);
    expect(table.warnings).toEqual([]);
    expect(comparable(table)).toEqual(comparable(equivalent));
    expect(table.projects[0]?.year).toBe(2024);
    expect(allIndicators(table).map((i) => i.line)).toEqual([11, 12, 13, 14, 15, 16, 17]);
  });

  it('.xlsx whose merged ranges are written as repeated values reads the same', async () => {
    const table = await readTableFile('表.xlsx', await makeXlsx({ fillMerged: true }), Y2024);
    expect(table.errors).toEqual([]);
    expect(table.warnings).toEqual([]);
    expect(comparable(table)).toEqual(comparable(equivalent));
  });

  it('recognises .docx and .xlsx by content whatever the name', async () => {
    const docx = await readTableFile('upload.bin', await makeDocx(), Y2024);
    const xlsx = await readTableFile('upload', await makeXlsx(), Y2024);
    expect(allIndicators(docx)).toHaveLength(7);
    expect(allIndicators(xlsx)).toHaveLength(7);
  });
});

describe('files that cannot be imported', () => {
  const expectError = (table: ParsedTable, pattern: RegExp): void => {
    expect(table.errors.length).toBeGreaterThan(0);
    expect(table.errors.some((e) => pattern.test(e.message))).toBe(true);
    for (const error of table.errors) expect(error.line).toBeGreaterThanOrEqual(1);
  };

  it('an empty file', async () => {
    expectError(parseTableText('', Y2024), /文件为空/);
    expectError(await readTableFile('空.txt', new Uint8Array(), Y2024), /文件为空/);
    expectError(parseTableText(' \n\t\n', Y2024), /文件为空/);
  });

  it('a random text file: not a target table, and its lines are reported', () => {
    const table = parseTableText('会议纪要\n今天讨论了办公用品采购事宜。\n下次会议时间另行通知。', Y2024);
    expectError(table, /未找到绩效目标表/);
    expect(table.projects).toEqual([]);
    expect(table.warnings.map((w) => w.line)).toEqual([1, 2, 3]);
  });

  it('a .pdf and a .doc: unsupported, naming the accepted formats', async () => {
    const pdf = await readTableFile('目标表.pdf', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), Y2024);
    expectError(pdf, /不支持的文件类型「\.pdf」.*\.docx.*\.xlsx/);
    const doc = await readTableFile('目标表.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Y2024);
    expectError(doc, /不支持的文件类型「\.doc」/);
  });

  it('a corrupt .docx and a corrupt .xlsx', async () => {
    const random = new Uint8Array(512).map((_, k) => (k * 73 + 11) % 256);
    expectError(await readTableFile('目标表.docx', random, Y2024), /无法读取 \.docx/);
    const truncated = (await makeXlsx()).subarray(0, 300);
    expectError(await readTableFile('目标表.xlsx', truncated, Y2024), /无法读取 \.xlsx/);
  });

  it('a table header with no indicator rows', () => {
    const text = '项目名称 | 某项目 |\n实施单位 | 某中心 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n';
    const table = parseTableText(text, Y2024);
    expect(table.errors).toEqual([{ line: 3, message: '第3行的指标表表头下没有指标行' }]);
  });

  it('a project with no indicator table, and a file with no unit', () => {
    const noTable = parseTableText('项目名称 | 某项目 |\n实施单位 | 某中心 |\n项目金额 | 10万元 |\n', Y2024);
    expect(noTable.errors).toEqual([{ line: 1, message: expect.stringContaining('项目「某项目」没有指标表') }]);
    const noUnit = parseTableText('项目名称 | 某项目 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 巡查 | 3次 |', Y2024);
    expectError(noUnit, /未找到单位/);
  });

  it('two different units in one file', () => {
    const table = [
      '项目名称 | 甲项目 |',
      '实施单位 | 甲中心 |',
      '一级指标 | 二级指标 | 三级指标 | 指标值 |',
      '产出指标 | 数量指标 | 巡查 | 3次 |',
      '项目名称 | 乙项目 |',
      '实施单位 | 乙中心 |',
      '一级指标 | 二级指标 | 三级指标 | 指标值 |',
      '产出指标 | 数量指标 | 巡查 | 3次 |',
    ].join('\n');
    const parsed = parseTableText(table, Y2024);
    expect(parsed.projects).toHaveLength(2);
    expect(parsed.errors).toEqual([{ line: 6, message: expect.stringMatching(/乙中心.*第2行.*甲中心/) }]);
  });

  it('never throws, whatever the bytes', async () => {
    const inputs: [string, Uint8Array][] = [
      ['a.txt', new Uint8Array([0xff, 0x00, 0x12])],
      ['a.docx', new TextEncoder().encode('PK\u0003\u0004word/garbage')],
      ['a.xlsx', new TextEncoder().encode('PK\u0003\u0004xl/garbage')],
      ['a', new Uint8Array(1000).fill(0x7c)],
      ['b.txt', new TextEncoder().encode('一级指标\n'.repeat(50))],
    ];
    for (const [name, bytes] of inputs) {
      const table = await readTableFile(name, bytes, Y2024);
      expect(Array.isArray(table.errors)).toBe(true);
    }
  });
});

describe('nothing is dropped silently', () => {
  const fixtures = ['pipe-rows.txt', 'cell-per-line.txt', 'columns-with-weights.txt', 'newer-template.txt', 'junk-lines.txt', 'office-equivalent.txt'];
  const noise = (line: string): boolean => /^\s*(\[bookmark:[^\]]*\]\s*)*$/.test(line.replace(/\|/g, ''));

  for (const name of [...fixtures, 'seed']) {
    it(`every non-empty line of ${name} is used by the table or named in a warning`, () => {
      const text = name === 'seed' ? seed() : fixture(name);
      const { table, usedLines, ignoredLines, reportedLines } = parseTableTextDetailed(text, Y2024);
      const covered = new Set([...usedLines, ...ignoredLines, ...reportedLines]);
      const lines = text.split('\n');
      const missing = lines.map((l, k) => [k + 1, l] as const).filter(([n, l]) => !noise(l) && !covered.has(n));
      expect(missing).toEqual([]);
      // The same through the public shape: each content line lies in a project's range or is warned about.
      const starts = table.projects.map((p) => p.line);
      const inProject = (n: number): boolean => starts.some((s) => n >= s);
      const warned = new Set(table.warnings.map((w) => w.line));
      const outside = lines.map((l, k) => [k + 1, l] as const).filter(([n, l]) => !noise(l) && !inProject(n) && !warned.has(n));
      expect(outside).toEqual([]);
    });
  }

  it('junk lines are exactly the lines the reader did not use', () => {
    const { table, usedLines } = parseTableTextDetailed(fixture('junk-lines.txt'), Y2024);
    const used = new Set(usedLines);
    expect(table.warnings.map((w) => w.line).filter((line) => !used.has(line))).toEqual([35, 49, 62, 64]);
  });
});

describe('parseTableText: not applicable values, year-less deadlines, ranges and weight sums', () => {
  const table = (weights: string[], budget = '10万元', budgetWeight = ''): ParsedTable =>
    parseTableText(
      [
        '项目名称 | 监测能力提升',
        `项目金额 | ${budget}`,
        '实施单位 | 某市环境监测中心',
        ...(budgetWeight ? [`预算执行率权重(%) | ${budgetWeight}`] : []),
        '一级指标 | 二级指标 | 三级指标 | 指标值 | 分值',
        `产出指标 | 数量指标 | 监测次数 | ≥12次 | ${weights[0] ?? ''}`,
        `产出指标 | 时效指标 | 报告提交 | 6月30日前完成 | ${weights[1] ?? ''}`,
        `产出指标 | 质量指标 | 数据有效率 | 90%-95% | ${weights[2] ?? ''}`,
        `效益指标 | 社会效益指标 | 宣传覆盖 | / | ${weights[3] ?? ''}`,
        `满意度指标 | 服务对象满意度指标 | 主管部门满意度 |  | ${weights[4] ?? ''}`,
        `满意度指标 | 服务对象满意度指标 | 服务对象满意度 | ≥90% | ${weights[5] ?? ''}`,
      ].join('\n'),
      { year: 2025, yearGiven: true },
    );

  it('marks `/` and an empty value not applicable (the empty one said by line), gives 6月30日前 the project year, keeps a range clean', () => {
    const t = table([]);
    expect(t.errors).toEqual([]);
    const indicators = t.projects[0]?.indicators ?? [];
    expect(indicators.map((i) => [i.level3, i.applicable, i.needsReview])).toEqual([
      ['监测次数', true, false],
      ['报告提交', true, false],
      ['数据有效率', true, false],
      ['宣传覆盖', false, false],
      ['主管部门满意度', false, false],
      ['服务对象满意度', true, false],
    ]);
    expect(indicators[1]?.target).toMatchObject({ kind: 'qualitative', deadline: '2025-06-30' });
    expect(indicators[2]?.target).toMatchObject({ comparator: '>=', value: 90, inferred: true, range: { low: 90, high: 95 } });
    expect(t.warnings).toEqual([{ line: 9, message: '第9行 指标「主管部门满意度」：指标值为空，按不适用处理（不计分）' }]);
  });

  it.each<[string, string[], string, string, RegExp | null]>([
    ['weights of 90 plus the default budget 10: no warning', ['30', '20', '20', '', '', '20'], '10万元', '', null],
    [
      'weights of 100 plus the default budget 10',
      ['40', '20', '20', '', '', '20'],
      '10万元',
      '',
      /「监测能力提升」的分值合计 110 分（含预算执行率 10 分），超过 100 分，计分时按比例折算为 100 分$/,
    ],
    ['weights of 95 plus a budget weight of 10', ['40', '20', '15', '', '', '20'], '10万元', '10', /分值合计 105 分（含预算执行率 10 分），超过 100 分/],
    ['weights above 100 with blank rows', ['60', '50'], '10万元', '', /合计 120 分.*超过 100 分.*未填分值的 2 个指标将不得分/],
    ['weights filling the 100 with blank rows', ['60', '30'], '10万元', '', /已填分值合计 100 分（含预算执行率 10 分），未填分值的 2 个指标将不得分/],
    ['weights of 100 without a budget: no warning', ['40', '20', '20', '', '', '20'], '', '', null],
    ['weights above 100 without a budget', ['60', '50'], '', '', /合计 110 分，超过 100 分/],
    ['a weight on a not-applicable row does not count', ['30', '20', '20', '50', '', '20'], '10万元', '', null],
  ])('%s', (_name, weights, budget, budgetWeight, warning) => {
    const t = table(weights, budget, budgetWeight);
    const about = t.warnings.filter((w) => w.message.includes('分值'));
    if (warning === null) expect(about).toEqual([]);
    else expect(about).toEqual([{ line: 1, message: expect.stringMatching(warning) }]);
  });
});
