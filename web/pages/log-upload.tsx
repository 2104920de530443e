import type { Actor } from '../../src/auth/actor.ts';
import { type EntryKind, entryKinds } from '../../src/evidence/entry-kinds.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { EntryFilePreview } from '../../src/services/entry-file-preview.ts';
import { Field, type FieldProblem, FormToken } from '../components/fields.tsx';
import { ErrorSummary, Layout } from '../layout.tsx';
import { entrySummary, fieldLabel, kindLabel } from './log-parts.tsx';

// 批量上传 (preview every row, write nothing until 确认导入) and the WeChat back-office export.

interface Common {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
  project: { id: number; name: string };
}

/** A problem of the file or of a row, with its row number (0 = the file as a whole). */
export interface RowProblem {
  row: number;
  field: string | null;
  message: string;
}

export interface LogUploadProps extends Common {
  limitMb: string;
  kind: EntryKind | null;
  /** The file could not be taken at all (none, empty, too large). */
  fileError: string | null;
  /** What the file would write, and every problem; with the file itself to post back on 确认导入. */
  preview: (EntryFilePreview & { base64: string }) | null;
  /** The rows just written (post/redirect/get). */
  imported: { inserted: number; duplicates: number } | null;
}

/** Rows shown in the preview table, at most; every problem is listed whatever the count. */
const SHOWN_ROWS = 500;

