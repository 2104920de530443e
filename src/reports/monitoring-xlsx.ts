// The monitoring table (绩效监控表, docs/design.md "Official tables") as an XLSX sheet: budget execution with its
// lamp, then per indicator 年度指标值, 当前完成值, 全年预计完成值, 偏离度, the lamp, 完成目标可能性, 偏差原因 and
// 整改措施. A lamp is a filled cell and its word, never colour alone.
import type ExcelJS from 'exceljs';
import type { Lamp } from '../evaluation/types.ts';
import { NO_VALUE } from '../format/index.ts';
import type { MonitoringTable } from './official-tables.ts';
import { a4, frame, heading, headings, inWan, MONEY_FORMAT, mergeLevels, shareCell, workbookOf } from './sheet-style.ts';

const COLUMNS = 11;

export const MONITORING_LAYOUT = {
  budgetHeaderRow: 5,
  budgetRow: 6,
  indicatorHeaderRow: 7,
  firstIndicatorRow: 8,
  budgetHeaders: ['全年预算数', '执行数', '执行率', '时间进度', '预算执行进度', '亮灯'],
  indicatorHeaders: [
    '一级指标',
    '二级指标',
    '三级指标',
    '年度指标值',
    '当前完成值',
    '全年预计完成值',
    '偏离度',
    '亮灯',
    '完成目标可能性',
    '偏差原因',
    '整改措施',
  ],
} as const;

/** Fills as the deployed monitoring systems colour their lamps; grey for nothing to judge yet. */
const LAMP_FILL: Record<Lamp, string> = { green: 'FFC6EFCE', yellow: 'FFFFEB9C', red: 'FFFFC7CE', grey: 'FFE7E6E6' };

function lampCell(cell: ExcelJS.Cell, lamp: Lamp, label: string): void {
  cell.value = label;
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LAMP_FILL[lamp] } };
}

function writeSheet(ws: ExcelJS.Worksheet, t: MonitoringTable): void {
  ws.columns = [10, 12, 16, 13, 13, 13, 9, 7, 11, 18, 24].map((width) => ({ width }));
  ws.mergeCells('A1:K1');
  heading(ws.getCell('A1'), '项目支出绩效监控表');
  ws.getCell('A1').font = { bold: true, size: 16, name: 'SimSun' };
  ws.mergeCells('A2:K2');
  ws.getCell('A2').value = `（${t.head.year}年度，截至${t.head.asOf}）`;
  ws.getCell('A2').alignment = { horizontal: 'center' };
  ws.getCell('A3').value = '项目名称';
  ws.mergeCells('B3:K3');
  ws.getCell('B3').value = t.head.projectName;
  ws.getCell('A4').value = '主管部门';
  ws.mergeCells('B4:E4');
  ws.getCell('B4').value = t.head.department ?? '';
  ws.getCell('F4').value = '实施单位';
  ws.mergeCells('G4:K4');
  ws.getCell('G4').value = t.head.unitName;

  const b = MONITORING_LAYOUT.budgetHeaderRow;
  ws.mergeCells(`A${b}:A${b + 1}`);
  heading(ws.getCell(`A${b}`), '预算执行情况（万元）');
  headings(ws.getRow(b), 2, MONITORING_LAYOUT.budgetHeaders);
  ws.mergeCells(`H${b}:K${b + 1}`);
  const v = ws.getRow(MONITORING_LAYOUT.budgetRow);
  const total = inWan(t.budget.total);
  v.getCell(2).value = total ?? NO_VALUE;
  if (total !== null) v.getCell(2).numFmt = MONEY_FORMAT;
  v.getCell(3).value = inWan(t.budget.spent);
  v.getCell(3).numFmt = MONEY_FORMAT;
  shareCell(v.getCell(4), t.budget.executionRate);
  shareCell(v.getCell(5), t.timeShare);
  // v = execution rate ÷ time share × 100 (docs/design.md "Monitoring rules"), shown as the percent it is.
  shareCell(v.getCell(6), t.budget.pace === null ? null : t.budget.pace / 100);
  lampCell(v.getCell(7), t.budget.lamp, t.budget.lampLabel);

  const h = MONITORING_LAYOUT.indicatorHeaderRow;
  headings(ws.getRow(h), 1, MONITORING_LAYOUT.indicatorHeaders);
  const first = MONITORING_LAYOUT.firstIndicatorRow;
  t.indicators.forEach((row, i) => {
    const r = ws.getRow(first + i);
    const cells = [row.level1, row.level2, row.level3, row.target, row.current, row.forecast, row.deviation];
    cells.forEach((text, c) => {
      r.getCell(1 + c).value = text;
    });
    lampCell(r.getCell(8), row.lamp, row.lampLabel);
    r.getCell(9).value = row.likelihood;
    r.getCell(10).value = row.reasons;
    r.getCell(11).value = row.measures;
  });
  const last = first + t.indicators.length - 1;
  mergeLevels(ws, 1, first, t.indicators);
  frame(ws, 3, Math.max(last, h), COLUMNS);
  for (const cell of [ws.getCell('B3'), ws.getCell('B4'), ws.getCell('G4')]) cell.alignment = { ...cell.alignment, horizontal: 'left' };
  for (let r = first; r <= last; r++) {
    for (const c of [10, 11]) ws.getRow(r).getCell(c).alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
  }
  ws.views = [{ state: 'frozen', ySplit: h }];
  a4(ws, true);
  ws.pageSetup.printTitlesRow = `${h}:${h}`;
}

export function monitoringWorkbook(tables: readonly MonitoringTable[]): Promise<Uint8Array> {
  return workbookOf(tables, writeSheet);
}
