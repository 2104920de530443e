// Filled self-evaluation tables (项目支出绩效自评表) built in memory for the review's tests: the layout jixiao
// exports (.xlsx, nine columns with merged cells) and other units' variations (text copied from a web page, a
// .docx with merged cells and 权重, space-separated text). Every number below was worked out by hand from the
// rules in docs/design.md "Scoring"; the tests plant one inconsistency at a time into a copy.
import { Document, Packer, Paragraph, Table, TableCell, TableRow, VerticalMergeType } from 'docx';
import ExcelJS from 'exceljs';

export interface FundsLine {
  label: string;
  initial: string;
  budget: string;
  spent: string;
  rate: string;
}

export interface IndicatorLine {
  level1: string;
  level2: string;
  level3: string;
  target: string;
  actual: string;
  weight: string;
  score: string;
  deviation: string;
}

export interface SelfEvalFixture {
  project: string;
  dept: string;
  unit: string;
  year: number;
  funds: FundsLine[];
  budgetWeight: string;
  budgetPoints: string;
  goals: string;
  achieved: string;
  indicators: IndicatorLine[];
  weightTotal: string;
  total: string;
  grade: string;
}

const row = (level1: string, level2: string, level3: string, target: string, actual: string, weight: string, score: string, deviation = ''): IndicatorLine => ({
  level1,
  level2,
  level3,
  target,
  actual,
  weight,
  score,
  deviation,
});

/**
 * Consistent by hand: 8万条 of ≥10万条 is 12.5 × 8 / 10 = 10.00; 352万元 against ≤320万元 is 12.5 × (1 − 32/320) =
 * 11.25; 达成 13.50 of 15 lies in [12, 15]; 88% of ≥90% is 10 × 88 / 90 = 9.78; 118.20 / 120.00 = 98.50% → 9.85.
 * Scores 12.50 + 10.00 + 12.50 + 11.25 + 13.50 + 15.00 + 9.78 + 9.85 = 94.38 → 优.
 */
export function sampleFixture(): SelfEvalFixture {
  return {
    project: '生态环境信息发布平台运维',
    dept: '某市生态环境局',
    unit: '某市生态环境信息中心',
    year: 2026,
    funds: [
      { label: '年度资金总额', initial: '120.00', budget: '120.00', spent: '118.20', rate: '98.50%' },
      { label: '其中：财政拨款', initial: '100.00', budget: '100.00', spent: '99.00', rate: '99.00%' },
      { label: '其他资金', initial: '20.00', budget: '20.00', spent: '19.20', rate: '96.00%' },
    ],
    budgetWeight: '10.00',
    budgetPoints: '9.85',
    goals: '1.按时发布环境信息；2.保障平台稳定运行。',
    achieved: '全年发布信息812条，平台运行稳定。',
    indicators: [
      row('产出指标', '数量指标', '发布信息条数', '≥300条', '812条', '12.50', '12.50'),
      row('产出指标', '数量指标', '信息采集量', '≥10万条', '8万条', '12.50', '10.00', '采集设备更换延误'),
      row('产出指标', '时效指标', '故障响应时间', '<1天', '18小时', '12.50', '12.50'),
      row('产出指标', '成本指标', '运维成本', '≤320万元', '352万元', '12.50', '11.25', '备件涨价'),
      row('效益指标', '社会效益指标', '信息公开质量', '效果明显', '达成', '15.00', '13.50'),
      row('效益指标', '可持续影响指标', '数据保存完整率', '100%', '100%', '15.00', '15.00'),
      row('满意度指标', '服务对象满意度指标', '用户满意度', '≥90%', '88%', '10.00', '9.78', '回访不足'),
    ],
    weightTotal: '100.00',
    total: '94.38',
    grade: '优',
  };
}

/** A copy with some changes; `rows` replaces fields of indicator rows by index. */
export function withChanges(
  base: SelfEvalFixture,
  changes: Partial<Omit<SelfEvalFixture, 'indicators' | 'funds'>> & {
    rows?: Record<number, Partial<IndicatorLine>>;
    funds?: Record<number, Partial<FundsLine>>;
  },
): SelfEvalFixture {
  const { rows = {}, funds = {}, ...rest } = changes;
  return {
    ...base,
    ...rest,
    indicators: base.indicators.map((r, i) => ({ ...r, ...rows[i] })),
    funds: base.funds.map((f, i) => ({ ...f, ...funds[i] })),
  };
}

const num = (text: string): number | string => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);

