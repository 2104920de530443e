import type { Actor } from '../../src/auth/actor.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { Finding, ReviewReport, SheetReview } from '../../src/review/types.ts';
import { Field, type FieldProblem, FormToken } from '../components/fields.tsx';
import { ErrorSummary, Layout } from '../layout.tsx';

// 自评复核 (docs/design.md "Self-evaluation review"): the upload form, and after a post the review — each sheet's
// indicator rows with every finding beside its row, then the findings about funds, 分值, 总分 and the grade.

export interface ReviewPageProps {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
  uploadLimitMb: number;
  errors: FieldProblem[];
  report: ReviewReport | null;
}

export function ReviewPage(p: ReviewPageProps) {
  const { t } = p;
  return (
    <Layout
      title={p.report ? t('review.result', { file: p.report.fileName }) : t('review.title')}
      t={t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="review"
      hasErrors={p.errors.length > 0}
      styles={['/static/review.css']}
      path="/review"
    >
      <h1>{t('review.title')}</h1>
      <ErrorSummary t={t} errors={p.errors} />
      {p.report && <Report t={t} language={p.language} report={p.report} />}
      <p>{t('review.intro')}</p>
      <form method="post" action="/review" enctype="multipart/form-data" class="panel" novalidate>
        <FormToken token={p.formToken} />
        <Field id="file" label={t('review.file')} hint={t('review.fileHint', { mb: p.uploadLimitMb })} errors={p.errors}>
          <input type="file" id="file" name="file" accept=".xlsx,.docx,.txt,text/plain" required aria-describedby="file-hint" />
        </Field>
        <button type="submit" class="primary" id="review">
          {t('review.submit')}
        </button>
      </form>
    </Layout>
  );
}

function Report(p: { t: Translate; language: Language; report: ReviewReport }) {
  const { t, report } = p;
  const summary =
    report.errors > 0
      ? t('review.summary', { errors: report.errors, notes: report.notes })
      : report.notes > 0
        ? t('review.notesOnly', { notes: report.notes })
        : t('review.clean');
  return (
    <section class="review-report" aria-labelledby="review-result">
      <h2 id="review-result">{t('review.result', { file: report.fileName })}</h2>
      <p class={report.errors > 0 ? 'review-summary review-bad' : 'review-summary review-good'} role="status">
        {summary}
      </p>
      {report.sheets.map((sheet, i) => (
        <Sheet t={t} language={p.language} sheet={sheet} index={i} />
      ))}
    </section>
  );
}

function Sheet(p: { t: Translate; language: Language; sheet: SheetReview; index: number }) {
  const { t, sheet } = p;
  const byLine = new Map<number, Finding[]>();
  for (const f of sheet.findings) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  const rowLines = new Set(sheet.indicators.map((r) => r.line));
  const others = sheet.findings.filter((f) => !rowLines.has(f.line));
  return (
    <div class="review-sheet">
      <h3>{t('review.sheet', { project: sheet.project ?? t('review.sheetUnnamed') })}</h3>
      <div class="table-wrap">
        <table class="plain review-rows">
          <thead>
            <tr>
              <th scope="col">{t('review.col.line')}</th>
              <th scope="col">{t('review.col.row')}</th>
              <th scope="col">{t('review.col.target')}</th>
              <th scope="col">{t('review.col.actual')}</th>
              <th scope="col" class="num">
                {t('review.col.weight')}
              </th>
              <th scope="col" class="num">
                {t('review.col.score')}
              </th>
              <th scope="col">{t('review.col.finding')}</th>
            </tr>
          </thead>
          <tbody>
            {sheet.indicators.map((row) => {
              const found = byLine.get(row.line) ?? [];
              const bad = found.some((f) => f.severity === 'error');
              return (
                <tr id={`review-${p.index}-line-${row.line}`} class={bad ? 'review-error' : found.length > 0 ? 'review-note' : undefined}>
                  <td class="num" data-label={t('review.col.line')}>
                    {row.line}
                  </td>
                  <th scope="row">{row.level3}</th>
                  <td data-label={t('review.col.target')}>{row.target}</td>
                  <td data-label={t('review.col.actual')}>{row.actual}</td>
                  <td class="num" data-label={t('review.col.weight')}>
                    {row.weight ?? ''}
                  </td>
                  <td class="num" data-label={t('review.col.score')}>
                    {row.score}
                  </td>
                  <td data-label={t('review.col.finding')}>
                    {found.length === 0 ? <span class="review-ok">{t('review.ok')}</span> : <Findings t={t} language={p.language} findings={found} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {others.length > 0 && (
        <>
          <h4>{t('review.sheetLevel')}</h4>
          <ul class="review-others">
            {others.map((f) => (
              <li class={f.severity === 'error' ? 'review-error' : 'review-note'}>
                <span class="num">{t('review.line', { line: f.line })}</span> {f.row}：<Findings t={t} language={p.language} findings={[f]} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Findings(p: { t: Translate; language: Language; findings: Finding[] }) {
  const { t } = p;
  return (
    <ul class="review-findings">
      {p.findings.map((f) => (
        <li class={f.severity === 'error' ? 'review-error' : 'review-note'}>
          <strong>{t(f.severity === 'error' ? 'review.error' : 'review.note')}</strong>
          {f.severity === 'error' && f.stated !== null && f.expected !== null && (
            <span class="review-numbers">{t('review.stated', { stated: f.stated, expected: f.expected })}</span>
          )}
          <span class="review-why">{f.why.in(p.language)}</span>
        </li>
      ))}
    </ul>
  );
}
