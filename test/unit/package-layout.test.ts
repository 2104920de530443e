import { describe, expect, it } from 'vitest';
import { FUNDS_FOLDER, numberedFileName, OTHER_FOLDER, rowFolderName, rowNumberText, safePart } from '../../src/reports/package-layout.ts';
import { type PackageFile, planPackage } from '../../src/reports/package-plan.ts';

// Names inside the self-evaluation package (docs/design.md "Official tables"): safe on every file system, numbered
// as the self-evaluation table numbers its indicator rows, unique within a folder whatever people named files.

const rows = [
  { indicatorId: 11, level1: '产出指标', level2: '数量指标', level3: '培训人次' },
  { indicatorId: 12, level1: '产出指标', level2: '数量指标', level3: '结业人次' },
  { indicatorId: 13, level1: '效益指标', level2: '社会效益指标', level3: '干部履职能力' },
];

function file(id: number, name: string, day: string, homes: PackageFile['homes']): PackageFile {
  return {
    id,
    downloadName: name,
    mediaType: 'image/png',
    size: 2048,
    sha256: `sha${id}`,
    author: '小李',
    createdAt: `2024-07-0${id}T01:00:00.000Z`,
    caption: null,
    record: { kind: 'entry', id: 100 + id, label: `计数登记 #${100 + id}`, day },
    homes,
  };
}

describe('package names', () => {
  it('numbers rows to the widest, at least two digits', () => {
    expect(rowNumberText(3, 9)).toBe('03');
    expect(rowNumberText(3, 120)).toBe('003');
    expect(rowFolderName(3, 12, rows[0]!)).toBe('03 产出指标-数量指标-培训人次');
  });

  it('makes any part safe: separators, reserved characters, controls, edge dots and spaces', () => {
    expect(safePart('a/b\\c:d*e?f"g<h>i|j', 40)).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safePart(' ..隐藏. ', 40)).toBe('隐藏');
    expect(safePart('第一\u0000行\n第二行', 40)).toBe('第一_行_第二行');
    expect(safePart('...', 40)).toBe('_');
    expect([...safePart('很'.repeat(100), 60)]).toHaveLength(60);
  });

  it('keeps the extension when a long name is cut, and never joins it to the stem', () => {
    expect(numberedFileName(1, 3, '发票 第1张.jpg')).toBe('01 发票 第1张.jpg');
    const long = numberedFileName(2, 3, `${'会议纪要'.repeat(40)}.pdf`);
    expect(long.endsWith('.pdf')).toBe(true);
    expect([...long].length).toBeLessThanOrEqual(80);
    expect(numberedFileName(1, 1, '扫描件')).toBe('01 扫描件');
  });
});

describe('planPackage', () => {
  it('puts a file in every row that counts it, numbers each folder by record day, and lists rows without files', () => {
    const plan = planPackage(rows, [
      file(2, 'IMG.png', '2024-05-01', [{ row: 1 }]),
      file(1, 'IMG.png', '2024-03-01', [{ row: 1 }, { row: 2 }, { row: 1 }]),
      file(3, '付款.png', '2024-04-01', ['funds']),
      file(4, '其他.png', '2024-04-02', ['other']),
    ]);
    expect(plan.files.map((f) => [f.path, f.fileId])).toEqual([
      ['佐证材料/01 产出指标-数量指标-培训人次/01 IMG.png', 1],
      ['佐证材料/01 产出指标-数量指标-培训人次/02 IMG.png', 2],
      ['佐证材料/02 产出指标-数量指标-结业人次/01 IMG.png', 1],
      [`佐证材料/${FUNDS_FOLDER}/01 付款.png`, 3],
      [`佐证材料/${OTHER_FOLDER}/01 其他.png`, 4],
    ]);
    expect(plan.index.map((l) => [l.rowNo, l.level3, l.path === '' ? l.fileName : l.path.split('/')[2]])).toEqual([
      ['01', '培训人次', '01 IMG.png'],
      ['01', '培训人次', '02 IMG.png'],
      ['02', '结业人次', '01 IMG.png'],
      ['03', '干部履职能力', '（无佐证材料）'],
      [null, '', '01 付款.png'],
      [null, '', '01 其他.png'],
    ]);
    expect(plan.index[0]).toMatchObject({ sizeText: '2 KB', uploadedAt: '2024-07-01 09:00', record: '计数登记 #101', recordDay: '2024-03-01' });
  });

  it('a project with no files: one line per row, no file', () => {
    const plan = planPackage(rows, []);
    expect(plan.files).toEqual([]);
    expect(plan.index.map((l) => [l.rowNo, l.path])).toEqual([
      ['01', ''],
      ['02', ''],
      ['03', ''],
    ]);
  });
});
