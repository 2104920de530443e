import type { Actor } from '../../src/auth/actor.ts';
import { formatMoney } from '../../src/format/money.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { DraftView } from '../../src/services/import-drafts.ts';
import { cellText, FIX_FIELDS, findRow, type FixField, readRowKey, rowKey, rowRefs } from '../../src/targets/apply-fixes.ts';
import type { Confidence, LineMessage, ParsedIndicator, ParsedProject, ParsedTable, RowReading, UnitSource } from '../../src/targets/types.ts';
import { AdminNav } from '../components/admin-nav.tsx';
import { FormToken } from '../components/fields.tsx';
import { Layout } from '../layout.tsx';
import { DraftStatusTag, importTime, TargetReading } from './import-parts.tsx';

export interface ImportDraftPageProps {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
  draft: DraftView;
  /** The line whose fix was just saved. */
  savedLine: number | null;
  /** Just confirmed: `new` wrote the batch, `again` found it imported already. */
  confirmed: 'new' | 'again' | null;
  /** Once imported: each project's measure coverage line (`自动计算 12 · 计数登记 5 · …`), by project id. */
  coverage?: ReadonlyMap<number, string>;
}

/** A cell of the preview: the fixed text, and the text the parser read struck through when they differ. */
function Cell(p: { t: Translate; original: ParsedIndicator | null; indicator: ParsedIndicator; field: FixField }) {
  const now = cellText(p.indicator, p.field);
  const read = p.original ? cellText(p.original, p.field) : now;
  if (read === now) return <>{now}</>;
  return (
    <>
      <span class="fixed-value">{now}</span> <span class="fixed-mark">{p.t('import.fixed')}</span>
      <br />
      <span class="muted">{p.t('import.original')}：</span>
      <del>{read}</del>
    </>
  );
}

/**
 * What a project's reading says about itself. Drafts stored before the reader said how sure it was, where the
 * copy was cut and how each row was read have none of it: each is then null.
 */
function readingNotes(project: ParsedProject): { confidence: Confidence | null; truncated: LineMessage | null; rows: RowReading[] | null } {
  const stored = project as Partial<ParsedProject>;
  const confidence = stored.confidence && typeof stored.confidence.score === 'number' ? stored.confidence : null;
  return {
    confidence: confidence ? { ...confidence, reasons: Array.isArray(confidence.reasons) ? confidence.reasons : [] } : null,
    truncated: stored.truncated ?? null,
    rows: Array.isArray(stored.rows) ? stored.rows : null,
  };
}

const UNIT_SOURCES: readonly UnitSource[] = ['table', 'option', 'supervisor', 'file'];

/** Where the table's unit came from; null for a draft stored before the reader said. */
function unitSourceOf(table: ParsedTable): UnitSource | null {
  const source = (table as Partial<ParsedTable>).unitSource;
  return source && UNIT_SOURCES.includes(source) ? source : null;
}

const CONFIDENCE_LAMPS: Record<Confidence['level'], string> = { high: 'lamp-green', medium: 'lamp-yellow', low: 'lamp-red' };

