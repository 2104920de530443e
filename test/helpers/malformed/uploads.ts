// Files for upload routes: a small valid one per route (the document says "a file", not which), and
// malformed contents — cells that are NUL, dates that do not exist, hex amounts, oversize cells, a good
// row next to a bad one (the whole file must be refused).
import { sampleFixture, webText } from '../selfeval-tables.ts';
import { seedText } from '../seed.ts';
import { macroDocx, renamedExe, samplePdf, shellScript, tinyPng } from '../sample-files.ts';
import type { Expect } from './draft.ts';
import type { Operation } from './openapi.ts';
import type { SeedState } from './seed.ts';

export interface UploadFile {
  field: string;
  name: string;
  bytes: Uint8Array | string;
  type: string;
}

export interface FileVariant {
  variant: string;
  expect: Expect;
  field?: string;
  file: UploadFile;
}

const enc = new TextEncoder();
const csvFile = (name: string, text: string | Uint8Array): UploadFile => ({ field: 'file', name, bytes: text, type: 'text/csv' });
const KB900 = 'x'.repeat(900_000);

type Kind = 'targets' | 'entries' | 'wechat' | 'review' | 'files' | 'other';
function kindOf(op: Operation): Kind {
  if (/\/reviews$/.test(op.path)) return 'review';
  if (/\/\{id\}\/files$/.test(op.path)) return 'files';
  if (/wechat-export/.test(op.path)) return 'wechat';
  if (/\/entries\/import/.test(op.path)) return 'entries';
  if (/\/imports$/.test(op.path)) return 'targets';
  return 'other';
}

const exportHeader = '内容标题,发表时间,总阅读人数,总阅读次数,总分享人数,总分享次数,内容url';
const exportRow = (title: string, at: string, readers: string | number, i = 7) =>
  `"${title}",${at},${readers},${typeof readers === 'number' ? readers + 30 : 230},10,12,https://mp.weixin.qq.com/s?__biz=MzA5NjA&mid=${2247481000 + i}&idx=1&sn=m${i}`;
const exportCsv = (...rows: string[]) => [exportHeader, ...rows].join('\r\n') + '\r\n';

export function baselineFile(op: Operation, _s: SeedState): UploadFile {
  switch (kindOf(op)) {
    case 'targets':
      return { field: 'file', name: 'tianjin-eco-support-centre-2024.txt', bytes: seedText(), type: 'text/plain' };
    case 'entries':
      // No project column: the rows belong to the `project` query parameter, so its variants count.
      return csvFile('entries.csv', 'kind,date,title\r\nreport,2024-03-08,批量导入的调查报告\r\n');
    case 'wechat':
      return csvFile('export.csv', exportCsv(exportRow('美丽天津 第1期', '2024-01-02 08:00', 210, 0)));
    case 'review':
      return { field: 'file', name: 'selfeval.txt', bytes: webText(sampleFixture()), type: 'text/plain' };
    case 'files':
      return { field: 'file', name: '活动照片.png', bytes: tinyPng(30, 160, 90), type: 'image/png' };
    default:
      return { field: 'file', name: 'upload.txt', bytes: 'hello\n', type: 'text/plain' };
  }
}

