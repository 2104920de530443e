import type { Db } from '../../db/client.ts';
import type { EvaluationSettings } from '../evaluation/types.ts';
import type { ProgressCache } from './progress-cache.ts';
import type { ProgressReport } from './progress-model.ts';
import { progressReport } from './progress-report.ts';
import { requireProject } from './projects.ts';

/** A project's progress as every face reads it: the model, and its JSON (what the API sends). */
export interface ProgressAnswer {
  report: ProgressReport;
  json: string;
}

export interface ProgressReader {
  /** One project's progress as of a day (default: today, or its last day once its period is over). */
  project(projectId: number, options: { asOf?: string; today: string }): Promise<ProgressAnswer>;
  /**
   * A view derived from the project's facts (the page's charts), kept beside its progress answers and dropped
   * with them when a write touches the project. `key` must name everything the view depends on but the project.
   */
  derived<T>(projectId: number, key: string, compute: () => Promise<T>): Promise<T>;
}

/**
 * The progress read of the API, the pages and the workbooks, cached per project and day (docs/design.md
 * "Caches and invalidation"). The serialized answer is kept with the model, so an API hit costs no JSON work.
 */
export function createProgressReader(db: Db, settings: EvaluationSettings, cache: ProgressCache): ProgressReader {
  return {
    project(projectId, { asOf, today }) {
      // Without an explicit day the answer depends on today too.
      const key = `${projectId}|${asOf ?? `today:${today}`}`;
      return cache.get(projectId, key, async () => {
        const report = await progressReport(db, [await requireProject(db, projectId)], { asOf, today, settings });
        return { report, json: JSON.stringify(report) };
      });
    },
    derived(projectId, key, compute) {
      return cache.get(projectId, `${projectId}|derived|${key}`, compute);
    },
  };
}
