import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../src/errors.ts';
import { ConnectorError } from './connectors/types.ts';
import type { JobContext, JobDefinition, JobDeps, JobResult } from './job-types.ts';
import { claimSlot, finishRun, heartbeat, lockJob, releaseDeadLocalLock, unlockJob, type Trigger } from '../src/services/job-ledger.ts';
import type { RunOutcome } from '../src/services/jobs.ts';
import { dbTokenStore } from '../src/services/upstream-tokens.ts';
import { maskSecrets, safeLogger, secretValues } from './safe-logger.ts';

export type { RunOutcome } from '../src/services/jobs.ts';

/**
 * Runs one slot of a job: claim it in the ledger (or learn another process has it), take the job's
 * lock, run with retries for retryable failures (exponential backoff with jitter), fail at once on
 * configuration errors and spent quotas, record the outcome and log one summary line.
 */
export async function runJobSlot(
  deps: JobDeps,
  def: JobDefinition,
  opts: { slot: Date; trigger: Trigger; dataDay?: string | null; signal?: AbortSignal; claimedRunId?: number },
): Promise<RunOutcome> {
  const { config, db } = deps;
  const logger = safeLogger(deps.logger, deps.env);
  const started = Date.now();
  const slot = opts.slot.toISOString();
  const dataDay = opts.dataDay ?? (def.dataDayOf ? def.dataDayOf(opts.slot) : null);
  const staleAfterMs = config.jobs.staleAfterMs;
  const runId =
    opts.claimedRunId ??
    (await claimSlot(db, { job: def.name, slot, trigger: opts.trigger, dataDay, owner: deps.owner, staleAfterMs, retakeFailed: opts.trigger !== 'schedule' }));
  if (runId === null) return { job: def.name, slot, runId: null, status: 'not_claimed', attempts: 0, result: null, error: null };

  if (!(await waitForLock(deps, def.name, runId, staleAfterMs, opts.signal))) {
    const error = { kind: 'overlap', code: 'overlap', message: `任务 ${def.name} 的上一次运行在 ${staleAfterMs / 1000} 秒内未结束，本时段跳过` };
    await finishRun(db, runId, { status: 'skipped', counts: null, error });
    logger.info('job run', { job: def.name, slot, status: 'skipped', durationMs: Date.now() - started, inserted: 0, updated: 0, failed: 0 });
    return { job: def.name, slot, runId, status: 'skipped', attempts: 0, result: null, error };
  }

  const beat = setInterval(() => void heartbeat(db, def.name, runId).catch(() => {}), Math.max(1000, staleAfterMs / 3));
  beat.unref();
  const ctx: JobContext = {
    ...deps,
    logger,
    connector: { now: deps.now, env: deps.env, outboundHosts: config.outboundHosts, timeouts: config.jobs.http, signal: opts.signal },
    tokens: dbTokenStore(db),
    slot: opts.slot,
    dataDay,
    heartbeat: () => heartbeat(db, def.name, runId),
  };
  let attempt = 0;
  let outcome: RunOutcome;
  try {
    for (;;) {
      attempt += 1;
      try {
        const result = await def.run(ctx);
        await finishRun(db, runId, { status: 'succeeded', counts: counts(result), attempt });
        outcome = { job: def.name, slot, runId, status: 'succeeded', attempts: attempt, result, error: null };
        break;
      } catch (err) {
        const error = describe(err, deps.env);
        const retryable = error.kind === 'retryable' && attempt < config.jobs.maxAttempts && !opts.signal?.aborted;
        if (!retryable) {
          if (error.kind === 'internal')
            logger.error('job failed', { job: def.name, slot, error: err instanceof Error ? err.message : String(err), stack: (err as Error)?.stack });
          await finishRun(db, runId, { status: 'failed', counts: null, attempt, error });
          outcome = { job: def.name, slot, runId, status: 'failed', attempts: attempt, result: null, error };
          break;
        }
        const wait = backoff(attempt, config.jobs.backoffBaseMs, config.jobs.backoffMaxMs, err instanceof ConnectorError ? err.retryAfterMs : null);
        logger.warn('job retry', { job: def.name, slot, attempt, waitMs: wait, error: error.message });
        await sleep(wait, undefined, { signal: opts.signal }).catch(() => {});
      }
    }
  } finally {
    clearInterval(beat);
    await unlockJob(db, def.name, runId).catch(() => {});
  }
  const c = outcome.result ? counts(outcome.result) : { inserted: 0, updated: 0, failed: 0 };
  logger.info('job run', {
    job: def.name,
    slot,
    status: outcome.status,
    attempts: attempt,
    durationMs: Date.now() - started,
    ...c,
    ...(outcome.error ? { error: outcome.error.message } : {}),
  });
  return outcome;
}

/**
 * Runs of one job never overlap: a slot that comes up while the previous one still runs (here or in
 * another process) waits for it, up to the stale limit, and is skipped only if it never frees.
 */
async function waitForLock(deps: JobDeps, job: string, runId: number, staleAfterMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + staleAfterMs;
  for (;;) {
    if (await lockJob(deps.db, job, deps.owner, runId, staleAfterMs)) return true;
    // A holder on this machine whose process is gone (killed) need not be waited out.
    if (await releaseDeadLocalLock(deps.db, job, deps.owner)) continue;
    if (Date.now() > deadline || signal?.aborted) return false;
    await heartbeat(deps.db, job, runId).catch(() => {});
    await sleep(100 + Math.random() * 100, undefined, { signal }).catch(() => {});
  }
}

function counts(r: JobResult) {
  return { inserted: r.inserted, updated: r.updated, failed: r.failed };
}

/** Exponential backoff with full jitter, never below the upstream's own retry-after (capped). */
export function backoff(attempt: number, baseMs: number, maxMs: number, retryAfterMs: number | null, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.round(Math.min(maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}

/**
 * What the ledger, the API and the CLI may show of a failure: a connector's own message (written for people),
 * an AppError's; anything else is a bug whose text (SQL, a stack) stays in the log. Secrets are masked in
 * any case, should a message ever carry one.
 */
function describe(err: unknown, env: Record<string, string | undefined>): { kind: string; code: string; message: string } {
  const secrets = secretValues(env);
  if (err instanceof ConnectorError) return { kind: err.kind, code: err.code, message: maskSecrets(err.message, secrets) };
  if (err instanceof AppError) return { kind: 'config', code: err.code, message: maskSecrets(err.message, secrets) };
  return { kind: 'internal', code: 'internal', message: '任务内部错误，详情见服务器日志' };
}
