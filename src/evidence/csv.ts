// CSV as people's spreadsheets write it: RFC 4180 quoting ("" inside quotes, delimiters and line breaks in
// quoted fields), CRLF or LF, UTF-8 with or without BOM, or GB18030 (Excel in China saves "CSV" as GBK).

/** Bytes → text: a UTF-8 or UTF-16 BOM decides; else UTF-8 when the bytes are valid UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // GB18030 is a superset of GBK and GB2312, so it reads all three.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export interface CsvResult {
  /** One array per record; record i (0-based) is spreadsheet row i + 1. A blank line is an empty record. */
  records: string[][];
  /** The 1-based record whose quoted field never closes, if any (the rest of the file was swallowed). */
  unterminatedAt: number | null;
}

/** Comma, unless the first lines hold more tabs or semicolons (Excel's "Unicode text" and some locales). */
export function sniffDelimiter(text: string): string {
  const head = text.split(/\r?\n/, 5).join('\n');
  const count = (c: string): number => head.split(c).length - 1;
  const best = [',', '\t', ';'].reduce((a, b) => (count(b) > count(a) ? b : a));
  return count(best) > 0 ? best : ',';
}

export function parseCsv(text: string, delimiter = sniffDelimiter(text)): CsvResult {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let fieldStarted = false; // the record has content on this line (so a blank line is an empty record)
  let quoteStart = 0;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  const endRecord = (): void => {
    if (fieldStarted || record.length > 0) endField();
    records.push(record);
    record = [];
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      // A line break inside quotes is kept as \n whatever the file's line ends are.
      if (c === '\r' && text[i + 1] === '\n') continue;
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
      continue;
    }
    if (c === '"' && field === '') {
      // A quote opens a quoted field only at its start; elsewhere it is a literal character (lenient).
      quoted = true;
      fieldStarted = true;
      quoteStart = records.length + 1;
    } else if (c === delimiter) {
      fieldStarted = true;
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
    } else {
      fieldStarted = true;
      field += c;
    }
  }
  if (quoted) {
    endRecord();
    return { records, unterminatedAt: quoteStart };
  }
  if (fieldStarted || record.length > 0) endRecord();
  return { records, unterminatedAt: null };
}
