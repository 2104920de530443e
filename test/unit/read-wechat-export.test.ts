import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readWechatExport } from '../../src/evidence/read-wechat-export.ts';
import { exportExternalId, parseCount, parsePublishedAt } from '../../src/evidence/wechat-export-values.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../fixtures/wechat-export/${name}`, import.meta.url));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const brief = (errors: { row: number; field: string | null; message: string }[]) => errors.map((e) => [e.row, e.field, e.message]);
const LONG_URL = 'https://mp.weixin.qq.com/s?__biz=MzA5NjY2&mid=2247490098&idx=1&sn=abc123&chksm=9f#rd';

describe('readWechatExport: CSV', () => {
  it('finds the header below title lines and reads counts, times and post ids', async () => {
    const { rows } = await readWechatExport('已通知内容.csv', fixture('notified-content.csv'));
    expect(rows).toEqual([
      {
        row: 4,
        externalId: '2247490098_1',
        title: '六五环境日特别报道',
        publishedAt: '2024-05-01T02:00:00.000Z',
        url: LONG_URL,
        readers: 12345,
        reads: 15678,
        shareUsers: 321,
        shares: 400,
        likes: 88,
        zaikan: 45,
        comments: 12,
        favourites: 30,
      },
      {
        row: 5,
        externalId: 's/AbC-dE_f',
        title: '蓝天保卫战, 我们在行动',
        publishedAt: '2024-05-03T01:05:00.000Z',
        url: 'https://mp.weixin.qq.com/s/AbC-dE_f',
        readers: 100001,
        reads: 100001,
        shareUsers: 1024,
        shares: 2048,
        likes: 12000,
        zaikan: null,
        comments: 0,
        favourites: 15,
      },
      {
        row: 6,
        externalId: expect.stringMatching(/^export:[0-9a-f]{16}$/),
        title: '环保小课堂',
        publishedAt: '2024-05-03T16:00:00.000Z',
        url: null,
        readers: 800,
        reads: 950,
        shareUsers: null,
        shares: null,
        likes: null,
        zaikan: null,
        comments: null,
        favourites: null,
      },
    ]);
  });

  it('keeps one of identical duplicates silently, reports disagreeing ones, missing times and bad counts; skips 合计 and footers', async () => {
    const { errors } = await readWechatExport('已通知内容.csv', fixture('notified-content.csv'));
    expect(brief(errors)).toEqual([
      [8, 'likes', '与第 5 行是同一篇文章（s/AbC-dE_f），但数据不一致：likes 12000 ≠ 13000'],
      [9, 'publishedAt', 'publishedAt（发表时间）：缺少发表时间'],
      [10, 'readers', 'readers（总阅读人数）：“abc”不是有效的数字'],
    ]);
  });

  it('gives a post without a link the same id on every import', async () => {
    const a = await readWechatExport('a.csv', fixture('notified-content.csv'));
    const b = await readWechatExport('b.csv', fixture('notified-content.csv'));
    expect(a.rows[2]?.externalId).toBe(b.rows[2]?.externalId);
  });

  it('reads a GBK export with the other header spellings and an &amp;-escaped link', async () => {
    const { rows, errors } = await readWechatExport('export.csv', fixture('notified-content-gbk.csv'));
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        externalId: '2247490123_2',
        title: '垃圾分类进社区',
        publishedAt: '2024-05-08T11:30:00.000Z',
        url: 'http://mp.weixin.qq.com/s?__biz=MzA5NjY2&amp;mid=2247490123&amp;idx=2&amp;sn=ff',
        readers: 2001,
        reads: 2300,
        shareUsers: 12,
        shares: 15,
        likes: 5,
        zaikan: 3,
        comments: 1,
        favourites: 2,
      },
    ]);
  });

  it('fails clearly without a header, without data rows, or for an old .xls', async () => {
    expect(brief((await readWechatExport('x.csv', utf8('a,b\n1,2\n'))).errors)).toEqual([[0, null, expect.stringContaining('找不到表头')]]);
    expect(brief((await readWechatExport('x.csv', utf8('内容标题,发表时间\n'))).errors)).toEqual([[0, null, '文件中没有数据行']]);
    expect((await readWechatExport('x.csv', new Uint8Array())).errors[0]?.message).toContain('找不到表头');
    expect((await readWechatExport('x.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).errors[0]?.message).toContain('.xls');
  });

  it('reports an unreadable publish time', async () => {
    const { rows, errors } = await readWechatExport('x.csv', utf8('标题,发布时间\n某文章,五月一日\n'));
    expect(rows).toEqual([]);
    expect(brief(errors)).toEqual([[2, 'publishedAt', 'publishedAt（发布时间）：无法识别的时间“五月一日”，应如 2024-05-01 10:00']]);
  });
});

describe('readWechatExport: XLSX', () => {
  it('reads the first sheet: title rows above the header, Excel dates, numbers, formulas, hyperlinks, 合计', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('数据明细');
    sheet.addRow(['已通知内容数据明细']);
    sheet.addRow([]);
    sheet.addRow(['文章标题', '群发时间', '阅读人数', '阅读次数', '分享人数', '分享次数', '喜欢', '在看数', '留言', '收藏数', '内容链接']);
    sheet.addRow([
      { richText: [{ text: '守护' }, { font: { bold: true }, text: '碧水' }] },
      new Date(Date.UTC(2024, 4, 1, 14, 30)),
      1234,
      { formula: 'C4+100', result: 1334 },
      10,
      12,
      '10万+',
      '-',
      0,
      3,
      { text: 'https://mp.weixin.qq.com/s?__biz=X&mid=2247490200&idx=3&sn=y', hyperlink: 'https://mp.weixin.qq.com/s?__biz=X&mid=2247490200&idx=3&sn=y' },
    ]);
    sheet.addRow(['净土行动', 45414.5, '2,500', null, null, null, null, null, null, null, null]);
    sheet.addRow(['合计', null, { formula: 'SUM(C4:C5)', result: 3734 }]);
    book.addWorksheet('说明').addRow(['内容标题', '发表时间']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());

    const { rows, errors } = await readWechatExport('数据明细.xlsx', bytes);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.externalId, r.title, r.publishedAt, r.readers, r.reads, r.likes, r.zaikan])).toEqual([
      [4, '2247490200_3', '守护碧水', '2024-05-01T06:30:00.000Z', 1234, 1334, 100001, null],
      [5, expect.stringMatching(/^export:/), '净土行动', '2024-05-02T04:00:00.000Z', 2500, null, null, null],
    ]);
  });
});

