import { parseArgs } from 'node:util';
import { shanghaiDate } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { resolveProject } from '../services/channels.ts';
import { listBindings, parseMeasureSpec, setBinding } from '../services/measures.ts';
import { progressReport, requireProjectRow } from '../services/progress-report.ts';
import { listProjects } from '../services/projects.ts';
import type { ProjectProgress } from '../services/progress.ts';
import { readDate, UsageError, user, withDb, type CliContext } from './io.ts';

export async function measuresCommand(args: string[], { io }: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { project: { type: 'string' }, json: { type: 'boolean' } } });
    if (!values.project) throw new UsageError('缺少 --project NAME|ID');
    const list = await withDb(async (db) => listBindings(db, (await resolveProject(db, values.project!)).id));
    if (values.json) io.out(JSON.stringify(list, null, 2) + '\n');
    else for (const b of list) io.out(`${String(b.indicatorId).padStart(5)}  ${b.level3}  ${b.measure ? JSON.stringify(b.measure) : '未设置度量'}${b.proposed ? '（建议，待确认）' : ''}\n`);
    return 0;
  }
  if (sub === 'set') {
    const [id, specText] = rest;
    if (!id || !/^\d+$/.test(id) || !specText) throw new UsageError("用法：jixiao measures set INDICATOR_ID '<measure JSON>'|none");
    let spec = null;
    if (specText !== 'none') {
      let json: unknown;
      try {
        json = JSON.parse(specText);
      } catch {
        throw new UsageError('度量定义应为 JSON，如 {"type":"count","source":"entries","kind":"activity"}');
      }
      spec = parseMeasureSpec(json);
    }
    const b = await withDb((db) => setBinding(db, Number(id), spec, user()));
    io.out(`指标 #${b.indicatorId} ${b.level3}：${b.measure ? JSON.stringify(b.measure) : '已解除度量'}\n`);
    return 0;
  }
  throw new UsageError("用法：jixiao measures list --project P [--json] | measures set INDICATOR_ID '<JSON>'|none");
}

export async function progressCommand(args: string[], { io, now }: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { project: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } } });
  const asOf = values['as-of'] === undefined ? undefined : readDate(values['as-of'], '--as-of', now);
  const today = shanghaiDate(now());
  const report = await withDb(async (db) => {
    const rows = values.project
      ? [await requireProjectRow(db, (await resolveProject(db, values.project)).id)]
      : await Promise.all((await listProjects(db, { year: Number((asOf ?? today).slice(0, 4)) })).map((p) => requireProjectRow(db, p.id)));
    return progressReport(db, rows, { asOf, today, settings: loadConfig().evaluation });
  });
  if (values.json) {
    io.out(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  if (report.projects.length === 0) io.out('没有项目。\n');
  for (const p of report.projects) io.out(formatProject(p));
  return 0;
}

const lampMark: Record<string, string> = { green: '●绿', yellow: '●黄', red: '●红', grey: '○灰' };
const statusLabel: Record<string, string> = {
  met: '已完成', on_track: '正常', warning: '预警', off_track: '偏离', failed: '未完成', no_data: '无数据', no_measure: '未设置度量', needs_review: '待确认',
};

function formatProject(p: ProjectProgress & { asOf: string }): string {
  const fmt = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(2));
  const lines = [
    `#${p.id} ${p.name}（截至 ${p.asOf}，时间进度 ${(p.timeShare * 100).toFixed(1)}%）`,
    `  预算执行：${fmt(p.budget.spent)} / ${fmt(p.budget.total)} 元，执行率 ${p.budget.executionRate === null ? '—' : (p.budget.executionRate * 100).toFixed(1) + '%'} ${lampMark[p.budget.lamp]}`,
    p.score
      ? `  ${p.score.forecast ? '预计' : ''}自评得分：${p.score.total.toFixed(2)}（${p.score.grade}）${p.score.unscored ? `，${p.score.unscored} 项未计分` : ''}`
      : '  自评得分：无法计算',
  ];
  for (const i of p.indicators) {
    const unit = unitLabel(i.target.normalized?.unit ?? '');
    lines.push(
      `  ${lampMark[i.lamp]} ${statusLabel[i.status]}  ${i.level3}：实际 ${fmt(i.actual)}${i.actual !== null ? unit : ''}，目标 ${i.target.raw}` +
        (i.expected !== null ? `，应达 ${fmt(i.expected)}` : '') + (i.forecast !== null && i.expected !== null ? `，预计全年 ${fmt(i.forecast)}` : '') +
        (i.overAchieved ? '（超额 30% 以上：目标可能偏低）' : '') + (i.note ? `（${i.note}）` : ''),
    );
  }
  return lines.join('\n') + '\n';
}

function unitLabel(unit: string): string {
  const labels: Record<string, string> = { percent: '%', hours: ' 小时', yuan: ' 元', workdays: ' 个工作日', months: ' 个月', years: ' 年', count: '' };
  return labels[unit] ?? (unit ? ` ${unit}` : '');
}
