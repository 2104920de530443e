import { pathId } from './form-input.ts';
import { requireFormToken } from './session.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import { clientAddress } from '../src/api/client-address.ts';
import { shanghaiDate } from '../src/clock.ts';
import { AppError } from '../src/errors.ts';
import { requireAccess } from '../src/services/access.ts';
import { latestNotes } from '../src/services/monitoring-notes.ts';
import { overview } from '../src/services/overview.ts';
import { projectCharts } from '../src/services/project-charts.ts';
import { measureCoverage } from '../src/measures/coverage.ts';
import { coverageLine } from '../src/format/coverage-text.ts';
import { endSession, startSession } from '../src/services/web-sessions.ts';
import { TooManyAttemptsError } from '../src/services/sign-in.ts';
import { getCookie } from 'hono/cookie';
import type { WebEnv } from './env.ts';
import { indicatorPages } from './indicator-routes.tsx';
import { logPages } from './log-routes.tsx';
import { adminPages } from './admin-routes.tsx';
import { importPages } from './import-routes.tsx';
import { reportPages } from './report-routes.tsx';
import { reviewPages } from './review-routes.tsx';
import { filePages } from './file-routes.tsx';
import { LoginPage } from './pages/login.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { ProjectBody, ProjectHead, ProjectPage } from './pages/project.tsx';
import { anonymousFormToken, clearSessionCookie, pageLanguage, requireSession, SESSION_COOKIE, setLanguageCookie, setSessionCookie } from './session.ts';

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
    await requireFormToken(c);
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
    await requireFormToken(c);
    const body = await c.req.parseBody();
    setLanguageCookie(c, body.to === 'en' ? 'en' : 'zh');
    return c.redirect(safeNext(body.next), 303);
  });

const signedIn = new Hono<WebEnv>()
  .post('/logout', async (c) => {
    await requireFormToken(c);
    await endSession(c.get('deps').db, getCookie(c, SESSION_COOKIE), c.get('deps').sessions);
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
    const id = pathId(c);
    await requireAccess(deps.db, actor, 'read', { kind: 'project', id });
    const asOf = z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .safeParse(c.req.query('asOf') || undefined);
    const today = shanghaiDate(deps.now());
    const { report } = await deps.progress.project(id, { asOf: asOf.success ? asOf.data : undefined, today });
    const progress = report.projects[0]!;
    // The body (charts, each indicator's current monitoring note, the measure coverage and all) is the same for
    // everyone who may see the project, and changes only with its facts, notes, indicators and bindings (each
    // names its project, migrations 0004 and 0013): rendered once per answer and language, kept beside it,
    // dropped with it. Only the admin's link to the bindings is added per view.
    const language = c.var.language;
    const body = await deps.progress.derived(id, `page|${progress.asOf}|${today}|${language}`, async () => {
      const charts = await projectCharts(deps.db, progress, today, language);
      const notes = await latestNotes(
        deps.db,
        progress.indicators.map((i) => i.id),
      );
      // The progress answer already carries each indicator's measure, target kind and applicability.
      const measured = progress.indicators.map((i) => ({ spec: i.measure, targetKind: i.target.kind, applicable: i.applicable }));
      const coverage = coverageLine(measureCoverage(measured), language);
      const props = { t: c.var.t, language, progress, charts, notes };
      return {
        head: String(await (<ProjectHead {...props} />).toString()),
        main: String(await (<ProjectBody {...props} />).toString()),
        coverage,
      };
    });
    return c.html(
      <ProjectPage
        t={c.var.t}
        language={language}
        actor={actor}
        formToken={c.var.formToken}
        title={progress.name}
        projectId={id}
        body={body}
        path={`/projects/${id}`}
      />,
    );
  });

export const PAGE_PATHS = ['/', '/logout', '/projects/*', '/units/*', '/indicators/*', '/log', '/log/*', '/admin', '/admin/*', '/review'];

export function webRoutes(): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  for (const path of ['/login', '/lang', ...PAGE_PATHS]) web.use(path, pageLanguage);
  for (const path of PAGE_PATHS) web.use(path, requireSession);
  return web
    .route('/', signIn)
    .route('/', signedIn)
    .route('/', indicatorPages)
    .route('/', logPages)
    .route('/', adminPages)
    .route('/', importPages)
    .route('/', reportPages)
    .route('/', reviewPages)
    .route('/', filePages);
}
