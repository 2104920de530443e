// How each indicator of a project gets its number (docs/design.md "Coverage"), for the API, the CLI's
// `measures list`, the project page and the import result: one service, one count.
import type { Db } from '../../db/client.ts';
import { type Coverage, type CoverageKind, coverageOf, measureCoverage } from '../measures/coverage.ts';
import { loadBoundIndicators } from './bound-indicators.ts';
import { requireProject } from './projects.ts';

export interface ProjectCoverage {
  projectId: number;
  coverage: Coverage;
  indicators: { indicatorId: number; level3: string; coverage: CoverageKind | null }[];
}

export async function projectCoverage(db: Db, projectId: number): Promise<ProjectCoverage> {
  await requireProject(db, projectId);
  const bound = await loadBoundIndicators(db, { projectId });
  const list = bound.map((b) => ({ spec: b.spec, targetKind: b.indicator.targetKind, applicable: b.indicator.applicable }));
  return {
    projectId,
    coverage: measureCoverage(list),
    indicators: bound.map((b, k) => ({ indicatorId: b.indicator.id, level3: b.indicator.level3, coverage: coverageOf(list[k]!) })),
  };
}
