import type { MessageKey, Translate } from '../../src/i18n/messages.ts';

// The admin screens' own navigation (管理), shown on every /admin page under the header.

export const adminSections = [
  { id: 'import', path: '/admin/import', label: 'adminNav.import' },
  { id: 'bindings', path: '/admin/bindings', label: 'adminNav.bindings' },
  { id: 'channels', path: '/admin/channels', label: 'adminNav.channels' },
  { id: 'probes', path: '/admin/probes', label: 'adminNav.probes' },
  { id: 'robots', path: '/admin/robots', label: 'adminNav.robots' },
  { id: 'jobs', path: '/admin/jobs', label: 'adminNav.jobs' },
  { id: 'users', path: '/admin/users', label: 'adminNav.users' },
  { id: 'tokens', path: '/admin/tokens', label: 'adminNav.tokens' },
  { id: 'audit', path: '/admin/audit', label: 'adminNav.audit' },
] as const satisfies readonly { id: string; path: string; label: MessageKey }[];

export type AdminSection = (typeof adminSections)[number]['id'];

export function AdminNav(p: { t: Translate; active: AdminSection | null }) {
  return (
    <nav class="subnav no-print" aria-label={p.t('nav.admin')}>
      {adminSections.map((s) => (
        <a href={s.path} aria-current={p.active === s.id ? 'page' : undefined}>
          {p.t(s.label)}
        </a>
      ))}
    </nav>
  );
}
