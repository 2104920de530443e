import type { Child } from 'hono/jsx';
import { may, roleLabels, type Actor } from '../src/auth/actor.ts';
import type { Language } from '../src/format/status-labels.ts';
import { htmlLang, type Translate } from '../src/i18n/messages.ts';

// Every page's frame: a skip link, the header with what this role may open, the language switch and sign
// out (both forms with the CSRF token), then the page. No inline script or style (the CSP forbids them).

export interface LayoutProps {
  title: string;
  t: Translate;
  language: Language;
  /** Absent on the sign-in and error pages shown before signing in. */
  actor?: Actor;
  formToken: string;
  /** Which navigation item is the current page. */
  active?: 'overview' | 'log' | 'admin' | 'review';
  /** The page's title starts with "错误：" when a form came back with errors. */
  hasErrors?: boolean;
  /** Extra scripts (served by us), e.g. the charts. */
  scripts?: string[];
  /** Extra stylesheets (served by us) after app.css, for pages with a layout of their own (the official tables). */
  styles?: string[];
  /** Where the language switch returns to. */
  path: string;
  children?: Child;
}

export function Layout(p: LayoutProps) {
  const { t } = p;
  const title = `${p.hasErrors ? t('error.prefix') : ''}${p.title} - ${t('app.name')}`;
  const other = p.language === 'zh' ? 'en' : 'zh';
  return (
    <html lang={htmlLang[p.language]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {p.styles?.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {p.scripts?.map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {t('app.name')}
          </a>
          {p.actor && (
            <nav aria-label={t('app.name')}>
              <a href="/" aria-current={p.active === 'overview' ? 'page' : undefined}>
                {t('nav.overview')}
              </a>
              {may(p.actor, 'record') && (
                <a href="/log" aria-current={p.active === 'log' ? 'page' : undefined}>
                  {t('nav.log')}
                </a>
              )}
              {may(p.actor, 'review') && (
                <a href="/review" aria-current={p.active === 'review' ? 'page' : undefined}>
                  {t('nav.review')}
                </a>
              )}
              {may(p.actor, 'admin') && (
                <a href="/admin" aria-current={p.active === 'admin' ? 'page' : undefined}>
                  {t('nav.admin')}
                </a>
              )}
            </nav>
          )}
          <div class="account">
            {p.actor && (
              <span class="who">{t('nav.signedInAs', { name: p.actor.name, role: p.language === 'zh' ? roleLabels[p.actor.role] : p.actor.role })}</span>
            )}
            <form method="post" action="/lang" class="inline">
              <input type="hidden" name="_csrf" value={p.formToken} />
              <input type="hidden" name="to" value={other} />
              <input type="hidden" name="next" value={p.path} />
              <button type="submit" class="link" lang={other === 'zh' ? 'zh-CN' : 'en'}>
                {t('nav.language')}
              </button>
            </form>
            {p.actor && (
              <form method="post" action="/logout" class="inline">
                <input type="hidden" name="_csrf" value={p.formToken} />
                <button type="submit" class="link">
                  {t('nav.signOut')}
                </button>
              </form>
            )}
          </div>
        </header>
        <main id="main">{p.children}</main>
      </body>
    </html>
  );
}

/** A form's error summary (GOV.UK style): links to each field, shown at the top. */
export function ErrorSummary(props: { t: Translate; errors: { field: string; message: string }[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{props.t('error.summary')}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
