import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { clientAddress } from '../src/api/client-address.ts';
import { AppError } from '../src/errors.ts';
import { pickLanguage, translator } from '../src/i18n/messages.ts';
import { csrfMatches, readSession } from '../src/services/web-sessions.ts';
import type { WebEnv } from './env.ts';

// Who is looking at a page (docs/design.md "Access"): the session cookie, checked on every request. Forms
// carry a CSRF token — the session's, or before signing in a random one also held in a cookie — as well as
// passing the Origin check every state change gets.

export const SESSION_COOKIE = 'jx_session';
const PRE_COOKIE = 'jx_form';
const LANG_COOKIE = 'lang';

const secure = (c: Context<WebEnv>) => c.get('deps').config.appUrl?.startsWith('https:') ?? false;

export function setSessionCookie(c: Context<WebEnv>, id: string): void {
  setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secure(c) });
}

export function clearSessionCookie(c: Context<WebEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
}

export function setLanguageCookie(c: Context<WebEnv>, language: string): void {
  setCookie(c, LANG_COOKIE, language, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secure(c), maxAge: 365 * 86_400 });
}

/** Language and its translator for every page, signed in or not. */
export const pageLanguage: MiddlewareHandler<WebEnv> = async (c, next) => {
  const language = pickLanguage(getCookie(c, LANG_COOKIE), c.req.header('accept-language'));
  c.set('language', language);
  c.set('t', translator(language));
  await next();
};

/** A signed-in session, or a redirect to the sign-in page that comes back here afterwards. */
export const requireSession: MiddlewareHandler<WebEnv> = async (c, next) => {
  const deps = c.get('deps');
  const session = await readSession(deps.db, getCookie(c, SESSION_COOKIE), clientAddress(c), deps.now(), deps.config.session, deps.sessions);
  if (!session) {
    clearSessionCookie(c);
    const back = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search ?? '') : '/';
    return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  }
  c.set('session', session);
  c.set('actor', session.actor);
  c.set('formToken', session.csrf);
  await next();
};

/** Before signing in there is no session: a random token in a cookie and in the form must agree. */
export const anonymousFormToken: MiddlewareHandler<WebEnv> = async (c, next) => {
  let token = getCookie(c, PRE_COOKIE);
  if (!token || !/^[\w-]{22}$/.test(token)) {
    token = randomBytes(16).toString('base64url');
    setCookie(c, PRE_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secure(c) });
  }
  c.set('formToken', token);
  await next();
};

/** The `_csrf` of a submitted form, checked against the session's (or the anonymous cookie's) token. */
export async function formTokenValid(c: Context<WebEnv>): Promise<boolean> {
  const body = await c.req.parseBody();
  const sent = body._csrf;
  const session = c.var.session as WebEnv['Variables']['session'] | undefined;
  if (session) return csrfMatches(session, sent);
  const expected = c.var.formToken;
  if (typeof sent !== 'string' || !expected || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** A state change's form token, checked before anything else the post does; a 403 page when it is wrong. */
export async function requireFormToken(c: Context<WebEnv>): Promise<void> {
  if (!(await formTokenValid(c))) throw new AppError(403, 'csrf', c.var.t('error.csrf'));
}
