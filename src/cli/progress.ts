import { shanghaiDate } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { lampMark, statusMark } from '../format/index.ts';
import { resolveProject } from '../services/channels.ts';
import { progressReport } from '../services/progress-report.ts';
import { listProjects, requireProject } from '../services/projects.ts';
import type { ProgressReport } from '../services/progress-model.ts';
import type { Handler } from './args.ts';
import { withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';
import { latestProjectYear } from './years.ts';

type Specs = typeof commandSpecs;

export const progressCommand: Handler<Specs['progress']> = async ({ options }, { io, now }) => {
  const asOf = options['as-of'];
  const today = shanghaiDate(now());
  const report = await withDb(async (db) => {
    if (options.project)
      return progressReport(db, [await requireProject(db, (await resolveProject(db, options.project)).id)], { asOf, today, settings: loadConfig().evaluation });
    let year: number | null = asOf ? Number(asOf.slice(0, 4)) : null;
    if (year === null) {
      year = await latestProjectYear(db);
      if (year !== null) io.err(`未指定 --year，使用有项目的最近年度 ${year}\n`);
    }
    const projects = year === null ? [] : await listProjects(db, { year });
    const rows = await Promise.all(projects.map((p) => requireProject(db, p.id)));
    return progressReport(db, rows, { asOf, today, settings: loadConfig().evaluation });
  });
  if (options.json) {
    io.out(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  if (report.projects.length === 0) io.out('没有项目。\n');
  for (const p of report.projects) io.out(formatProject(p));
  return 0;
};

function formatProject(p: ProgressReport['projects'][number]): string {
  // The answer carries its own display strings (src/format): the CLI prints them, it does not reformat.
  const lines = [
    `#${p.id} ${p.name}（截至 ${p.asOf}，时间进度 ${p.display.timeShare}）`,
    `  预算执行：${p.display.spent} / ${p.display.budgetTotal}，执行率 ${p.display.executionRate} ${lampMark(p.budget.lamp)}`,
    p.score
      ? `  ${p.score.forecast ? '预计' : ''}自评得分：${p.display.score}${p.score.unscored ? `，${p.score.unscored} 项未计分` : ''}`
      : `  自评得分：${p.scoreError ?? '无法计算'}`,
  ];
  for (const i of p.indicators) {
    const d = i.display;
    lines.push(
      `  ${statusMark(i.status)}  ${i.level3}：实际 ${d.actual}，目标 ${d.target}` +
        (i.expected !== null ? `，应达 ${d.expected}` : '') +
        (i.forecast !== null && i.expected !== null ? `，预计全年 ${d.forecast}` : '') +
        (i.likelihood ? `，完成可能性 ${d.likelihood}` : '') +
        (i.overAchieved ? '（超额 30% 以上：目标可能偏低）' : '') +
        (i.note ? `（${i.note}）` : ''),
    );
  }
  return lines.join('\n') + '\n';
}
