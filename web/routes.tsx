import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { clientAddress } from '../src/api/client-address.ts';
import { shanghaiDate } from '../src/clock.ts';
import { AppError } from '../src/errors.ts';
import { requireAccess } from '../src/services/access.ts';
import { overview } from '../src/services/overview.ts';
import { indicatorFacts } from '../src/services/indicator-facts.ts';
import { loadIndicatorContext } from '../src/services/indicator-series.ts';
import { addAssessment, addManualValue, confirmIndicator } from '../src/services/indicator-values.ts';
import { toIndicatorDto } from '../src/services/projects.ts';
import { readingDay } from '../src/evaluation/index.ts';
import { indicatorChart, projectCharts } from '../src/services/project-charts.ts';
import { endSession, startSession } from '../src/services/web-sessions.ts';
import { TooManyAttemptsError } from '../src/services/sign-in.ts';
import { getCookie } from 'hono/cookie';
import type { WebEnv } from './env.ts';
import { type FieldProblem, IndicatorPage, type IndicatorPageProps } from './pages/indicator.tsx';
import { LoginPage } from './pages/login.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { ProjectPage } from './pages/project.tsx';
import {
  anonymousFormToken,
  clearSessionCookie,
  formTokenValid,
  pageLanguage,
  requireSession,
  SESSION_COOKIE,
  setLanguageCookie,
  setSessionCookie,
} from './session.ts';

// The pages (docs/design.md "Display", "Access"): thin adapters that read a session, call the services and
// render. A GET never changes anything; every form posts its CSRF token.

/** Only a local path may be returned to after signing in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}

const idParam = z.coerce.number().int().positive();

const signIn = new Hono<WebEnv>()
  .use('/login', anonymousFormToken)
  .get('/login', (c) => {
    const t = c.var.t;
    const expired = c.req.query('expired') === '1';
    return c.html(
      <LoginPage
        t={t}
        language={c.var.language}
        formToken={c.var.formToken}
        next={safeNext(c.req.query('next'))}
        username=""
        error={null}
        notice={expired ? t('login.expired') : null}
      />,
    );
  })
  .post('/login', async (c) => {
    const t = c.var.t;
    const deps = c.get('deps');
    if (!(await formTokenValid(c))) throw new AppError(403, 'csrf', t('error.csrf'));
    const body = await c.req.parseBody();
    const username = typeof body.username === 'string' ? body.username.trim().slice(0, 100) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const again = (status: 400 | 401 | 429, error: string) =>
      c.html(<LoginPage t={t} language={c.var.language} formToken={c.var.formToken} next={next} username={username} error={error} notice={null} />, status);
    if (username === '' || password === '') return again(400, t('login.missing'));
    try {
      const session = await startSession(deps.db, username, password, clientAddress(c), deps.now());
      setSessionCookie(c, session.id);
      return c.redirect(next, 303);
    } catch (err) {
      if (err instanceof TooManyAttemptsError) return again(429, err.message);
      if (err instanceof AppError && err.status === 401) return again(401, t('login.refused'));
      throw err;
    }
  })
  .post('/lang', async (c, next) => {
    // Signed in or not, the switch is a form with a token: the session's when there is one.
    if (getCookie(c, SESSION_COOKIE)) return requireSession(c, next);
    return anonymousFormToken(c, next);
  })
  .post('/lang', async (c) => {
    if (!(await formTokenValid(c))) throw new AppError(403, 'csrf', c.var.t('error.csrf'));
    const body = await c.req.parseBody();
    setLanguageCookie(c, body.to === 'en' ? 'en' : 'zh');
    return c.redirect(safeNext(body.next), 303);
  });

const signedIn = new Hono<WebEnv>()
  .post('/logout', async (c) => {
    if (!(await formTokenValid(c))) throw new AppError(403, 'csrf', c.var.t('error.csrf'));
    await endSession(c.get('deps').db, getCookie(c, SESSION_COOKIE));
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  })
  .get('/', async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    await requireAccess(deps.db, actor, 'read');
    const year = z.coerce
      .number()
      .int()
      .min(2000)
      .max(2100)
      .optional()
      .safeParse(c.req.query('year') || undefined);
    const unit = idParam.optional().safeParse(c.req.query('unit') || undefined);
    const today = shanghaiDate(deps.now());
    const data = await overview(deps.db, deps.progress, actor, {
      year: year.success ? year.data : undefined,
      unitId: unit.success ? (unit.data ?? null) : null,
      today,
    });
    return c.html(<OverviewPage t={c.var.t} language={c.var.language} actor={actor} formToken={c.var.formToken} data={data} today={today} path="/" />);
  })
  .get('/projects/:id', async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError(404, 'not_found', '');
    await requireAccess(deps.db, actor, 'read', { kind: 'project', id: id.data });
    const asOf = z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .safeParse(c.req.query('asOf') || undefined);
    const today = shanghaiDate(deps.now());
    const { report } = await deps.progress.project(id.data, { asOf: asOf.success ? asOf.data : undefined, today });
    const progress = report.projects[0]!;
    const charts = await projectCharts(deps.db, progress, today, c.var.language);
    return c.html(
      <ProjectPage
        t={c.var.t}
        language={c.var.language}
        actor={actor}
        formToken={c.var.formToken}
        progress={progress}
        charts={charts}
        path={`/projects/${id.data}`}
      />,
    );
  });

/** Paths of the pages that need a session; everything else (the API, /healthz, /static) is not the pages'. */
/** Everything the indicator page shows; `form` is a form that came back with errors (values kept). */
async function renderIndicator(c: Context<WebEnv>, id: number, form: IndicatorPageProps['form'], status: 200 | 400 | 409 = 200) {
  const deps = c.get('deps');
  const today = shanghaiDate(deps.now());
  const { project, indicator } = await loadIndicatorContext(deps.db, id);
  const { report } = await deps.progress.project(project.id, { today });
  const progress = report.projects[0]!;
  const item = progress.indicators.find((i) => i.id === id);
  if (!item) throw new AppError(404, 'not_found', '');
  const dto = toIndicatorDto(indicator);
  const cumulative = item.measure && item.measure.type !== 'manual' && item.target.kind === 'quantitative';
  const chart = cumulative ? await indicatorChart(deps.db, item, readingDay(progress.period, today) ?? progress.period.start, today, c.var.language) : null;
  const facts = await indicatorFacts(deps.db, id, { asOf: progress.asOf, limit: 100, offset: 0 });
  return c.html(
    <IndicatorPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      projectId={project.id}
      projectName={project.name}
      indicator={item}
      needsConfirm={dto.needsReview && dto.confirmed === null}
      chart={chart}
      facts={facts}
      today={today}
      form={form}
      saved={c.req.query('saved') === '1'}
    />,
    status,
  );
}

