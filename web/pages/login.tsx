import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import { ErrorSummary, Layout } from '../layout.tsx';

export interface LoginPageProps {
  t: Translate;
  language: Language;
  formToken: string;
  next: string;
  username: string;
  error: string | null;
  notice: string | null;
}

/** 登录: one form; on a refusal the name typed stays and the message says what to do. */
export function LoginPage(p: LoginPageProps) {
  const { t } = p;
  const errors = p.error ? [{ field: 'username', message: p.error }] : [];
  return (
    <Layout title={t('login.title')} t={t} language={p.language} formToken={p.formToken} hasErrors={errors.length > 0} path="/login">
      <div class="panel login">
        <h1>{t('login.title')}</h1>
        {p.notice && <p class="notice">{p.notice}</p>}
        <ErrorSummary t={t} errors={errors} />
        <form method="post" action="/login" novalidate>
          <input type="hidden" name="_csrf" value={p.formToken} />
          <input type="hidden" name="next" value={p.next} />
          <div class={`field${p.error ? ' field-error' : ''}`}>
            <label for="username">{t('login.username')}</label>
            {p.error && (
              <span class="error-message" id="username-error">
                {p.error}
              </span>
            )}
            <input
              type="text"
              id="username"
              name="username"
              value={p.username}
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              aria-describedby={p.error ? 'username-error' : undefined}
            />
          </div>
          <div class="field">
            <label for="password">{t('login.password')}</label>
            <input type="password" id="password" name="password" autocomplete="current-password" />
          </div>
          <button type="submit" class="primary">
            {t('login.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
