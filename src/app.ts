import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { AppError, errorBody } from './errors.ts';
import { createProgressCache } from './services/progress-cache.ts';
import type { AppDeps, AppEnv } from './api/env.ts';
import { healthRoutes } from './api/health.ts';
import { importRoutes } from './api/imports.ts';
import { projectRoutes } from './api/projects.ts';
import { unitRoutes } from './api/units.ts';
import { entryRoutes } from './api/entries.ts';
import { channelRoutes } from './api/channels.ts';
import { indicatorRoutes } from './api/indicators.ts';
import { progressRoutes, settingsRoutes } from './api/progress.ts';
import { jobRoutes } from './api/jobs.ts';

export type { AppDeps } from './api/env.ts';

/** Builds the HTTP app from its dependencies; nothing module-level, so tests and processes each get their own. */
export function createApp(input: AppDeps) {
  const deps: AppDeps = { ...input, progressCache: input.progressCache ?? createProgressCache(2000, { freshMs: input.config.progressFreshMs }) };
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const details = result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
        const fields = details.map((d) => d.field || '(body)').join(', ');
        return c.json(errorBody('invalid_request', `参数无效：${fields}`, details), 400);
      }
    },
  });

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.uploadLimitBytes,
      onError: (c) =>
        c.json(errorBody('payload_too_large', `上传内容超过 ${Math.round(deps.config.uploadLimitBytes / 1048576)} MB 上限`), 413),
    }),
  );

  app.route('/', healthRoutes);
  app.route('/', unitRoutes);
  app.route('/', projectRoutes);
  app.route('/', importRoutes);
  app.route('/', entryRoutes);
  app.route('/', channelRoutes);
  app.route('/', indicatorRoutes);
  app.route('/', progressRoutes);
  app.route('/', settingsRoutes);
  app.route('/', jobRoutes);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'jixiao API', version: '0.1.0', description: '绩效目标跟踪：单位、项目、绩效指标与目标表导入' },
  });

  app.notFound((c) => c.json(errorBody('not_found', `没有这个地址：${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err.code, err.message, err.details), err.status);
    if (err instanceof HTTPException) {
      return c.json(errorBody('http_error', err.message || '请求无效'), err.status);
    }
    deps.logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: String(err), stack: (err as Error)?.stack });
    return c.json(errorBody('internal_error', '服务器内部错误'), 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
