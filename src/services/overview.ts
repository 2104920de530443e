import { desc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { projects } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { Lamp } from '../evaluation/types.ts';
import { lamps } from '../evaluation/types.ts';
import { unitFilter } from './access.ts';
import type { ProjectProgress } from './progress-model.ts';
import type { ProgressReader } from './progress-reader.ts';
import { listProjects, listUnits, type ProjectSummaryDto, type UnitDto } from './projects.ts';

// 总览 (docs/design.md "Display"): a card per project the actor may see — lamps counted by colour, budget,
// score forecast, when data last arrived — worst first (most red, then most yellow).

export interface OverviewCard {
  project: ProjectSummaryDto;
  progress: ProjectProgress;
  lampCounts: Record<Lamp, number>;
  /** The newest day any indicator's facts reach; null when there are none. */
  latestFactDay: string | null;
}

export interface Overview {
  year: number | null;
  years: number[];
  units: UnitDto[];
  unitId: number | null;
  cards: OverviewCard[];
}

export function countLamps(progress: ProjectProgress): Record<Lamp, number> {
  const counts = Object.fromEntries(lamps.map((l) => [l, 0])) as Record<Lamp, number>;
  for (const i of progress.indicators) if (i.applicable) counts[i.lamp] += 1;
  return counts;
}

export function worstFirst(a: OverviewCard, b: OverviewCard): number {
  return b.lampCounts.red - a.lampCounts.red || b.lampCounts.yellow - a.lampCounts.yellow || a.project.id - b.project.id;
}

export async function overview(db: Db, reader: ProgressReader, actor: Actor, q: { year?: number; unitId?: number | null; today: string }): Promise<Overview> {
  const scope = unitFilter(actor);
  const units = await listUnits(db, scope);
  // A unit filter can only narrow what the actor may see.
  const unitId = scope ?? q.unitId ?? null;
  const years = [...new Set((await db.selectDistinct({ year: projects.year }).from(projects).orderBy(desc(projects.year))).map((r) => r.year))];
  const year = q.year ?? years[0] ?? null;
  if (year === null) return { year: null, years, units, unitId, cards: [] };
  const list = await listProjects(db, { year, unitId });
  const cards: OverviewCard[] = [];
  for (const project of list) {
    const { report } = await reader.project(project.id, { today: q.today });
    const progress = report.projects[0]!;
    const days = progress.indicators.map((i) => i.latestFactDay).filter((d): d is string => d !== null);
    cards.push({ project, progress, lampCounts: countLamps(progress), latestFactDay: days.sort().at(-1) ?? null });
  }
  cards.sort(worstFirst);
  return { year, years, units, unitId, cards };
}
