import { pathId } from './form-input.ts';
import { requireFormToken } from './session.ts';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { shanghaiDate } from '../src/clock.ts';
import { Day, text } from '../src/edge/schemas.ts';
import { invalidInput } from '../src/edge/issues.ts';
import { AppError } from '../src/errors.ts';
import { requireAccess } from '../src/services/access.ts';
import { createToken, listTokens, revokeToken } from '../src/services/api-tokens.ts';
import { listAudit } from '../src/services/audit.ts';
import { addChannel, listChannels, resolveProject } from '../src/services/channels.ts';
import { loadIndicatorContext } from '../src/services/indicator-series.ts';
import { jobHistory, listJobs, runJobNow } from '../src/services/jobs.ts';
import { listBindings, parseMeasureSpec, setBinding } from '../src/services/measures.ts';
import { addProbeEndpoint, listProbeEndpoints, newProbeSchema } from '../src/services/probes.ts';
import { listProjects, listUnits } from '../src/services/projects.ts';
import { addRobot, listRobots } from '../src/services/robots.ts';
import { addUser, disableUser, listUsers, resetPassword } from '../src/services/users.ts';
import type { FieldProblem } from './components/fields.tsx';
import type { WebEnv } from './env.ts';
import { formProblems, textFields, typedNumber } from './form-input.ts';
import { AdminHomePage, type AdminBase, type FormState, noForm, SecretOncePage } from './pages/admin.tsx';
import { AUDIT_PAGE_SIZE, AuditPage, type AuditQuery, TokensPage, UsersPage } from './pages/admin-access.tsx';
import { isTallySum } from '../src/measures/spec.ts';
import { BindingEditPage, BindingsPage, BindingsProjectsPage, formFromSpec, specFromForm, specProblemField } from './pages/admin-bindings.tsx';
import { JobsPage, type JobRunRow } from './pages/admin-jobs.tsx';
import { ChannelsPage, ProbesPage, RobotsPage, type SourcesBase } from './pages/admin-sources.tsx';

// 管理: the admin screens under /admin (bindings, channels, probes, robots, jobs, users, tokens, audit); the
// target import at /admin/import is import-routes.tsx. Every screen and every post needs the `admin`
// permission — the same requireAccess the API's guard('admin') asks — and every post its `_csrf`, checked
// first. A GET changes nothing; a post that succeeds redirects (post/redirect/get), except the one that made
// a new token or password: that answer is the only place it is ever shown, so it is the page itself.

type C = Context<WebEnv>;

const idParam = z.coerce.number().int().positive().max(2_147_483_647);

/** The signed-in admin's page frame, or a 403 for anyone else. */
async function adminPage(c: C): Promise<AdminBase> {
  await requireAccess(c.get('deps').db, c.var.actor, 'admin');
  return { t: c.var.t, language: c.var.language, actor: c.var.actor, formToken: c.var.formToken };
}

/** A post: its form token first, then the permission; then the form's fields, repeated ones as lists. */
async function adminPost(c: C): Promise<{ base: AdminBase; body: Record<string, unknown>; lists: (name: string) => string[] }> {
  await requireFormToken(c);
  const base = await adminPage(c);
  const body = await c.req.parseBody();
  const all = await c.req.parseBody({ all: true });
  const lists = (name: string) => {
    const v = all[name];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string').slice(0, 200);
  };
  return { base, body, lists };
}

/** A service's refusal as errors beside this form's fields; `place` moves a field name onto the control it came from. */
function refused(c: C, err: unknown, place: (field: string) => string): FieldProblem[] | null {
  const problems = formProblems(err, c.var.language);
  if (!problems) return null;
  const seen = new Set<string>();
  const placed: FieldProblem[] = [];
  for (const p of problems) {
    const field = place(p.field);
    if (seen.has(field)) continue;
    seen.add(field);
    placed.push({ field, message: p.message });
  }
  return placed;
}

// A refused form is a 400 whatever the service said (409 for a duplicate name): the page is the form again.
const statusOf = (_err: unknown): 400 => 400;

const queryId = (c: C, name: string): number | null => {
  const r = idParam.safeParse(c.req.query(name) ?? '');
  return r.success ? r.data : null;
};

