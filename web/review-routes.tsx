import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../src/errors.ts';
import { requireAccess } from '../src/services/access.ts';
import { reviewSelfEvaluation } from '../src/services/selfeval-review.ts';
import type { ReviewReport } from '../src/review/types.ts';
import type { FieldProblem } from './components/fields.tsx';
import type { WebEnv } from './env.ts';
import { uploadLimitMb } from './form-input.ts';
import { ReviewPage } from './pages/review.tsx';
import { requireFormToken } from './session.ts';

// 自评复核 at /review (docs/design.md "Self-evaluation review"): admins and leaders upload a filled table and see
// the review at once. Nothing is stored, so the post answers with the result instead of redirecting; the form
// carries the CSRF token like every other.

function render(c: Context<WebEnv>, errors: FieldProblem[], report: ReviewReport | null, status: 200 | 400 | 413 | 415 | 422 = 200) {
  return c.html(
    <ReviewPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      uploadLimitMb={uploadLimitMb(c)}
      errors={errors}
      report={report}
    />,
    status,
  );
}

export const reviewPages = new Hono<WebEnv>()
  .get('/review', async (c) => {
    await requireAccess(c.get('deps').db, c.var.actor, 'review');
    return render(c, [], null);
  })
  .post(
    '/review',
    (c, next) =>
      bodyLimit({
        maxSize: c.get('deps').config.uploadLimitBytes,
        onError: async (c2) => {
          const ctx = c2 as unknown as Context<WebEnv>;
          await requireAccess(ctx.get('deps').db, ctx.var.actor, 'review');
          return render(ctx, [{ field: 'file', message: ctx.var.t('review.fileTooLarge', { mb: uploadLimitMb(ctx) }) }], null, 413);
        },
      })(c, next),
    async (c) => {
      const deps = c.get('deps');
      await requireFormToken(c);
      await requireAccess(deps.db, c.var.actor, 'review');
      const t = c.var.t;
      const body = await c.req.parseBody();
      const file = body.file;
      if (!(file instanceof File) || (file.size === 0 && file.name === '')) return render(c, [{ field: 'file', message: t('review.fileMissing') }], null, 400);
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes.length === 0) return render(c, [{ field: 'file', message: t('review.fileEmpty') }], null, 400);
      try {
        const report = await reviewSelfEvaluation({ fileName: (file.name || 'upload').slice(0, 200), bytes }, deps.config.evaluation);
        return render(c, [], report);
      } catch (err) {
        // A file that is not a readable table is the person's to fix: said beside the field, in their language.
        if (err instanceof AppError && (err.status === 415 || err.status === 422)) {
          return render(c, [{ field: 'file', message: err.messageIn(c.var.language) }], null, err.status);
        }
        throw err;
      }
    },
  );
