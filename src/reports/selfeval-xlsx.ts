// The self-evaluation table (项目支出绩效自评表) as an XLSX sheet in the official nine-column layout
// (docs/design.md "Official tables"): the project, the funds block, 年度总体目标, the indicators and 总分.
// Numbers are numbers (万元, points, the execution rate with a percent format); values written like targets are text.
import type ExcelJS from 'exceljs';
import { NO_VALUE } from '../format/index.ts';
import type { SelfEvalTable } from './official-tables.ts';
import { a4, frame, heading, headings, inWan, MONEY_FORMAT, mergeLevels, shareCell, POINTS_FORMAT, workbookOf } from './sheet-style.ts';

const COLUMNS = 9;

/** Where things are on a sheet: the review and the tests read the layout back from here. */
export const SELFEVAL_LAYOUT = {
  fundsHeaderRow: 5,
  fundsRows: [6, 7, 8],
  goalsRow: 10,
  indicatorHeaderRow: 11,
  firstIndicatorRow: 12,
  fundsHeaders: ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
  indicatorHeaders: ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
} as const;

export function selfEvalTitle(t: SelfEvalTable): string {
  return t.head.final ? `（${t.head.year}年度）` : `（${t.head.year}年度，截至${t.head.asOf}，得分为预测）`;
}

function writeSheet(ws: ExcelJS.Worksheet, t: SelfEvalTable): void {
  ws.columns = [10, 12, 12, 20, 14, 14, 9, 11, 30].map((width) => ({ width }));
  ws.mergeCells('A1:I1');
  heading(ws.getCell('A1'), '项目支出绩效自评表');
  ws.getCell('A1').font = { bold: true, size: 16, name: 'SimSun' };
  ws.mergeCells('A2:I2');
  ws.getCell('A2').value = selfEvalTitle(t);
  ws.getCell('A2').alignment = { horizontal: 'center' };

  ws.getCell('A3').value = '项目名称';
  ws.mergeCells('B3:I3');
  ws.getCell('B3').value = t.head.projectName;
  ws.getCell('A4').value = '主管部门';
  ws.mergeCells('B4:E4');
  ws.getCell('B4').value = t.head.department ?? '';
  ws.getCell('F4').value = '实施单位';
  ws.mergeCells('G4:I4');
  ws.getCell('G4').value = t.head.unitName;

  const [r5] = [SELFEVAL_LAYOUT.fundsHeaderRow];
  ws.mergeCells(`A${r5}:A${r5 + 3}`);
  heading(ws.getCell(`A${r5}`), '项目资金（万元）');
  ws.mergeCells(`B${r5}:C${r5}`);
  headings(ws.getRow(r5), 4, SELFEVAL_LAYOUT.fundsHeaders);
  t.funds.rows.forEach((f, i) => {
    const r = ws.getRow(SELFEVAL_LAYOUT.fundsRows[i]!);
    ws.mergeCells(r.number, 2, r.number, 3);
    r.getCell(2).value = f.label;
    money(r.getCell(4), f.initial);
    money(r.getCell(5), f.full);
    money(r.getCell(6), f.spent);
    shareCell(r.getCell(8), f.rate);
    if (i === 0) {
      points(r.getCell(7), t.funds.weight);
      points(r.getCell(9), t.funds.points);
    } else {
      r.getCell(7).value = NO_VALUE;
      r.getCell(9).value = NO_VALUE;
    }
  });

  const g = SELFEVAL_LAYOUT.goalsRow;
  ws.mergeCells(`A${g - 1}:A${g}`);
  heading(ws.getCell(`A${g - 1}`), '年度总体目标');
  ws.mergeCells(`B${g - 1}:E${g - 1}`);
  heading(ws.getCell(`B${g - 1}`), '预期目标');
  ws.mergeCells(`F${g - 1}:I${g - 1}`);
  heading(ws.getCell(`F${g - 1}`), '实际完成情况');
  ws.mergeCells(`B${g}:E${g}`);
  ws.getCell(`B${g}`).value = t.goals.expected;
  ws.mergeCells(`F${g}:I${g}`);
  ws.getCell(`F${g}`).value = t.goals.achieved;
  ws.getRow(g).height = Math.min(15 * Math.max(3, t.goals.expected.split('\n').length + 1), 160);

  const h = SELFEVAL_LAYOUT.indicatorHeaderRow;
  headings(ws.getRow(h), 2, SELFEVAL_LAYOUT.indicatorHeaders);
  const first = SELFEVAL_LAYOUT.firstIndicatorRow;
  t.indicators.forEach((row, i) => {
    const r = ws.getRow(first + i);
    r.getCell(2).value = row.level1;
    r.getCell(3).value = row.level2;
    r.getCell(4).value = row.level3;
    r.getCell(5).value = row.target;
    r.getCell(6).value = row.actual;
    points(r.getCell(7), row.weight);
    points(r.getCell(8), row.points);
    r.getCell(9).value = row.deviation;
    r.getCell(9).alignment = { horizontal: 'left' };
  });
  const last = first + t.indicators.length - 1;
  ws.mergeCells(`A${h}:A${Math.max(last, h)}`);
  heading(ws.getCell(`A${h}`), '绩效指标');
  mergeLevels(ws, 2, first, t.indicators);

  const total = Math.max(last, h) + 1;
  ws.mergeCells(`A${total}:F${total}`);
  heading(ws.getCell(`A${total}`), '总分');
  points(ws.getCell(`G${total}`), t.weightTotal);
  points(ws.getCell(`H${total}`), t.total);
  ws.getCell(`I${total}`).value = t.grade ? `自评等级：${t.grade}` : (t.scoreError ?? NO_VALUE);
  frame(ws, 3, total, COLUMNS);
  for (const cell of [ws.getCell(`B${g}`), ws.getCell(`F${g}`), ws.getCell('B3'), ws.getCell('B4'), ws.getCell('G4')]) {
    cell.alignment = { ...cell.alignment, horizontal: 'left' };
  }
  for (let r = first; r <= last; r++) ws.getRow(r).getCell(9).alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
  ws.views = [{ state: 'frozen', ySplit: h }];
  a4(ws, false);
  ws.pageSetup.printTitlesRow = `${h}:${h}`;
}

function money(cell: ExcelJS.Cell, yuan: number | null): void {
  const v = inWan(yuan);
  cell.value = v;
  if (v !== null) cell.numFmt = MONEY_FORMAT;
}

function points(cell: ExcelJS.Cell, value: number | null): void {
  cell.value = value ?? NO_VALUE;
  if (value !== null) cell.numFmt = POINTS_FORMAT;
}

export function selfEvalWorkbook(tables: readonly SelfEvalTable[]): Promise<Uint8Array> {
  return workbookOf(tables, writeSheet);
}