/** Audit actions a filter can pick from (typed values are allowed too). */
const AUDIT_ACTIONS = [
  'targets.import',
  'entry.create',
  'entry.correct',
  'entry.withdraw',
  'entry.import',
  'value.add',
  'assessment.add',
  'indicator.confirm',
  'indicator.measure',
  'channel.add',
  'channel.update',
  'channel.export',
  'probe.add',
  'probe.update',
  'robot.add',
  'robot.update',
  'job.run',
  'user.add',
  'user.disable',
  'user.reset_password',
  'token.create',
  'token.revoke',
];

// ---- home ----------------------------------------------------------------------------------------------

async function home(c: C) {
  const base = await adminPage(c);
  const deps = c.get('deps');
  const now = deps.now();
  const jobs = deps.jobs ? listJobs(deps) : [];
  const [projects, channels, probes, robots, runs, users, tokens, audit] = await Promise.all([
    listProjects(deps.db),
    listChannels(deps.db),
    listProbeEndpoints(deps.db),
    listRobots(deps.db),
    jobHistory(deps.db, { job: null, limit: 200 }),
    listUsers(deps.db),
    listTokens(deps.db, now),
    listAudit(deps.db, { limit: 1, offset: 0 }),
  ]);
  const failingJobs = jobs.filter((j) => runs.find((r) => r.job === j.name && r.status !== 'running')?.status === 'failed').length;
  return c.html(
    <AdminHomePage
      {...base}
      counts={{
        projects: projects.length,
        channels: channels.length,
        probes: probes.length,
        robots: robots.length,
        jobs: jobs.length,
        failingJobs,
        activeUsers: users.filter((u) => !u.disabled).length,
        activeTokens: tokens.filter((k) => k.active).length,
        auditRows: audit.total,
      }}
    />,
  );
}

// ---- bindings ------------------------------------------------------------------------------------------

async function bindingsList(c: C) {
  const base = await adminPage(c);
  const db = c.get('deps').db;
  const projects = await listProjects(db);
  const chosen = c.req.query('project');
  if (chosen === undefined || chosen === '') return c.html(<BindingsProjectsPage {...base} projects={projects} />);
  const id = idParam.safeParse(chosen);
  const project = id.success ? projects.find((p) => p.id === id.data) : undefined;
  if (!project) throw new AppError(404, 'not_found', '');
  const bindings = await listBindings(db, project.id);
  return c.html(<BindingsPage {...base} project={project} bindings={bindings} saved={queryId(c, 'saved')} />);
}

async function bindingContext(c: C, indicatorId: number) {
  const db = c.get('deps').db;
  const { project } = await loadIndicatorContext(db, indicatorId);
  const all = await listBindings(db, project.id);
  const binding = all.find((b) => b.indicatorId === indicatorId);
  if (!binding) throw new AppError(404, 'not_found', '');
  const tallied = all.filter((b) => b.indicatorId !== indicatorId && isTallySum(b.measure)).map((b) => ({ id: b.indicatorId, level3: b.level3 }));
  // What the edit page shows besides the form, the same for the first view and a refused save.
  return { project, binding, page: { projectId: project.id, projectName: project.name, binding, tallied } };
}

async function bindingEdit(c: C) {
  const base = await adminPage(c);
  const indicatorId = pathId(c);
  const { binding, page } = await bindingContext(c, indicatorId);
  const start = formFromSpec(binding.measure);
  return c.html(<BindingEditPage {...base} {...page} form={{ name: 'binding', errors: [], values: start.values, platforms: start.platforms }} />);
}

async function bindingSave(c: C) {
  const { base, body, lists } = await adminPost(c);
  const indicatorId = pathId(c);
  const { project, page } = await bindingContext(c, indicatorId);
  const values = textFields(body, ['measure', 'kind', 'field', 'from', 'to', 'stat', 'withinHours', 'metric', 'spec', 'numerator', 'denominator']);
  const platforms = lists('platforms');
  const again = (errors: FieldProblem[], status: 400 | 409) =>
    c.html(<BindingEditPage {...base} {...page} form={{ name: 'binding', errors, values, platforms }} />, status);
  const built = specFromForm(base.t, values, platforms, indicatorId);
  if (built.problems.length > 0) return again(built.problems, 400);
  try {
    const spec = built.spec === null ? null : parseMeasureSpec(built.spec);
    await setBinding(c.get('deps').db, indicatorId, spec, base.actor);
  } catch (err) {
    const problems = refused(c, err, (f) => specProblemField(values.measure ?? '', f));
    if (!problems) throw err;
    return again(problems, statusOf(err));
  }
  return c.redirect(`/admin/bindings?project=${project.id}&saved=${indicatorId}#indicator-${indicatorId}`, 303);
}