/** The layout jixiao exports (the brief's nine columns A–I): numbers as numbers, 执行率 as a percent format. */
export async function exportedXlsx(f: SelfEvalFixture, sheets: SelfEvalFixture[] = [f]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [k, t] of sheets.entries()) writeExportedSheet(wb.addWorksheet(`项目${k + 1}`), t);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function writeExportedSheet(ws: ExcelJS.Worksheet, f: SelfEvalFixture): void {
  const points = (cell: ExcelJS.Cell, text: string): void => {
    cell.value = num(text);
    if (typeof cell.value === 'number') cell.numFmt = '0.00';
  };
  ws.mergeCells('A1:I1');
  ws.getCell('A1').value = '项目支出绩效自评表';
  ws.mergeCells('A2:I2');
  ws.getCell('A2').value = `（${f.year}年度）`;
  ws.getCell('A3').value = '项目名称';
  ws.mergeCells('B3:I3');
  ws.getCell('B3').value = f.project;
  ws.getCell('A4').value = '主管部门';
  ws.mergeCells('B4:E4');
  ws.getCell('B4').value = f.dept;
  ws.getCell('F4').value = '实施单位';
  ws.mergeCells('G4:I4');
  ws.getCell('G4').value = f.unit;
  ws.mergeCells('A5:A8');
  ws.getCell('A5').value = '项目资金（万元）';
  ws.mergeCells('B5:C5');
  ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].forEach((h, i) => {
    ws.getRow(5).getCell(4 + i).value = h;
  });
  f.funds.forEach((line, i) => {
    const r = ws.getRow(6 + i);
    ws.mergeCells(r.number, 2, r.number, 3);
    r.getCell(2).value = line.label;
    for (const [c, text] of [
      [4, line.initial],
      [5, line.budget],
      [6, line.spent],
    ] as const) {
      r.getCell(c).value = num(text);
      r.getCell(c).numFmt = '0.00';
    }
    const rate = /^(\d+(?:\.\d+)?)%$/.exec(line.rate);
    r.getCell(8).value = rate ? Number(rate[1]) / 100 : line.rate;
    if (rate) r.getCell(8).numFmt = '0.00%';
    if (i === 0) {
      points(r.getCell(7), f.budgetWeight);
      points(r.getCell(9), f.budgetPoints);
    } else {
      r.getCell(7).value = '—';
      r.getCell(9).value = '—';
    }
  });
  ws.mergeCells('A9:A10');
  ws.getCell('A9').value = '年度总体目标';
  ws.mergeCells('B9:E9');
  ws.getCell('B9').value = '预期目标';
  ws.mergeCells('F9:I9');
  ws.getCell('F9').value = '实际完成情况';
  ws.mergeCells('B10:E10');
  ws.getCell('B10').value = f.goals;
  ws.mergeCells('F10:I10');
  ws.getCell('F10').value = f.achieved;
  ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].forEach((h, i) => {
    ws.getRow(11).getCell(2 + i).value = h;
  });
  f.indicators.forEach((line, i) => {
    const r = ws.getRow(12 + i);
    r.getCell(2).value = line.level1;
    r.getCell(3).value = line.level2;
    r.getCell(4).value = line.level3;
    r.getCell(5).value = line.target;
    r.getCell(6).value = line.actual;
    points(r.getCell(7), line.weight);
    points(r.getCell(8), line.score);
    r.getCell(9).value = line.deviation;
  });
  const last = 11 + f.indicators.length;
  ws.mergeCells(`A11:A${last}`);
  ws.getCell('A11').value = '绩效指标';
  mergeRuns(
    ws,
    2,
    f.indicators.map((l) => l.level1),
  );
  mergeRuns(
    ws,
    3,
    f.indicators.map((l) => `${l.level1}/${l.level2}`),
  );
  const total = last + 1;
  ws.mergeCells(`A${total}:F${total}`);
  ws.getCell(`A${total}`).value = '总分';
  points(ws.getCell(`G${total}`), f.weightTotal);
  points(ws.getCell(`H${total}`), f.total);
  ws.getCell(`I${total}`).value = `自评等级：${f.grade}`;
}

/** Merges runs of equal values down a column, from row 12. */
function mergeRuns(ws: ExcelJS.Worksheet, column: number, keys: string[]): void {
  let start = 0;
  for (let i = 1; i <= keys.length; i++) {
    if (i < keys.length && keys[i] === keys[start]) continue;
    if (i - 1 > start) ws.mergeCells(12 + start, column, 12 + i - 1, column);
    start = i;
  }
}

/**
 * Another unit's table copied from a web page (tab-separated): the merged 一级/二级 cells appear only on their
 * first row, 指标值 and 完成值 for the column names, no 偏差 column, an extra 上年结转资金 row, 总分 and the grade
 * each on a line of their own.
 */
