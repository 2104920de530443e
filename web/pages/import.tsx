import type { Actor } from '../../src/auth/actor.ts';
import { hearIn } from '../../src/edge/words.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { ImportsList } from '../../src/services/import-drafts.ts';
import { AdminNav } from '../components/admin-nav.tsx';
import { Field, type FieldProblem, FormToken } from '../components/fields.tsx';
import { ErrorSummary, Layout } from '../layout.tsx';
import { DraftStatusTag, importTime } from './import-parts.tsx';

/** What the upload form keeps when it comes back (a browser never keeps a file). */
export interface UploadValues {
  year: string;
  unit: string;
  projectName: string;
  strict: boolean;
}

export interface ImportPageProps {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
  list: ImportsList;
  uploadLimitMb: number;
  /** A form that came back: field errors, what was typed. */
  errors: FieldProblem[];
  values: UploadValues;
  /** The file could not be read as a target table: its line errors. */
  rejected: { line: number; message: string }[] | null;
  /** A draft just discarded. */
  discarded: string | null;
}

/** 管理 › 导入目标表: the upload form, then the latest previews and imports. */
export function ImportPage(p: ImportPageProps) {
  const { t } = p;
  const hasErrors = p.errors.length > 0 || p.rejected !== null;
  // After a rejection the file must be chosen again: said beside it.
  const fieldErrors = p.rejected && p.errors.length === 0 ? [{ field: 'file', message: t('import.fileAgain') }] : p.errors;
  /** A field's hint, and its error when it has one, for the control's aria-describedby. */
  const described = (id: string) => (fieldErrors.some((e) => e.field === id) ? `${id}-hint ${id}-error` : `${id}-hint`);
  return (
    <Layout
      title={t('import.title')}
      t={t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="admin"
      hasErrors={hasErrors}
      path="/admin/import"
    >
      <AdminNav t={t} active="import" />
      <h1>{t('import.title')}</h1>
      {p.discarded !== null && <p class="notice">{t('import.discarded', { file: p.discarded })}</p>}
      <ErrorSummary t={t} errors={p.errors} />
      {p.rejected && (
        <div class="error-summary import-rejected" role="alert" tabindex={-1} id="rejected">
          <h2>{t('import.rejected.title')}</h2>
          <p>{t('import.rejected.hint')}</p>
          <ul>
            {p.rejected.map((e) => (
              <li>
                <span class="num">{t('import.rejected.line', { line: e.line })}</span>：{hearIn(e.message, p.language)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>{t('import.intro')}</p>
      <form method="post" action="/admin/import" enctype="multipart/form-data" class="panel import-upload" novalidate>
        <FormToken token={p.formToken} />
        <Field id="file" label={t('import.file')} hint={t('import.fileHint', { mb: p.uploadLimitMb })} errors={fieldErrors}>
          <input type="file" id="file" name="file" accept=".txt,.docx,.xlsx,text/plain" required aria-describedby={described('file')} />
        </Field>
        <Field id="year" label={t('import.year')} hint={t('import.yearHint')} errors={fieldErrors}>
          <input type="text" inputmode="numeric" id="year" name="year" value={p.values.year} class="input-year" aria-describedby={described('year')} />
        </Field>
        <Field id="unit" label={t('import.unit')} hint={t('import.unitHint')} errors={fieldErrors}>
          <input type="text" id="unit" name="unit" value={p.values.unit} aria-describedby={described('unit')} />
        </Field>
        <Field id="projectName" label={t('import.projectName')} hint={t('import.projectNameHint')} errors={fieldErrors}>
          <input type="text" id="projectName" name="projectName" value={p.values.projectName} autocomplete="off" aria-describedby={described('projectName')} />
        </Field>
        <div class="field">
          <label class="choice" for="strict">
            <input type="checkbox" id="strict" name="strict" value="1" checked={p.values.strict} aria-describedby="strict-hint" />
            {t('import.strict')}
          </label>
          <span class="hint" id="strict-hint">
            {t('import.strictHint')}
          </span>
        </div>
        <button type="submit" class="primary" id="upload">
          {t('import.upload')}
        </button>
      </form>
      <section>
        <h2>{t('import.drafts')}</h2>
        {p.list.drafts.length === 0 ? (
          <p class="muted">{t('import.none')}</p>
        ) : (
          <div class="table-wrap">
            <table class="plain">
              <thead>
                <tr>
                  <th scope="col">{t('import.col.file')}</th>
                  <th scope="col">{t('import.col.year')}</th>
                  <th scope="col">{t('import.col.status')}</th>
                  <th scope="col">{t('import.col.fixes')}</th>
                  <th scope="col">{t('import.col.by')}</th>
                  <th scope="col">{t('import.col.at')}</th>
                </tr>
              </thead>
              <tbody>
                {p.list.drafts.map((d) => (
                  <tr>
                    <td>
                      <a href={`/admin/import/drafts/${d.id}`}>{d.fileName}</a>
                    </td>
                    <td class="num">{d.year}</td>
                    <td>
                      <DraftStatusTag t={t} status={d.status} />
                    </td>
                    <td class="num">{d.fixes}</td>
                    <td>{d.createdBy}</td>
                    <td class="num">{importTime(d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section>
        <h2>{t('import.batches')}</h2>
        {p.list.batches.length === 0 ? (
          <p class="muted">{t('import.none')}</p>
        ) : (
          <div class="table-wrap">
            <table class="plain">
              <thead>
                <tr>
                  <th scope="col">{t('import.col.batch')}</th>
                  <th scope="col">{t('import.col.file')}</th>
                  <th scope="col">{t('import.col.year')}</th>
                  <th scope="col">{t('import.col.projects')}</th>
                  <th scope="col">{t('import.col.indicators')}</th>
                  <th scope="col">{t('import.col.fixes')}</th>
                  <th scope="col">{t('import.col.by')}</th>
                  <th scope="col">{t('import.col.at')}</th>
                </tr>
              </thead>
              <tbody>
                {p.list.batches.map((b) => {
                  const r = b.result;
                  return (
                    <tr>
                      <td class="num">{r.draftId ? <a href={`/admin/import/drafts/${r.draftId}`}>#{b.id}</a> : `#${b.id}`}</td>
                      <td>{b.fileName}</td>
                      <td class="num">{b.year}</td>
                      <td class="num">
                        {r.projects.created}/{r.projects.updated}
                      </td>
                      <td class="num">
                        {r.indicators.created}/{r.indicators.updated}/{r.indicators.unchanged}/{r.indicators.retired}
                      </td>
                      <td class="num">{r.fixes?.length ?? 0}</td>
                      <td>{b.importedBy ?? '—'}</td>
                      <td class="num">{importTime(b.importedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
