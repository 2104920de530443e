import { shanghaiMinute } from '../../src/clock.ts';
import type { MessageKey } from '../../src/i18n/messages.ts';
import type { JobInfo } from '../../src/services/jobs.ts';
import { Field } from '../components/fields.tsx';
import { AdminFrame, type AdminBase, Csrf, Empty, type FormState } from './admin.tsx';

// 定时任务 (docs/design.md "Jobs"): each job with its schedule and last run, a "run now" form per job (with
// an optional data day), and the ledger's history: status, counts and, for a failure, our own reason.

export interface JobRunRow {
  id: number;
  job: string;
  slot: string;
  trigger: 'schedule' | 'catch_up' | 'manual';
  dataDay: string | null;
  status: 'running' | 'succeeded' | 'failed' | 'skipped';
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  counts: { inserted: number; updated: number; failed: number } | null;
  errorKind: string | null;
  errorCode: string | null;
  error: string | null;
}

const statusClass: Record<JobRunRow['status'], string> = {
  succeeded: 'lamp lamp-green',
  failed: 'lamp lamp-red',
  running: 'lamp lamp-yellow',
  skipped: 'lamp lamp-grey',
};

function Status(p: { t: AdminBase['t']; status: JobRunRow['status'] }) {
  return <span class={statusClass[p.status]}>{p.t(`admin.jobs.status.${p.status}`)}</span>;
}

function Counts(p: { t: AdminBase['t']; counts: JobRunRow['counts'] }) {
  if (!p.counts) return <span class="muted">—</span>;
  return <span class="num">{p.t('admin.jobs.counts', { inserted: p.counts.inserted, updated: p.counts.updated, failed: p.counts.failed })}</span>;
}

/** Why a run failed, in our words: the kind (配置/上游/内部…), the short code and the message the ledger holds. */
function Reason(p: { t: AdminBase['t']; run: JobRunRow }) {
  const r = p.run;
  if (r.status !== 'failed' && !r.error) return <span class="muted">—</span>;
  const kindKey = r.errorKind ? (`admin.jobs.kind.${r.errorKind}` as MessageKey) : null;
  const known = kindKey !== null && ['config', 'retryable', 'quota', 'internal', 'overlap'].includes(r.errorKind!);
  return (
    <span class="admin-break">
      {r.errorKind && <strong>{known ? p.t(kindKey!) : r.errorKind}</strong>}
      {r.errorCode && <code> {r.errorCode}</code>}
      {r.error && <span>：{r.error}</span>}
    </span>
  );
}

export function JobsPage(
  p: AdminBase & {
    jobs: JobInfo[];
    runs: JobRunRow[];
    /** The runs just started by hand (after the redirect), read back from the ledger. */
    ran: { job: string; runs: JobRunRow[] } | null;
    form: FormState;
    today: string;
  },
) {
  const { t } = p;
  const errors = p.form.errors;
  const last = (job: string) => p.runs.find((r) => r.job === job && r.status !== 'running') ?? p.runs.find((r) => r.job === job) ?? null;
  return (
    <AdminFrame base={p} section="jobs" title={t('adminNav.jobs')} path="/admin/jobs" errors={errors}>
      {p.ran && (
        <div class={p.ran.runs.some((r) => r.status === 'failed') ? 'warning-box' : 'notice'} role="status">
          <p>{t('admin.jobs.ran', { job: p.ran.job })}</p>
          {p.ran.runs.length === 0 ? (
            <p>{t('admin.jobs.notClaimed')}</p>
          ) : (
            <ul>
              {p.ran.runs.map((r) => (
                <li>
                  {r.job} · <Status t={t} status={r.status} /> · <Counts t={t} counts={r.counts} />
                  {r.status === 'failed' && (
                    <>
                      {' '}
                      · <Reason t={t} run={r} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {p.jobs.length === 0 ? (
        <Empty text={t('admin.jobs.noJobs')} next={t('admin.jobs.noJobsNext')} />
      ) : (
        <ul class="admin-jobs">
          {p.jobs.map((j) => {
            const run = last(j.name);
            const mine = p.form.name === j.name;
            return (
              <li class="panel" id={`job-${j.name}`}>
                <h2>
                  {j.name} <span class="muted">{j.description}</span>
                </h2>
                <p class="muted">
                  {t('admin.jobs.schedule')}：<code>{j.schedule}</code>
                </p>
                <p>
                  {t('admin.jobs.lastRun')}：
                  {run ? (
                    <>
                      <Status t={t} status={run.status} /> <span class="num">{shanghaiMinute(run.startedAt)}</span> · <Counts t={t} counts={run.counts} />
                      {run.status === 'failed' && (
                        <>
                          {' '}
                          · <Reason t={t} run={run} />
                        </>
                      )}
                    </>
                  ) : (
                    <span class="muted">{t('admin.jobs.never')}</span>
                  )}
                </p>
                <form method="post" action={`/admin/jobs/${encodeURIComponent(j.name)}/run`} class="admin-inline-form" novalidate>
                  <Csrf token={p.formToken} />
                  <Field id={`date-${j.name}`} label={t('admin.jobs.date')} hint={t('admin.jobs.dateHint')} errors={mine ? errors : []}>
                    <input type="date" id={`date-${j.name}`} name="date" value={mine ? (p.form.values.date ?? '') : ''} max={p.today} />
                  </Field>
                  <button type="submit" class="primary">
                    {t('admin.jobs.runNow')}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
      <section>
        <h2>{t('admin.jobs.history')}</h2>
        {p.runs.length === 0 ? (
          <Empty text={t('admin.jobs.noRuns')} next={t('admin.jobs.noRunsNext')} />
        ) : (
          <div class="table-wrap" tabindex={0}>
            <table class="plain admin-rows">
              <thead>
                <tr>
                  <th scope="col">{t('admin.jobs.started')}</th>
                  <th scope="col">{t('admin.jobs.job')}</th>
                  <th scope="col">{t('admin.jobs.trigger')}</th>
                  <th scope="col">{t('admin.jobs.dataDay')}</th>
                  <th scope="col">{t('admin.jobs.statusCol')}</th>
                  <th scope="col">{t('admin.jobs.countsCol')}</th>
                  <th scope="col">{t('admin.jobs.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {p.runs.map((r) => (
                  <tr id={`run-${r.id}`}>
                    <td data-label={t('admin.jobs.started')} class="num">
                      {shanghaiMinute(r.startedAt)}
                    </td>
                    <td data-label={t('admin.jobs.job')}>{r.job}</td>
                    <td data-label={t('admin.jobs.trigger')}>{t(`admin.jobs.trigger.${r.trigger}`)}</td>
                    <td data-label={t('admin.jobs.dataDay')} class="num">
                      {r.dataDay ?? '—'}
                    </td>
                    <td data-label={t('admin.jobs.statusCol')}>
                      <Status t={t} status={r.status} />
                      {r.attempt > 1 && <span class="muted num"> ×{r.attempt}</span>}
                    </td>
                    <td data-label={t('admin.jobs.countsCol')}>
                      <Counts t={t} counts={r.counts} />
                    </td>
                    <td data-label={t('admin.jobs.reason')}>
                      <Reason t={t} run={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminFrame>
  );
}
