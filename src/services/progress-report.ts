import type { Db } from '../../db/client.ts';
import type { Project } from '../../db/schema/index.ts';
import { clampToPeriod, readingDay } from '../evaluation/time-share.ts';
import type { EvaluationSettings } from '../evaluation/types.ts';
import { projectProgress } from './progress.ts';
import type { ProgressReport } from './progress-model.ts';
import { periodOf } from './projects.ts';

export type { ProgressReport } from './progress-model.ts';

/**
 * Progress of several projects as of a day. Without an explicit day each project is read as of its reading
 * day (today, or its last day once its period is over); a project whose period has not begun is read as of
 * its first day.
 */
export async function progressReport(
  db: Db,
  list: Project[],
  options: { asOf?: string; today: string; settings?: EvaluationSettings },
): Promise<ProgressReport> {
  const out: ProgressReport['projects'] = [];
  for (const p of list) {
    const period = periodOf(p);
    const asOf = options.asOf ?? readingDay(period, options.today) ?? clampToPeriod(options.today, period);
    out.push({ asOf, ...(await projectProgress(db, p, asOf, options.settings)) });
  }
  return { asOf: options.asOf ?? options.today, projects: out };
}
