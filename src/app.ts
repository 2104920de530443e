import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { AppError, databaseError, errorBody, said } from './errors.ts';
import { fieldIssueWords, issuesMessage } from './edge/issues.ts';
import { htmlLang, pickLanguage } from './i18n/messages.ts';
import type { MessageKey } from './i18n/messages.ts';
import { fieldLabels } from './evidence/entry-kinds.ts';
import { jsonGuard } from './api/json-guard.ts';
import { bodyTooLargeWords, FORM_ENVELOPE_BYTES } from './files/file-limit.ts';
import { authenticate } from './api/authenticate.ts';
import { allowedHost, sameOrigin, securityHeaders } from './api/web-defences.ts';
import { accessRoutes, signInRoutes } from './api/access.ts';
import { TooManyAttemptsError } from './services/sign-in.ts';
import { createProgressCache, noProgressCache } from './services/progress-cache.ts';
import { createProgressReader } from './services/progress-reader.ts';
import { createCredentialCache, createTokenCache, noTokenCache } from './services/token-cache.ts';
import { type CachedSession, noSessionCache } from './services/web-sessions.ts';
import type { AppDeps, AppEnv, AppServices } from './api/env.ts';
import { healthRoutes } from './api/health.ts';
import { readyRoutes } from './api/ready.ts';
import { requestLog } from './api/request-log.ts';
import { importRoutes } from './api/imports.ts';
import { projectRoutes } from './api/projects.ts';
import { unitRoutes } from './api/units.ts';
import { entryRoutes } from './api/entries.ts';
import { channelRoutes } from './api/channels.ts';
import { indicatorRoutes } from './api/indicators.ts';
import { monitoringNoteRoutes } from './api/monitoring-notes.ts';
import { fileRoutes } from './api/files.ts';
import { progressRoutes, settingsRoutes } from './api/progress.ts';
import { jobRoutes } from './api/jobs.ts';
import { reportRoutes } from './api/reports.ts';
import { reviewRoutes } from './api/reviews.ts';
import { staticRoutes } from '../web/static-files.ts';
import { webRoutes } from '../web/routes.tsx';
import { isPagePath, pageError } from '../web/page-errors.tsx';

export type { AppDeps } from './api/env.ts';

