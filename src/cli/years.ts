import type { Db } from '../../db/client.ts';
import { listProjects } from '../services/projects.ts';

/**
 * The latest budget year that has projects, or null when there are none: what a command without --year
 * shows, so that a new calendar year does not answer "no projects" while last year's are still being run.
 */
export async function latestProjectYear(db: Db): Promise<number | null> {
  const years = (await listProjects(db, {})).map((p) => p.year);
  return years.length === 0 ? null : Math.max(...years);
}