// ---- channels, probes, robots --------------------------------------------------------------------------

async function sourcesBase(c: C, base: AdminBase, form: SourcesBase['form'], notice: string | null): Promise<SourcesBase> {
  const deps = c.get('deps');
  return { ...base, secretNames: Object.keys(deps.config.secrets).sort(), projects: await listProjects(deps.db), form, notice };
}

const emptySourcesForm: SourcesBase['form'] = { ...noForm, lists: {} };

const CHANNEL_SETTINGS = ['appId', 'secretEnv', 'uid', 'tokenEnv', 'countUrl', 'url', 'baseUrl'] as const;

async function channelsPage(c: C, base: AdminBase, form: SourcesBase['form'], status: 200 | 400 | 409 = 200) {
  const db = c.get('deps').db;
  const channels = await listChannels(db);
  const saved = queryId(c, 'saved');
  const savedChannel = saved === null ? undefined : channels.find((ch) => ch.id === saved);
  const notice = savedChannel ? base.t('admin.channels.saved', { name: savedChannel.name }) : null;
  return c.html(<ChannelsPage {...(await sourcesBase(c, base, form, notice))} channels={channels} />, status);
}

async function channelAdd(c: C) {
  const { base, body, lists } = await adminPost(c);
  const deps = c.get('deps');
  const values = textFields(body, ['platform', 'name', ...CHANNEL_SETTINGS]);
  const projects = lists('projects');
  const settings = Object.fromEntries(CHANNEL_SETTINGS.map((k) => [k, values[k]!.trim()]).filter(([, v]) => v !== ''));
  const projectIds = projects.map((p) => idParam.safeParse(p)).flatMap((r) => (r.success ? [r.data] : []));
  try {
    const channel = await addChannel(
      deps.db,
      { platform: values.platform as 'wechat', name: values.name!, projects: projectIds, settings },
      { outboundHosts: deps.config.outboundHosts },
      base.actor,
    );
    return c.redirect(`/admin/channels?saved=${channel.id}`, 303);
  } catch (err) {
    const known = new Set<string>(['platform', 'name', 'projects', ...CHANNEL_SETTINGS]);
    const problems = refused(c, err, (f) => {
      const field = f.replace(/^settings\./, '').split('.')[0] ?? '';
      return known.has(field) ? field : 'name';
    });
    if (!problems) throw err;
    return channelsPage(c, base, { name: 'channel', errors: problems, values, lists: { projects } }, statusOf(err));
  }
}

async function probesPage(c: C, base: AdminBase, form: SourcesBase['form'], status: 200 | 400 | 409 = 200) {
  const probes = await listProbeEndpoints(c.get('deps').db);
  const saved = queryId(c, 'saved');
  const savedProbe = saved === null ? undefined : probes.find((e) => e.id === saved);
  const notice = savedProbe ? base.t('admin.probes.saved', { name: savedProbe.name }) : null;
  return c.html(<ProbesPage {...(await sourcesBase(c, base, form, notice))} probes={probes} />, status);
}

async function probeAdd(c: C) {
  const { base, body } = await adminPost(c);
  const db = c.get('deps').db;
  const values = textFields(body, ['name', 'target', 'project', 'intervalMinutes']);
  const interval = values.intervalMinutes!.trim();
  try {
    // The API's body schema, then its project lookup and the service (src/api/jobs.ts).
    const parsed = newProbeSchema.safeParse({
      name: values.name,
      target: values.target!.trim(),
      ...(values.project ? { project: values.project } : {}),
      ...(interval === '' ? {} : { intervalMinutes: typedNumber(interval) }),
    });
    if (!parsed.success) throw invalidInput('探测端点参数无效', parsed.error);
    const b = parsed.data;
    const projectId = b.project === undefined ? null : (await resolveProject(db, b.project)).id;
    const row = await addProbeEndpoint(db, { name: b.name, target: b.target, projectId, intervalMinutes: b.intervalMinutes }, base.actor);
    return c.redirect(`/admin/probes?saved=${row.id}`, 303);
  } catch (err) {
    const known = new Set(['name', 'target', 'project', 'intervalMinutes']);
    const problems = refused(c, err, (f) => (known.has(f.split('.')[0] ?? '') ? (f.split('.')[0] as string) : 'name'));
    if (!problems) throw err;
    return probesPage(c, base, { name: 'probe', errors: problems, values, lists: {} }, statusOf(err));
  }
}

