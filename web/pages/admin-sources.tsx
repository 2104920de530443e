import type { MessageKey } from '../../src/i18n/messages.ts';
import type { ChannelDto } from '../../src/services/channels.ts';
import { shownName } from '../../src/services/outbound-rules.ts';
import type { ProjectSummaryDto } from '../../src/services/projects.ts';
import { Field, type FieldProblem } from '../components/fields.tsx';
import { AdminFrame, type AdminBase, Csrf, Empty, type FormState, Notice } from './admin.tsx';

// 渠道 · 网络探测 · 群机器人 (docs/design.md "Data sources", "Secrets and hosts"): lists and the add forms.
// A secret is only ever named — the `JIXIAO_SECRET_*` variable that holds it — and shown as 已配置/未配置,
// never its value; the services decide which names and hosts are allowed.

const platforms = ['wechat', 'weibo', 'rss', 'website'] as const;
const platformLabels: Record<(typeof platforms)[number], MessageKey> = {
  wechat: 'admin.platform.wechat',
  weibo: 'admin.platform.weibo',
  rss: 'admin.platform.rss',
  website: 'admin.platform.website',
};

export interface SourcesBase extends AdminBase {
  /** Names of the JIXIAO_SECRET_* variables this server has (never their values). */
  secretNames: string[];
  projects: ProjectSummaryDto[];
  form: FormState & { lists: Record<string, string[]> };
  notice: string | null;
}

/** A stored variable name and whether this server has it set. */
function SecretName(p: { t: AdminBase['t']; name: unknown; known: string[] }) {
  if (p.name === null || p.name === undefined || p.name === '') return <span class="muted">—</span>;
  const set = typeof p.name === 'string' && p.known.includes(p.name);
  return (
    <span>
      <code>{shownName(p.name)}</code>{' '}
      <span class={set ? 'lamp lamp-green' : 'lamp lamp-grey'}>{set ? p.t('admin.secret.set') : p.t('admin.secret.unset')}</span>
    </span>
  );
}

/** The JIXIAO_SECRET_* names the server has, offered while typing (names only). */
function SecretList(p: { names: string[] }) {
  return (
    <datalist id="secret-names">
      {p.names.map((n) => (
        <option value={n} />
      ))}
    </datalist>
  );
}

/** Checkboxes of projects (newest year first); `name` is the form field, its values project ids. */
function ProjectChecks(p: { t: AdminBase['t']; name: string; projects: ProjectSummaryDto[]; checked: string[]; errors: FieldProblem[]; hint: string }) {
  const sorted = [...p.projects].sort((a, b) => b.year - a.year || a.id - b.id);
  return (
    <Field id={p.name} label={p.t('admin.sources.projects')} hint={p.hint} errors={p.errors}>
      {sorted.length === 0 ? (
        <p class="muted">{p.t('admin.sources.noProjects')}</p>
      ) : (
        <div class="admin-checks admin-checks-scroll" id={p.name}>
          {sorted.map((pr) => (
            <label>
              <input type="checkbox" name={p.name} value={String(pr.id)} checked={p.checked.includes(String(pr.id))} /> {pr.name}{' '}
              <span class="muted num">{pr.year}</span>
            </label>
          ))}
        </div>
      )}
    </Field>
  );
}

const text = (p: { id: string; value: string; list?: string; mode?: 'url' | 'numeric' }) => (
  <input
    type="text"
    id={p.id}
    name={p.id}
    value={p.value}
    list={p.list}
    inputmode={p.mode === 'url' ? 'url' : p.mode === 'numeric' ? 'numeric' : undefined}
    autocomplete="off"
    spellcheck={false}
  />
);

