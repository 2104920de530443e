// A filled self-evaluation table file → the review report (docs/design.md "Self-evaluation review"). Bytes in,
// plain data out: the file is read by the target tables' own cell readers (content sniffed, not trusted to its
// name), every table in it is read and checked. What makes the file unreadable is a refusal naming the problem.
import { defaultEvaluationSettings } from '../evaluation/settings.ts';
import type { EvaluationSettings } from '../evaluation/types.ts';
import { type Text, said } from '../errors.ts';
import type { Language } from '../format/status-labels.ts';
import { readDocxCells, readXlsxCells } from '../targets/cells-office.ts';
import type { CellStream } from '../targets/cells-types.ts';
import { decodeText, extractTextCells } from '../targets/extract-cells.ts';
import { sniff } from '../targets/parse-table.ts';
import { checkSheet } from './check-sheet.ts';
import { readSelfEvalSheets } from './read-sheet.ts';
import type { Finding, ReviewReport } from './types.ts';

export type ReviewOutcome =
  | { kind: 'report'; report: ReviewReport }
  /** `unsupported`: a file type we do not read (415); `unreadable`: not a readable self-evaluation table (422). */
  | { kind: 'refused'; reason: 'unsupported' | 'unreadable'; message: Text };

export async function reviewSelfEvalFile(
  fileName: string,
  bytes: Uint8Array,
  settings: EvaluationSettings = defaultEvaluationSettings,
): Promise<ReviewOutcome> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const kind = sniff(bytes, extension);
  if (kind === 'unsupported') {
    return { kind: 'refused', reason: 'unsupported', message: said('review.err.unsupported', { file: fileName, ext: extension ? `.${extension}` : '—' }) };
  }
  let stream: CellStream;
  if (kind === 'text') {
    const text = decodeText(bytes);
    if (text.trim() === '') return { kind: 'refused', reason: 'unreadable', message: said('review.err.empty', { file: fileName }) };
    stream = extractTextCells(text);
  } else {
    try {
      stream = kind === 'docx' ? await readDocxCells(bytes) : await readXlsxCells(bytes);
    } catch {
      // The library's own text describes zip directories and XML, not what to fix.
      return { kind: 'refused', reason: 'unreadable', message: said('review.err.corrupt', { file: fileName, kind: `.${kind}` }) };
    }
  }
  return reviewStream(fileName, stream, settings);
}

export function reviewStream(fileName: string, stream: CellStream, settings: EvaluationSettings = defaultEvaluationSettings): ReviewOutcome {
  const sheets = stream.hasRows ? readSelfEvalSheets(stream) : [];
  if (sheets.length === 0) return { kind: 'refused', reason: 'unreadable', message: said('review.err.noTable', { file: fileName }) };
  const reviews = sheets.map((s) => checkSheet(s, settings));
  const all = reviews.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  return {
    kind: 'report',
    report: { fileName, format: stream.format, sheets: reviews, errors, notes: all.length - errors, clean: errors === 0 },
  };
}

/** A finding as plain JSON in one language (the API, `--json`). */
export type SaidFinding = Omit<Finding, 'why'> & { why: string };

/** The report with every `why` said in `language`: what the API answers and `review --json` prints. */
export function reportIn(report: ReviewReport, language: Language) {
  return {
    ...report,
    sheets: report.sheets.map((s) => ({ ...s, findings: s.findings.map((f): SaidFinding => ({ ...f, why: f.why.in(language) })) })),
  };
}

export type SaidReport = ReturnType<typeof reportIn>;