/** Contents that only make sense for one route's format. */
export function fileVariants(op: Operation, s: SeedState): FileVariant[] {
  const p = s.project;
  const R: Expect = 'reject';
  const M: Expect = 'may';
  const report = (date: string, title: string, project: string | number = p) => `report,${project},${date},${title}`;
  const reports = (...rows: string[]) => ['kind,project,date,title', ...rows].join('\r\n') + '\r\n';
  switch (kindOf(op)) {
    case 'entries': {
      const fresh = () => report('2024-03-09', `批量导入的新报告 ${++s.seq}`);
      const csv = (variant: string, expect: Expect, field: string | undefined, text: string | Uint8Array): FileVariant => ({
        variant: `CSV ${variant}`,
        expect,
        field,
        file: csvFile('entries.csv', text),
      });
      const jsonl = (variant: string, expect: Expect, field: string | undefined, text: string): FileVariant => ({
        variant: `JSONL ${variant}`,
        expect,
        field,
        file: { field: 'file', name: 'entries.jsonl', bytes: text, type: 'application/x-ndjson' },
      });
      const line = (o: Record<string, unknown>) => JSON.stringify({ kind: 'report', project: p, date: '2024-03-10', title: '报告', ...o });
      return [
        csv('title cell with NUL', R, 'title', reports(report('2024-03-08', '报告\u0000尾'))),
        csv('date 2024-02-30', R, 'date', reports(report('2024-02-30', '报告'))),
        csv('date 2024-13-01', R, 'date', reports(report('2024-13-01', '报告'))),
        csv('date 0000-01-01', R, 'date', reports(report('0000-01-01', '报告'))),
        csv('date 9999-12-31', R, 'date', reports(report('9999-12-31', '报告'))),
        csv('title cell of 900 KB', R, 'title', reports(report('2024-03-08', KB900))),
        csv('project 2147483648', R, 'project', reports(report('2024-03-08', '报告', 2147483648))),
        csv(`project +${p}`, R, 'project', reports(report('2024-03-08', '报告', `+${p}`))),
        csv(`project 0x${p.toString(16)}`, R, 'project', reports(report('2024-03-08', '报告', `0x${p.toString(16)}`))),
        csv('unknown kind', R, 'kind', `kind,project,date,title\r\nno_such_kind,${p},2024-03-08,报告\r\n`),
        csv('header only', R, undefined, 'kind,project,date,title\r\n'),
        csv('a good new row and a NUL row (all or nothing)', R, 'title', reports(fresh(), report('2024-03-08', 'bad\u0000'))),
        csv('a good new row and a 2024-02-30 row (all or nothing)', R, 'date', reports(fresh(), report('2024-02-30', '报告'))),
        csv('expenditure amount 0x1F', R, 'amount', `kind,project,date,amount\r\nexpenditure,${p},2024-03-08,0x1F\r\n`),
        csv('expenditure amount -1', R, 'amount', `kind,project,date,amount\r\nexpenditure,${p},2024-03-08,-1\r\n`),
        csv('expenditure amount 1e308', R, 'amount', `kind,project,date,amount\r\nexpenditure,${p},2024-03-08,1e308\r\n`),
        csv('expenditure amount blank', R, 'amount', `kind,project,date,amount\r\nexpenditure,${p},2024-03-08,\r\n`),
        csv('survey score blank', R, 'score', `kind,project,date,respondent,score\r\nsurvey,${p},2024-03-08,宣教处,\r\n`),
        csv('survey score true', R, 'score', `kind,project,date,respondent,score\r\nsurvey,${p},2024-03-08,宣教处,true\r\n`),
        csv('procurement quantity 1e308', R, 'quantity', `kind,project,date,item,quantity\r\nprocurement,${p},2024-03-08,交换机,1e308\r\n`),
        csv('incident occurred_at 0000-01-01', R, 'occurred_at', `kind,project,occurred_at,level,title\r\nincident,${p},0000-01-01,一般,泄漏\r\n`),
        csv('with a UTF-8 BOM', M, undefined, '\ufeff' + reports(report('2024-03-11', 'BOM 报告'))),
        csv('unbalanced quote', M, undefined, reports(`report,${p},2024-03-12,"未闭合的引号`)),
        {
          variant: 'CSV with invalid UTF-8 bytes in a cell',
          expect: M,
          file: csvFile('entries.csv', bytes(reports(report('2024-03-13', 'X')), [0xff, 0xfe, 0xc3, 0x28])),
        },
        jsonl('title with NUL', R, 'title', line({ title: 'a\u0000b' }) + '\n'),
        jsonl(
          'title with a lone surrogate',
          R,
          'title',
          JSON.stringify({ kind: 'report', project: p, date: '2024-03-10' }).slice(0, -1) + ',"title":"\\ud800"}\n',
        ),
        jsonl('date 2024-13-01', R, 'date', line({ date: '2024-13-01' }) + '\n'),
        jsonl('project 2147483648', R, 'project', line({ project: 2147483648 }) + '\n'),
        jsonl('project "0x10"', R, 'project', line({ project: '0x10' }) + '\n'),
        jsonl('survey score null', R, 'score', JSON.stringify({ kind: 'survey', project: p, date: '2024-03-10', respondent: '宣教处', score: null }) + '\n'),
        jsonl('expenditure amount "0x1F"', R, 'amount', JSON.stringify({ kind: 'expenditure', project: p, date: '2024-03-10', amount: '0x1F' }) + '\n'),
        jsonl('truncated line', R, undefined, line({}).slice(0, 30) + '\n'),
        jsonl('object nested 3,000 levels', R, undefined, '{"kind":"report","x":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}\n'),
        {
          variant: 'CSV text named .xlsx',
          expect: M,
          file: {
            field: 'file',
            name: 'entries.xlsx',
            bytes: reports(report('2024-03-08', '报告')),
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          },
        },
      ];
    }
    case 'wechat': {
      const csv = (variant: string, expect: Expect, field: string | undefined, text: string): FileVariant => ({
        variant: `export ${variant}`,
        expect,
        field,
        file: csvFile('export.csv', text),
      });
      return [
        csv('title with NUL', R, 'title', exportCsv(exportRow('标题\u0000尾', '2024-01-05 08:00', 100))),
        csv('发表时间 2024-02-30 08:00', R, '发表时间', exportCsv(exportRow('第8期', '2024-02-30 08:00', 100))),
        csv('发表时间 2024-13-01 08:00', R, '发表时间', exportCsv(exportRow('第8期', '2024-13-01 08:00', 100))),
        csv('发表时间 0000-01-01 08:00', R, '发表时间', exportCsv(exportRow('第8期', '0000-01-01 08:00', 100))),
        csv('总阅读人数 -1', R, '总阅读人数', exportCsv(exportRow('第8期', '2024-01-05 08:00', -1))),
        csv('总阅读人数 1e308', R, '总阅读人数', exportCsv(exportRow('第8期', '2024-01-05 08:00', '1e308'))),
        csv('总阅读人数 0x1F', R, '总阅读人数', exportCsv(exportRow('第8期', '2024-01-05 08:00', '0x1F'))),
        csv('title of 900 KB', R, 'title', exportCsv(exportRow(KB900, '2024-01-05 08:00', 100))),
        csv('header only', R, undefined, exportCsv()),
        csv('javascript: url', M, undefined, exportCsv(exportRow('第9期', '2024-01-06 08:00', 100).replace(/https:[^,]*$/, 'javascript:alert(1)'))),
      ];
    }
    case 'targets': {
      const seed = seedText();
      const file = (variant: string, expect: Expect, content: string | Uint8Array, name = 'table.txt'): FileVariant => ({
        variant: `table ${variant}`,
        expect,
        file: { field: 'file', name, bytes: content, type: 'text/plain' },
      });
      return [
        file('with NUL in a project name', R, seed.replace('天津市生态环境信息网络、设备及系统运行维护\n', '天津市生态环境信息网络\u0000设备及系统运行维护\n')),
        file('with NUL in an indicator name', R, seed.replace('故障解决时效', '故障解决\u0000时效')),
        file('target ≥1e308次', M, seed.replace('≥300次', '≥1e308次')),
        file('cut in half', M, seed.slice(0, Math.floor(seed.length / 2))),
        file('with invalid UTF-8 bytes', M, bytes(seed.slice(0, 400), [0xff, 0xfe, 0xfd])),
      ];
    }
    case 'files': {
      const file = (variant: string, expect: Expect, name: string, content: Uint8Array | string, type = 'application/octet-stream'): FileVariant => ({
        variant: `supporting file ${variant}`,
        expect,
        field: expect === R ? 'file' : undefined,
        file: { field: 'file', name, bytes: content, type },
      });
      const png = tinyPng(31, 161, 91);
      return [
        file('Windows program renamed .jpg', R, '现场照片.jpg', renamedExe(), 'image/jpeg'),
        file('shell script renamed .png', R, 'photo.png', shellScript(), 'image/png'),
        file('HTML page renamed .pdf', R, '报告.pdf', '<!doctype html><script>alert(1)</script>', 'application/pdf'),
        file('SVG with script renamed .png', R, 'chart.png', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/png'),
        file(
          'plain zip renamed .docx',
          R,
          '纪要.docx',
          new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0, ...new TextEncoder().encode('readme.txt')]),
        ),
        file('Word with macros renamed .docx', R, '纪要.docx', macroDocx()),
        file('text file', R, 'notes.txt', '会议纪要\n', 'text/plain'),
        file('a PNG cut after its header', R, 'cut.png', png.slice(0, 40), 'image/png'),
        file('a PDF named .jpg (kept as PDF)', M, '扫描件.jpg', samplePdf('scan'), 'image/jpeg'),
        file('a PNG with a path in its name', M, '..\\..\\windows\\照片.png', tinyPng(32, 162, 92), 'image/png'),
        file('a PNG named with a NUL', M, 'a\u0000b.png', tinyPng(33, 163, 93), 'image/png'),
      ];
    }
    default:
      return [];
  }
}

function bytes(text: string, tail: number[]): Uint8Array {
  const head = enc.encode(text);
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
