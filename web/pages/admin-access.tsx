import { shanghaiMinute } from '../../src/clock.ts';
import { roleLabels, roles, type Role } from '../../src/auth/actor.ts';
import type { TokenDto } from '../../src/services/api-tokens.ts';
import type { UserDto } from '../../src/services/users.ts';
import { Field } from '../components/fields.tsx';
import { AdminFrame, type AdminBase, Csrf, Empty, errorsOf, type FormState, keptOf, Notice } from './admin.tsx';

// 用户 · 接口令牌 · 操作日志 (docs/design.md "Access"): accounts (add, disable, reset password), tokens (create,
// revoke) and the audit log with its filters. A new password or token is shown once, by SecretOncePage.

const roleWord = (t: AdminBase['t'], language: string, role: Role) => (language === 'zh' ? roleLabels[role] : t(`admin.users.role.${role}`));

export interface UnitOption {
  id: number;
  code: string | null;
  name: string;
}

export function UsersPage(p: AdminBase & { users: UserDto[]; units: UnitOption[]; form: FormState; notice: string | null }) {
  const { t, language } = p;
  const addErrors = errorsOf(p.form, 'add');
  const kept = keptOf(p.form, 'add');
  const allErrors = p.form.errors;
  return (
    <AdminFrame base={p} section="users" title={t('adminNav.users')} path="/admin/users" errors={allErrors}>
      <Notice text={p.notice} />
      {p.users.length === 0 ? (
        <Empty text={t('admin.users.empty')} next={t('admin.users.emptyNext')} />
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table class="plain admin-rows">
            <thead>
              <tr>
                <th scope="col">{t('admin.users.name')}</th>
                <th scope="col">{t('admin.users.role')}</th>
                <th scope="col">{t('admin.users.unit')}</th>
                <th scope="col">{t('admin.users.state')}</th>
                <th scope="col">{t('admin.users.passwordChanged')}</th>
                <th scope="col">{t('admin.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {p.users.map((u) => {
                const resetId = `password-${u.id}`;
                const resetErrors = errorsOf(p.form, `reset-${u.id}`);
                const self = u.id === p.actor.userId;
                return (
                  <tr id={`user-${u.id}`}>
                    <td data-label={t('admin.users.name')}>
                      {u.name}
                      {self && <span class="muted"> {t('admin.users.you')}</span>}
                    </td>
                    <td data-label={t('admin.users.role')}>{roleWord(t, language, u.role)}</td>
                    <td data-label={t('admin.users.unit')}>{u.unit ? u.unit.name : <span class="muted">{t('admin.users.allUnits')}</span>}</td>
                    <td data-label={t('admin.users.state')}>
                      {u.disabled ? (
                        <span class="lamp lamp-grey">{t('admin.users.disabled')}</span>
                      ) : (
                        <span class="lamp lamp-green">{t('admin.users.active')}</span>
                      )}
                    </td>
                    <td data-label={t('admin.users.passwordChanged')} class="num">
                      {shanghaiMinute(u.passwordChangedAt)}
                    </td>
                    <td data-label={t('admin.users.actions')}>
                      {self ? (
                        <span class="muted">{t('admin.users.selfNote')}</span>
                      ) : (
                        <form method="post" action={`/admin/users/${u.id}/reset-password`} class="admin-inline-form" novalidate>
                          <Csrf token={p.formToken} />
                          <Field id={resetId} label={t('admin.users.newPasswordShort')} errors={resetErrors}>
                            <input type="password" id={resetId} name="password" autocomplete="new-password" />
                          </Field>
                          <button type="submit" class="secondary">
                            {t('admin.users.reset')}
                          </button>
                        </form>
                      )}
                      {!u.disabled && !self && (
                        <form method="post" action={`/admin/users/${u.id}/disable`} class="admin-inline-form">
                          <Csrf token={p.formToken} />
                          <button type="submit" class="secondary admin-danger">
                            {t('admin.users.disable')}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section class="panel">
        <h2>{t('admin.users.add')}</h2>
        <form method="post" action="/admin/users" novalidate>
          <Csrf token={p.formToken} />
          <Field id="name" label={t('admin.users.name')} errors={addErrors}>
            <input type="text" id="name" name="name" value={kept('name')} autocomplete="off" />
          </Field>
          <Field id="role" label={t('admin.users.role')} errors={addErrors}>
            <select id="role" name="role">
              {roles.map((r) => (
                <option value={r} selected={kept('role', 'staff') === r}>
                  {roleWord(t, language, r)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="unit" label={t('admin.users.unit')} hint={t('admin.users.unitHint')} errors={addErrors}>
            <select id="unit" name="unit" aria-describedby="unit-hint">
              <option value="" selected={kept('unit') === ''}>
                {t('admin.users.allUnits')}
              </option>
              {p.units.map((u) => (
                <option value={String(u.id)} selected={kept('unit') === String(u.id)}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="password" label={t('admin.users.password')} hint={t('admin.users.passwordHint')} errors={addErrors}>
            <input type="password" id="password" name="password" autocomplete="new-password" aria-describedby="password-hint" />
          </Field>
          <button type="submit" class="primary">
            {t('admin.users.submit')}
          </button>
        </form>
      </section>
    </AdminFrame>
  );
}

const tokenState = (t: AdminBase['t'], k: TokenDto) =>
  k.revokedAt ? (
    <span class="lamp lamp-grey">{t('admin.tokens.revoked')}</span>
  ) : k.active ? (
    <span class="lamp lamp-green">{t('admin.tokens.active')}</span>
  ) : (
    <span class="lamp lamp-grey">{t('admin.tokens.expired')}</span>
  );

export function TokensPage(p: AdminBase & { tokens: TokenDto[]; users: UserDto[]; form: FormState; notice: string | null }) {
  const { t } = p;
  const errors = errorsOf(p.form, 'create');
  const kept = keptOf(p.form, 'create');
  const active = p.users.filter((u) => !u.disabled);
  return (
    <AdminFrame base={p} section="tokens" title={t('adminNav.tokens')} path="/admin/tokens" errors={p.form.errors}>
      <Notice text={p.notice} />
      {p.tokens.length === 0 ? (
        <Empty text={t('admin.tokens.empty')} next={t('admin.tokens.emptyNext')} />
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table class="plain admin-rows">
            <thead>
              <tr>
                <th scope="col">{t('admin.tokens.prefix')}</th>
                <th scope="col">{t('admin.tokens.user')}</th>
                <th scope="col">{t('admin.tokens.label')}</th>
                <th scope="col">{t('admin.tokens.created')}</th>
                <th scope="col">{t('admin.tokens.expires')}</th>
                <th scope="col">{t('admin.tokens.lastUsed')}</th>
                <th scope="col">{t('admin.tokens.state')}</th>
                <th scope="col">
                  <span class="admin-sr">{t('admin.tokens.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.tokens.map((k) => (
                <tr id={`token-${k.id}`}>
                  <td data-label={t('admin.tokens.prefix')}>
                    <code>{k.prefix}…</code>
                  </td>
                  <td data-label={t('admin.tokens.user')}>{k.user}</td>
                  <td data-label={t('admin.tokens.label')}>{k.label ?? <span class="muted">—</span>}</td>
                  <td data-label={t('admin.tokens.created')} class="num">
                    {shanghaiMinute(k.createdAt)}
                    {k.createdBy && <span class="muted"> · {k.createdBy}</span>}
                  </td>
                  <td data-label={t('admin.tokens.expires')} class="num">
                    {k.expiresAt ? shanghaiMinute(k.expiresAt) : t('admin.tokens.never')}
                  </td>
                  <td data-label={t('admin.tokens.lastUsed')} class="num">
                    {shanghaiMinute(k.lastUsedAt)}
                  </td>
                  <td data-label={t('admin.tokens.state')}>{tokenState(t, k)}</td>
                  <td>
                    {k.active && (
                      <form method="post" action={`/admin/tokens/${k.id}/revoke`} class="admin-inline-form">
                        <Csrf token={p.formToken} />
                        <button type="submit" class="secondary admin-danger">
                          {t('admin.tokens.revoke')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section class="panel">
        <h2>{t('admin.tokens.create')}</h2>
        <p class="muted">{t('admin.tokens.createHint')}</p>
        <form method="post" action="/admin/tokens" novalidate>
          <Csrf token={p.formToken} />
          <Field id="user" label={t('admin.tokens.user')} errors={errors}>
            <select id="user" name="user">
              {active.map((u) => (
                <option value={String(u.id)} selected={kept('user', String(p.actor.userId ?? '')) === String(u.id)}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="label" label={t('admin.tokens.label')} hint={t('admin.tokens.labelHint')} errors={errors}>
            <input type="text" id="label" name="label" value={kept('label')} autocomplete="off" />
          </Field>
          <Field id="expiresDays" label={t('admin.tokens.expiresDays')} errors={errors}>
            <div class="unit-input">
              <input type="text" inputmode="numeric" id="expiresDays" name="expiresDays" value={kept('expiresDays', '90')} />
              <span>{t('admin.tokens.days')}</span>
            </div>
          </Field>
          <button type="submit" class="primary">
            {t('admin.tokens.submit')}
          </button>
        </form>
      </section>
    </AdminFrame>
  );
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  via: string;
  address: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  user: string;
  action: string;
  since: string;
  until: string;
  page: number;
}

/** before → after, compact and cut short (secrets were scrubbed when the row was written). */
function change(before: unknown, after: unknown): string {
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s.length > 160 ? `${s.slice(0, 157)}…` : s;
  };
  if (before === null || before === undefined) return after === null || after === undefined ? '' : show(after);
  return `${show(before)} → ${show(after)}`;
}

export const AUDIT_PAGE_SIZE = 50;

export function AuditPage(
  p: AdminBase & { items: AuditRow[]; total: number; query: AuditQuery; users: string[]; actions: string[]; form: FormState; filtered: boolean },
) {
  const { t } = p;
  const q = p.query;
  const errors = p.form.errors;
  const pages = Math.max(1, Math.ceil(p.total / AUDIT_PAGE_SIZE));
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ user: q.user, action: q.action, since: q.since, until: q.until })) if (v) params.set(k, v);
    if (page > 1) params.set('page', String(page));
    const s = params.toString();
    return s ? `/admin/audit?${s}` : '/admin/audit';
  };
  const v = (name: keyof AuditQuery) => p.form.values[name] ?? String(q[name] ?? '');
  return (
    <AdminFrame base={p} section="audit" title={t('adminNav.audit')} path={link(q.page)} errors={errors}>
      <form method="get" action="/admin/audit" class="filters admin-filters" novalidate>
        <datalist id="audit-users">
          {p.users.map((u) => (
            <option value={u} />
          ))}
        </datalist>
        <datalist id="audit-actions">
          {p.actions.map((a) => (
            <option value={a} />
          ))}
        </datalist>
        <Field id="user" label={t('admin.audit.actor')} errors={errors}>
          <input type="text" id="user" name="user" value={v('user')} list="audit-users" autocomplete="off" />
        </Field>
        <Field id="action" label={t('admin.audit.action')} errors={errors}>
          <input type="text" id="action" name="action" value={v('action')} list="audit-actions" autocomplete="off" spellcheck={false} />
        </Field>
        <Field id="since" label={t('admin.audit.since')} errors={errors}>
          <input type="date" id="since" name="since" value={v('since')} />
        </Field>
        <Field id="until" label={t('admin.audit.until')} errors={errors}>
          <input type="date" id="until" name="until" value={v('until')} />
        </Field>
        <div class="field">
          <button type="submit" class="primary">
            {t('admin.audit.filter')}
          </button>{' '}
          {p.filtered && <a href="/admin/audit">{t('admin.audit.clear')}</a>}
        </div>
      </form>
      <p class="muted num">{t('admin.audit.total', { n: p.total })}</p>
      {p.items.length === 0 ? (
        p.filtered ? (
          <Empty text={t('admin.audit.noMatch')} next={t('admin.audit.noMatchNext')} />
        ) : (
          <Empty text={t('admin.audit.empty')} next={t('admin.audit.emptyNext')} />
        )
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table class="plain admin-rows admin-audit">
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.at')}</th>
                <th scope="col">{t('admin.audit.actor')}</th>
                <th scope="col">{t('admin.audit.action')}</th>
                <th scope="col">{t('admin.audit.target')}</th>
                <th scope="col">{t('admin.audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((r) => (
                <tr>
                  <td data-label={t('admin.audit.at')} class="num">
                    {shanghaiMinute(r.at)}
                  </td>
                  <td data-label={t('admin.audit.actor')}>
                    {r.actor}
                    <div class="muted">
                      {r.via}
                      {r.address && ` · ${r.address}`}
                    </div>
                  </td>
                  <td data-label={t('admin.audit.action')}>
                    <code>{r.action}</code>
                  </td>
                  <td data-label={t('admin.audit.target')}>{r.targetType ? `${r.targetType}${r.targetId ? ` #${r.targetId}` : ''}` : '—'}</td>
                  <td data-label={t('admin.audit.change')} class="admin-break">
                    <code>{change(r.before, r.after)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav class="admin-pager" aria-label={t('admin.audit.pages')}>
          {q.page > 1 && <a href={link(q.page - 1)}>← {t('admin.audit.newer')}</a>}
          <span class="num">{t('admin.audit.page', { page: q.page, pages })}</span>
          {q.page < pages && <a href={link(q.page + 1)}>{t('admin.audit.older')} →</a>}
        </nav>
      )}
    </AdminFrame>
  );
}
