import type { Child } from 'hono/jsx';
import type { Actor } from '../../src/auth/actor.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { MessageKey, Translate } from '../../src/i18n/messages.ts';
import { AdminNav, type AdminSection } from '../components/admin-nav.tsx';
import { type FieldProblem, FormToken } from '../components/fields.tsx';
import { ErrorSummary, Layout } from '../layout.tsx';

// 管理: the frame every admin screen shares (header, 管理 sub-navigation, title, error summary), the admin
// home, and the page that shows a new secret (a token or a generated password) exactly once.

/** What every admin page gets from its route. */
export interface AdminBase {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
}

/** A form that came back with errors: which one, the errors beside its fields, and what was typed (kept). */
export interface FormState {
  name: string | null;
  errors: FieldProblem[];
  values: Record<string, string>;
}

export const noForm: FormState = { name: null, errors: [], values: {} };

/** The errors of `name` when that form came back, else none. */
export const errorsOf = (form: FormState, name: string) => (form.name === name ? form.errors : []);

/** What was typed into `name`'s field, or the default. */
export const keptOf =
  (form: FormState, name: string) =>
  (field: string, fallback = '') =>
    form.name === name ? (form.values[field] ?? fallback) : fallback;

export function AdminFrame(p: { base: AdminBase; section: AdminSection | null; title: string; path: string; errors?: FieldProblem[]; children?: Child }) {
  const { t } = p.base;
  const errors = p.errors ?? [];
  return (
    <Layout
      title={p.title}
      t={t}
      language={p.base.language}
      actor={p.base.actor}
      formToken={p.base.formToken}
      active="admin"
      hasErrors={errors.length > 0}
      path={p.path}
    >
      <AdminNav t={t} active={p.section} />
      <div class="admin-page">
        <h1>{p.title}</h1>
        <ErrorSummary t={t} errors={errors} />
        {p.children}
      </div>
    </Layout>
  );
}

/** The hidden CSRF field: FormToken, re-exported to keep the admin pages' imports short. */
export const Csrf = FormToken;

/** A short line saying what was just done (after a redirect). */
export function Notice(p: { text: string | null }) {
  return p.text ? (
    <p class="notice" role="status">
      {p.text}
    </p>
  ) : null;
}

/** An empty list: what it is and what to do next. */
export function Empty(p: { text: string; next: string }) {
  return (
    <div class="panel admin-empty">
      <p>{p.text}</p>
      <p class="muted">{p.next}</p>
    </div>
  );
}

export interface AdminHomeCounts {
  projects: number;
  channels: number;
  probes: number;
  robots: number;
  jobs: number;
  failingJobs: number;
  activeUsers: number;
  activeTokens: number;
  auditRows: number;
}

/** 管理 home: one card per screen, the import first, each with a short count. */
export function AdminHomePage(p: AdminBase & { counts: AdminHomeCounts }) {
  const { t, counts: n } = p;
  const cards: { href: string; title: MessageKey; line: string; alert?: boolean }[] = [
    { href: '/admin/import', title: 'adminNav.import', line: t('admin.home.import', { n: n.projects }) },
    { href: '/admin/bindings', title: 'adminNav.bindings', line: t('admin.home.bindings') },
    { href: '/admin/channels', title: 'adminNav.channels', line: t('admin.home.count', { n: n.channels }) },
    { href: '/admin/probes', title: 'adminNav.probes', line: t('admin.home.count', { n: n.probes }) },
    { href: '/admin/robots', title: 'adminNav.robots', line: t('admin.home.count', { n: n.robots }) },
    {
      href: '/admin/jobs',
      title: 'adminNav.jobs',
      line: n.failingJobs > 0 ? t('admin.home.failingJobs', { n: n.failingJobs, total: n.jobs }) : t('admin.home.jobs', { n: n.jobs }),
      alert: n.failingJobs > 0,
    },
    { href: '/admin/users', title: 'adminNav.users', line: t('admin.home.users', { n: n.activeUsers }) },
    { href: '/admin/tokens', title: 'adminNav.tokens', line: t('admin.home.tokens', { n: n.activeTokens }) },
    { href: '/admin/audit', title: 'adminNav.audit', line: t('admin.home.audit', { n: n.auditRows }) },
  ];
  return (
    <AdminFrame base={p} section={null} title={t('admin.home.title')} path="/admin">
      <ul class="cards admin-cards">
        {cards.map((c) => (
          <li class="card">
            <h2>
              <a href={c.href}>{t(c.title)}</a>
            </h2>
            <p class={c.alert ? 'admin-alert num' : 'muted num'}>{c.line}</p>
          </li>
        ))}
      </ul>
    </AdminFrame>
  );
}

/**
 * A new secret (an API token or a generated password), shown on the answer to the post that made it and
 * nowhere else: it is stored only as a hash, so it cannot be shown again.
 */
export function SecretOncePage(p: AdminBase & { section: AdminSection; title: string; lead: string; label: string; secret: string; back: string }) {
  const { t } = p;
  return (
    <AdminFrame base={p} section={p.section} title={p.title} path={p.back}>
      <div class="panel admin-secret">
        <p>{p.lead}</p>
        <p class="warning-box">{t('admin.secret.once')}</p>
        <label for="secret">{p.label}</label>
        <input type="text" id="secret" readonly value={p.secret} class="admin-secret-value" autocomplete="off" spellcheck={false} />
      </div>
      <p>
        <a href={p.back} class="button">
          {t('admin.secret.done')}
        </a>
      </p>
    </AdminFrame>
  );
}