/** How sure the reader is of a project's reading, and what made it less sure. */
function ConfidenceNote(p: { t: Translate; confidence: Confidence }) {
  const { t, confidence } = p;
  const level = CONFIDENCE_LAMPS[confidence.level] ? confidence.level : 'low';
  const score = `${Math.round(Math.min(1, Math.max(0, confidence.score)) * 100)}%`;
  return (
    <div class={`import-confidence confidence-${level}`}>
      <p>
        <span class={`lamp ${CONFIDENCE_LAMPS[level]}`}>{t('import.confidence.label', { level: t(`import.confidence.${level}`), score })}</span>
      </p>
      {confidence.reasons.length > 0 && (
        <>
          <p class="confidence-reasons-title">{t('import.confidence.reasons')}</p>
          <ul class="confidence-reasons">
            {confidence.reasons.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** 逐行读法: each row's cells with the column each was put in, and the indicator it became (or why none). */
function RowReadings(p: { t: Translate; project: ParsedProject; rows: RowReading[]; index: number; open: boolean; keyOf: (i: ParsedIndicator) => string }) {
  const { t, project } = p;
  const cellsLabel = t('import.rows.cells');
  const outcomeLabel = t('import.rows.col.outcome');
  return (
    <details class="import-readings" id={`readings-${p.index}`} open={p.open}>
      <summary>{t('import.rows.title', { n: p.rows.length })}</summary>
      <div class="table-wrap">
        <table class="plain import-readings-table">
          <caption>{t('import.rows.caption', { project: project.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.col.line')}</th>
              <th scope="col">{t('import.rows.col.cells')}</th>
              <th scope="col">{outcomeLabel}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((row) => {
              const indicator = row.indicator === null ? undefined : project.indicators[row.indicator];
              const cells = Array.isArray(row.cells) ? row.cells : [];
              return (
                <tr class={indicator ? undefined : 'reading-none'}>
                  <th scope="row" class="num" data-label={t('import.col.line')}>
                    {row.line}
                  </th>
                  <td data-label={cellsLabel}>
                    <ul class="read-cells">
                      {cells.map((cell) => (
                        <li class={`read-cell role-${cell.role}`}>
                          <span class="read-role">{t(`import.role.${cell.role}`)}</span> <span class="read-text">{cell.text}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-label={outcomeLabel}>
                    {indicator ? <a href={`#row-${p.keyOf(indicator)}`}>{indicator.level3}</a> : <span class="muted">{t('import.rows.none')}</span>}
                    {row.note && <span class="row-warning">{row.note}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** 预览: every row of the table as read (and as fixed), per project; confirm or discard. Once imported: the result. */
export function ImportDraftPage(p: ImportDraftPageProps) {
  const { t, draft } = p;
  const open = draft.status === 'open';
  const table = draft.fixed;
  const rows = table.projects.flatMap((x) => x.indicators);
  const fixedRows = new Set(draft.fixes.map((f) => rowKey({ line: f.line, seq: f.seq ?? 0 })));
  // Each indicator's address; rows that share a source line (a table copied as one line) get `15-1`, `15-2`…
  const keys = new Map(rowRefs(table).map((r) => [r.indicator, rowKey(r.ref)]));
  const unit = table.unit ? [table.unit.code, table.unit.name].filter(Boolean).join(' ') : null;
  const unitSource = unitSourceOf(table);
  const checkUnit = unitSource === 'file' || unitSource === 'supervisor';
  const title = draft.status === 'imported' ? t('import.result.title', { file: draft.fileName }) : t('import.draft.title', { file: draft.fileName });
  const result = draft.batch?.result;
  return (
    <Layout title={title} t={t} language={p.language} actor={p.actor} formToken={p.formToken} active="admin" path={`/admin/import/drafts/${draft.id}`}>
      <AdminNav t={t} active="import" />
      <p class="no-print">
        <a href="/admin/import">← {t('import.back')}</a>
      </p>
      <h1 class="import-title">{title}</h1>
      <p class="muted">
        <DraftStatusTag t={t} status={draft.status} /> {t('import.draft.meta', { year: draft.year, by: draft.createdBy, at: importTime(draft.createdAt) })}
      </p>
      <p class={checkUnit ? 'import-unit warning-box' : 'import-unit'}>
        {t('import.draft.unit')}：<b>{unit ?? t('import.draft.noUnit')}</b>
        {unitSource && <span class="unit-source">（{t(`import.unitSource.${unitSource}`)}）</span>}
      </p>
      {p.savedLine !== null && open && <p class="notice">{t('import.draft.savedFix', { line: p.savedLine })}</p>}
      {draft.status === 'discarded' && <p class="warning-box">{t('import.closed.discarded')}</p>}
      {draft.status === 'imported' && draft.batch && result && (
        <section class="panel import-result" id="result">
          {p.confirmed === 'again' && <p class="notice">{t('import.result.again')}</p>}
          <p class="num">
            {t('import.result.counts', {
              pc: result.projects.created,
              pu: result.projects.updated,
              ic: result.indicators.created,
              iu: result.indicators.updated,
              iun: result.indicators.unchanged,
              ir: result.indicators.retired,
            })}
          </p>
          {(result.fixes?.length ?? 0) > 0 && <p>{t('import.result.fixes', { n: result.fixes?.length ?? 0 })}</p>}
          <h2>{t('import.result.projects')}</h2>
          {(p.coverage?.size ?? 0) > 0 && <p class="muted">{t('import.result.coverageNote')}</p>}
          <ul class="import-projects">
            {draft.batch.projects.map((x) => {
              const coverage = p.coverage?.get(x.id);
              return (
                <li>
                  <a href={`/projects/${x.id}`}>{x.name}</a> <span class="muted num">{x.year}</span>
                  {coverage && (
                    <div class="coverage-line">
                      {t('project.coverage', { line: coverage })} <a href={`/admin/bindings?project=${x.id}`}>{t('import.result.bindings')}</a>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          <p>
            <a class="button" href="/">
              {t('import.result.overview')}
            </a>
          </p>
        </section>
      )}
      {open && <p class="warning-box">{t('import.draft.open')}</p>}
      <p class="num">
        {t('import.draft.counts', {
          projects: table.projects.length,
          indicators: rows.length,
          review: rows.filter((i) => i.needsReview).length,
          fixes: draft.fixes.length,
        })}
      </p>
      {table.warnings.length > 0 && (
        <details class="panel import-warnings" open={open}>
          <summary>
            {t('import.draft.warnings')}（{table.warnings.length}）
          </summary>
          <ul>
            {table.warnings.map((w) => (
              <li>{w.message}</li>
            ))}
          </ul>
        </details>
      )}
      {table.projects.map((project, k) => {
        const notes = readingNotes(project);
        return (
          <section class="import-project" aria-labelledby={`project-${k}`}>
            <h2 id={`project-${k}`}>{project.name}</h2>
            <p class="muted">
              {t('import.draft.projectMeta', { year: project.year, budget: formatMoney(project.budget.total, '万元', { fixed: true }), line: project.line })}
            </p>
            {notes.confidence && <ConfidenceNote t={t} confidence={notes.confidence} />}
            {notes.truncated && <p class="warning-box import-truncated">{t('import.truncated', { message: notes.truncated.message })}</p>}
            <div class="table-wrap">
              <table class="plain import-rows">
                <thead>
                  <tr>
                    <th scope="col">{t('import.col.line')}</th>
                    <th scope="col">{t('import.col.level1')}</th>
                    <th scope="col">{t('import.col.level2')}</th>
                    <th scope="col">{t('import.col.level3')}</th>
                    <th scope="col">{t('import.col.target')}</th>
                    <th scope="col">{t('import.col.reading')}</th>
                    <th scope="col">{t('import.col.notes')}</th>
                    {open && <th scope="col">{t('import.col.action')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {project.indicators.map((i, j) => {
                    // The fixes keep every row in its place: the row as read is at the same position (a line may
                    // hold several rows when a table was copied as one line of text).
                    const read = draft.reading.projects[k]?.indicators[j];
                    const key = keys.get(i) ?? String(i.line);
                    const original = read && read.line === i.line ? read : (findRow(draft.reading, readRowKey(key) ?? i.line)?.indicator ?? null);
                    const targetFixed = original !== null && original.target.raw !== i.target.raw;
                    const classes = [fixedRows.has(key) ? 'row-fixed' : '', i.needsReview ? 'row-review' : ''].filter(Boolean).join(' ');
                    return (
                      <tr id={`row-${key}`} class={classes || undefined}>
                        <td class="num" data-label={t('import.col.line')}>
                          {i.line}
                        </td>
                        {FIX_FIELDS.filter((f) => f !== 'target').map((field) => (
                          <td data-label={t(`import.col.${field}`)}>
                            <Cell t={t} original={original} indicator={i} field={field} />
                          </td>
                        ))}
                        <td data-label={t('import.col.target')}>
                          <Cell t={t} original={original} indicator={i} field="target" />
                        </td>
                        <td data-label={t('import.col.reading')}>
                          <TargetReading t={t} indicator={i} />
                          {targetFixed && original && (
                            <span class="reading-original">
                              <span class="muted">{t('import.original')}：</span>
                              <del>
                                <TargetReading t={t} indicator={original} />
                              </del>
                            </span>
                          )}
                        </td>
                        <td data-label={t('import.col.notes')}>
                          {i.needsReview && <span class="lamp lamp-yellow">{t('import.review')}</span>}
                          {i.warnings.map((w) => (
                            <span class="row-warning">{w}</span>
                          ))}
                        </td>
                        {open && (
                          <td>
                            <a
                              id={`fix-${key}`}
                              class="fix-link"
                              href={`/admin/import/drafts/${draft.id}/rows/${key}`}
                              aria-label={t('import.fixLabel', { line: i.line })}
                            >
                              {t('import.fix')}
                            </a>
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {notes.rows && notes.rows.length > 0 && (
              <RowReadings
                t={t}
                project={project}
                rows={notes.rows}
                index={k}
                open={notes.confidence?.level === 'low'}
                keyOf={(i) => keys.get(i) ?? String(i.line)}
              />
            )}
          </section>
        );
      })}
      {open && (
        <section class="panel import-actions">
          <p>{t('import.confirmHint')}</p>
          <form method="post" action={`/admin/import/drafts/${draft.id}/confirm`} class="inline">
            <FormToken token={p.formToken} />
            <button type="submit" class="primary" id="confirm">
              {t('import.confirm')}
            </button>
          </form>{' '}
          <form method="post" action={`/admin/import/drafts/${draft.id}/discard`} class="inline">
            <FormToken token={p.formToken} />
            <button type="submit" class="secondary" id="discard">
              {t('import.discard')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}
