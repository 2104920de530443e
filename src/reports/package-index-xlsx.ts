// The index of the self-evaluation package (索引.xlsx, sheet 材料索引): every supporting file with the row it
// proves, the record it is on, where it is in the zip and its SHA-256, and every indicator row that has none, so
// a reviewer sees at once what is proven and what is not.
import ExcelJS from 'exceljs';
import { INDEX_SHEET } from './package-layout.ts';
import type { IndexLine } from './package-plan.ts';
import { a4, frame, heading, headings } from './sheet-style.ts';

/** Where things are on the index sheet: the tests read it back from here. */
export const INDEX_LAYOUT = {
  titleRow: 1,
  headerRow: 3,
  firstRow: 4,
  headers: [
    '行号',
    '一级指标',
    '二级指标',
    '三级指标',
    '所在记录',
    '记录日期',
    '文件名',
    '包内路径',
    '大小',
    '字节数',
    'SHA-256',
    '上传人',
    '上传时间',
    '说明',
  ],
} as const;

export interface PackageIndexHead {
  projectName: string;
  unitName: string;
  asOf: string;
}

const WIDTHS = [6, 10, 12, 18, 28, 11, 24, 48, 9, 11, 20, 10, 16, 24];

export async function packageIndexWorkbook(head: PackageIndexHead, lines: readonly IndexLine[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jixiao';
  const ws = wb.addWorksheet(INDEX_SHEET);
  const columns = INDEX_LAYOUT.headers.length;
  ws.columns = WIDTHS.map((width) => ({ width }));
  ws.mergeCells(INDEX_LAYOUT.titleRow, 1, INDEX_LAYOUT.titleRow, columns);
  heading(ws.getCell(INDEX_LAYOUT.titleRow, 1), `${head.projectName} 佐证材料索引（${head.unitName}，截至${head.asOf}）`);
  ws.getCell(INDEX_LAYOUT.titleRow, 1).font = { bold: true, size: 14, name: 'SimSun' };
  headings(ws.getRow(INDEX_LAYOUT.headerRow), 1, INDEX_LAYOUT.headers);
  lines.forEach((l, i) => {
    const row = ws.getRow(INDEX_LAYOUT.firstRow + i);
    row.values = [
      l.rowNo ?? '',
      l.level1,
      l.level2,
      l.level3,
      l.record,
      l.recordDay,
      l.fileName,
      l.path,
      l.sizeText,
      l.size ?? '',
      l.sha256,
      l.author,
      l.uploadedAt,
      l.caption,
    ];
    if (l.size !== null) row.getCell(10).numFmt = '0';
  });
  const last = INDEX_LAYOUT.firstRow + lines.length - 1;
  frame(ws, INDEX_LAYOUT.headerRow, Math.max(last, INDEX_LAYOUT.headerRow), columns);
  for (let r = INDEX_LAYOUT.firstRow; r <= last; r++) {
    for (const c of [5, 7, 8, 11, 14]) ws.getRow(r).getCell(c).alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
  }
  ws.views = [{ state: 'frozen', ySplit: INDEX_LAYOUT.headerRow }];
  ws.autoFilter = { from: { row: INDEX_LAYOUT.headerRow, column: 1 }, to: { row: INDEX_LAYOUT.headerRow, column: columns } };
  a4(ws, true);
  ws.pageSetup.printTitlesRow = `${INDEX_LAYOUT.headerRow}:${INDEX_LAYOUT.headerRow}`;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
