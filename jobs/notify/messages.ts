// Robot messages (pure): the warning on status changes and the weekly digest, in Simplified Chinese
// markdown kept to what both robots render (headings, bold, lists, links); colours only on WeCom.
// Each message fits MESSAGE_MAX_BYTES: what does not fit is summarised ("另有 N …"), never cut mid-line.
import type { Lamp, Status } from '../../src/evaluation/types.ts';
import { formatDecimal } from '../../src/format/decimal-text.ts';
import { formatValue } from '../../src/format/display-value.ts';
import { formatShare } from '../../src/format/percent.ts';
import { LAMP_EMOJI, STATUS_ORDER, lampOfStatus, statusLabel } from '../../src/format/status-labels.ts';
import { inlineText, lampEmoji, statusText, type RobotKind } from './format.ts';
import { attentionOf, isWorsening } from '../../src/evaluation/status-severity.ts';
import { truncateUtf8, utf8Bytes } from './utf8.ts';

export { isWorsening, severityOf } from '../../src/evaluation/status-severity.ts';
export type { RobotKind } from './format.ts';

/** WeCom's markdown limit; DingTalk accepts more, but a digest is read on a phone, so both use it. */
export const MESSAGE_MAX_BYTES = 4096;

export interface StatusChange {
  projectId: number;
  projectName: string;
  indicatorId: number;
  indicator: string;
  from: Status | null;
  to: Status;
  /** In the target's normalised unit (`unit`). */
  actual: number | null;
  /** The target as written in the table. */
  target: string;
  asOf: string;
  /** Normalised unit: yuan, hours, workdays, months, years, percent, or a count noun. */
  unit: string | null;
  /** The target's unit as written (`Target.unit`: `天`, `万条`, `万元`), so the actual reads as the target does. */
  targetUnit: string | null;
}

export interface MessageOptions {
  /** Base URL of the app; links go to `${appUrl}/projects/${id}`. */
  appUrl?: string | null;
}

export interface RobotMessage {
  title: string;
  markdown: string;
}

/**
 * One line per change, worsenings first (reddest first), each naming project, indicator, old → new
 * status with its lamp, actual vs target, and a link when appUrl is set.
 */
export function alertMessage(kind: RobotKind, changes: StatusChange[], opts: MessageOptions = {}): RobotMessage {
  const worse = changes.filter((c) => isWorsening(c.from, c.to)).length;
  const title = worse > 0 ? `绩效预警：${worse} 项指标状态变差` : `绩效监控：${changes.length} 项指标状态变化`;
  const days = [...new Set(changes.map((c) => c.asOf))].sort();
  const oneDay = days.length === 1 ? days[0] : null;
  const summary =
    changes.length === 0
      ? '没有指标状态变化。'
      : `${oneDay ? `截至 ${oneDay}，` : ''}共 ${changes.length} 项指标状态变化${worse > 0 ? `，其中 ${worse} 项变差` : ''}：`;
  const ordered = changes
    .map((change, index) => ({ change, index, worse: isWorsening(change.from, change.to) }))
    .sort((a, b) => Number(b.worse) - Number(a.worse) || attentionOf(b.change.to) - attentionOf(a.change.to) || a.index - b.index);
  const lines = ordered.map(({ change }) => alertLine(kind, change, oneDay === null, opts));
  const markdown = fitItems([`## ${title}`, summary, ''], lines, (n) => `- ……另有 ${n} 项变化未列出，请到系统查看`, linkLine(opts, '打开绩效监控系统'));
  return { title, markdown };
}

function alertLine(kind: RobotKind, c: StatusChange, withDay: boolean, opts: MessageOptions): string {
  const from = c.from === null ? '首次评估' : statusText(kind, c.from);
  const link = projectUrl(opts, c.projectId);
  return (
    `- **${inlineText(c.projectName)}** · ${inlineText(c.indicator)}：${from} → ${statusText(kind, c.to)}；` +
    `实际 ${actualText(c.actual, c.unit, c.targetUnit)}，目标 ${inlineText(c.target) || '—'}` +
    (withDay ? `（截至 ${c.asOf}）` : '') +
    (link ? ` [查看](${link})` : '')
  );
}

