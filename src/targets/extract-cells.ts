// Turns any supported input into ONE stream of cells with 1-based source lines (docs/design.md, Targets). Shapes:
// the .docx-as-text tab dump (the seed), `|`-separated rows, one cell per line ending in ` |`,
// tab- or space-separated columns, cells run together with no separator, .docx and .xlsx.
import type { CellFormat, CellStream } from './cells-types.ts';
import { readCellPerLine, readPipeRows, readPlainLines, readTabCells, readTsvRows } from './cells-lines.ts';
import { findHeaderRun } from './cells-glued-run.ts';
import { readGlued, readSpaceColumns } from './cells-split.ts';
import { compact, HEADER_SPLIT_WORDS, matchHeaderWord } from './vocabulary.ts';

export type { Cell, CellFormat, CellStream, Row } from './cells-types.ts';

/** Decodes text bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('gb18030').decode(bytes);
    }
  }
  return normaliseNewlines(text);
}

export function normaliseNewlines(text: string): string {
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
}

const BOOKMARK = /\[bookmark:[^\]]*\]/g;

/** The lines of a text with Word's `[bookmark: …]` markers removed (they are never content). */
export function stripBookmarks(lines: string[]): { lines: string[]; noise: number[] } {
  const noise: number[] = [];
  const out = lines.map((line, i) => {
    if (!line.includes('[bookmark:')) return line;
    const rest = line.replace(BOOKMARK, '');
    if (rest.trim() === '') noise.push(i + 1);
    return rest;
  });
  return { lines: out, noise };
}

/** Splits text into cells after guessing its shape from how most of its lines look. */
export function extractTextCells(text: string): CellStream {
  const { lines, noise } = stripBookmarks(normaliseNewlines(text).split('\n'));
  const stream = readByShape(lines, detectShape(lines));
  return { ...stream, noiseLines: [...noise, ...stream.noiseLines] };
}

export function detectShape(lines: string[]): CellFormat {
  const content = lines.filter((l) => l.replace(/[|\s]/g, '') !== '');
  if (content.length === 0) return 'plain';
  const share = (test: (l: string) => boolean): number => content.filter(test).length / content.length;
  const piped = lines.filter((l) => l.includes('|'));
  if (piped.length > 0 && piped.length >= content.length * 0.5) {
    const single = piped.filter((l) => /^[^|]*\|\s*$/.test(l)).length;
    return single >= piped.length * 0.7 ? 'cell-per-line' : 'pipe';
  }
  const tabParts = (l: string): number => l.split('\t').filter((p) => p.trim() !== '').length;
  if (share((l) => l.startsWith('\t') && tabParts(l) <= 2) >= 0.3) return 'tab';
  if (share((l) => tabParts(l) >= 3) >= 0.3) return 'tsv';
  const gluedHeader = new RegExp(`(${HEADER_SPLIT_WORDS.join('|')})(${HEADER_SPLIT_WORDS.join('|')})`);
  if (lines.some((l) => gluedHeader.test(compact(l)) && !/\s/.test(l.trim()))) return 'glued';
  if (lines.some((l) => l.length > 150 && findHeaderRun(compact(l)) !== null)) return 'glued';
  if (
    lines.some(
      (l) =>
        l
          .trim()
          .split(/\s+/)
          .filter((w) => matchHeaderWord(w) !== null).length >= 3,
    )
  )
    return 'columns';
  return 'plain';
}

function readByShape(lines: string[], format: CellFormat): CellStream {
  switch (format) {
    case 'tab':
      return readTabCells(lines);
    case 'pipe':
      return readPipeRows(lines);
    case 'cell-per-line':
      return readCellPerLine(lines);
    case 'tsv':
      return readTsvRows(lines);
    case 'glued':
      return readGlued(lines);
    case 'columns':
      return readSpaceColumns(lines);
    default:
      return readPlainLines(lines);
  }
}
