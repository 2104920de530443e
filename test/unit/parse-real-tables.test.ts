import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportRejectedError } from '../../src/errors.ts';
import { type ImportOptions, parseTargetFile } from '../../src/services/import-targets.ts';
import { readTableFile } from '../../src/targets/parse-table.ts';
import type { ParsedIndicator, ParsedTable } from '../../src/targets/types.ts';

// Every real table in test/fixtures/tables/real (six units' published tables, README there) and the shared
// layouts read with the indicators a person counts in them, each with its normalised target
// (docs/design.md, Targets). `read` is the reader's whole result; `imported` is what an import takes.

const bytesOf = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/tables/${path}`, import.meta.url)));
const seedBytes = (): Uint8Array => new Uint8Array(readFileSync(new URL('../../db/examples/tianjin-eco-support-centre-2024.txt', import.meta.url)));

const read = (path: string, fileName = path.replace(/^.*\//, '')) => readTableFile(fileName, bytesOf(path), { year: 2024 });
const imported = (path: string, options: ImportOptions = {}) =>
  parseTargetFile({ fileName: path.replace(/^.*\//, ''), bytes: bytesOf(path), year: 2024, yearGiven: false, options });

/** `≥3 count`, `≤3 percent`, `及时`, `n/a`: the target as the reader understood it. */
function reading(i: ParsedIndicator): string {
  if (!i.applicable) return 'n/a';
  const t = i.target;
  if (t.kind === 'qualitative') return t.deadline ? `${t.text} by ${t.deadline}` : (t.text ?? '');
  const sign = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' }[t.comparator ?? '='];
  return `${sign}${t.normalized?.value} ${t.normalized?.unit}`;
}

const rowsOf = (table: ParsedTable, project = 0): [string, string][] => table.projects[project]!.indicators.map((i) => [i.level3, reading(i)]);
const warned = (table: ParsedTable, pattern: RegExp) => table.warnings.filter((w) => pattern.test(w.message));

describe('01 东莞: two column groups, old template, truncated', () => {
  const expected: [string, string][] = [
    ['镇街补助款完成结算项目数', '≥3 count'],
    ['补助款结算误差率', '≤3 percent'],
    ['结算款支付及时性', '及时'],
    ['年度预算执行率', '≥90 percent'],
    // A rate of what should not happen, written bare: a ceiling.
    ['补助款结算争议率', '≤0 percent'],
  ];

  it('reads the annual group, keeps the medium-term one as notes, and maps the old level names', async () => {
    const table = await read('real/01-dongguan.txt');
    expect(table.errors).toEqual([]);
    expect(table.unit).toEqual({ code: null, name: '东莞市交通运输局' });
    expect(table.projects).toHaveLength(1);
    const [project] = table.projects;
    expect(project!.name).toBe('镇际联网路升级改造工程一期');
    expect(project!.year).toBe(2019);
    expect(project!.budget.total).toBe(9_190_000);
    expect(rowsOf(table)).toEqual(expected);
    expect(project!.indicators.map((i) => i.level1)).toEqual(['产出指标', '产出指标', '产出指标', '产出指标', '效益指标']);
    expect(project!.indicators.map((i) => i.level2)).toEqual(['数量指标', '质量指标', '时效指标', '成本指标', '社会、经济、生态效益指标']);
    expect(project!.indicators.every((i) => i.description?.startsWith('中期目标：'))).toBe(true);
    expect(project!.truncated?.line).toBe(28);
  });

  it('imports the five whole rows of its only (cut) project, saying so', async () => {
    const table = await imported('real/01-dongguan.txt');
    expect(rowsOf(table)).toEqual(expected);
    expect(warned(table, /不完整.*只导入截断前完整的 5 个指标/)).toHaveLength(1);
    await expect(imported('real/01-dongguan.txt', { strict: true })).rejects.toBeInstanceOf(ImportRejectedError);
  });
});

describe('02 岳阳楼: traditional characters with pinyin glosses, truncated mid-gloss', () => {
  it('converts, strips the glosses and reads the five indicators', async () => {
    const table = await read('real/02-yueyanglou.txt');
    expect(table.errors).toEqual([]);
    expect(table.unit?.name).toBe('岳阳楼区价格认证鉴定中心');
    expect(warned(table, /繁体字/)).toHaveLength(1);
    const [project] = table.projects;
    expect(project!.name).toBe('岳阳楼区价格认证鉴定中心整体绩效');
    expect(project!.year).toBe(2023);
    expect(project!.goals).toEqual(['做好涉案、价格认定工作。']);
    expect(rowsOf(table)).toEqual([
      ['业务工作支出安排金额', '≥288000 yuan'],
      ['业务工作支出到位率', '≥100 percent'],
      ['工作安排时间', '按月安排'],
      // The 成本指标 row names its level-2 in the level-3 slot; it carries a target, so it is an indicator.
      ['社会成本指标', '≤100 percent'],
      ['保证单位正常运转', '应保尽保'],
    ]);
    // The value's own unit (万元) wins over the 计量单位 cell (%), and a person is asked.
    expect(project!.indicators[0]!.needsReview).toBe(true);
    expect(project!.truncated?.line).toBe(21);
  });
});

describe('03 鄂州: the whole table on one glued line, no unit, truncated after a comparator', () => {
  const expected: [string, string][] = [
    ['办公大楼日常维修维护次数', '≥2280 次'],
    ['大楼安检巡察次数', '≥200 次'],
    ['办公大楼日常维修维护验收合格率', '>92 percent'],
    ['经常性大型设备更新验收合格率', '≥292 percent'],
    ['重.要设备维修维保验收合格率', '≥95 percent'],
    ['成本控制率', '不超预算'],
  ];

  it('splits name, 反映… description and value, and drops the row cut before its value', async () => {
    const table = await read('real/03-ezhou.txt');
    expect(table.errors).toEqual([]);
    expect(rowsOf(table)).toEqual(expected);
    const [project] = table.projects;
    expect(project!.name).toBe('滨湖大胆办公大楼运行保障');
    expect(project!.indicators[0]!.description).toBe('反映办公大楼全年维修维护情况');
    // 292% for a 合格率 is almost surely a misread ≥92%: kept, put to a person.
    expect(project!.indicators[3]!.needsReview).toBe(true);
    expect(warned(table, /水电气消耗下降率.*截断处/)).toHaveLength(1);
    expect(project!.confidence.level).toBe('low');
  });

  it('takes the unit from the file name with a warning, or from --unit', async () => {
    const byFile = await read('real/03-ezhou.txt', '鄂州市机关事务服务中心.txt');
    expect(byFile.unit).toEqual({ code: null, name: '鄂州市机关事务服务中心' });
    expect(byFile.unitSource).toBe('file');
    expect(warned(byFile, /按文件名作为单位/)).toHaveLength(1);
    const given = await imported('real/03-ezhou.txt', { unit: '4207 鄂州市机关事务服务中心' });
    expect(given.unit).toEqual({ code: '4207', name: '鄂州市机关事务服务中心' });
    expect(given.unitSource).toBe('option');
    expect(rowsOf(given)).toEqual(expected);
  });
});

describe('04 马踏镇: a flat spreadsheet of two projects, the second cut off', () => {
  const first: [string, string][] = [
    ['维护社会稳定', '≥95 percent'],
    ['维持时效', '≥1 years'],
    ['按时发放', '≥1 人/年'],
    ['促进村集体经济发展', '≥95 percent'],
    ['村组干部230人', '≥230 个'],
    ['保护生态环境卫生', '≥95 percent'],
    ['项目维持时效', '≥95 percent'],
    ['人民群众满意度', '≥95 percent'],
  ];

  it('reads both projects, comparator, number, unit and weight from their own columns', async () => {
    const table = await read('real/04-jingyan-mata.txt');
    expect(table.errors).toEqual([]);
    expect(table.unit).toEqual({ code: '820001', name: '井研县马踏镇人民政府' });
    expect(table.projects.map((p) => [p.name, p.budget.total, p.truncated?.line ?? null])).toEqual([
      ['村组干部报酬', 3_309_840, null],
      ['基层组织活动经费', 660_000, 18],
    ]);
    expect(rowsOf(table, 0)).toEqual(first);
    expect(table.projects[0]!.indicators.map((i) => i.weight)).toEqual([10, 20, 10, 10, 10, 10, 10, 10]);
    expect(rowsOf(table, 1)).toEqual([
      ['辖区内群众满意度', '≥95 percent'],
      ['促进农村集体经济发展', '≥95 percent'],
      ['经济、环境等方面可持续发展', '≥95 percent'],
      ['保障村社区正常运转', '≥95 percent'],
      ['行政村数量', '=11 个'],
    ]);
    expect(table.projects[0]!.confidence.level).toBe('high');
    expect(table.projects[1]!.confidence.level).not.toBe('high');
  });

  it('imports the whole project and skips the cut one by line; --strict refuses the file', async () => {
    const table = await imported('real/04-jingyan-mata.txt');
    expect(table.projects.map((p) => p.name)).toEqual(['村组干部报酬']);
    expect(rowsOf(table)).toEqual(first);
    expect(warned(table, /第18行.*基层组织活动经费.*未导入/)).toHaveLength(1);
    const refused = await imported('real/04-jingyan-mata.txt', { strict: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportRejectedError);
    expect((refused as ImportRejectedError).lines).toEqual([
      expect.objectContaining({ line: 18, message: expect.stringMatching(/基层组织活动经费.*--strict/) }),
    ]);
  });
});

describe('05 南岳: space-separated, template placeholders left in names, ASCII comparators', () => {
  it('reads all sixteen indicators without the placeholders', async () => {
    const table = await read('real/05-nanyue.txt');
    expect(table.errors).toEqual([]);
    expect(table.unit).toEqual({ code: '610001', name: '湖南省润山润水生态农业发展有限公司' });
    expect(table.projects[0]!.name).toBe('市级专项扶贫资金基础设施(人大代表扶贫基地)');
    expect(table.projects[0]!.truncated).toBeNull();
    expect(rowsOf(table)).toEqual([
      ['贫困地区旅游基础设施建设工程', '≥20 平方米'],
      ['贫困地区旅游景点开发数量', '≥4 个'],
      ['流转土地', '≥60 亩'],
      ['贫困地区旅游基础设施建设质量达标率100%', '≥98 percent'],
      ['贫困地区基础设施建设按期完成率', '≥95 percent'],
      ['流转土地补助标准', '≤475 yuan/亩'],
      ['景观建设成本', '≤2875 yuan/个'],
      ['贫困地区旅游基础设施建设工程建设成本', '≤3000 yuan/平方米'],
      ['乡村旅游带动增加贫困村收入', '≥60000 yuan'],
      ['乡村旅游带动增加贫困人口收入', '≥26100 yuan'],
      ['贫困地区乡村旅游开发景点接待游客数量', '≥60000 人'],
      ['受益建档立卡贫困人口数', '≥29 人'],
      ['旅游行业经营主体满意度', '≥90 percent'],
      ['参与旅游扶贫项目贫困群众满意度', '≥90 percent'],
      ['旅游区居民满意度', '≥90 percent'],
      ['游客满意度', '≥90 percent'],
    ]);
  });
});

describe('06 清涧: one cell per line, vertical labels cut to one character, truncated mid-cell', () => {
  it('reads the five indicators, Latin units included', async () => {
    const table = await read('real/06-qingjian.txt');
    expect(table.errors).toEqual([]);
    expect(table.unit?.name).toBe('清涧县交通运输局');
    const [project] = table.projects;
    expect(project!.name).toBe('2021年交通局寨山石坪、鲍家沟果园路');
    expect(project!.year).toBe(2021);
    expect(project!.goals).toHaveLength(3);
    expect(rowsOf(table)).toEqual([
      ['寨山石坪村新建水泥路1条', '≥2 公里'],
      ['呼家河至鲍家沟新建水泥路1条', '≥2 公里'],
      ['项目(工程)验收合格率', '≥100 percent'],
      ['项目(工程)完成及时率', '≥100 percent'],
      ['硬化水泥砼公路补助标准', '≤1200000 yuan'],
    ]);
    expect(project!.truncated?.line).toBe(76);
  });
});

describe('the shared layouts', () => {
  it('cell-per-line: two projects, a not-applicable row and a deadline', async () => {
    const table = await read('layouts/cell-per-line.txt');
    expect(table.errors).toEqual([]);
    expect(table.projects.map((p) => p.name)).toEqual(['社区环境教育进校园', '环境信访热线运行']);
    expect(rowsOf(table, 0)).toEqual([
      ['进校园授课场次', '≥20 场'],
      ['覆盖学生人数', '≥3000 人次'],
      ['课程完成率', '≥100 percent'],
      ['完成时间', '2025年年底前 by 2025-12-31'],
      ['项目总成本', '≤125000 yuan'],
      ['提升青少年生态环保意识,带动家庭践行绿色生活方式', '效果明显'],
      ['本项目不适用此指标', 'n/a'],
      ['师生满意度', '≥90 percent'],
    ]);
    expect(rowsOf(table, 1)).toEqual([
      ['受理信访件数', '≥1200 件'],
      ['按时办结率', '≥98 percent'],
      ['来电群众满意度', '≥85 percent'],
    ]);
  });

  it('columns-with-weights: nature, unit and weight columns make one target with its weight', async () => {
    const table = await read('layouts/columns-with-weights.txt');
    expect(table.errors).toEqual([]);
    expect(table.unit).toEqual({ code: '301002', name: '某市大气污染防治中心' });
    expect(rowsOf(table)).toEqual([
      ['预警会商次数', '≥12 次'],
      ['应急减排现场核查', '≥200 家'],
      ['预警信息发布准确率', '≥100 percent'],
      ['预警信息发布时限', '≤2 hours'],
      ['值守补助', '≤150 yuan/人天'],
      ['公众健康防护提示覆盖面', '高中低'],
      ['重污染天数', '<240 hours'],
      ['公众满意度', '高中低'],
    ]);
    expect(table.projects[0]!.indicators.every((i) => i.weight !== null)).toBe(true);
  });

  it('newer-template: 成本指标 as its own level 1, 无 rows not applicable', async () => {
    const table = await read('layouts/newer-template.txt');
    expect(table.errors).toEqual([]);
    expect(rowsOf(table)).toEqual([
      ['补充采样点位数', '=120 个'],
      ['样品分析合格率', '=100 percent'],
      ['报告提交时间', '2024年11月底前 by 2024-11-30'],
      ['单点位采样分析成本', '≤4800 yuan'],
      ['无', 'n/a'],
      ['无', 'n/a'],
      ['土壤环境风险管控能力', '提升'],
      ['监测数据长期服务土壤管理', '长远'],
      ['主管部门满意度', '≥90 percent'],
    ]);
    expect(table.projects[0]!.indicators.map((i) => i.level1)).toContain('成本指标');
  });

  it('pipe-rows: bare numbers get their comparator inferred', async () => {
    const table = await read('layouts/pipe-rows.txt');
    expect(table.errors).toEqual([]);
    expect(rowsOf(table)).toEqual([
      ['保洁河道长度', '≥42 公里'],
      ['巡河次数', '≥365 次'],
      ['打捞漂浮物船只', '≥3 count'],
      ['水面保洁达标率', '≥95 percent'],
      ['漂浮物处置时限', '≤24 hours'],
      ['保洁服务费', '≤860000 yuan'],
      ['河道水环境', '持续改善'],
      ['沿河居民满意度', '≥90 percent'],
    ]);
  });
});

describe('tables in the style of published ones (test/fixtures/tables/styles)', () => {
  it('the 2021+ template with point bands in the level-1 cell and 无 rows', async () => {
    const table = await read('styles/fengjie.txt');
    expect(table.errors).toEqual([]);
    expect(table.unit?.name).toBe('奉节县某镇人民政府');
    expect(table.projects[0]!.name).toBe('奉节县某镇人居环境整治项目');
    expect(table.projects[0]!.indicators.map((i) => [i.level1, i.level3, reading(i), i.weight])).toEqual([
      ['成本指标', '项目建设成本', '≤650000 yuan', 10],
      ['成本指标', '无', 'n/a', 0],
      ['成本指标', '无', 'n/a', 0],
      ['产出指标', '整治农户数量', '≥120 户', 20],
      ['产出指标', '工程验收合格率', '≥100 percent', 15],
      ['产出指标', '完工时间', '2023年12月31日前 by 2023-12-31', 5],
      ['效益指标', '群众居住条件', '明显改善', 10],
      ['效益指标', '设施持续使用年限', '≥5 years', 10],
      ['满意度指标', '受益群众满意度', '≥90 percent', 10],
    ]);
  });

  it('tab-separated with the 绩效指标 caption column and a thousands separator', async () => {
    const table = await read('styles/tab-old.txt');
    expect(table.errors).toEqual([]);
    expect(table.unit?.name).toBe('某区社区卫生服务中心');
    expect(table.projects[0]).toMatchObject({ name: '社区卫生服务能力提升', year: 2022, budget: { total: 485_000 } });
    expect(rowsOf(table)).toEqual([
      ['健康讲座场次', '≥12 场'],
      ['家庭医生签约人数', '≥3000 人'],
      ['签约服务履约率', '≥95 percent'],
      ['资金支付及时率', '≥100 percent'],
      ['人均签约服务成本', '≤80 yuan/人'],
      ['居民健康素养水平', '逐步提高'],
      ['服务能力持续提升', '长期'],
      ['签约居民满意度', '≥90 percent'],
    ]);
  });

  it('PDF text with every row glued and no unit: split by the vocabulary, the unit named by the file', async () => {
    const table = await read('styles/glued-rows.txt', '某市委党校.txt');
    expect(table.errors).toEqual([]);
    expect(table).toMatchObject({ unit: { code: null, name: '某市委党校' }, unitSource: 'file' });
    expect(rowsOf(table)).toEqual([
      ['培训人次', '≥500 人次'],
      ['培训班期数', '≥6 期'],
      ['培训合格率', '≥95 percent'],
      ['培训完成时间', '2024年11月底前 by 2024-11-30'],
      ['人均培训成本', '≤800 yuan/人'],
      ['干部履职能力', '明显提升'],
      ['参训学员满意度', '≥90 percent'],
    ]);
    expect(table.projects[0]!.confidence.reasons).toContain('单元格连在一起，按词表和指标值拆分');
  });

  it('the unit and project only in the title', async () => {
    const table = await read('styles/spaces-noheader.txt');
    expect(table.errors).toEqual([]);
    expect(table).toMatchObject({ unit: { code: null, name: '某县农业农村局' }, unitSource: 'title' });
    expect(table.projects[0]).toMatchObject({ name: '高标准农田建设项目', year: 2024 });
    expect(rowsOf(table)).toHaveLength(8);
    expect(rowsOf(table)[0]).toEqual(['新建高标准农田面积', '≥12000 亩']);
    expect(warned(table, /按标题中的单位「某县农业农村局」/)).toHaveLength(1);
  });
});

describe('the seed', () => {
  it('still reads 25/25 with full confidence and nothing cut', async () => {
    const table = await readTableFile('seed.txt', seedBytes(), { year: 2024 });
    expect(table.errors).toEqual([]);
    expect(table.projects.map((p) => p.indicators.length)).toEqual([6, 7, 6, 6]);
    expect(table.projects.every((p) => p.truncated === null && p.confidence.level === 'high')).toBe(true);
    expect(warned(table, /繁体|截断|按文件名/)).toEqual([]);
  });
});
