// Robot-only presentation (Simplified Chinese markdown): lamp emoji with the status word, WeCom colours and
// text made safe for one markdown line. Numbers, units and the words themselves come from src/format, the
// formatter every face shares.
import type { Lamp, Status } from '../../src/evaluation/types.ts';
import { LAMP_EMOJI, lampOfStatus, statusLabel } from '../../src/format/status-labels.ts';

export type RobotKind = 'wecom' | 'dingtalk';

/** The emoji of a lamp code; an unknown code is grey. */
export function lampEmoji(lamp: string): string {
  return Object.hasOwn(LAMP_EMOJI, lamp) ? LAMP_EMOJI[lamp as Lamp] : LAMP_EMOJI.grey;
}

/** WeCom colours (`info` green, `warning` orange-red, `comment` grey); DingTalk shows the words plain. */
export function colored(kind: RobotKind, text: string, lamp: Lamp): string {
  if (kind !== 'wecom') return text;
  const color = lamp === 'green' ? 'info' : lamp === 'grey' ? 'comment' : 'warning';
  return `<font color="${color}">${text}</font>`;
}

/** `🟡 预警`, coloured on WeCom. */
export function statusText(kind: RobotKind, status: Status): string {
  const lamp = lampOfStatus(status);
  return `${LAMP_EMOJI[lamp]} ${colored(kind, statusLabel(status), lamp)}`;
}

/**
 * Text from the data (names, raw targets) made safe for one markdown line in both robots: whitespace
 * collapsed (a name cannot open a new line, heading or list), `>=`/`<=` shown as `≥`/`≤` and any other
 * `<`/`>` as full-width (WeCom would take `<24小时` for a tag, a leading `>` for a quote).
 */
export function inlineText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return text.replace(/\s+/g, ' ').trim().replace(/>=/g, '≥').replace(/<=/g, '≤').replace(/</g, '＜').replace(/>/g, '＞');
}