export function webText(f: SelfEvalFixture): string {
  const lines = [
    `${f.year}年度项目支出绩效自评表`,
    `项目名称\t${f.project}`,
    `主管部门\t${f.dept}\t实施单位\t${f.unit}`,
    ['项目资金（万元）', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].join('\t'),
  ];
  f.funds.forEach((line, i) => {
    const cells = [line.label, line.initial, line.budget, line.spent, i === 0 ? f.budgetWeight : '—', line.rate, i === 0 ? f.budgetPoints : '—'];
    lines.push(cells.join('\t'));
  });
  lines.push(['上年结转资金', '0.00', '0.00', '0.00', '—', '—', '—'].join('\t'));
  lines.push(`年度总体目标\t预期目标\t${f.goals}`, `\t实际完成情况\t${f.achieved}`);
  lines.push(['绩效指标', '一级指标', '二级指标', '三级指标', '指标值', '完成值', '分值', '得分'].join('\t'));
  let level1 = '';
  let level2 = '';
  for (const l of f.indicators) {
    const cells = [l.level3, l.target, l.actual, l.weight, l.score];
    if (l.level1 !== level1) cells.unshift(l.level1, l.level2);
    else if (l.level2 !== level2) cells.unshift(l.level2);
    [level1, level2] = [l.level1, l.level2];
    lines.push(cells.join('\t'));
  }
  lines.push(`总分：${f.total}`, `自评等级：${f.grade}`);
  return `${lines.join('\n')}\n`;
}

/** The same table saved as text split by spaces (a spreadsheet exported as text). */
export function spacedText(f: SelfEvalFixture): string {
  const lines = [
    '项目支出绩效自评表',
    `（${f.year}年度）`,
    `项目名称 ${f.project}`,
    `主管部门 ${f.dept} 实施单位 ${f.unit}`,
    '项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分',
    ...f.funds.map((line, i) =>
      [line.label, line.initial, line.budget, line.spent, i === 0 ? f.budgetWeight : '—', line.rate, i === 0 ? f.budgetPoints : '—'].join(' '),
    ),
    '一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施',
    ...f.indicators.map((l) => [l.level1, l.level2, l.level3, l.target, l.actual, l.weight, l.score, l.deviation].join(' ').trim()),
    `总分 ${f.weightTotal} ${f.total} 自评等级：${f.grade}`,
  ];
  return `${lines.join('\n')}\n`;
}

const cell = (text: string, options: { columnSpan?: number; rowSpan?: number } = {}): TableCell =>
  new TableCell({ children: [new Paragraph(text)], ...options });

/**
 * Another unit's .docx: one table with merged cells (the funds label spanning its rows, 一级指标 merged with
 * rowSpan and with Word's vMerge), 权重 instead of 分值, no section-label column, 总分 spanning the name columns.
 */
export async function mergedDocx(f: SelfEvalFixture): Promise<Uint8Array> {
  const rows: TableRow[] = [
    new TableRow({ children: [cell('项目名称'), cell(f.project, { columnSpan: 7 })] }),
    new TableRow({ children: [cell('主管部门'), cell(f.dept, { columnSpan: 3 }), cell('实施单位'), cell(f.unit, { columnSpan: 3 })] }),
    new TableRow({
      children: [
        cell('项目资金（万元）', { rowSpan: f.funds.length + 1 }),
        ...['', '年初预算数', '全年预算数', '全年执行数', '权重', '执行率', '得分'].map((t) => cell(t)),
      ],
    }),
    ...f.funds.map(
      (line, i) =>
        new TableRow({
          children: [line.label, line.initial, line.budget, line.spent, i === 0 ? f.budgetWeight : '—', line.rate, i === 0 ? f.budgetPoints : '—'].map((t) =>
            cell(t),
          ),
        }),
    ),
    new TableRow({ children: ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '权重', '得分', '偏差原因分析及改进措施'].map((t) => cell(t)) }),
  ];
  const groups = new Map<string, IndicatorLine[]>();
  for (const l of f.indicators) groups.set(l.level1, [...(groups.get(l.level1) ?? []), l]);
  [...groups.values()].forEach((lines, g) => {
    lines.forEach((l, k) => {
      const first = k === 0;
      const level1 =
        g % 2 === 0
          ? first
            ? [cell(l.level1, { rowSpan: lines.length })]
            : []
          : [
              new TableCell({
                children: [new Paragraph(first ? l.level1 : '')],
                verticalMerge: first ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE,
              }),
            ];
      rows.push(new TableRow({ children: [...level1, ...[l.level2, l.level3, l.target, l.actual, l.weight, l.score, l.deviation].map((t) => cell(t))] }));
    });
  });
  rows.push(new TableRow({ children: [cell('总分', { columnSpan: 5 }), cell(f.weightTotal), cell(f.total), cell(`自评等级：${f.grade}`)] }));
  const doc = new Document({
    sections: [{ children: [new Paragraph('项目支出绩效自评表'), new Paragraph(`（${f.year}年度）`), new Table({ rows })] }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
