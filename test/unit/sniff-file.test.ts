import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffFile } from '../../src/files/sniff-file.ts';
import { makeDocx, makeXlsx } from '../helpers/make-table-files.ts';

// Supporting files are taken by what their bytes are, never by their names (docs/design.md "Supporting files").
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

/** A one-entry zip archive, enough for the sniffer to read its entry name. */
function zipWith(name: string): Uint8Array {
  const data = deflateRawSync(Buffer.from('x'));
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(name.length, 26);
  return new Uint8Array(Buffer.concat([header, Buffer.from(name), data]));
}

const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('sniffFile', () => {
  it.each([
    ['a JPEG photo', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg', true],
    ['a PNG screenshot', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), 'image/png', true],
    ['a GIF', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif', true],
    ['a WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp', true],
    ['a signed PDF', bytes('%PDF-1.7\n%âãÏÓ'), 'application/pdf', false],
  ])('%s is taken', (_name, file, type, isImage) => {
    expect(sniffFile(file)).toEqual({ ok: true, type, image: isImage });
  });

  it('a .docx and an .xlsx are read from their zip entries', async () => {
    expect(sniffFile(await makeDocx())).toMatchObject({ ok: true, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(sniffFile(await makeXlsx())).toMatchObject({ ok: true, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    // An embedded chart or spreadsheet is data, not code.
    const embedded = concat(zipWith('[Content_Types].xml'), zipWith('word/document.xml'), zipWith('word/embeddings/Microsoft_Excel_Worksheet.xlsx'));
    expect(sniffFile(embedded)).toMatchObject({ ok: true, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  });

  it.each([
    ['a Windows program renamed to .jpg', bytes('MZ', [0x90, 0, 3, 0]), 'executable'],
    ['an ELF binary', bytes([0x7f], 'ELF', [2, 1, 1]), 'executable'],
    ['a Mach-O binary', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'executable'],
    ['a shell script', bytes('#!/bin/sh\nrm -rf /\n'), 'script'],
    ['an HTML page', bytes('<!DOCTYPE html><script>alert(1)</script>'), 'script'],
    ['an SVG with a byte-order mark (it carries script)', bytes([0xef, 0xbb, 0xbf], '<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), 'script'],
    ['a batch file', bytes('@echo off\r\ndel *.*'), 'script'],
    ['a plain zip of anything', zipWith('setup.exe'), 'unsupported'],
    ['a zip posing as a document', zipWith('[Content_Types].xml'), 'unsupported'],
    ['a .docm renamed .docx (VBA)', concat(zipWith('[Content_Types].xml'), zipWith('word/document.xml'), zipWith('word/vbaProject.bin')), 'macro'],
    ['an .xlsm renamed .xlsx (VBA)', concat(zipWith('[Content_Types].xml'), zipWith('xl/workbook.xml'), zipWith('xl/vbaProject.bin')), 'macro'],
    ['a .docx with an ActiveX control', concat(zipWith('[Content_Types].xml'), zipWith('word/document.xml'), zipWith('word/activeX/activeX1.xml')), 'macro'],
    ['an old .doc', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'unsupported'],
    ['plain text', new Uint8Array(Buffer.from('会议纪要：……', 'utf8')), 'unsupported'],
    ['nothing', bytes(), 'empty'],
  ])('%s is refused', (_name, file, reason) => {
    expect(sniffFile(file)).toEqual({ ok: false, reason });
  });
});
