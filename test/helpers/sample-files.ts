// Supporting files for tests, made on the spot: real images (sharp), a real PDF, DOCX and XLSX, and things that
// must be refused (a Windows program renamed .jpg, a shell script, HTML, a plain zip).
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

export async function samplePng(width = 640, height = 480, colour = '#2a7ab0'): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: colour } })
      .png()
      .toBuffer(),
  );
}

export async function sampleJpeg(width = 1200, height = 900, colour = '#c0392b'): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: colour } })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
}

/** A one-page PDF with a line of text, written out by hand (offsets computed). */
export function samplePdf(text = 'jixiao supporting file'): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    (() => {
      const stream = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
      return `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
    })(),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

export async function sampleDocx(text = '培训班签到表'): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function sampleXlsx(
  rows: (string | number)[][] = [
    ['姓名', '签到'],
    ['张三', 1],
  ],
): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('签到');
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The start of a Windows PE program: `MZ`, a DOS stub and a PE header offset. Named `.jpg` by the tests. */
export function renamedExe(): Uint8Array {
  const bytes = new Uint8Array(512);
  bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03]);
  bytes.set(new TextEncoder().encode('This program cannot be run in DOS mode.'), 0x4e);
  bytes[0x3c] = 0x80;
  bytes.set([0x50, 0x45, 0x00, 0x00], 0x80);
  return bytes;
}

/**
 * A .docm's entries renamed .docx: stored zip local headers naming [Content_Types].xml, word/document.xml and the
 * VBA project. Enough for the sniffer, which reads entry names, to know a document that carries macros.
 */
export function macroDocx(): Uint8Array {
  const entry = (name: string, body: string) => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(body.length, 22);
    header.writeUInt16LE(name.length, 26);
    return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.from(body, 'latin1')]);
  };
  return new Uint8Array(
    Buffer.concat([entry('[Content_Types].xml', '<Types/>'), entry('word/document.xml', '<w:document/>'), entry('word/vbaProject.bin', 'Attribute VB_Name')]),
  );
}

export function shellScript(): Uint8Array {
  return new TextEncoder().encode('#!/bin/sh\nrm -rf /tmp/x\n');
}

/** Bytes as a multipart form with field `file` (and a caption when given). */
export function fileUpload(name: string, bytes: Uint8Array, caption?: string, type = 'application/octet-stream'): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  if (caption !== undefined) form.append('caption', caption);
  return form;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A small PNG of one colour, encoded here synchronously (for fixtures built where nothing may be awaited). */
export function tinyPng(r: number, g: number, b: number, size = 16): Uint8Array {
  const row = new Uint8Array(1 + size * 3);
  for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
  const raw = new Uint8Array(row.length * size);
  for (let y = 0; y < size; y++) raw.set(row, y * row.length);
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, size);
  v.setUint32(4, size);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
