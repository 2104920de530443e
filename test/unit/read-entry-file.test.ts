import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { normalizeDateText } from '../../src/evidence/cell-values.ts';
import { parseCsv } from '../../src/evidence/csv.ts';
import { entryFieldTypes, fieldHeaderAliases, inferKind, resolveColumn } from '../../src/evidence/entry-headers.ts';
import { entryKinds, entryKindSchemas, fieldLabels } from '../../src/evidence/entry-kinds.ts';
import { readEntryFile } from '../../src/evidence/read-entry-file.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../fixtures/entries/${name}`, import.meta.url));
const read = (name: string, kind?: (typeof entryKinds)[number]) => readEntryFile(name, fixture(name), kind ? { kind } : {});
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Row, field and message of each error, for compact expectations. */
const brief = (errors: { row: number; field: string | null; message: string }[]) => errors.map((e) => [e.row, e.field, e.message]);

async function xlsx(rows: unknown[][], setup?: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('记录');
  for (const r of rows) sheet.addRow(r);
  setup?.(sheet, book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('readEntryFile: JSON Lines', () => {
  it('reads one valid entry of every kind, numbering rows by line and skipping blank lines', async () => {
    const { rows, errors } = await read('all-kinds.jsonl');
    expect(errors).toEqual([]);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(entryKinds));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
    expect(byKind.activity).toEqual({
      row: 1,
      kind: 'activity',
      project: 3,
      externalId: 'act-1',
      fields: { date: '2024-05-01', title: '六五环境日宣传', location: '人民公园', participants: 120 },
    });
    expect(byKind.opinion_report?.project).toBe('生态环境舆情监测项目');
    expect(byKind.opinion_report?.fields).toMatchObject({ due_at: '2024-05-02T10:00:00.000Z', delivered_at: '2024-05-02T09:30:00.000Z', disclosed: false });
    expect(byKind.incident?.fields).toMatchObject({ occurred_at: '2024-05-03T06:30:00.000Z', level: 'general', standard: '国办函〔2014〕119号' });
    expect(byKind.risk_check?.fields).toMatchObject({ date: '2024-05-04', rectified: true });
    expect(byKind.task?.fields).toEqual({ title: '完成年度监测方案', due: '2024-06-30', done_at: null });
    expect(byKind.fault?.fields).toMatchObject({ opened_at: '2024-05-07T00:15:30.000Z', resolved_at: '2024-05-07T03:00:00.000Z' });
    expect(byKind.procurement?.fields).toMatchObject({ quantity: 2, amount: 1234567.89 });
    // Nested "fields" object, numeric external id.
    expect(byKind.expenditure).toMatchObject({ externalId: '9001', fields: { date: '2024-05-10', amount: 35000, voucher: '记-0518' } });
    // Kind by its Chinese label.
    expect(byKind.survey?.fields).toEqual({ date: '2024-05-11', respondent: '张三', score: 95 });
    // A tally names its indicator by 三级指标 (resolved to an id when written); a quantity left out is 1.
    expect(byKind.tally?.fields).toEqual({ date: '2024-05-12', indicator: '培训人次', quantity: 30, title: '第一期培训', note: null });
  });

  it('reports every bad line with its line number and field (bad date, score 150, unknown level, missing field, not JSON)', async () => {
    const { rows, errors } = await read('bad-rows.jsonl');
    expect(rows.map((r) => r.row)).toEqual([1]);
    expect(brief(errors)).toEqual([
      [2, 'date', 'date（日期）：日期不存在：2024-13-01'],
      [2, 'score', expect.stringMatching(/^score（分数）：应不大于 100/)],
      [3, null, expect.stringContaining('不是合法的 JSON')],
      [4, null, expect.stringContaining('JSON 对象')],
      [5, 'level', expect.stringContaining('level（级别）：应为 特别重大/重大/较大/一般')],
      [6, 'respondent', 'respondent（评价人）：必填，不能为空'],
      [7, 'kind', expect.stringContaining('未知类型 "meeting"')],
      [8, 'author', expect.stringContaining('未知字段 author')],
      [9, 'kind', expect.stringContaining('缺少类型')],
    ]);
  });

  it('mixes kinds line by line; --kind is the kind of lines that name none', async () => {
    const text =
      '{"project":3,"date":"2024-05-05","title":"报告"}\n{"kind":"activity","date":"2024-05-05","title":"活动"}\r\n{"kind":"支出","date":"2024-05-06","amount":12}\n';
    const { rows, errors } = await readEntryFile('x.ndjson', utf8(text), { kind: 'report' });
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.kind])).toEqual([
      [1, 'report'],
      [2, 'activity'],
      [3, 'expenditure'],
    ]);
    expect(rows[0]).toEqual({ row: 1, kind: 'report', project: 3, externalId: null, fields: { date: '2024-05-05', title: '报告' } });
  });

  it('reads project and id with the edge rules: ids within 1…2^31−1, names and ids without control characters', async () => {
    const text = [
      '{"kind":"report","project":2147483648,"date":"2024-05-05","title":"a"}',
      '{"kind":"report","project":"007","date":"2024-05-05","title":"b"}',
      '{"kind":"report","project":"12","id":"x\\u0000y","date":"2024-05-05","title":"c"}',
      '{"kind":"report","project":2147483647,"id":7,"date":"2024-05-05","title":"d"}',
    ].join('\n');
    const { rows, errors } = await readEntryFile('x.jsonl', utf8(text));
    expect(brief(errors)).toEqual([
      [1, 'project', 'project（项目）：项目编号应为 1 至 2147483647 之间的整数'],
      [2, 'project', 'project（项目）：项目编号应为 1 至 2147483647 之间的整数'],
      [3, 'id', expect.stringContaining('id（编号）：含有空字符')],
    ]);
    expect(rows).toEqual([{ row: 4, kind: 'report', project: 2147483647, externalId: '7', fields: { date: '2024-05-05', title: 'd' } }]);
  });

  it('explains types in Chinese for zod built-in checks', async () => {
    const text = [
      '{"kind":"activity","date":"2024-05-01","title":"活动","participants":1.5}',
      '{"kind":"activity","date":"2024-05-01","title":"活动","participants":-1}',
      '{"kind":"report","date":"2024-05-01","title":{"a":1}}',
      '{"kind":"inspection","date":"2024-05-01","target":"站房","result":"bad"}',
      '{"kind":"activity","project":[1],"date":"2024-05-01","title":"活动"}',
      '{"kind":"report","date":"2024-05-01","title":"报告","toString":"x"}',
    ].join('\n');
    const { errors } = await readEntryFile('x.jsonl', utf8(text));
    expect(brief(errors)).toEqual([
      [1, 'participants', 'participants（参与人数）：应为整数'],
      [2, 'participants', expect.stringMatching(/^participants（参与人数）：(不能为负数|应不小于 0)/)],
      [3, 'title', 'title（标题）：应为文本'],
      [4, 'result', 'result（结果）：应为 ok 或 issue'],
      [5, 'project', 'project（项目）：应为项目编号（整数）或项目名称'],
      [6, 'toString', expect.stringContaining('未知字段 toString')],
    ]);
  });
});

