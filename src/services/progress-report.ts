import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { projects, type Project } from '../../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import type { EvaluationSettings } from '../evaluation/types.ts';
import { projectProgress, type ProjectProgress } from './progress.ts';

export interface ProgressReport {
  asOf: string;
  projects: (ProjectProgress & { asOf: string })[];
}

/**
 * Progress of several projects as of a day. Without an explicit day each project is read as of today,
 * or its last day once its period is over (a closed year is reported at year end).
 */
export async function progressReport(
  db: Db,
  list: Project[],
  options: { asOf?: string; today: string; settings?: EvaluationSettings },
): Promise<ProgressReport> {
  const out = [];
  for (const p of list) {
    const asOf = options.asOf ?? (options.today > p.periodEnd ? p.periodEnd : options.today);
    out.push({ asOf, ...(await projectProgress(db, p, asOf, options.settings)) });
  }
  return { asOf: options.asOf ?? options.today, projects: out };
}

export async function requireProjectRow(db: Db, id: number): Promise<Project> {
  const [p] = await db.select().from(projects).where(eq(projects.id, id));
  if (!p) throw new NotFoundError('project', id);
  return p;
}
