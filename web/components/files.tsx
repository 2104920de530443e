import { type AcceptedType, TYPE_NAME } from '../../src/files/sniff-file.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { FileDto, FileParentKind } from '../../src/services/supporting-files.ts';
import { shanghaiTime } from '../pages/log-parts.tsx';
import { Field, type FieldProblem, FormToken } from './fields.tsx';

// 佐证材料 on a page (docs/design.md "Supporting files"): a record's files — a thumbnail for an image, the name
// as the download link, caption, type, size, who and when — a removal form with its reason for who may record,
// and the upload form. Every link is the pages' own /files/… (the session cookie), never the API's.

/** A form of the files' that came back with errors: which one (`file-KIND-ID`, `remove-ID`) and what was typed. */
export interface FileFormState {
  errors: FieldProblem[];
  values: Record<string, string>;
}

export const NO_FILE_FORM: FileFormState = { errors: [], values: {} };

/** The ids of a record's upload form fields (a page has several records, each with its form). */
export const uploadIds = (kind: FileParentKind, id: number) => ({ file: `file-${kind}-${id}`, caption: `caption-${kind}-${id}` });
/** The id of a file's removal reason. */
export const removeId = (fileId: number) => `remove-reason-${fileId}`;

const fileUrl = (f: FileDto) => `/files/${f.id}`;

/** A record's current files; `canRecord` adds each one's removal form. */
export function FileList(p: { t: Translate; files: FileDto[]; canRecord: boolean; formToken: string; form: FileFormState; empty?: boolean }) {
  const { t } = p;
  if (p.files.length === 0) return p.empty ? <p class="muted">{t('files.none')}</p> : null;
  return (
    <ul class="file-list">
      {p.files.map((f) => {
        const reasonId = removeId(f.id);
        const error = p.form.errors.some((e) => e.field === reasonId);
        return (
          <li class="file-item">
            {f.hasThumbnail && (
              <a class="file-thumb" href={fileUrl(f)}>
                <img src={`${fileUrl(f)}/thumbnail`} alt={f.caption ?? f.fileName} width="96" height="96" loading="lazy" />
              </a>
            )}
            <div class="file-text">
              <a class="file-name" href={fileUrl(f)}>
                {f.fileName}
              </a>
              {f.caption && <p class="file-caption">{f.caption}</p>}
              <p class="file-meta muted">
                {t('files.meta', {
                  type: TYPE_NAME[f.mediaType as AcceptedType] ?? f.mediaType,
                  size: f.sizeText,
                  by: f.author,
                  at: shanghaiTime(f.createdAt),
                })}
                {' · '}
                <a href={fileUrl(f)} aria-label={`${t('files.download')} ${f.fileName}`}>
                  {t('files.download')}
                </a>
              </p>
              {p.canRecord && (
                <details class="file-remove" open={error}>
                  <summary>{t('files.remove')}</summary>
                  <form method="post" action={`${fileUrl(f)}/remove`} novalidate>
                    <FormToken token={p.formToken} />
                    <Field id={reasonId} label={t('files.removeReason')} errors={p.form.errors}>
                      <input
                        type="text"
                        id={reasonId}
                        name="reason"
                        value={error ? (p.form.values.reason ?? '') : ''}
                        autocomplete="off"
                        aria-describedby={error ? `${reasonId}-error` : undefined}
                      />
                    </Field>
                    <button type="submit" class="danger">
                      {t('files.removeSubmit')}
                    </button>
                  </form>
                </details>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** The upload form of one record: the file (type judged from its content) and an optional caption. */
export function UploadForm(p: { t: Translate; kind: FileParentKind; id: number; formToken: string; limitMb: number; form: FileFormState; label?: string }) {
  const { t } = p;
  const ids = uploadIds(p.kind, p.id);
  const mine = p.form.errors.some((e) => e.field === ids.file || e.field === ids.caption);
  const described = (id: string, hint: boolean) =>
    [hint ? `${id}-hint` : '', p.form.errors.some((e) => e.field === id) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <form method="post" action={`/files/attach/${p.kind}/${p.id}`} enctype="multipart/form-data" novalidate class="file-upload">
      <FormToken token={p.formToken} />
      <Field id={ids.file} label={p.label ?? t('files.file')} hint={t('files.fileHint', { mb: p.limitMb })} errors={p.form.errors}>
        <input
          type="file"
          id={ids.file}
          name="file"
          accept="image/jpeg,image/png,image/gif,image/webp,.pdf,.docx,.xlsx"
          aria-describedby={described(ids.file, true)}
        />
      </Field>
      <Field id={ids.caption} label={t('files.caption')} errors={p.form.errors}>
        <input
          type="text"
          id={ids.caption}
          name="caption"
          value={mine ? (p.form.values.caption ?? '') : ''}
          autocomplete="off"
          aria-describedby={described(ids.caption, false)}
        />
      </Field>
      <button type="submit" class="primary">
        {t('files.submit')}
      </button>
    </form>
  );
}

/** An entry's files in a list cell: a small thumbnail for an image, the name for a document, each a download link. */
export function EntryFileChips(p: { t: Translate; files: FileDto[] }) {
  if (p.files.length === 0) return null;
  return (
    <ul class="file-chips" aria-label={p.t('files.count', { n: p.files.length })}>
      {p.files.map((f) => (
        <li>
          <a href={`/files/${f.id}`}>
            {f.hasThumbnail ? <img src={`/files/${f.id}/thumbnail`} alt={f.caption ?? f.fileName} width="40" height="40" loading="lazy" /> : f.fileName}
          </a>
        </li>
      ))}
    </ul>
  );
}