async function robotsPage(c: C, base: AdminBase, form: SourcesBase['form'], status: 200 | 400 | 409 = 200) {
  const robots = await listRobots(c.get('deps').db);
  const saved = queryId(c, 'saved');
  const savedRobot = saved === null ? undefined : robots.find((r) => r.id === saved);
  const notice = savedRobot ? base.t('admin.robots.saved', { name: savedRobot.name }) : null;
  return c.html(<RobotsPage {...(await sourcesBase(c, base, form, notice))} robots={robots} />, status);
}

async function robotAdd(c: C) {
  const { base, body, lists } = await adminPost(c);
  const db = c.get('deps').db;
  const values = textFields(body, ['name', 'kind', 'webhookEnv', 'secretEnv']);
  const projects = lists('projects');
  const events = lists('events');
  const projectIds = projects.map((p) => idParam.safeParse(p)).flatMap((r) => (r.success ? [r.data] : []));
  try {
    const robot = await addRobot(
      db,
      {
        name: values.name!.trim() === '' ? undefined : values.name,
        kind: values.kind as 'wecom',
        webhookEnv: values.webhookEnv!.trim(),
        secretEnv: values.secretEnv!.trim() === '' ? null : values.secretEnv!.trim(),
        projects: projectIds,
        events: events as 'alerts'[],
      },
      base.actor,
    );
    return c.redirect(`/admin/robots?saved=${robot.id}`, 303);
  } catch (err) {
    const known = new Set(['name', 'kind', 'webhookEnv', 'secretEnv', 'projects', 'events']);
    const problems = refused(c, err, (f) => (known.has(f.split('.')[0] ?? '') ? (f.split('.')[0] as string) : 'name'));
    if (!problems) throw err;
    return robotsPage(c, base, { name: 'robot', errors: problems, values, lists: { projects, events } }, statusOf(err));
  }
}

// ---- jobs ----------------------------------------------------------------------------------------------

async function jobsPage(c: C, base: AdminBase, form: FormState, status: 200 | 400 = 200) {
  const deps = c.get('deps');
  const jobs = listJobs(deps);
  const runs = (await jobHistory(deps.db, { job: null, limit: 50 })) as JobRunRow[];
  const ranJob = c.req.query('ran');
  const ranIds = (c.req.query('runs') ?? '')
    .split(',')
    .map((s) => idParam.safeParse(s))
    .flatMap((r) => (r.success ? [r.data] : []));
  const ran = ranJob && jobs.some((j) => j.name === ranJob) ? { job: ranJob, runs: runs.filter((r) => ranIds.includes(r.id)) } : null;
  return c.html(<JobsPage {...base} jobs={jobs} runs={runs} ran={ran} form={form} today={shanghaiDate(deps.now())} />, status);
}

async function jobRun(c: C) {
  const { base, body } = await adminPost(c);
  const deps = c.get('deps');
  const name = c.req.param('name') ?? '';
  if (!listJobs(deps).some((j) => j.name === name)) throw new AppError(404, 'not_found', '');
  const typed = textFields(body, ['date']);
  const raw = typed.date!.trim();
  let date: string | null = null;
  if (raw !== '') {
    const day = Day.safeParse(raw);
    if (!day.success) {
      const message = day.error.issues[0]?.message ?? base.t('admin.jobs.dateInvalid');
      return jobsPage(c, base, { name, errors: [{ field: `date-${name}`, message }], values: typed }, 400);
    }
    date = day.data;
  }
  const runs = await runJobNow(deps, { name, date, actor: base.actor });
  const ids = runs.flatMap((r) => (r.runId === null ? [] : [r.runId]));
  return c.redirect(`/admin/jobs?ran=${encodeURIComponent(name)}&runs=${ids.join(',')}`, 303);
}

// ---- users and tokens ----------------------------------------------------------------------------------

async function usersPage(c: C, base: AdminBase, form: FormState, status: 200 | 400 | 409 = 200) {
  const db = c.get('deps').db;
  const [users, units] = await Promise.all([listUsers(db), listUnits(db)]);
  const t = base.t;
  const named = (key: string) => {
    const id = queryId(c, key);
    return id === null ? null : (users.find((u) => u.id === id)?.name ?? null);
  };
  const added = named('added');
  const disabled = named('disabled');
  const reset = named('reset');
  const notice = added
    ? t('admin.users.added', { name: added })
    : disabled
      ? t('admin.users.disabledNotice', { name: disabled })
      : reset
        ? t('admin.users.resetNotice', { name: reset })
        : null;
  return c.html(<UsersPage {...base} users={users} units={units} form={form} notice={notice} />, status);
}

