// `jixiao review FILE [--json]` (docs/design.md "Self-evaluation review"): the same review as the API and the
// upload page, without a database. Findings are lines; exit 1 when any is an inconsistency.
import type { Language } from '../format/status-labels.ts';
import { translator } from '../i18n/messages.ts';
import { reportIn } from '../review/review-file.ts';
import type { ReviewReport } from '../review/types.ts';
import { reviewSelfEvaluation } from '../services/selfeval-review.ts';
import type { Handler } from './args.ts';
import { readInput } from './io.ts';
import type { commandSpecs } from './specs.ts';

export const reviewCommand: Handler<(typeof commandSpecs)['review']> = async ({ args, options }, { io }) => {
  const { loadConfig, languageFromEnv } = await import('../config.ts');
  const input = await readInput(args.file);
  const language = languageFromEnv();
  const report = await reviewSelfEvaluation(input, loadConfig().evaluation);
  io.out(options.json ? `${JSON.stringify(reportIn(report, language), null, 2)}\n` : formatReport(report, language));
  return report.errors > 0 ? 1 : 0;
};

/** One line per finding under its project, then the summary line. */
export function formatReport(report: ReviewReport, language: Language): string {
  const t = translator(language);
  const lines: string[] = [];
  const colon = language === 'en' ? ': ' : '：';
  for (const sheet of report.sheets) {
    if (report.sheets.length > 1 || sheet.findings.length > 0)
      lines.push(t('review.cli.sheet', { project: sheet.project ?? t('review.sheetUnnamed'), line: sheet.line }));
    for (const f of sheet.findings) {
      const kind = t(f.severity === 'error' ? 'review.cli.error' : 'review.cli.note');
      const numbers =
        f.severity === 'error' && f.stated !== null && f.expected !== null
          ? language === 'en'
            ? ` (${t('review.stated', { stated: f.stated, expected: f.expected })})`
            : `（${t('review.stated', { stated: f.stated, expected: f.expected })}）`
          : '';
      lines.push(`  ${t('review.line', { line: f.line })} ${f.row}${colon}[${kind}] ${f.why.in(language)}${numbers}`);
    }
  }
  lines.push(
    report.errors === 0 && report.notes === 0
      ? t('review.cli.clean', { file: report.fileName })
      : t('review.cli.summary', { file: report.fileName, errors: report.errors, notes: report.notes }),
  );
  return `${lines.join('\n')}\n`;
}
