import { may, type Actor } from '../../src/auth/actor.ts';
import type { EntryKind } from '../../src/evidence/entry-kinds.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { EntryDto } from '../../src/services/entries.ts';
import type { ProjectSummaryDto } from '../../src/services/projects.ts';
import { Field, type FieldProblem, FormToken } from '../components/fields.tsx';
import { ErrorSummary, Layout } from '../layout.tsx';
import type { FileDto } from '../../src/services/supporting-files.ts';
import { EntryFileChips, FileList, NO_FILE_FORM, UploadForm } from '../components/files.tsx';
import { displayValue, EntryFields, entrySummary, fieldLabel, kindFields, kindLabel, type TallyIndicator } from './log-parts.tsx';

// 登记: choose a project and a kind, one short form per kind, and an entry's correction or withdrawal.

interface Common {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
}

export interface LogHomeProps extends Common {
  years: number[];
  year: number;
  projects: ProjectSummaryDto[];
  project: ProjectSummaryDto | null;
  /** Each kind, and whether it feeds an indicator of the chosen project. */
  kinds: { kind: EntryKind; feeds: boolean }[];
  recent: { total: number; items: EntryDto[] };
  /** The project's indicators by id, to name a tally's. */
  indicatorNames?: ReadonlyMap<number, string>;
  /** A withdrawal just made (post/redirect/get). */
  withdrawn: number | null;
  /** The recent entries' supporting files, by entry id. */
  files: ReadonlyMap<number, FileDto[]>;
}

