// 自评复核 for every face (docs/design.md "Self-evaluation review"): a filled self-evaluation table's bytes →
// the review report. Nothing is read from or written to the database: the table is checked against itself and
// the rules, with the configured grade bands. A file that is not a readable table is refused with a 4xx naming why.
import { AppError } from '../errors.ts';
import type { EvaluationSettings } from '../evaluation/types.ts';
import { reviewSelfEvalFile } from '../review/review-file.ts';
import type { ReviewReport } from '../review/types.ts';

export interface ReviewUpload {
  fileName: string;
  bytes: Uint8Array;
}

export async function reviewSelfEvaluation(upload: ReviewUpload, settings: EvaluationSettings): Promise<ReviewReport> {
  const outcome = await reviewSelfEvalFile(upload.fileName, upload.bytes, settings);
  if (outcome.kind === 'report') return outcome.report;
  if (outcome.reason === 'unsupported') throw new AppError(415, 'unsupported_file', outcome.message, { field: 'file' });
  throw new AppError(422, 'not_a_selfeval_table', outcome.message, { field: 'file' });
}