export function ChannelsPage(p: SourcesBase & { channels: ChannelDto[] }) {
  const { t } = p;
  const errors = p.form.name === 'channel' ? p.form.errors : [];
  const v = (name: string, fallback = '') => (p.form.name === 'channel' ? (p.form.values[name] ?? fallback) : fallback);
  const setting = (c: ChannelDto, key: string) => (typeof c.settings[key] === 'string' ? (c.settings[key] as string) : null);
  return (
    <AdminFrame base={p} section="channels" title={t('adminNav.channels')} path="/admin/channels" errors={errors}>
      <Notice text={p.notice} />
      {p.channels.length === 0 ? (
        <Empty text={t('admin.channels.empty')} next={t('admin.channels.emptyNext')} />
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table class="plain admin-rows">
            <thead>
              <tr>
                <th scope="col">{t('admin.sources.name')}</th>
                <th scope="col">{t('admin.channels.platform')}</th>
                <th scope="col">{t('admin.channels.settings')}</th>
                <th scope="col">{t('admin.sources.projects')}</th>
                <th scope="col">{t('admin.channels.posts')}</th>
              </tr>
            </thead>
            <tbody>
              {p.channels.map((c) => (
                <tr>
                  <td data-label={t('admin.sources.name')}>{c.name}</td>
                  <td data-label={t('admin.channels.platform')}>{t(platformLabels[c.platform])}</td>
                  <td data-label={t('admin.channels.settings')}>
                    <ul class="admin-settings">
                      {['appId', 'uid', 'url', 'baseUrl', 'countUrl'].map((k) =>
                        setting(c, k) ? (
                          <li>
                            {t(`admin.channels.${k}` as MessageKey)}：<code>{setting(c, k)}</code>
                          </li>
                        ) : null,
                      )}
                      {['secretEnv', 'tokenEnv'].map((k) =>
                        c.settings[k] ? (
                          <li>
                            {t(`admin.channels.${k}` as MessageKey)}：<SecretName t={t} name={c.settings[k]} known={p.secretNames} />
                          </li>
                        ) : null,
                      )}
                    </ul>
                  </td>
                  <td data-label={t('admin.sources.projects')}>
                    {c.projects.length === 0 ? <span class="muted">—</span> : c.projects.map((pr) => `${pr.name}（${pr.year}）`).join('、')}
                  </td>
                  <td data-label={t('admin.channels.posts')} class="num">
                    {c.postCount}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section class="panel">
        <h2>{t('admin.channels.add')}</h2>
        <p class="muted">{t('admin.channels.addHint')}</p>
        <form method="post" action="/admin/channels" novalidate>
          <Csrf token={p.formToken} />
          <SecretList names={p.secretNames} />
          <Field id="platform" label={t('admin.channels.platform')} errors={errors}>
            <select id="platform" name="platform">
              {platforms.map((pl) => (
                <option value={pl} selected={v('platform', 'wechat') === pl}>
                  {t(platformLabels[pl])}
                </option>
              ))}
            </select>
          </Field>
          <Field id="name" label={t('admin.sources.name')} errors={errors}>
            {text({ id: 'name', value: v('name') })}
          </Field>
          <ProjectChecks
            t={t}
            name="projects"
            projects={p.projects}
            checked={p.form.name === 'channel' ? (p.form.lists.projects ?? []) : []}
            errors={errors}
            hint={t('admin.channels.projectsHint')}
          />
          <fieldset class="admin-fieldset">
            <legend>{t('admin.platform.wechat')}</legend>
            <Field id="appId" label={t('admin.channels.appId')} errors={errors}>
              {text({ id: 'appId', value: v('appId') })}
            </Field>
            <Field id="secretEnv" label={t('admin.channels.secretEnv')} hint={t('admin.secret.nameHint')} errors={errors}>
              {text({ id: 'secretEnv', value: v('secretEnv'), list: 'secret-names' })}
            </Field>
          </fieldset>
          <fieldset class="admin-fieldset">
            <legend>{t('admin.platform.weibo')}</legend>
            <Field id="uid" label={t('admin.channels.uid')} errors={errors}>
              {text({ id: 'uid', value: v('uid'), mode: 'numeric' })}
            </Field>
            <Field id="tokenEnv" label={t('admin.channels.tokenEnv')} hint={t('admin.secret.nameHint')} errors={errors}>
              {text({ id: 'tokenEnv', value: v('tokenEnv'), list: 'secret-names' })}
            </Field>
            <Field id="countUrl" label={t('admin.channels.countUrl')} hint={t('admin.channels.hostHint')} errors={errors}>
              {text({ id: 'countUrl', value: v('countUrl'), mode: 'url' })}
            </Field>
          </fieldset>
          <fieldset class="admin-fieldset">
            <legend>{t('admin.channels.otherGroup')}</legend>
            <Field id="url" label={t('admin.channels.url')} errors={errors}>
              {text({ id: 'url', value: v('url'), mode: 'url' })}
            </Field>
            <Field id="baseUrl" label={t('admin.channels.baseUrl')} hint={t('admin.channels.hostHint')} errors={errors}>
              {text({ id: 'baseUrl', value: v('baseUrl'), mode: 'url' })}
            </Field>
          </fieldset>
          <button type="submit" class="primary">
            {t('admin.channels.submit')}
          </button>
        </form>
      </section>
    </AdminFrame>
  );
}

export interface ProbeRow {
  id: number;
  name: string;
  target: string;
  projectId: number | null;
  intervalMinutes: number;
}

export function ProbesPage(p: SourcesBase & { probes: ProbeRow[] }) {
  const { t } = p;
  const errors = p.form.name === 'probe' ? p.form.errors : [];
  const v = (name: string, fallback = '') => (p.form.name === 'probe' ? (p.form.values[name] ?? fallback) : fallback);
  const projectName = (id: number | null) => (id === null ? null : (p.projects.find((pr) => pr.id === id) ?? null));
  return (
    <AdminFrame base={p} section="probes" title={t('adminNav.probes')} path="/admin/probes" errors={errors}>
      <Notice text={p.notice} />
      {p.probes.length === 0 ? (
        <Empty text={t('admin.probes.empty')} next={t('admin.probes.emptyNext')} />
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table class="plain admin-rows">
            <thead>
              <tr>
                <th scope="col">{t('admin.sources.name')}</th>
                <th scope="col">{t('admin.probes.target')}</th>
                <th scope="col">{t('admin.probes.project')}</th>
                <th scope="col">{t('admin.probes.interval')}</th>
              </tr>
            </thead>
            <tbody>
              {p.probes.map((e) => {
                const pr = projectName(e.projectId);
                return (
                  <tr>
                    <td data-label={t('admin.sources.name')}>{e.name}</td>
                    <td data-label={t('admin.probes.target')} class="admin-break">
                      <code>{e.target}</code>
                    </td>
                    <td data-label={t('admin.probes.project')}>{pr ? `${pr.name}（${pr.year}）` : <span class="muted">—</span>}</td>
                    <td data-label={t('admin.probes.interval')} class="num">
                      {t('admin.probes.minutes', { n: e.intervalMinutes })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section class="panel">
        <h2>{t('admin.probes.add')}</h2>
        <p class="muted">{t('admin.probes.addHint')}</p>
        <form method="post" action="/admin/probes" novalidate>
          <Csrf token={p.formToken} />
          <Field id="name" label={t('admin.sources.name')} errors={errors}>
            {text({ id: 'name', value: v('name') })}
          </Field>
          <Field id="target" label={t('admin.probes.target')} hint={t('admin.probes.targetHint')} errors={errors}>
            {text({ id: 'target', value: v('target'), mode: 'url' })}
          </Field>
          <Field id="project" label={t('admin.probes.project')} errors={errors}>
            <select id="project" name="project">
              <option value="" selected={v('project') === ''}>
                {t('admin.probes.noProject')}
              </option>
              {[...p.projects]
                .sort((a, b) => b.year - a.year || a.id - b.id)
                .map((pr) => (
                  <option value={String(pr.id)} selected={v('project') === String(pr.id)}>
                    {pr.name}（{pr.year}）
                  </option>
                ))}
            </select>
          </Field>
          <Field id="intervalMinutes" label={t('admin.probes.interval')} errors={errors}>
            <div class="unit-input">
              {text({ id: 'intervalMinutes', value: v('intervalMinutes', '5'), mode: 'numeric' })}
              <span>{t('admin.probes.minuteUnit')}</span>
            </div>
          </Field>
          <button type="submit" class="primary">
            {t('admin.probes.submit')}
          </button>
        </form>
      </section>
    </AdminFrame>
  );
}

export interface RobotRow {
  id: number;
  name: string;
  kind: 'wecom' | 'dingtalk';
  webhookEnv: string;
  secretEnv: string | null;
  events: string[];
  projects: { id: number; name: string }[];
}

const robotKinds = ['wecom', 'dingtalk'] as const;
const robotEvents = ['alerts', 'digest'] as const;

export function RobotsPage(p: SourcesBase & { robots: RobotRow[] }) {
  const { t } = p;
  const errors = p.form.name === 'robot' ? p.form.errors : [];
  const v = (name: string, fallback = '') => (p.form.name === 'robot' ? (p.form.values[name] ?? fallback) : fallback);
  const events = p.form.name === 'robot' ? (p.form.lists.events ?? []) : ['alerts', 'digest'];
  return (
    <AdminFrame base={p} section="robots" title={t('adminNav.robots')} path="/admin/robots" errors={errors}>
      <Notice text={p.notice} />
      {p.robots.length === 0 ? (
        <Empty text={t('admin.robots.empty')} next={t('admin.robots.emptyNext')} />
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table class="plain admin-rows">
            <thead>
              <tr>
                <th scope="col">{t('admin.sources.name')}</th>
                <th scope="col">{t('admin.robots.kind')}</th>
                <th scope="col">{t('admin.robots.webhookEnv')}</th>
                <th scope="col">{t('admin.robots.events')}</th>
                <th scope="col">{t('admin.sources.projects')}</th>
              </tr>
            </thead>
            <tbody>
              {p.robots.map((r) => (
                <tr>
                  <td data-label={t('admin.sources.name')}>{r.name}</td>
                  <td data-label={t('admin.robots.kind')}>{t(`admin.robots.kind.${r.kind}`)}</td>
                  <td data-label={t('admin.robots.webhookEnv')}>
                    <SecretName t={t} name={r.webhookEnv} known={p.secretNames} />
                    {r.secretEnv && (
                      <div>
                        {t('admin.robots.secretEnv')}：<SecretName t={t} name={r.secretEnv} known={p.secretNames} />
                      </div>
                    )}
                  </td>
                  <td data-label={t('admin.robots.events')}>
                    {r.events.map((e) => (e === 'alerts' || e === 'digest' ? t(`admin.robots.event.${e}`) : e)).join('、')}
                  </td>
                  <td data-label={t('admin.sources.projects')}>{r.projects.map((pr) => pr.name).join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section class="panel">
        <h2>{t('admin.robots.add')}</h2>
        <p class="muted">{t('admin.robots.addHint')}</p>
        <form method="post" action="/admin/robots" novalidate>
          <Csrf token={p.formToken} />
          <SecretList names={p.secretNames} />
          <Field id="name" label={t('admin.robots.name')} hint={t('admin.robots.nameHint')} errors={errors}>
            {text({ id: 'name', value: v('name') })}
          </Field>
          <Field id="kind" label={t('admin.robots.kind')} errors={errors}>
            <select id="kind" name="kind">
              {robotKinds.map((k) => (
                <option value={k} selected={v('kind', 'wecom') === k}>
                  {t(`admin.robots.kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="webhookEnv" label={t('admin.robots.webhookEnv')} hint={t('admin.secret.nameHint')} errors={errors}>
            {text({ id: 'webhookEnv', value: v('webhookEnv'), list: 'secret-names' })}
          </Field>
          <Field id="secretEnv" label={t('admin.robots.secretEnv')} hint={t('admin.robots.secretEnvHint')} errors={errors}>
            {text({ id: 'secretEnv', value: v('secretEnv'), list: 'secret-names' })}
          </Field>
          <ProjectChecks
            t={t}
            name="projects"
            projects={p.projects}
            checked={p.form.name === 'robot' ? (p.form.lists.projects ?? []) : []}
            errors={errors}
            hint={t('admin.robots.projectsHint')}
          />
          <Field id="events" label={t('admin.robots.events')} errors={errors}>
            <div class="admin-checks" id="events">
              {robotEvents.map((e) => (
                <label>
                  <input type="checkbox" name="events" value={e} checked={events.includes(e)} /> {t(`admin.robots.event.${e}`)}
                </label>
              ))}
            </div>
          </Field>
          <button type="submit" class="primary">
            {t('admin.robots.submit')}
          </button>
        </form>
      </section>
    </AdminFrame>
  );
}
