import type { Actor } from '../../src/auth/actor.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import { Layout } from '../layout.tsx';

/** Friendly 403 / 404 / 500 pages: what happened and where to go; never internal text. */
export function ErrorPage(p: { status: 403 | 404 | 500; t: Translate; language: Language; actor?: Actor; formToken: string; message?: string; time: string }) {
  const { t } = p;
  const title = t(`error.${p.status}.title`);
  return (
    <Layout title={title} t={t} language={p.language} actor={p.actor} formToken={p.formToken} path="/">
      <div class="panel">
        <h1>{title}</h1>
        <p>{p.message ?? t(`error.${p.status}.body`, { time: p.time })}</p>
        <p>
          <a href="/">{t('error.back')}</a>
        </p>
      </div>
    </Layout>
  );
}