/** 登记: which project, which kind, and what was logged lately. */
export function LogHomePage(p: LogHomeProps) {
  const { t } = p;
  const path = p.project ? `/log?project=${p.project.id}` : '/log';
  return (
    <Layout title={t('log.title')} t={t} language={p.language} actor={p.actor} formToken={p.formToken} active="log" path={path}>
      <h1>{t('log.title')}</h1>
      {p.withdrawn !== null && (
        <p class="notice" role="status">
          {t('log.withdrawn', { id: p.withdrawn })}
        </p>
      )}
      {p.projects.length === 0 ? (
        <div class="panel empty-state">
          <p>{t('log.noProjects', { year: p.year })}</p>
          <p>{may(p.actor, 'admin') ? <a href="/admin/import">{t('log.noProjectsAdmin')}</a> : t('log.noProjectsOther')}</p>
          {p.years.length > 1 && <YearPicker {...p} />}
        </div>
      ) : (
        <>
          <form method="get" action="/log" class="filters log-picker">
            <div class="field">
              <label for="year">{t('log.year')}</label>
              <select id="year" name="year">
                {p.years.map((y) => (
                  <option value={String(y)} selected={y === p.year}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="project">{t('log.project')}</label>
              <select id="project" name="project">
                {p.projects.map((x) => (
                  <option value={String(x.id)} selected={x.id === p.project?.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="secondary">
              {t('log.pick')}
            </button>
          </form>
          {p.project && (
            <>
              <h2>{t('log.kindsOf', { project: p.project.name })}</h2>
              <ul class="log-kinds">
                {p.kinds.map(({ kind, feeds }) => (
                  <li>
                    <a href={`/log/${p.project!.id}/${kind}`}>{kindLabel(t, kind)}</a>
                    {!feeds && <span class="muted"> {t('log.feedsNothing')}</span>}
                  </li>
                ))}
              </ul>
              <p class="log-more">
                <a href={`/log/${p.project.id}/upload`}>{t('log.upload.link')}</a>
                <a href={`/log/${p.project.id}/wechat-export`}>{t('log.wechat.link')}</a>
              </p>
              <h2>{t('log.recent')}</h2>
              {p.recent.items.length === 0 ? (
                <p class="panel empty-state">{t('log.noEntries')}</p>
              ) : (
                <>
                  <div class="table-wrap">
                    <table class="plain log-entries">
                      <thead>
                        <tr>
                          <th scope="col">{t('log.col.day')}</th>
                          <th scope="col">{t('log.col.kind')}</th>
                          <th scope="col">{t('log.col.detail')}</th>
                          <th scope="col">{t('log.col.author')}</th>
                          <th scope="col">{t('log.col.action')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.recent.items.map((e) => (
                          <tr>
                            <td class="num" data-label={t('log.col.day')}>
                              {e.day}
                            </td>
                            <td data-label={t('log.col.kind')}>{kindLabel(t, e.kind)}</td>
                            <td data-label={t('log.col.detail')}>
                              {entrySummary(t, e.kind, e.fields, 3, p.indicatorNames)}
                              <EntryFileChips t={t} files={p.files.get(e.id) ?? []} />
                            </td>
                            <td data-label={t('log.col.author')}>{e.author ?? '—'}</td>
                            <td data-label={t('log.col.action')}>
                              <a href={`/log/entries/${e.id}`} aria-label={t('log.fixLabel', { id: e.id })}>
                                {t('log.fix')}
                              </a>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  {p.recent.total > p.recent.items.length && (
                    <p class="muted">{t('log.moreEntries', { shown: p.recent.items.length, total: p.recent.total })}</p>
                  )}
                </>
              )}
            </>
          )}
        </>
      )}
    </Layout>
  );
}

/** An entry's files in the recent list: a small thumbnail for an image, else the name; each downloads it. */
function YearPicker(p: LogHomeProps) {
  const { t } = p;
  return (
    <form method="get" action="/log" class="filters">
      <div class="field">
        <label for="year">{t('log.year')}</label>
        <select id="year" name="year">
          {p.years.map((y) => (
            <option value={String(y)} selected={y === p.year}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="secondary">
        {t('log.pick')}
      </button>
    </form>
  );
}

export interface LogFormProps extends Common {
  project: { id: number; name: string };
  kind: EntryKind;
  feeds: boolean;
  values: Record<string, string>;
  errors: FieldProblem[];
  /**
   * What the last post wrote (post/redirect/get): the entry, or a duplicate of one already stored; `unfed` names
   * the indicator of a tally that is not measured by its tallies (kept, but it moves no figure).
   */
  saved: { entry: EntryDto | null; duplicate: boolean; outside: string | null; unfed: string | null } | null;
  /** For a tally: the indicators it may count toward. */
  indicators?: TallyIndicator[];
  /** The project's indicators by id, to name a tally's. */
  indicatorNames?: ReadonlyMap<number, string>;
}

/** A kind's form title: `登记宣传活动`; a tally's is `登记计数` (not 登记计数登记). */
const formTitle = (t: Translate, kind: EntryKind) => (kind === 'tally' ? t('log.tally.title') : t('log.form.title', { kind: kindLabel(t, kind) }));

/** One kind's form. Success comes back to an empty form saying what was logged, with a link to undo it. */
export function LogFormPage(p: LogFormProps) {
  const { t } = p;
  const label = kindLabel(t, p.kind);
  const title = formTitle(t, p.kind);
  return (
    <Layout
      title={title}
      t={t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="log"
      hasErrors={p.errors.length > 0}
      path={`/log/${p.project.id}/${p.kind}`}
    >
      <p>
        <a href={`/log?project=${p.project.id}`}>← {t('log.back', { project: p.project.name })}</a>
      </p>
      <h1>{title}</h1>
      <p class="muted">{p.project.name}</p>
      {p.saved?.entry && (
        <div class="notice" role="status">
          <p>{t('log.saved', { what: entrySummary(t, p.saved.entry.kind, p.saved.entry.fields, 3, p.indicatorNames) })}</p>
          <p>
            <a href={`/log/entries/${p.saved.entry.id}`}>{t('log.undo')}</a>
          </p>
          <p>
            <a href={`/log/entries/${p.saved.entry.id}#files`}>{t('files.addToEntry')}</a>
          </p>
        </div>
      )}
      {p.saved?.duplicate && (
        <p class="notice" role="status">
          {t('log.duplicate')}
        </p>
      )}
      {p.saved?.outside && <p class="warning-box">{p.saved.outside}</p>}
      {p.saved?.unfed && <p class="warning-box">{t('log.tally.savedUnfed', { indicator: p.saved.unfed })}</p>}
      {!p.feeds && (
        <div class="warning-box">
          <p>{t('log.feedsNothingLong', { kind: label })}</p>
        </div>
      )}
      <ErrorSummary t={t} errors={p.errors} />
      <form method="post" action={`/log/${p.project.id}/${p.kind}`} novalidate class="log-form">
        <FormToken token={p.formToken} />
        <EntryFields t={t} language={p.language} kind={p.kind} values={p.values} errors={p.errors} indicators={p.indicators} />
        <button type="submit" class="primary">
          {t('log.submit')}
        </button>
      </form>
    </Layout>
  );
}

export interface LogEntryProps extends Common {
  project: { id: number; name: string };
  entry: EntryDto;
  /** Which form came back with errors, and what was typed in it. */
  form: { name: 'correct' | 'withdraw' | 'file' | null; errors: FieldProblem[]; values: Record<string, string> };
  /** The correction just saved (post/redirect/get). */
  corrected: boolean;
  /** The entry's current supporting files, the upload cap, and what the last post on a file did. */
  files: { items: FileDto[]; limitMb: number; notice: string | null };
  /** The form's starting values: the entry's own. */
  current: Record<string, string>;
  /** For a tally: the indicators it may count toward. */
  indicators?: TallyIndicator[];
  /** The project's indicators by id, to name a tally's. */
  indicatorNames?: ReadonlyMap<number, string>;
}

/** One entry: what it says, and (while it is the current version) its correction and withdrawal forms. */
export function LogEntryPage(p: LogEntryProps) {
  const { t, entry: e } = p;
  const label = kindLabel(t, e.kind);
  const errors = p.form.errors;
  const live = !e.voided && e.supersededBy === null;
  const correctErrors = p.form.name === 'correct' ? errors : [];
  const withdrawErrors = p.form.name === 'withdraw' ? errors.map((x) => ({ ...x, field: x.field === 'reason' ? 'withdraw-reason' : x.field })) : [];
  const values = p.form.name === 'correct' ? p.form.values : p.current;
  return (
    <Layout
      title={t('log.entry.title', { id: e.id, kind: label })}
      t={t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="log"
      hasErrors={errors.length > 0}
      path={`/log/entries/${e.id}`}
    >
      <p>
        <a href={`/log?project=${p.project.id}`}>← {t('log.back', { project: p.project.name })}</a>
      </p>
      <h1>{t('log.entry.title', { id: e.id, kind: label })}</h1>
      {p.corrected && (
        <p class="notice" role="status">
          {t('log.entry.corrected')}
        </p>
      )}
      {e.supersededBy !== null && (
        <p class="notice">
          {t('log.entry.superseded')} <a href={`/log/entries/${e.supersededBy}`}>{t('log.entry.see', { id: e.supersededBy })}</a>
        </p>
      )}
      {e.voided && <p class="warning-box">{t('log.entry.isWithdrawal', { reason: e.reason ?? '' })}</p>}
      <div class="panel">
        <dl class="log-facts">
          <div>
            <dt>{t('log.project')}</dt>
            <dd>{p.project.name}</dd>
          </div>
          {/* The day that places the entry; a kind whose own field is the date shows it once, below. */}
          {(e.voided || !kindFields(e.kind).some((f) => f.name === 'date')) && (
            <div>
              <dt>{t('log.col.day')}</dt>
              <dd class="num">{e.day}</dd>
            </div>
          )}
          {!e.voided &&
            kindFields(e.kind).map((f) => (
              <div>
                <dt>{fieldLabel(t, f.name)}</dt>
                <dd>{displayValue(t, f.name, e.fields[f.name], { kind: e.kind, indicatorNames: p.indicatorNames })}</dd>
              </div>
            ))}
          <div>
            <dt>{t('log.col.author')}</dt>
            <dd>
              {e.author ?? '—'} · {e.source}
            </dd>
          </div>
          {e.supersedesId !== null && (
            <div>
              <dt>{t('log.entry.corrects')}</dt>
              <dd>
                <a href={`/log/entries/${e.supersedesId}`}>#{e.supersedesId}</a>
                {e.reason ? ` · ${t('log.reason')}：${e.reason}` : ''}
              </dd>
            </div>
          )}
        </dl>
      </div>
      <ErrorSummary t={t} errors={p.form.name === 'withdraw' ? withdrawErrors : p.form.name === 'file' ? errors : correctErrors} />
      <EntryFiles {...p} live={live} />
      {live && (
        <>
          <section class="panel">
            <h2>{t('log.correct.title')}</h2>
            <p class="muted">{t('log.correct.body')}</p>
            <form method="post" action={`/log/entries/${e.id}/correct`} novalidate class="log-form">
              <FormToken token={p.formToken} />
              <EntryFields t={t} language={p.language} kind={e.kind} values={values} errors={correctErrors} indicators={p.indicators} />
              <Field id="reason" label={t('log.reason')} hint={t('log.reasonHint')} errors={correctErrors}>
                <textarea id="reason" name="reason" rows={2} aria-describedby="reason-hint">
                  {p.form.name === 'correct' ? (p.form.values.reason ?? '') : ''}
                </textarea>
              </Field>
              <button type="submit" class="primary">
                {t('log.correct.submit')}
              </button>
            </form>
          </section>
          <section class="panel">
            <h2>{t('log.withdraw.title')}</h2>
            <p class="muted">{t('log.withdraw.body')}</p>
            <form method="post" action={`/log/entries/${e.id}/withdraw`} novalidate>
              <FormToken token={p.formToken} />
              <Field id="withdraw-reason" label={t('log.reason')} hint={t('log.reasonHint')} errors={withdrawErrors}>
                <textarea id="withdraw-reason" name="reason" rows={2} aria-describedby="withdraw-reason-hint">
                  {p.form.name === 'withdraw' ? (p.form.values.reason ?? '') : ''}
                </textarea>
              </Field>
              <button type="submit" class="danger">
                {t('log.withdraw.submit')}
              </button>
            </form>
          </section>
        </>
      )}
    </Layout>
  );
}

/** 佐证材料 of one entry: its files, and while it is the current version the upload form. */
function EntryFiles(p: LogEntryProps & { live: boolean }) {
  const { t, entry: e } = p;
  const form = p.form.name === 'file' ? { errors: p.form.errors, values: p.form.values } : NO_FILE_FORM;
  return (
    <section class="panel" id="files" aria-labelledby="files-title">
      <h2 id="files-title">{t('files.title')}</h2>
      {p.files.notice && (
        <p class="notice" role="status">
          {p.files.notice}
        </p>
      )}
      {!p.live && e.supersededBy !== null && <p class="muted">{t('files.historyOnly')}</p>}
      <FileList t={t} files={p.files.items} canRecord={p.live} formToken={p.formToken} form={form} empty />
      {p.live && (
        <>
          <h3>{t('files.add')}</h3>
          <UploadForm t={t} kind="entry" id={e.id} formToken={p.formToken} limitMb={p.files.limitMb} form={form} />
        </>
      )}
    </section>
  );
}