/** Builds the HTTP app from its dependencies; nothing module-level, so tests and processes each get their own. */
export function createApp(input: AppDeps) {
  // Caches live in the services and are told what changed (docs/design.md "Caches and invalidation").
  const progressCache = input.progressCache ?? (input.feed ? createProgressCache(input.feed) : noProgressCache);
  const deps: AppDeps & AppServices = {
    ...input,
    progress: createProgressReader(input.db, input.config.evaluation, progressCache),
    tokens: input.feed ? createTokenCache(input.feed) : noTokenCache,
    sessions: input.feed ? createCredentialCache<CachedSession>(input.feed) : noSessionCache,
  };
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const lines = fieldIssueWords(result.error.issues, fieldLabels);
        const where = targetName[result.target] ?? 'err.http.params';
        return answer(c, new AppError(400, 'invalid_request', issuesMessage(said(where), lines), lines));
      }
    },
  });

  // First: the request's id, its deps (whose logger writes the id), X-Request-Id on every answer, the access line.
  app.use('*', requestLog(deps, deps.config.accessLog));
  app.use('*', securityHeaders(deps.config));
  app.use('*', allowedHost);
  // A state change from a foreign origin is refused, for the API and the pages' forms alike.
  app.use('*', sameOrigin);
  const tooLarge = (c: Context) => answer(c, new AppError(413, 'payload_too_large', bodyTooLargeWords(deps.config.uploadLimitBytes)));
  const limitBody = bodyLimit({ maxSize: deps.config.uploadLimitBytes, onError: tooLarge });
  // A multipart form's envelope is not the file: readUpload holds the file itself to the limit.
  const limitForm = bodyLimit({ maxSize: deps.config.uploadLimitBytes + FORM_ENVELOPE_BYTES, onError: tooLarge });
  // A GET or HEAD has no body to limit, and asking for one (`c.req.raw.body`) makes @hono/node-server build a
  // full Request per read: ~0.1 ms of CPU on every cached progress read (docs/benchmarks.md).
  app.use('/api/*', (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const multipart = (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
    return multipart ? limitForm(c, next) : limitBody(c, next);
  });

  // Every API route needs a credential but signing in for one (docs/design.md "Access").
  app.use('/api/*', (c, next) => (c.req.path === SIGN_IN_PATH ? next() : authenticate(c, next)));
  app.use('/api/*', jsonGuard);

  app.route('/', healthRoutes);
  app.route('/', readyRoutes);
  app.route('/', signInRoutes);
  app.route('/', accessRoutes);
  app.route('/', unitRoutes);
  app.route('/', projectRoutes);
  app.route('/', importRoutes);
  app.route('/', entryRoutes);
  app.route('/', channelRoutes);
  app.route('/', indicatorRoutes);
  app.route('/', monitoringNoteRoutes);
  app.route('/', fileRoutes);
  app.route('/', progressRoutes);
  app.route('/', settingsRoutes);
  app.route('/', jobRoutes);
  app.route('/', reportRoutes);
  app.route('/', reviewRoutes);
  app.route('/', staticRoutes);
  app.route('/', webRoutes());

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'jixiao API', version: '0.1.0', description: '绩效目标跟踪：单位、项目、绩效指标与目标表导入' },
  });

  app.notFound((c) =>
    isPagePath(c.req.path)
      ? pageError(c, 404)
      : answer(c, new AppError(404, 'not_found', said('err.http.noRoute', { method: c.req.method, path: c.req.path }))),
  );
  app.onError((err, c) => {
    // The request's logger: its lines carry the request id (src/api/request-log.ts).
    const logger = (c.get('deps') ?? deps).logger;
    // A page answers with a page: what happened and where to go, never internal text.
    if (isPagePath(c.req.path)) {
      if (err instanceof AppError && (err.status === 403 || err.status === 404)) return pageError(c, err.status, err.code === 'csrf' ? err.message : undefined);
      // Any other refusal keeps its status and says why in the reader's language (a file missing from FILES_DIR, a conflict).
      if (err instanceof AppError && err.status !== 401) {
        const language = pickLanguage(getCookie(c, 'lang'), c.req.header('accept-language'));
        return pageError(c, err.status, err.said ? err.said.in(language) : err.message);
      }
      if (!(err instanceof AppError))
        logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: String(err), stack: (err as Error)?.stack });
      return pageError(c, err instanceof AppError && err.status === 401 ? 403 : 500);
    }
    if (err instanceof AppError) {
      // A throttled caller is told when to come back, in the header as well as the body.
      if (err instanceof TooManyAttemptsError) c.header('Retry-After', String(err.retryAfterSeconds));
      return answer(c, err);
    }
    if (err instanceof HTTPException) {
      const key = httpMessages[err.status] ?? 'err.http.invalid';
      const status = err.status === 413 || err.status === 415 ? err.status : 400;
      return answer(c, new AppError(status, err.status === 415 ? 'unsupported_media_type' : 'invalid_request', said(key)), err.status);
    }
    // A database refusal is the caller's 4xx naming the field; its own text goes to the log only.
    const refused = databaseError(err);
    if (refused) {
      logger.warn('database refused a request', { method: c.req.method, path: c.req.path, reason: refused.reason });
      return answer(c, refused);
    }
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: String(err), stack: (err as Error)?.stack });
    const language = languageOf(c);
    c.header('Content-Language', htmlLang[language]);
    return c.json(errorBody('internal_error', said('err.http.internal').in(language)), 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

const SIGN_IN_PATH = '/api/auth/token';

const targetName: Record<string, MessageKey> = {
  query: 'err.http.queryParams',
  param: 'err.http.pathParams',
  header: 'err.http.headerParams',
  cookie: 'err.http.cookieParams',
};

/** Hono's own refusals (a body that is not JSON, a content type the route does not take). */
const httpMessages: Record<number, MessageKey> = {
  400: 'err.http.badJson',
  413: 'err.http.tooLarge',
  415: 'err.http.mediaType',
};

/** The caller's language: the `lang` cookie, else Accept-Language, else Chinese (docs/design.md "Languages"). */
function languageOf(c: Context): 'zh' | 'en' {
  return pickLanguage(getCookie(c, 'lang'), c.req.header('accept-language'));
}

/** An API error in the caller's language, saying which language it is in. */
function answer(c: Context, err: AppError, status: number = err.status) {
  const language = languageOf(c);
  c.header('Content-Language', htmlLang[language]);
  return c.json(errorBody(err.code, err.messageIn(language), err.detailsIn(language)), status as AppError['status']);
}
