// Words and numbers as people read them in a robot message (Simplified Chinese).
import type { Lamp, Status } from '../../src/evaluation/types.ts';
import { lampOf } from '../../src/evaluation/evaluate-indicator.ts';

export type RobotKind = 'wecom' | 'dingtalk';

export const STATUS_LABEL: Record<Status, string> = {
  met: '已完成',
  on_track: '正常',
  warning: '预警',
  off_track: '偏离',
  failed: '未完成',
  no_data: '无数据',
  no_measure: '未设置度量',
  needs_review: '待确认',
};

/** Display order of status counts: judged first, worst last among the judged, then the grey ones. */
export const STATUS_ORDER: Status[] = ['met', 'on_track', 'warning', 'off_track', 'failed', 'no_data', 'no_measure', 'needs_review'];

export const LAMP_EMOJI: Record<Lamp, string> = { green: '🟢', yellow: '🟡', red: '🔴', grey: '⚪' };

export function lampEmoji(lamp: string): string {
  return LAMP_EMOJI[lamp as Lamp] ?? LAMP_EMOJI.grey;
}

/** WeCom colours (`info` green, `warning` orange-red, `comment` grey); DingTalk shows the words plain. */
export function colored(kind: RobotKind, text: string, lamp: Lamp): string {
  if (kind !== 'wecom') return text;
  const color = lamp === 'green' ? 'info' : lamp === 'grey' ? 'comment' : 'warning';
  return `<font color="${color}">${text}</font>`;
}

/** `🟡 预警`, coloured on WeCom. */
export function statusText(kind: RobotKind, status: Status): string {
  const lamp = lampOf(status);
  return `${LAMP_EMOJI[lamp]} ${colored(kind, STATUS_LABEL[status] ?? status, lamp)}`;
}

const plain = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export function formatNumber(value: number): string {
  return plain.format(Object.is(value, -0) ? 0 : value);
}

/** A share 0–1 as a percentage: 0.4959 → `49.59%`. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '—' : `${formatNumber(share * 100)}%`;
}

/**
 * A measured value in its normalised unit (DESIGN §1): yuan → 元, or 万元 from 10,000 on; percent → %;
 * hours → 小时 (分钟 under an hour); workdays/months/years; a count keeps its noun, 万 from 10,000 on.
 */
export function formatQuantity(value: number | null | undefined, unit: string | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '无数据';
  const big = Math.abs(value) >= 10_000;
  switch (unit) {
    case 'yuan':
    case '元':
      return big ? `${formatNumber(value / 10_000)}万元` : `${formatNumber(value)}元`;
    case 'percent':
    case '%':
      return `${formatNumber(value)}%`;
    case 'hours':
      return Math.abs(value) < 1 ? `${formatNumber(Math.round(value * 60))}分钟` : `${formatNumber(value)}小时`;
    case 'workdays':
      return `${formatNumber(value)}个工作日`;
    case 'months':
      return `${formatNumber(value)}个月`;
    case 'years':
      return `${formatNumber(value)}年`;
    case null:
    case undefined:
    case '':
    case 'count':
      return big ? `${formatNumber(value / 10_000)}万` : formatNumber(value);
    default:
      return big ? `${formatNumber(value / 10_000)}万${inlineText(unit)}` : `${formatNumber(value)}${inlineText(unit)}`;
  }
}

/**
 * Text from the data (names, raw targets) made safe for one markdown line in both robots: whitespace
 * collapsed (a name cannot open a new line, heading or list), `>=`/`<=` shown as `≥`/`≤` and any other
 * `<`/`>` as full-width (WeCom would take `<24小时` for a tag, a leading `>` for a quote).
 */
export function inlineText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/>=/g, '≥')
    .replace(/<=/g, '≤')
    .replace(/</g, '＜')
    .replace(/>/g, '＞');
}
