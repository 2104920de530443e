import type { Actor } from '../../src/auth/actor.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import { Layout } from '../layout.tsx';

/** Friendly error pages: what happened and where to go; never internal text. */
export function ErrorPage(p: { status: number; t: Translate; language: Language; actor?: Actor; formToken: string; message?: string; time: string }) {
  const { t } = p;
  // 403, 404 and 500 have words of their own; any other refusal is "could not be done" with the service's reason.
  const kind = p.status === 403 || p.status === 404 || p.status === 500 ? p.status : 'other';
  const title = t(`error.${kind}.title`);
  return (
    <Layout title={title} t={t} language={p.language} actor={p.actor} formToken={p.formToken} path="/">
      <div class="panel">
        <h1>{title}</h1>
        <p>{p.message ?? t(`error.${kind}.body`, { time: p.time })}</p>
        <p>
          <a href="/">{t('error.back')}</a>
        </p>
      </div>
    </Layout>
  );
}
