import { describe, expect, it } from 'vitest';
import { absoluteFileArgs } from '../../src/cli/file-args.ts';
import { jsonLines } from '../../src/cli/forward.ts';
import { commandSpecs } from '../../src/cli/specs.ts';

// What the CLI sends to the running server (src/cli/forward.ts): file arguments and options made absolute
// against the client's directory by the command's spec, nothing else touched; and the JSON-lines reader
// both ends use.

describe('absoluteFileArgs', () => {
  const cwd = '/home/clerk/tables';

  it('makes a file argument absolute and leaves the other arguments and options as typed', () => {
    expect(absoluteFileArgs(commandSpecs.import, ['2024 目标表.xlsx', '--year', '2024'], cwd)).toEqual([
      '/home/clerk/tables/2024 目标表.xlsx',
      '--year',
      '2024',
    ]);
    expect(absoluteFileArgs(commandSpecs.import, ['../other/t.docx'], cwd)).toEqual(['/home/clerk/other/t.docx']);
    expect(absoluteFileArgs(commandSpecs.import, ['/srv/t.docx'], cwd)).toEqual(['/srv/t.docx']);
    expect(absoluteFileArgs(commandSpecs.import, ['-'], cwd)).toEqual(['-']);
    expect(absoluteFileArgs(commandSpecs.import, ['--', '-x.txt'], cwd)).toEqual(['--', '/home/clerk/tables/-x.txt']);
  });

  it('makes a file option absolute, spaced or inline, and not a text option that looks like a path', () => {
    expect(absoluteFileArgs(commandSpecs.export, ['selfeval', '--unit', 'a/b', '--out', 'out.xlsx'], cwd)).toEqual([
      'selfeval',
      '--unit',
      'a/b',
      '--out',
      '/home/clerk/tables/out.xlsx',
    ]);
    expect(absoluteFileArgs(commandSpecs.export, ['--out=book.xlsx', 'monitoring', '--project', '3'], cwd)).toEqual([
      '--out=/home/clerk/tables/book.xlsx',
      'monitoring',
      '--project',
      '3',
    ]);
  });

  it('leaves commands without files alone', () => {
    expect(absoluteFileArgs(commandSpecs.projects, ['--year', '2024', '--json'], cwd)).toEqual(['--year', '2024', '--json']);
  });
});

describe('jsonLines', () => {
  it('reads messages split across chunks and several in one chunk', () => {
    const got: unknown[] = [];
    let bad = 0;
    const feed = jsonLines(
      (m) => got.push(m),
      () => bad++,
    );
    const text = `${JSON.stringify({ type: 'out', data: '第一行\n第二行' })}\n${JSON.stringify({ type: 'exit', code: 0 })}\n`;
    const bytes = Buffer.from(text);
    // Cut inside the first message, inside 第 (bytes 22–24), and inside the second message.
    const cuts = [0, 1, 7, 23, bytes.length - 3, bytes.length];
    for (let i = 1; i < cuts.length; i++) feed(bytes.subarray(cuts[i - 1], cuts[i]));
    expect(got).toEqual([
      { type: 'out', data: '第一行\n第二行' },
      { type: 'exit', code: 0 },
    ]);
    expect(bad).toBe(0);
  });

  it('calls a line that is not JSON, or one too long, bad', () => {
    let bad = 0;
    jsonLines(
      () => {},
      () => bad++,
    )(Buffer.from('not json\n'));
    jsonLines(
      () => {},
      () => bad++,
      10,
    )(Buffer.from('{"type":"out","data":"long"'));
    expect(bad).toBe(2);
  });
});