describe('readEntryFile: CSV', () => {
  it('reads Chinese headers, UTF-8 BOM, CRLF, quoted line breaks and quotes, project id or name, 编号', async () => {
    const { rows, errors } = await read('survey-zh.csv');
    expect(rows).toEqual([
      { row: 2, kind: 'survey', project: 3, externalId: 's-1', fields: { date: '2024-05-11', respondent: '张三', score: 95 } },
      // Row 4 is blank: skipped, but it keeps its number as Excel would show it.
      { row: 5, kind: 'survey', project: 3, externalId: 's-3', fields: { date: '2024-05-13', respondent: '王"五', score: 100 } },
    ]);
    // Row 3's quoted cell holds a line break, read as one cell; a name may not span lines.
    expect(brief(errors)).toEqual([[3, 'respondent', expect.stringContaining('不能换行')]]);
  });

  it('reads English headers in any case and infers the kind from them', async () => {
    const { rows, errors } = await read('inspection-en.csv');
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.kind, r.project, r.fields.result])).toEqual([
      ['inspection', 3, 'ok'],
      ['inspection', 3, 'issue'],
    ]);
  });

  it('reads a GB18030/GBK file (Excel in China) when the bytes are not UTF-8', async () => {
    const { rows, errors } = await read('survey-gbk.csv');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 2, kind: 'survey', project: '生态环境满意度项目', externalId: null, fields: { date: '2024-05-11', respondent: '张三', score: 95 } },
    ]);
  });

  it('matches headers case-, space- and full-width-insensitively, with units and required marks', async () => {
    const text = 'ＤＡＴＥ, Respondent ,*分数（分）,项目名称\n2024-05-11,张三,95,某项目\n';
    const { rows, errors } = await readEntryFile('s.csv', utf8(text));
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ kind: 'survey', project: '某项目', fields: { score: 95 } });
    const units = await read('procurement-units.csv');
    expect(units.errors).toEqual([]);
    expect(units.rows[0]).toMatchObject({ kind: 'procurement', fields: { item: 'VOCs 分析仪', quantity: 2, amount: 1234567.5 } });
  });

  it('takes the kind from --kind when the headers fit several kinds', async () => {
    const guessed = await read('ambiguous.csv');
    expect(guessed.rows).toEqual([]);
    expect(brief(guessed.errors)).toEqual([[1, null, expect.stringMatching(/可能是 宣传活动（activity）、调查报告（report）.*--kind/)]]);
    const told = await read('ambiguous.csv', 'report');
    expect(told).toEqual({ rows: [{ row: 2, kind: 'report', project: null, externalId: null, fields: { date: '2024-05-01', title: '某报告' } }], errors: [] });
  });

  it('takes each row’s kind from a 类型 column (English or Chinese): one file may mix kinds', async () => {
    const { rows, errors } = await read('kind-column.csv');
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.kind, r.fields.title])).toEqual([
      [2, 'activity', '六五环境日宣传'],
      [3, 'activity', '进社区宣传'],
      [4, 'report', '混进来的报告'],
    ]);
  });

  it('reads each column as the row’s kind names it (发生时间: occurred_at of an incident, opened_at of a fault)', async () => {
    const text = '类型,发生时间,级别,标题,系统,项目\n突发环境事件,2024-05-01 14:30,一般,河道油污,,3\nfault,2024-05-02 08:00,,,在线监测平台,3\n';
    const { rows, errors } = await readEntryFile('m.csv', utf8(text));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.kind, r.fields.occurred_at ?? r.fields.opened_at, r.fields.level ?? r.fields.system])).toEqual([
      ['incident', '2024-05-01T06:30:00.000Z', 'general'],
      ['fault', '2024-05-02T00:00:00.000Z', '在线监测平台'],
    ]);
  });

  it('a row with a blank kind takes --kind, else the one kind its filled columns fit', async () => {
    const text = '类型,日期,标题,金额,评价人,分数\n,2024-05-01,,12.5,,\n,2024-05-02,,,张三,90\n,2024-05-03,某标题,,,\n';
    const guessed = await readEntryFile('m.csv', utf8(text));
    expect(guessed.rows.map((r) => [r.row, r.kind])).toEqual([
      [2, 'expenditure'],
      [3, 'survey'],
    ]);
    expect(brief(guessed.errors)).toEqual([[4, 'kind', expect.stringMatching(/这一行没有写类型.*可能是 宣传活动（activity）、调查报告（report）.*--kind/)]]);
    // With --kind report every row is a report, and no report has 金额, 评价人 or 分数.
    const told = await readEntryFile('m.csv', utf8(text), { kind: 'report' });
    expect(brief(told.errors)).toEqual([
      [1, null, expect.stringMatching(/^未知的列：金额、评价人、分数。调查报告（report）可用的列/)],
      [2, 'title', 'title（标题）：必填，不能为空'],
      [3, 'title', 'title（标题）：必填，不能为空'],
    ]);
  });

  it('a cell filled under a column of another kind of the file is an error of that row, naming the field', async () => {
    const text = '类型,日期,标题,金额\n调查报告,2024-05-01,季度报告,99\n支出,2024-05-02,,12\n';
    const { rows, errors } = await readEntryFile('m.csv', utf8(text));
    expect(brief(errors)).toEqual([[2, 'amount', '调查报告（report）没有“金额”这一列：请清空这一格，或改正这一行的类型']]);
    expect(rows.map((r) => [r.row, r.kind, r.fields])).toEqual([[3, 'expenditure', { date: '2024-05-02', amount: 12, payee: null, voucher: null }]]);
  });

  it('names a kind it cannot read, and a column no kind of the file has', async () => {
    const text = '类型,日期,标题,备注\n会议,2024-05-01,周例会,\n调查报告,2024-05-02,报告,x\nexpenditure,2024-05-03,,\n';
    const { rows, errors } = await readEntryFile('m.csv', utf8(text));
    expect(rows.map((r) => r.row)).toEqual([3]);
    expect(brief(errors)).toEqual([
      [1, null, expect.stringMatching(/^未知的列：备注。调查报告（report）可用的列：.*；支出（expenditure）可用的列：/)],
      [2, 'kind', expect.stringContaining('kind（类型）：无法识别的类型“会议”')],
      [4, 'amount', 'amount（金额）：必填，不能为空'],
    ]);
  });

  it('reads a project id within 1…2^31−1 or a name; digits out of range are an error, not a name', async () => {
    const text = '日期,标题,项目,编号\n2024-05-01,a,99999999999,\n2024-05-02,b,007,\n2024-05-03,c,2147483647,x-1\n';
    const { rows, errors } = await readEntryFile('r.csv', utf8(text), { kind: 'report' });
    expect(brief(errors)).toEqual([
      [2, 'project', 'project（项目）：项目编号应为 1 至 2147483647 之间的整数'],
      [3, 'project', 'project（项目）：项目编号应为 1 至 2147483647 之间的整数'],
    ]);
    expect(rows).toEqual([{ row: 4, kind: 'report', project: 2147483647, externalId: 'x-1', fields: { date: '2024-05-03', title: 'c' } }]);
  });

  it('asks for --kind when no kind has all its required columns', async () => {
    const { errors } = await readEntryFile('x.csv', utf8('日期,备注\n2024-05-01,x\n'));
    expect(brief(errors)).toEqual([[1, null, expect.stringContaining('--kind')]]);
  });

  it('reports every bad row with its spreadsheet row number and field', async () => {
    const { rows, errors } = await read('bad-survey.csv');
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(brief(errors)).toEqual([
      [3, 'date', 'date（日期）：日期不存在：2024-02-30'],
      [3, 'score', expect.stringMatching(/^score（分数）：应不大于 100/)],
      [4, 'date', expect.stringMatching(/^date（日期）：应为日期/)],
      [4, 'respondent', 'respondent（评价人）：必填，不能为空'],
      [4, 'score', expect.stringMatching(/^score（分数）：应为.*数字/)],
      [5, 'score', 'score（分数）：必填，不能为空'],
    ]);
  });

  it('names unknown columns on row 1 (金额(万元) is not silently read as yuan)', async () => {
    const { rows, errors } = await read('unknown-columns.csv');
    expect(rows).toHaveLength(1);
    expect(brief(errors)).toEqual([[1, null, expect.stringContaining('未知的列：备注、金额(万元)')]]);
  });

  it('reports two columns for one field, and data under a column without a name', async () => {
    const { errors } = await readEntryFile('x.csv', utf8('日期,date,评价人,分数,\n2024-05-01,2024-05-02,张三,90,多余\n'));
    expect(brief(errors)).toEqual([
      [1, null, '第 5 列有数据但没有列名'],
      [1, 'date', '列“日期”和“date”都对应 date（日期），请只保留一列'],
    ]);
  });

  it('reads local times as Asia/Shanghai and keeps zoned instants', async () => {
    const { rows, errors } = await read('incident.csv');
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.project, r.fields.occurred_at, r.fields.closed_at, r.fields.level])).toEqual([
      ['流域治理项目', '2024-05-01T06:30:00.000Z', '2024-05-02T01:05:00.000Z', 'large'],
      ['流域治理项目', '2024-05-03T02:00:00.000Z', null, 'particularly_major'],
    ]);
  });

  it('says 文件中没有数据行 for an empty file and for a header alone', async () => {
    for (const name of ['empty.csv', 'header-only.csv']) {
      expect(await read(name)).toEqual({ rows: [], errors: [{ row: 0, field: null, message: '文件中没有数据行' }] });
    }
    expect((await readEntryFile('x.jsonl', utf8('\n \n'))).errors[0]?.message).toBe('文件中没有数据行');
  });

  it('refuses more than 100,000 data rows', async () => {
    const text = `日期,评价人,分数\n${'2024-05-01,张三,90\n'.repeat(100_001)}`;
    const { rows, errors } = await readEntryFile('big.csv', utf8(text));
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ row: 0, field: null, message: expect.stringContaining('100000') }]);
  });

  it('reports an unclosed quote, an old .xls and a broken .xlsx without throwing', async () => {
    expect((await readEntryFile('x.csv', utf8('日期,评价人,分数\n2024-05-01,"张三,90\n'))).errors[0]?.message).toContain('第 2 行的引号没有闭合');
    expect((await readEntryFile('x.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).errors[0]?.message).toContain('.xls');
    const broken = await readEntryFile('x.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(broken.rows).toEqual([]);
    expect(broken.errors[0]?.message).toContain('无法读取 Excel 文件');
  });
});

describe('readEntryFile: XLSX', () => {
  it('reads the first sheet: Excel dates and times as Asia/Shanghai, rich text, formulas, numbers, booleans', async () => {
    const bytes = await xlsx(
      [
        ['发生时间', '级别', '标题', '结束时间', '项目', '编号'],
        [new Date(Date.UTC(2024, 4, 1, 14, 30)), '一般', { richText: [{ text: '河道' }, { font: { bold: true }, text: '油污' }] }, 45414.375, 3, 1001],
        [new Date(Date.UTC(2024, 4, 3)), { formula: '"较"&"大"', result: '较大' }, '尾矿库', null, '流域治理项目', null],
        [],
        ['2024/5/5 8:00', '重大', '第五行', '', 3, 'x-5'],
      ],
      (sheet) => (sheet.getColumn(1).numFmt = 'yyyy-mm-dd hh:mm'),
    );
    const { rows, errors } = await readEntryFile('incidents.xlsx', bytes);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.project, r.externalId, r.fields.occurred_at, r.fields.level, r.fields.title, r.fields.closed_at])).toEqual([
      [2, 3, '1001', '2024-05-01T06:30:00.000Z', 'general', '河道油污', '2024-05-02T01:00:00.000Z'],
      [3, '流域治理项目', null, '2024-05-02T16:00:00.000Z', 'large', '尾矿库', null],
      [5, 3, 'x-5', '2024-05-05T00:00:00.000Z', 'major', '第五行', null],
    ]);
  });

  it('turns date cells into YYYY-MM-DD for date fields and booleans into flags', async () => {
    const bytes = await xlsx(
      [
        ['date', 'item', 'passed', 'kind'],
        [new Date(Date.UTC(2024, 4, 8, 9, 15)), 2024, true, '维保项目'],
        [45419, '电梯', false, 'maintenance'],
      ],
      (_sheet, book) => book.addWorksheet('ignored').addRow(['not', 'read']),
    );
    const { rows, errors } = await readEntryFile('m.xlsx', bytes);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.kind, r.fields])).toEqual([
      ['maintenance', { date: '2024-05-08', item: '2024', passed: true }],
      ['maintenance', { date: '2024-05-07', item: '电梯', passed: false }],
    ]);
  });

  it('reports bad cells of an .xlsx with their sheet row numbers', async () => {
    const bytes = await xlsx([
      ['日期', '评价人', '分数'],
      ['2024-05-01', '张三', 150],
      ['2024-05-02', '', 80],
    ]);
    const { errors } = await readEntryFile('s.xlsx', bytes, { kind: 'survey' });
    expect(brief(errors)).toEqual([
      [2, 'score', expect.stringMatching(/^score（分数）：应不大于 100/)],
      [3, 'respondent', 'respondent（评价人）：必填，不能为空'],
    ]);
  });
});

