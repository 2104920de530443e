// Builds real .docx (docx) and .xlsx (exceljs) target tables in memory for the importer's tests. Both hold
// the project in test/fixtures/tables/office-equivalent.txt (the same table as a .docx text dump).
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import ExcelJS from 'exceljs';

export interface SampleGroup {
  level1: string;
  /** level2, level3, description, target */
  rows: [string, string, string, string][];
}

export const OFFICE_SAMPLE = {
  heading: '1.城市扬尘在线监测运维绩效目标表',
  unitLine: '110105某区扬尘污染防治中心',
  name: '城市扬尘在线监测运维',
  total: '25.50',
  purpose: '扬尘在线监测设备运维',
  goals: '1.保障扬尘监测设备在线率;2.及时推送超标报警。',
  groups: [
    {
      level1: '产出指标',
      rows: [
        ['数量指标', '运维设备数量', '运维设备数量', '≥60台套'],
        ['质量指标', '设备在线率', '设备在线率', '95%'],
        ['时效指标', '报警推送时限', '报警推送时限', '≤30分钟'],
        ['成本指标', '运维成本', '运维成本', '≤25.5万元'],
      ],
    },
    {
      level1: '效益指标',
      rows: [
        ['社会效益指标', '扬尘污染投诉', '扬尘污染投诉数量变化', '降低'],
        ['生态效益指标', '区域降尘量', '区域月均降尘量', '≤8吨'],
      ],
    },
    { level1: '满意度指标', rows: [['服务对象满意度指标', '主管部门满意度', '主管部门满意度', '≥90%']] },
  ] satisfies SampleGroup[],
};

const cell = (text: string, options: { columnSpan?: number; rowSpan?: number } = {}): TableCell =>
  new TableCell({ children: [new Paragraph(text)], ...options });

/** A .docx like the published ones: heading, unit line, a metadata table and an indicator table whose
 *  level-1 cells are merged vertically (one with rowSpan, one with Word's vMerge restart/continue). */
export async function makeDocx(): Promise<Uint8Array> {
  const s = OFFICE_SAMPLE;
  const meta = new Table({
    rows: [
      new TableRow({ children: [cell('项目名称'), cell(s.name, { columnSpan: 6 })] }),
      new TableRow({
        children: [
          cell('预算规模及资金用途', { rowSpan: 2 }),
          cell('预算数'),
          cell(s.total),
          cell('其中：财政资金'),
          cell(s.total),
          cell('其他资金'),
          cell(''),
        ],
      }),
      new TableRow({ children: [cell(s.purpose, { columnSpan: 6 })] }),
      new TableRow({ children: [cell('绩效目标'), cell(s.goals, { columnSpan: 6 })] }),
    ],
  });
  const header = new TableRow({ children: ['一级指标', '二级指标', '三级指标', '绩效指标描述', '指标值'].map((t) => cell(t)) });
  const rows: TableRow[] = [header];
  s.groups.forEach((group, g) => {
    group.rows.forEach((values, k) => {
      const first = k === 0;
      // The first group uses rowSpan, the second Word's own vMerge markers; mammoth reads both as a span.
      const level1 =
        g === 0
          ? first
            ? [cell(group.level1, { rowSpan: group.rows.length })]
            : []
          : [
              new TableCell({
                children: [new Paragraph(first ? group.level1 : '')],
                verticalMerge: first ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE,
              }),
            ];
      rows.push(new TableRow({ children: [...level1, ...values.map((v) => cell(v))] }));
    });
  });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(s.heading)] }),
          new Paragraph(s.unitLine),
          new Paragraph('单位：万元'),
          meta,
          new Paragraph(''),
          new Table({ rows }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/**
 * An .xlsx grid (no `|`): merged title and level-1 cells, a number, a formula, rich text and a % format.
 * With `fillMerged`, ranges are not merged but every cell repeats the value, as some exporters write them.
 */
export async function makeXlsx(options: { fillMerged?: boolean } = {}): Promise<Uint8Array> {
  const s = OFFICE_SAMPLE;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('绩效目标表');
  const merge = (range: string): void => {
    if (!options.fillMerged) {
      sheet.mergeCells(range);
      return;
    }
    const [from = '', to = ''] = range.split(':');
    const master = sheet.getCell(from);
    const [c1, r1, c2, r2] = [from.charCodeAt(0), Number(from.slice(1)), to.charCodeAt(0), Number(to.slice(1))];
    for (let r = r1; r <= r2; r += 1) {
      for (let c = c1; c <= c2; c += 1) sheet.getCell(`${String.fromCharCode(c)}${r}`).value = master.value;
    }
  };
  sheet.addRow(['项目支出绩效目标表']);
  merge('A1:E1');
  sheet.addRow(['(2024年度)']);
  sheet.addRow(['项目名称', s.name]);
  merge('B3:E3');
  sheet.addRow(['实施单位', `${s.unitLine.slice(0, 6)}-${s.unitLine.slice(6)}`]);
  sheet.addRow(['项目资金(万元)', '年度资金总额', 25.5]);
  sheet.addRow([null, '其中：财政拨款', { formula: 'C5', result: 25.5 }]);
  sheet.addRow([null, '其他资金', null]);
  merge('A5:A7');
  sheet.addRow(['资金用途', s.purpose]);
  const [firstGoal = '', secondGoal = ''] = s.goals.split(';');
  sheet.addRow(['年度目标', { richText: [{ text: `${firstGoal};` }, { text: secondGoal, font: { bold: true } }] }]);
  sheet.addRow(['一级指标', '二级指标', '三级指标', '绩效指标描述', '指标值']);
  for (const group of s.groups) {
    const start = sheet.rowCount + 1;
    group.rows.forEach(([level2, level3, description, target], k) => {
      const row = sheet.addRow([k === 0 ? group.level1 : null, level2, level3, description, target]);
      if (target === '95%') {
        row.getCell(5).value = 0.95;
        row.getCell(5).numFmt = '0%';
      }
      if (k === 0) row.getCell(3).value = { richText: [{ text: level3.slice(0, 2) }, { text: level3.slice(2) }] };
    });
    if (group.rows.length > 1) merge(`A${start}:A${sheet.rowCount}`);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