export interface DigestProject {
  id: number;
  name: string;
  asOf: string;
  /** 0–1 */
  timeShare: number;
  /** executionRate: spent / budget, 0–1+ (null without a budget). */
  budget: { executionRate: number | null; lamp: string };
  score: { total: number; grade: string; forecast: boolean } | null;
  /** Status code → number of indicators. */
  statusCounts: Record<string, number>;
  /** The indicators needing attention; the three most serious are shown. */
  worst: {
    indicator: string;
    status: Status;
    actual: number | null;
    target: string;
    /** Normalised unit, and the target's unit as written (see StatusChange). */
    unit?: string | null;
    targetUnit?: string | null;
  }[];
}

/**
 * The weekly digest: a header with totals, then one section per project, projects needing attention
 * first (red indicators, then yellow, then the budget lamp; ties keep the caller's order). When the
 * sections do not fit, every project gets one compact line instead; when even those do not fit, the
 * least worrying are left out with a count.
 */
export function digestMessage(kind: RobotKind, projects: DigestProject[], opts: MessageOptions = {}): RobotMessage {
  const asOf =
    projects
      .map((p) => p.asOf)
      .sort()
      .at(-1) ?? null;
  const title = `绩效监控周报${asOf ? `（截至 ${asOf}）` : ''}`;
  const ordered = projects
    .map((p, index) => ({ p, index, concern: concernOf(p) }))
    .sort((a, b) => b.concern[0] - a.concern[0] || b.concern[1] - a.concern[1] || b.concern[2] - a.concern[2] || a.index - b.index)
    .map((x) => x.p);
  const head = [`## ${title}`, digestSummary(projects)];
  const tail = linkLine(opts, '打开绩效监控系统');
  const more = (n: number) => `- ……另有 ${n} 个项目未列出，请到系统查看`;
  const sections = ordered.map((p) => projectSection(kind, p, asOf, opts));
  const full = [...head, ...sections, ...tail].join('\n');
  if (utf8Bytes(full) <= MESSAGE_MAX_BYTES) return { title, markdown: full };
  const compact = ordered.map((p) => projectLine(p, asOf, opts));
  return { title, markdown: fitItems([...head, '', '**各项目概况**（关注程度从高到低）', ''], compact, more, tail) };
}

function digestSummary(projects: DigestProject[]): string {
  if (projects.length === 0) return '没有在监控中的项目。';
  const byLamp: Record<Lamp, number> = { green: 0, yellow: 0, red: 0, grey: 0 };
  for (const p of projects) for (const [status, n] of Object.entries(p.statusCounts)) byLamp[lampOfStatus(status)] += n;
  const redProjects = projects.filter((p) => concernOf(p)[0] > 0).length;
  return `共 ${projects.length} 个项目，指标 ${lampCounts(byLamp)}` + (redProjects > 0 ? `；${redProjects} 个项目有偏离或未完成的指标` : '') + '。';
}

function projectSection(kind: RobotKind, p: DigestProject, asOf: string | null, opts: MessageOptions): string {
  const lines = [``, `### ${inlineText(p.name)}`];
  if (p.asOf !== asOf) lines.push(`- 截至 ${p.asOf}`);
  lines.push(`- 时间进度 ${formatShare(p.timeShare)} · 预算执行 ${budgetText(p)}`);
  lines.push(`- ${scoreText(p)}`);
  const counts = STATUS_ORDER.flatMap((s) => (p.statusCounts[s] ? [`${LAMP_EMOJI[lampOfStatus(s)]}${statusLabel(s)} ${p.statusCounts[s]}`] : []));
  lines.push(`- 指标：${counts.length > 0 ? counts.join(' · ') : '无'}`);
  const worst = [...p.worst].sort((a, b) => attentionOf(b.status) - attentionOf(a.status)).slice(0, 3);
  for (const w of worst) {
    lines.push(
      `- 需关注：${inlineText(w.indicator)} ${statusText(kind, w.status)}（实际 ${actualText(w.actual, w.unit, w.targetUnit)}，目标 ${inlineText(w.target) || '—'}）`,
    );
  }
  const link = projectUrl(opts, p.id);
  if (link) lines.push(`[查看项目详情](${link})`);
  return lines.join('\n');
}

