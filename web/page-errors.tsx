import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { pickLanguage, translator } from '../src/i18n/messages.ts';
import type { AppEnv } from '../src/api/env.ts';
import { ErrorPage } from './pages/error-page.tsx';

// Errors as pages for anything that is not the API (whose errors stay JSON): 403, 404, 500, and any other 4xx
// a service refused with, shown with the service's own words (a catalogue message, never internal text).

export function isPagePath(path: string): boolean {
  return !(path === '/api' || path.startsWith('/api/') || path === '/healthz' || path === '/readyz' || path.startsWith('/static/'));
}

export type PageErrorStatus = 400 | 403 | 404 | 409 | 413 | 415 | 421 | 422 | 429 | 500 | 503;

export function pageError(c: Context<AppEnv>, status: PageErrorStatus, message?: string) {
  const language = pickLanguage(getCookie(c, 'lang'), c.req.header('accept-language'));
  const vars = c.var as Partial<{ actor: AppEnv['Variables']['actor']; formToken: string }>;
  const time = new Date().toISOString().replace('T', ' ').slice(0, 19);
  return c.html(
    <ErrorPage
      status={status}
      t={translator(language)}
      language={language}
      actor={vars.actor}
      formToken={vars.formToken ?? ''}
      message={message}
      time={`${time} UTC`}
    />,
    status,
  );
}