export function LogUploadPage(p: LogUploadProps) {
  const { t } = p;
  const pv = p.preview;
  const problems: FieldProblem[] = p.fileError ? [{ field: 'file', message: p.fileError }] : [];
  const bad = pv ? pv.errors.length > 0 : false;
  return (
    <Layout
      title={t('log.upload.title')}
      t={t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="log"
      hasErrors={problems.length > 0 || bad}
      path={`/log/${p.project.id}/upload`}
    >
      <p>
        <a href={`/log?project=${p.project.id}`}>← {t('log.back', { project: p.project.name })}</a>
      </p>
      <h1>{t('log.upload.title')}</h1>
      <p class="muted">{p.project.name}</p>
      {p.imported && (
        <p class="notice" role="status">
          {t('log.upload.done', { inserted: p.imported.inserted, duplicates: p.imported.duplicates })}
        </p>
      )}
      <ErrorSummary t={t} errors={problems} />
      {pv && <Preview {...p} preview={pv} />}
      {(!pv || bad) && (
        <section class="panel">
          <h2>{pv ? t('log.upload.again') : t('log.upload.choose')}</h2>
          <p>{t('log.upload.help', { mb: p.limitMb })}</p>
          <p class="muted">{t('log.upload.headers')}</p>
          <form method="post" action={`/log/${p.project.id}/upload`} enctype="multipart/form-data" novalidate>
            <FormToken token={p.formToken} />
            <Field id="file" label={t('log.upload.file')} errors={problems}>
              <input type="file" id="file" name="file" accept=".csv,.xlsx,.jsonl,.txt,text/csv" />
            </Field>
            <KindSelect t={t} kind={p.kind} />
            <button type="submit" class="primary">
              {t('log.upload.preview')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}

function KindSelect(p: { t: Translate; kind: EntryKind | null }) {
  const { t } = p;
  return (
    <Field id="kind" label={t('log.upload.kind')} hint={t('log.upload.kindHint')} errors={[]}>
      <select id="kind" name="kind" aria-describedby="kind-hint">
        <option value="">{t('log.upload.kindFromFile')}</option>
        {entryKinds.map((k) => (
          <option value={k} selected={p.kind === k}>
            {kindLabel(t, k)}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Preview(p: LogUploadProps & { preview: EntryFilePreview & { base64: string } }) {
  const { t, preview: pv } = p;
  const fileProblems = pv.errors.filter((e) => e.row === 0);
  const badRows = new Map<number, RowProblem[]>();
  for (const e of pv.errors) if (e.row > 0) badRows.set(e.row, [...(badRows.get(e.row) ?? []), e]);
  const good = new Map(pv.rows.map((r) => [r.row, r]));
  const names = new Map(Object.entries(pv.indicatorNames ?? {}).map(([id, name]) => [Number(id), name]));
  const outside = new Map(pv.outsidePeriod.map((o) => [o.row, o.message]));
  const numbers = [...new Set([...badRows.keys(), ...good.keys()])].sort((a, b) => a - b);
  const shown = numbers.filter((n) => badRows.has(n)).concat(numbers.filter((n) => !badRows.has(n)).slice(0, SHOWN_ROWS));
  shown.sort((a, b) => a - b);
  const bad = pv.errors.length > 0;
  return (
    <section>
      <h2>{t('log.upload.previewOf', { file: pv.fileName })}</h2>
      {bad ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>{t('log.upload.rejected', { problems: pv.errors.length, rows: badRows.size })}</h2>
          <ul>
            {pv.errors.map((e) => (
              <li>{problemText(t, e)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="notice">{t('log.upload.ready', { rows: pv.rows.length })}</p>
      )}
      {fileProblems.length === 0 && numbers.length > 0 && (
        <div class="table-wrap">
          <table class="plain log-preview">
            <caption class="muted">{t('log.upload.caption', { rows: numbers.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('log.upload.row')}</th>
                <th scope="col">{t('log.col.kind')}</th>
                <th scope="col">{t('log.col.detail')}</th>
                <th scope="col">{t('log.upload.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((n) => {
                const row = good.get(n);
                const problems = badRows.get(n);
                return (
                  <tr class={problems ? 'row-error' : undefined}>
                    <td class="num" data-label={t('log.upload.row')}>
                      {n}
                    </td>
                    <td data-label={t('log.col.kind')}>{row ? kindLabel(t, row.kind) : '—'}</td>
                    <td data-label={t('log.col.detail')}>{row ? entrySummary(t, row.kind, row.fields, 4, names) : '—'}</td>
                    <td data-label={t('log.upload.problems')}>
                      {problems ? (
                        <ul class="row-problems">
                          {problems.map((e) => (
                            <li>{problemText(t, e, false)}</li>
                          ))}
                        </ul>
                      ) : outside.has(n) ? (
                        <span class="lamp lamp-grey">{outside.get(n)}</span>
                      ) : (
                        '✓'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {shown.length < numbers.length && <p class="muted">{t('log.upload.moreRows', { shown: shown.length, total: numbers.length })}</p>}
        </div>
      )}
      {!bad && (
        <form method="post" action={`/log/${p.project.id}/upload/confirm`} enctype="multipart/form-data" class="panel">
          <FormToken token={p.formToken} />
          <input type="hidden" name="fileName" value={pv.fileName} />
          <input type="hidden" name="kind" value={p.kind ?? ''} />
          <input type="hidden" name="content" value={pv.base64} />
          {pv.outsidePeriod.length > 0 && <p class="warning-box">{t('log.upload.outside', { rows: pv.outsidePeriod.length })}</p>}
          <button type="submit" class="primary">
            {t('log.upload.confirm', { rows: pv.rows.length })}
          </button>{' '}
          <a href={`/log/${p.project.id}/upload`}>{t('log.upload.cancel')}</a>
        </form>
      )}
    </section>
  );
}

/** `第 3 行 · 日期：应为日期，如 2024-05-01`; the file as a whole has no row. */
function problemText(t: Translate, e: RowProblem, withRow = true): string {
  const where = withRow ? (e.row > 0 ? t('log.upload.rowN', { row: e.row }) : t('log.upload.wholeFile')) : '';
  const field = e.field && !e.message.includes('：') ? `${fieldLabel(t, e.field)}：` : '';
  return `${where}${where ? ' · ' : ''}${field}${e.message}`;
}

export interface LogWechatProps extends Common {
  channels: { id: number; name: string }[];
  today: string;
  values: Record<string, string>;
  errors: FieldProblem[];
  /** Problems of the file by row (the export was refused). */
  rowProblems: RowProblem[];
  imported: { posts: number; newPosts: number; channel: string; asOf: string } | null;
  limitMb: string;
}

/** 微信后台导出: the back-office export of one of the project's WeChat channels, as of a day. */
export function LogWechatPage(p: LogWechatProps) {
  const { t } = p;
  const kept = (name: string, fallback = '') => p.values[name] ?? fallback;
  const hasErrors = p.errors.length > 0 || p.rowProblems.length > 0;
  return (
    <Layout
      title={t('log.wechat.title')}
      t={t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="log"
      hasErrors={hasErrors}
      path={`/log/${p.project.id}/wechat-export`}
    >
      <p>
        <a href={`/log?project=${p.project.id}`}>← {t('log.back', { project: p.project.name })}</a>
      </p>
      <h1>{t('log.wechat.title')}</h1>
      <p class="muted">{p.project.name}</p>
      {p.imported && (
        <p class="notice" role="status">
          {t('log.wechat.done', { posts: p.imported.posts, newPosts: p.imported.newPosts, channel: p.imported.channel, asOf: p.imported.asOf })}
        </p>
      )}
      <ErrorSummary t={t} errors={p.errors} />
      {p.rowProblems.length > 0 && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>{t('log.wechat.rejected', { problems: p.rowProblems.length })}</h2>
          <ul>
            {p.rowProblems.map((e) => (
              <li>{problemText(t, e)}</li>
            ))}
          </ul>
        </div>
      )}
      {p.channels.length === 0 ? (
        <div class="panel empty-state">
          <p>{t('log.wechat.noChannel')}</p>
          <p>{t('log.wechat.noChannelNext')}</p>
        </div>
      ) : (
        <section class="panel">
          <p>{t('log.wechat.help', { mb: p.limitMb })}</p>
          <form method="post" action={`/log/${p.project.id}/wechat-export`} enctype="multipart/form-data" novalidate>
            <FormToken token={p.formToken} />
            <Field id="channel" label={t('log.wechat.channel')} errors={p.errors}>
              <select id="channel" name="channel">
                {p.channels.map((c) => (
                  <option value={String(c.id)} selected={kept('channel') === String(c.id)}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="asOf" label={t('log.wechat.asOf')} hint={t('log.wechat.asOfHint')} errors={p.errors}>
              <input type="date" id="asOf" name="asOf" value={kept('asOf', p.today)} aria-describedby="asOf-hint" />
            </Field>
            <Field id="file" label={t('log.wechat.file')} errors={p.errors}>
              <input type="file" id="file" name="file" accept=".csv,.xlsx,text/csv" />
            </Field>
            <button type="submit" class="primary">
              {t('log.wechat.submit')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}