function projectLine(p: DigestProject, asOf: string | null, opts: MessageOptions): string {
  const byLamp: Record<Lamp, number> = { green: 0, yellow: 0, red: 0, grey: 0 };
  for (const [status, n] of Object.entries(p.statusCounts)) byLamp[lampOfStatus(status)] += n;
  const lamp: Lamp = byLamp.red > 0 ? 'red' : byLamp.yellow > 0 ? 'yellow' : byLamp.green > 0 ? 'green' : 'grey';
  const link = projectUrl(opts, p.id);
  return (
    `- ${LAMP_EMOJI[lamp]} **${inlineText(p.name)}**：指标 ${lampCounts(byLamp)} · 预算执行 ${budgetText(p)}` +
    ` · ${p.score ? `${p.score.forecast ? '预计 ' : ''}${formatDecimal(p.score.total)} 分（${p.score.grade}）` : '暂无得分'}` +
    (p.asOf !== asOf ? `（截至 ${p.asOf}）` : '') +
    (link ? ` [详情](${link})` : '')
  );
}

function budgetText(p: DigestProject): string {
  return p.budget.executionRate === null ? `${lampEmoji('grey')} 无预算数` : `${lampEmoji(p.budget.lamp)} ${formatShare(p.budget.executionRate)}`;
}

function scoreText(p: DigestProject): string {
  if (!p.score) return '自评得分：暂无';
  return `${p.score.forecast ? '预计自评得分' : '自评得分'} ${formatDecimal(p.score.total)} 分（${p.score.grade}）`;
}

function lampCounts(byLamp: Record<Lamp, number>): string {
  return (['green', 'yellow', 'red', 'grey'] as const).map((l) => `${LAMP_EMOJI[l]}${byLamp[l]}`).join(' ');
}

/** The actual in the unit its target was written in (`366天`, `12.5万条`); `—` when there is none. */
function actualText(actual: number | null, unit: string | null | undefined, targetUnit: string | null | undefined): string {
  // Without the written unit (a caller that does not pass it) formatValue falls back to the normalised unit.
  return inlineText(formatValue(actual, { unit: targetUnit ?? null, normalized: unit ? { unit } : null }));
}

/** [red indicators, yellow indicators, budget lamp severity]: bigger needs attention sooner. */
function concernOf(p: DigestProject): [number, number, number] {
  const n = (s: Status) => p.statusCounts[s] ?? 0;
  const budget = p.budget.lamp === 'red' ? 2 : p.budget.lamp === 'yellow' ? 1 : 0;
  return [n('off_track') + n('failed'), n('warning'), budget];
}

function projectUrl(opts: MessageOptions, id: number): string | null {
  const base = opts.appUrl?.trim().replace(/\/+$/, '');
  return base ? `${base}/projects/${id}` : null;
}

function linkLine(opts: MessageOptions, label: string): string[] {
  const base = opts.appUrl?.trim().replace(/\/+$/, '');
  return base ? ['', `[${label}](${base})`] : [];
}

/**
 * head + as many items as fit + a "N more" line + tail, within MESSAGE_MAX_BYTES. Items are whole
 * lines or sections, so nothing is cut in the middle; a head too big on its own is cut as a last resort.
 */
function fitItems(head: string[], items: string[], more: (omitted: number) => string, tail: string[]): string {
  const all = [...head, ...items, ...tail].join('\n');
  if (utf8Bytes(all) <= MESSAGE_MAX_BYTES) return all;
  const fixed = utf8Bytes([...head, more(items.length), ...tail].join('\n'));
  let used = fixed;
  let kept = 0;
  for (const item of items) {
    const size = utf8Bytes(item) + 1;
    if (used + size > MESSAGE_MAX_BYTES) break;
    used += size;
    kept += 1;
  }
  const text = [...head, ...items.slice(0, kept), more(items.length - kept), ...tail].join('\n');
  return truncateUtf8(text, MESSAGE_MAX_BYTES);
}