/** The answer that shows a generated password: never cached, never shown again. */
function secretPage(c: C, page: Parameters<typeof SecretOncePage>[0]) {
  c.header('Cache-Control', 'no-store');
  return c.html(<SecretOncePage {...page} />);
}

async function userAdd(c: C) {
  const { base, body } = await adminPost(c);
  const db = c.get('deps').db;
  const values = textFields(body, ['name', 'role', 'unit', 'password']);
  const kept = { ...values, password: '' };
  try {
    const unitId = values.unit === '' ? null : idParam.safeParse(values.unit).data;
    const unit = unitId === null ? undefined : (await listUnits(db)).find((u) => u.id === unitId);
    if (unitId !== null && !unit) throw new AppError(400, 'invalid_request', base.t('admin.users.unitMissing'), { field: 'unit' });
    const { user, password } = await addUser(
      db,
      {
        name: values.name!,
        role: values.role as 'staff',
        ...(unit ? { unit: unit.code ?? unit.name } : {}),
        ...(values.password === '' ? {} : { password: values.password }),
      },
      base.actor,
    );
    if (password === null) return c.redirect(`/admin/users?added=${user.id}`, 303);
    const t = base.t;
    return secretPage(c, {
      ...base,
      section: 'users',
      title: t('admin.users.addedTitle', { name: user.name }),
      lead: t('admin.users.addedLead', { name: user.name }),
      label: t('admin.users.password'),
      secret: password,
      back: '/admin/users',
    });
  } catch (err) {
    const problems = refused(c, err, (f) => (['name', 'role', 'unit', 'password'].includes(f) ? f : 'name'));
    if (!problems) throw err;
    return usersPage(c, base, { name: 'add', errors: problems, values: kept }, statusOf(err));
  }
}

async function userDisable(c: C) {
  const { base } = await adminPost(c);
  const id = pathId(c);
  try {
    await disableUser(c.get('deps').db, id, base.actor);
  } catch (err) {
    const problems = refused(c, err, () => `user-${id}`);
    if (!problems) throw err;
    return usersPage(c, base, { name: 'disable', errors: problems, values: {} }, statusOf(err));
  }
  return c.redirect(`/admin/users?disabled=${id}`, 303);
}

async function userReset(c: C) {
  const { base, body } = await adminPost(c);
  const id = pathId(c);
  const { password: typed } = textFields(body, ['password']);
  try {
    const { user, password } = await resetPassword(c.get('deps').db, id, typed === '' ? null : typed!, base.actor);
    if (password === null) return c.redirect(`/admin/users?reset=${id}`, 303);
    const t = base.t;
    return secretPage(c, {
      ...base,
      section: 'users',
      title: t('admin.users.resetTitle', { name: user.name }),
      lead: t('admin.users.resetLead', { name: user.name }),
      label: t('admin.users.newPassword'),
      secret: password,
      back: '/admin/users',
    });
  } catch (err) {
    const problems = refused(c, err, () => `password-${id}`);
    if (!problems) throw err;
    return usersPage(c, base, { name: `reset-${id}`, errors: problems, values: {} }, statusOf(err));
  }
}

async function tokensPage(c: C, base: AdminBase, form: FormState, status: 200 | 400 | 409 = 200) {
  const deps = c.get('deps');
  const [tokens, users] = await Promise.all([listTokens(deps.db, deps.now()), listUsers(deps.db)]);
  const revoked = queryId(c, 'revoked');
  const token = revoked === null ? undefined : tokens.find((k) => k.id === revoked);
  const notice = token ? base.t('admin.tokens.revokedNotice', { prefix: token.prefix, user: token.user }) : null;
  return c.html(<TokensPage {...base} tokens={tokens} users={users} form={form} notice={notice} />, status);
}

const TokenLabel = text(100);

