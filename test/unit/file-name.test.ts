import { describe, expect, it } from 'vitest';
import { cleanFileName, nameForType } from '../../src/files/file-name.ts';
import { formatFileSize } from '../../src/format/index.ts';

// A supporting file's name is shown, never trusted (docs/design.md "Supporting files").

describe('cleanFileName', () => {
  it.each([
    ['现场照片.jpg', '现场照片.jpg'],
    ['C:\\Users\\李\\Desktop\\会议纪要.docx', '会议纪要.docx'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\u0007c.png', 'abc.png'],
    ['报告<1>:"终稿"?.pdf', '报告1终稿.pdf'],
    ['  ..隐藏.png ', '隐藏.png'],
    ['e\u0301.png', 'é.png'],
  ])('%j → %j', (raw, want) => {
    expect(cleanFileName(raw)).toBe(want);
  });

  it('nothing left is no name; a long one is cut to 200 characters', () => {
    expect(cleanFileName('')).toBeNull();
    expect(cleanFileName('../')).toBeNull();
    expect(cleanFileName('\u0001\u0002')).toBeNull();
    expect(cleanFileName(`${'长'.repeat(300)}.png`)).toHaveLength(200);
  });
});

describe('nameForType', () => {
  it('keeps a name whose extension fits its content, and gives the right one otherwise', () => {
    expect(nameForType('照片.jpg', 'image/jpeg')).toBe('照片.jpg');
    expect(nameForType('照片.JPEG', 'image/jpeg')).toBe('照片.JPEG');
    expect(nameForType('照片.png', 'image/jpeg')).toBe('照片.jpg');
    expect(nameForType('扫描件', 'application/pdf')).toBe('扫描件.pdf');
    expect(nameForType('.pdf', 'application/pdf')).toBe('.pdf.pdf');
    expect(nameForType('签到表.xls', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('签到表.xlsx');
  });
});

describe('formatFileSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [46_387, '45 KB'],
    [5_747, '5.6 KB'],
    [2_202_010, '2.1 MB'],
    [20 * 1_048_576, '20 MB'],
    [3 * 1_073_741_824, '3 GB'],
  ])('%d bytes → %s', (bytes, want) => {
    expect(formatFileSize(bytes)).toBe(want);
  });
});