describe('entry headers and cells', () => {
  it('maps no header to two fields of one kind', () => {
    for (const kind of entryKinds) {
      const seen = new Map<string, string>();
      for (const field of Object.keys(entryKindSchemas[kind].shape)) {
        for (const h of [field, fieldLabels[field] ?? field, ...(fieldHeaderAliases[field] ?? [])]) {
          const col = resolveColumn(kind, h);
          expect(col, `${kind}: ${h}`).toEqual({ type: 'field', field });
          expect(seen.get(h) ?? field, `${kind}: ${h}`).toBe(field);
          seen.set(h, field);
        }
      }
    }
    expect(resolveColumn('maintenance', '项目')).toEqual({ type: 'field', field: 'item' });
    expect(resolveColumn('survey', '项目')).toEqual({ type: 'project' });
    expect(resolveColumn('expenditure', '金额(万元)')).toBeNull();
  });

  it('types each field as its schema reads it', () => {
    for (const kind of entryKinds) {
      const shape = entryKindSchemas[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
      for (const [field, schema] of Object.entries(shape)) {
        const type = entryFieldTypes[field] ?? 'text';
        // A tally's indicator is an id or a 三级指标 name: read as text, its schema makes digits an id.
        if (field === 'indicator') {
          expect([field, type, schema.safeParse('12').data, schema.safeParse('培训人次').data]).toEqual([field, 'text', 12, '培训人次']);
          continue;
        }
        const instant = schema.safeParse('2024-05-01 10:00').data === '2024-05-01T02:00:00.000Z';
        const day = !instant && schema.safeParse('2024-05-01').data === '2024-05-01' && !schema.safeParse('x').success;
        const number = schema.safeParse('12').data === 12;
        const flag = schema.safeParse('是').data === true;
        expect([field, type]).toEqual([field, instant ? 'instant' : day ? 'date' : number ? 'number' : flag ? 'flag' : 'text']);
      }
    }
  });

  it('infers kinds from header sets', () => {
    expect(inferKind(['日期', '标题', '地点'])).toEqual({ kind: 'activity' });
    expect(inferKind(['标题', '截止日期'])).toEqual({ kind: 'task' });
    expect(inferKind(['发生时间', '系统'])).toEqual({ kind: 'fault' });
    expect(inferKind(['日期', '金额'])).toEqual({ kind: 'expenditure' });
    expect(inferKind(['日期', '标题'])).toEqual({ kind: null, candidates: ['activity', 'report'] });
    expect(inferKind(['备注'])).toEqual({ kind: null, candidates: [] });
  });

  it('normalizes Chinese date spellings and leaves the rest to the validator', () => {
    expect(normalizeDateText('2024/5/1')).toBe('2024-05-01');
    expect(normalizeDateText('2024年5月1日 9:05')).toBe('2024-05-01 09:05');
    expect(normalizeDateText('2024.05.01 14:30:05')).toBe('2024-05-01 14:30:05');
    expect(normalizeDateText('昨天')).toBe('昨天');
  });

  it('parses RFC 4180 CSV', () => {
    expect(parseCsv('a,"b,""c"""\r\n\r\n"x\r\ny",\n').records).toEqual([['a', 'b,"c"'], [], ['x\ny', '']]);
    expect(parseCsv('a\tb\n1\t2').records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,"b\n').unterminatedAt).toBe(1);
  });
});