describe('export cells', () => {
  it('reads counts', () => {
    const cases: [Parameters<typeof parseCount>[0], ReturnType<typeof parseCount>][] = [
      ['10万+', { value: 100001 }],
      ['１０万＋', { value: 100001 }],
      ['1.5万', { value: 15000 }],
      ['12,345', { value: 12345 }],
      ['1,234,567', { value: 1234567 }],
      [' 42 ', { value: 42 }],
      [42, { value: 42 }],
      ['-', { value: null }],
      ['--', { value: null }],
      ['', { value: null }],
      [null, { value: null }],
      ['12,34', { error: '“12,34”不是有效的数字' }],
      [-3, { error: '“-3”不是有效的数字' }],
    ];
    for (const [input, expected] of cases) expect([input, parseCount(input)]).toEqual([input, expected]);
  });

  it('reads publish times as Asia/Shanghai', () => {
    expect(parsePublishedAt('2024-05-01 10:00')).toBe('2024-05-01T02:00:00.000Z');
    expect(parsePublishedAt('2024/5/1 10:00:00')).toBe('2024-05-01T02:00:00.000Z');
    expect(parsePublishedAt('2024-05-01')).toBe('2024-04-30T16:00:00.000Z');
    expect(parsePublishedAt('2024-02-30 10:00')).toBeNull();
    expect(parsePublishedAt(new Date(Date.UTC(2024, 4, 1, 10)))).toBe('2024-05-01T02:00:00.000Z');
  });

  it('derives the post id the API uses from long links, a short-link id, else a hash', () => {
    expect(exportExternalId(LONG_URL, 't', 'x')).toBe('2247490098_1');
    expect(exportExternalId('https://mp.weixin.qq.com/mp/appmsg/show?__biz=X&appmsgid=10000050&itemidx=1', 't', 'x')).toBe('10000050_1');
    expect(exportExternalId('https://mp.weixin.qq.com/s/AbC-dE_f/', 't', 'x')).toBe('s/AbC-dE_f');
    const hashed = exportExternalId('https://example.com/s?mid=1&idx=1', '标题', '2024-05-01T02:00:00.000Z');
    expect(hashed).toMatch(/^export:[0-9a-f]{16}$/);
    expect(exportExternalId(null, '标题', '2024-05-01T02:00:00.000Z')).toBe(hashed);
    expect(exportExternalId(null, '标题', '2024-05-01T02:01:00.000Z')).not.toBe(hashed);
  });
});
