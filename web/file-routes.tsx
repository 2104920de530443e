import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../db/client.ts';
import { TEXT_MAX } from '../src/edge/limits.ts';
import { AppError } from '../src/errors.ts';
import { fileHeaders } from '../src/files/file-headers.ts';
import { FORM_ENVELOPE_BYTES } from '../src/files/file-limit.ts';
import { attachment } from '../src/reports/files.ts';
import { requireAccess } from '../src/services/access.ts';
import {
  attachFile,
  FILE_PARENTS,
  type FileParent,
  type FileParentKind,
  getFile,
  parentIndicator,
  readFileContent,
  readThumbnail,
  removeFile,
} from '../src/services/supporting-files.ts';
import type { FieldProblem } from './components/fields.tsx';
import { removeId, uploadIds } from './components/files.tsx';
import type { WebEnv } from './env.ts';
import { type FileOutcome, outcomeQuery } from './file-notice.ts';
import { pathId, uploadLimitMb } from './form-input.ts';
import { renderIndicator } from './indicator-routes.tsx';
import { renderEntry } from './log-routes.tsx';
import { pageLanguage, requireFormToken, requireSession } from './session.ts';

// 佐证材料 on the pages (docs/design.md "Supporting files"): download and thumbnail under the session cookie,
// upload onto a record and removal with a reason. The services check the actor's unit and role on every call;
// a refused file comes back on the record's own page (the indicator's, or the entry's) beside the field, with
// a 4xx; a saved one redirects there (post/redirect/get) with a notice.

const ID = '[1-9][0-9]{0,17}';
const KINDS = FILE_PARENTS.join('|');

const store = (c: Context<WebEnv>) => ({ filesDir: c.get('deps').config.filesDir, limitBytes: c.get('deps').config.uploadLimitBytes });

type Status = 400 | 409 | 413;

/** The page a record's files are shown on: where to go back to, and how to show a refused form there. */
interface RecordPage {
  back(outcome: { fileId: number; did: FileOutcome }): string;
  render(c: Context<WebEnv>, errors: FieldProblem[], values: Record<string, string>, status: Status): Promise<Response>;
}

async function recordPage(db: Db, parent: FileParent): Promise<RecordPage> {
  if (parent.kind === 'entry') {
    return {
      back: (o) => `/log/entries/${parent.id}?${outcomeQuery(o.fileId, o.did)}#files`,
      render: (c, errors, values, status) => renderEntry(c, parent.id, { name: 'file', errors, values }, status),
    };
  }
  const indicatorId = (await parentIndicator(db, parent))!;
  return {
    back: (o) => `/indicators/${indicatorId}?${outcomeQuery(o.fileId, o.did)}#files`,
    render: (c, errors, values, status) => renderIndicator(c, indicatorId, { name: 'file', errors, values }, status),
  };
}

const parentOf = (c: Context<WebEnv>): FileParent => ({ kind: c.req.param('kind') as FileParentKind, id: pathId(c) });

/** A service's refusal as errors beside the form's fields (`file`, `caption`, a removal's `reason`), in the page's language. */
function problemsOf(err: AppError, c: Context<WebEnv>, fieldIds: Record<string, string>, fallback: string): FieldProblem[] {
  const said = err.detailsIn(c.var.language);
  const listed = (Array.isArray(said) ? said : []) as { field?: unknown; message?: unknown }[];
  const problems = listed
    .filter((d) => typeof d.field === 'string' && typeof d.message === 'string')
    .map((d) => ({ field: fieldIds[d.field as string] ?? fallback, message: String(d.message) }));
  return problems.length > 0 ? problems : [{ field: fallback, message: err.messageIn(c.var.language) }];
}

const refusal = (err: unknown): err is AppError & { status: Status } =>
  err instanceof AppError && (err.status === 400 || err.status === 409 || err.status === 413);

/**
 * The upload cap on the multipart post (the file, its caption and the form's token): over it, the record's page
 * again saying so beside the file field, a 413 rather than a bare error. A file just under the cap is the
 * service's to refuse, with its name and size.
 */
const uploadCap: MiddlewareHandler<WebEnv> = (c, next) =>
  bodyLimit({
    maxSize: c.get('deps').config.uploadLimitBytes + FORM_ENVELOPE_BYTES,
    onError: async () => {
      const db = c.get('deps').db;
      const parent = parentOf(c);
      await requireAccess(db, c.var.actor, 'record', { kind: parent.kind, id: parent.id });
      const page = await recordPage(db, parent);
      return page.render(c, [{ field: uploadIds(parent.kind, parent.id).file, message: c.var.t('files.tooLargeBody', { mb: uploadLimitMb(c) }) }], {}, 413);
    },
  })(c, next);

export const filePages = new Hono<WebEnv>()
  .use('/files/*', pageLanguage)
  .use('/files/*', requireSession)
  .get(`/files/:id{${ID}}`, async (c) => {
    // Always an attachment, never sniffed: an upload is shown by whatever opens it, not by this site.
    const { file, bytes } = await readFileContent(c.get('deps').db, store(c), pathId(c), c.var.actor);
    return c.body(bytes as never, 200, fileHeaders(file.mediaType, attachment(file.downloadName)));
  })
  .get(`/files/:id{${ID}}/thumbnail`, async (c) => {
    const bytes = await readThumbnail(c.get('deps').db, pathId(c), c.var.actor);
    return c.body(bytes as never, 200, fileHeaders('image/webp', 'inline'));
  })
  .post(`/files/attach/:kind{${KINDS}}/:id{${ID}}`, uploadCap, async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    const parent = parentOf(c);
    await requireFormToken(c);
    await requireAccess(deps.db, actor, 'record', { kind: parent.kind, id: parent.id });
    const page = await recordPage(deps.db, parent);
    const ids = uploadIds(parent.kind, parent.id);
    const body = await c.req.parseBody();
    // Kept long enough for the service to say a caption is too long.
    const caption = typeof body.caption === 'string' ? body.caption.slice(0, 20_000) : '';
    const file = body.file;
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) {
      return page.render(c, [{ field: ids.file, message: c.var.t('files.fileMissing') }], { caption }, 400);
    }
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const saved = await attachFile(deps.db, store(c), parent, { fileName: file.name || 'upload', bytes, caption }, actor);
      return c.redirect(page.back({ fileId: saved.id, did: saved.duplicate ? 'duplicate' : 'uploaded' }), 303);
    } catch (err) {
      if (!refusal(err)) throw err;
      const errors = problemsOf(err, c, { file: ids.file, fileName: ids.file, caption: ids.caption }, ids.file);
      return page.render(c, errors, { caption }, err.status);
    }
  })
  .post(`/files/:id{${ID}}/remove`, async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    const id = pathId(c);
    await requireFormToken(c);
    // Who may record on the file's record: a leader reads it, another unit does not see it (403 either way).
    const file = await getFile(deps.db, id, actor, 'record');
    const page = await recordPage(deps.db, file.parent);
    const body = await c.req.parseBody();
    const reason = typeof body.reason === 'string' ? body.reason.slice(0, TEXT_MAX.note) : '';
    try {
      await removeFile(deps.db, id, reason, actor);
    } catch (err) {
      if (!refusal(err)) throw err;
      return page.render(c, problemsOf(err, c, { reason: removeId(id) }, removeId(id)), { reason }, err.status);
    }
    return c.redirect(page.back({ fileId: id, did: 'removed' }), 303);
  });