async function tokenCreate(c: C) {
  const { base, body } = await adminPost(c);
  const deps = c.get('deps');
  const values = textFields(body, ['user', 'label', 'expiresDays']);
  const t = base.t;
  try {
    const user = idParam.safeParse(values.user);
    if (!user.success) throw new AppError(400, 'invalid_request', t('admin.tokens.pickUser'), { field: 'user' });
    const label = values.label!.trim() === '' ? null : TokenLabel.safeParse(values.label);
    if (label !== null && !label.success) throw new AppError(400, 'invalid_request', label.error.issues[0]?.message ?? '', { field: 'label' });
    const days = values.expiresDays!.trim();
    const { token, info } = await createToken(
      deps.db,
      { user: user.data, expiresDays: days === '' ? undefined : (typedNumber(days) as number), label: label === null ? null : label.data },
      base.actor,
      deps.now(),
    );
    return secretPage(c, {
      ...base,
      section: 'tokens',
      title: t('admin.tokens.createdTitle'),
      lead: t('admin.tokens.createdLead', { user: info.user, expires: info.expiresAt ? info.expiresAt.slice(0, 10) : t('admin.tokens.never') }),
      label: t('admin.tokens.token'),
      secret: token,
      back: '/admin/tokens',
    });
  } catch (err) {
    const problems = refused(c, err, (f) => (['user', 'label', 'expiresDays'].includes(f) ? f : 'user'));
    if (!problems) throw err;
    return tokensPage(c, base, { name: 'create', errors: problems, values }, statusOf(err));
  }
}

async function tokenRevoke(c: C) {
  const { base } = await adminPost(c);
  const id = pathId(c);
  const deps = c.get('deps');
  await revokeToken(deps.db, id, base.actor, deps.now());
  return c.redirect(`/admin/tokens?revoked=${id}`, 303);
}

// ---- audit ---------------------------------------------------------------------------------------------

async function auditPage(c: C) {
  const base = await adminPage(c);
  const db = c.get('deps').db;
  const raw = {
    user: (c.req.query('user') ?? '').trim().slice(0, 100),
    action: (c.req.query('action') ?? '').trim().slice(0, 64),
    since: (c.req.query('since') ?? '').trim().slice(0, 40),
    until: (c.req.query('until') ?? '').trim().slice(0, 40),
  };
  const errors: FieldProblem[] = [];
  const day = (field: 'since' | 'until') => {
    if (raw[field] === '') return undefined;
    const d = Day.safeParse(raw[field]);
    if (d.success) return d.data;
    errors.push({ field, message: d.error.issues[0]?.message ?? base.t('admin.audit.dateInvalid') });
    return undefined;
  };
  const since = day('since');
  const until = day('until');
  const pageNo = z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .safeParse(c.req.query('page') ?? '1');
  const query: AuditQuery = { ...raw, page: pageNo.success ? pageNo.data : 1 };
  const [found, users] = await Promise.all([
    listAudit(db, {
      since,
      until,
      user: raw.user || undefined,
      action: raw.action || undefined,
      limit: AUDIT_PAGE_SIZE,
      offset: (query.page - 1) * AUDIT_PAGE_SIZE,
    }),
    listUsers(db),
  ]);
  const filtered = Object.values(raw).some((v) => v !== '');
  return c.html(
    <AuditPage
      {...base}
      items={found.items}
      total={found.total}
      query={query}
      users={users.map((u) => u.name)}
      actions={AUDIT_ACTIONS}
      form={{ name: 'audit', errors, values: raw }}
      filtered={filtered}
    />,
    errors.length > 0 ? 400 : 200,
  );
}

export const adminPages = new Hono<WebEnv>()
  .get('/admin', home)
  .get('/admin/bindings', bindingsList)
  .get('/admin/bindings/:id', bindingEdit)
  .post('/admin/bindings/:id', bindingSave)
  .get('/admin/channels', async (c) => channelsPage(c, await adminPage(c), emptySourcesForm))
  .post('/admin/channels', channelAdd)
  .get('/admin/probes', async (c) => probesPage(c, await adminPage(c), emptySourcesForm))
  .post('/admin/probes', probeAdd)
  .get('/admin/robots', async (c) => robotsPage(c, await adminPage(c), emptySourcesForm))
  .post('/admin/robots', robotAdd)
  .get('/admin/jobs', async (c) => jobsPage(c, await adminPage(c), noForm))
  .post('/admin/jobs/:name/run', jobRun)
  .get('/admin/users', async (c) => usersPage(c, await adminPage(c), noForm))
  .post('/admin/users', userAdd)
  .post('/admin/users/:id/disable', userDisable)
  .post('/admin/users/:id/reset-password', userReset)
  .get('/admin/tokens', async (c) => tokensPage(c, await adminPage(c), noForm))
  .post('/admin/tokens', tokenCreate)
  .post('/admin/tokens/:id/revoke', tokenRevoke)
  .get('/admin/audit', auditPage);