/** A service's refusal of a form, as field errors beside the fields; anything else is not the form's. */
function formProblems(err: unknown): FieldProblem[] | null {
  if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) return null;
  const details = Array.isArray(err.details) ? (err.details as { field?: unknown; message?: unknown }[]) : [];
  const fields = details
    .filter((d) => typeof d.field === 'string' && typeof d.message === 'string')
    .map((d) => ({ field: String(d.field), message: String(d.message) }));
  const field = (err.details as { field?: unknown } | null)?.field;
  if (fields.length > 0) return fields;
  return [{ field: typeof field === 'string' ? field : 'value', message: err.message }];
}

const textFields = (body: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, typeof body[n] === 'string' ? (body[n] as string).slice(0, 2000) : ''])) as Record<string, string>;

/** A number as typed (full-width digits and thousands separators allowed); the service judges the rest. */
const typedNumber = (v: string): number | string => {
  const folded = v.replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, '');
  return folded !== '' && Number.isFinite(Number(folded)) ? Number(folded) : v;
};

const indicatorPages = new Hono<WebEnv>()
  .get('/indicators/:id', async (c) => {
    const deps = c.get('deps');
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError(404, 'not_found', '');
    await requireAccess(deps.db, c.var.actor, 'read', { kind: 'indicator', id: id.data });
    return renderIndicator(c, id.data, { name: null, errors: [], values: {} });
  })
  .post('/indicators/:id/:action{values|assessments|confirm}', async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError(404, 'not_found', '');
    if (!(await formTokenValid(c))) throw new AppError(403, 'csrf', c.var.t('error.csrf'));
    const action = c.req.param('action');
    await requireAccess(deps.db, actor, action === 'confirm' ? 'admin' : 'record', { kind: 'indicator', id: id.data });
    const body = await c.req.parseBody();
    const typed = textFields(body, ['value', 'tier', 'score', 'asOf', 'note']);
    const form = action === 'assessments' ? 'assessment' : 'value';
    try {
      if (action === 'confirm') await confirmIndicator(deps.db, id.data, actor);
      else if (action === 'values')
        await addManualValue(
          deps.db,
          id.data,
          { value: typedNumber(typed.value!) as number, asOf: typed.asOf!, note: typed.note || undefined },
          { author: actor.name, source: 'web', actor },
        );
      else
        await addAssessment(
          deps.db,
          id.data,
          { tier: typed.tier!, score: typedNumber(typed.score!) as number, asOf: typed.asOf!, note: typed.note || undefined },
          { author: actor.name, actor },
        );
    } catch (err) {
      const problems = formProblems(err);
      if (!problems) throw err;
      return renderIndicator(c, id.data, { name: form, errors: problems, values: typed }, 400);
    }
    // Post/redirect/get: a reload does not submit twice.
    return c.redirect(`/indicators/${id.data}?saved=1`, 303);
  });

export const PAGE_PATHS = ['/', '/logout', '/projects/*', '/indicators/*', '/log', '/log/*', '/admin', '/admin/*'];

export function webRoutes(): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  for (const path of ['/login', '/lang', ...PAGE_PATHS]) web.use(path, pageLanguage);
  for (const path of PAGE_PATHS) web.use(path, requireSession);
  return web.route('/', signIn).route('/', signedIn).route('/', indicatorPages);
}
