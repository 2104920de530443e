import { listProjects } from '../services/projects.ts';
import type { Handler } from './args.ts';
import { withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';
import { latestProjectYear } from './years.ts';

type Specs = typeof commandSpecs;

export const projectsCommand: Handler<Specs['projects']> = async ({ options }, { io }) => {
  const { list, year } = await withDb(async (db) => {
    if (options.all) return { list: await listProjects(db, {}), year: null };
    let year = options.year ?? null;
    if (year === null) {
      year = await latestProjectYear(db);
      if (year !== null) io.err(`未指定 --year，使用有项目的最近年度 ${year}\n`);
    }
    return { list: year === null ? [] : await listProjects(db, { year }), year };
  });
  if (options.json) {
    const json = list.map((p) => ({ id: p.id, name: p.name, year: p.year, unit: { code: p.unit.code, name: p.unit.name }, indicatorCount: p.indicatorCount }));
    io.out(JSON.stringify(json, null, 2) + '\n');
  } else if (list.length === 0) {
    io.out(year === null ? '还没有导入任何项目（jixiao import FILE）。\n' : `没有 ${year} 年度的项目。\n`);
  } else {
    for (const p of list) {
      const budget = p.budget.total === null ? '预算未填' : `预算 ${(p.budget.total / 10000).toFixed(2)} 万元`;
      io.out(`${String(p.id).padStart(4)}  ${p.year}  ${p.name}（${p.unit.name}，${p.indicatorCount} 个指标，${budget}）\n`);
    }
  }
  return 0;
};
