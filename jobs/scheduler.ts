import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { JobDefinition, JobDeps } from './job-types.ts';
import { claimSlot, lastSuccessfulSlot } from '../src/services/job-ledger.ts';
import { runJobSlot, type RunOutcome } from './run-job.ts';
import { runWithFollowUp } from './registry.ts';
import { safeLogger } from './safe-logger.ts';
import type { JobScheduler } from '../src/services/jobs.ts';

export const TIMEZONE = 'Asia/Shanghai';

export interface Scheduler extends JobScheduler {
  /** Runs the missed slots of every catch-up job (also done at start). */
  catchUp(): Promise<RunOutcome[]>;
  /** The catch-up started with the scheduler. */
  initialCatchUp: Promise<RunOutcome[]>;
}

/**
 * node-cron's run coordinator, backed by the ledger: electing a process for a slot IS inserting the
 * slot's row, so with any number of processes on one database each slot runs once. The run id is
 * handed from the election to the run that follows it.
 */
export function ledgerCoordinator(deps: JobDeps, defs: Map<string, JobDefinition>, claimed: Map<string, number>): RunCoordinator {
  return {
    async shouldRun(key) {
      const cut = key.lastIndexOf(':', key.length - 8);
      const name = key.slice(0, key.indexOf(':'));
      const def = defs.get(name);
      if (!def || cut < 0) return false;
      const slot = new Date(key.slice(name.length + 1));
      const runId = await claimSlot(deps.db, {
        job: name,
        slot: slot.toISOString(),
        trigger: 'schedule',
        dataDay: def.dataDayOf ? def.dataDayOf(slot) : null,
        owner: deps.owner,
        staleAfterMs: deps.config.jobs.staleAfterMs,
        retakeFailed: false,
      });
      if (runId === null) return false;
      claimed.set(key, runId);
      return true;
    },
    onComplete(key) {
      claimed.delete(key);
    },
  };
}

export function startScheduler(deps: JobDeps, definitions: JobDefinition[]): Scheduler {
  const defs = new Map(definitions.map((d) => [d.name, d]));
  const claimed = new Map<string, number>();
  const coordinator = ledgerCoordinator(deps, defs, claimed);
  const abort = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  const tasks: ScheduledTask[] = definitions.map((def) =>
    cron.schedule(
      def.schedule,
      async (context) => {
        const key = `${def.name}:${context.date.toISOString()}`;
        const runId = claimed.get(key);
        if (runId === undefined) return;
        await track(runWithFollowUp(deps, definitions, def, { slot: context.date, trigger: 'schedule', claimedRunId: runId, signal: abort.signal }));
      },
      { name: def.name, timezone: TIMEZONE, distributed: true, runCoordinator: coordinator, noOverlap: true },
    ),
  );

  const catchUp = async (): Promise<RunOutcome[]> => {
    const outcomes: RunOutcome[] = [];
    for (const def of definitions) {
      if (!def.catchUp) continue;
      for (const slot of await missedSlots(deps, def)) {
        if (abort.signal.aborted) return outcomes;
        outcomes.push(await track(runJobSlot(deps, def, { slot, trigger: 'catch_up', signal: abort.signal })));
      }
    }
    return outcomes;
  };
  const initial = track(
    catchUp().catch((err) => {
      safeLogger(deps.logger, deps.env).error('catch-up failed', { error: String(err) });
      return [];
    }),
  );
  return {
    catchUp,
    initialCatchUp: initial,
    async stop() {
      for (const t of tasks) await t.destroy();
      abort.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * Slots of a job between its last successful scheduled run and now that never succeeded, newest last,
 * at most JOBS_CATCH_UP_MAX of them (the most recent). Without any success, only the latest slot.
 */
export async function missedSlots(deps: JobDeps, def: JobDefinition): Promise<Date[]> {
  const max = deps.config.jobs.catchUpMax;
  if (max === 0) return [];
  const now = deps.now();
  const last = await lastSuccessfulSlot(deps.db, def.name);
  const matcher = cron.createTask(def.schedule, () => {}, { timezone: TIMEZONE });
  const slots: Date[] = [];
  // Walk back minute by minute (cron's resolution here), bounded to 60 days.
  const floor = last ? new Date(last).getTime() : now.getTime() - 60 * 86_400_000;
  let t = Math.floor(now.getTime() / 60_000) * 60_000;
  while (t > floor && slots.length < (last ? max : 1)) {
    const d = new Date(t);
    if (matcher.match(d)) slots.unshift(d);
    t -= 60_000;
  }
  await matcher.destroy();
  return slots;
}
