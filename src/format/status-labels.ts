// The words for statuses, lamps and likelihoods (docs/design.md "Monitoring rules"), said once for every face. UI.md "Lamps and
// states": always colour and words, a filled dot for coloured lamps and a hollow one for grey.
// Simplified Chinese is what people read today; English is here so a later English face needs no new map.
import type { Lamp, Likelihood, Status } from '../evaluation/types.ts';
import { lampOf } from '../evaluation/evaluate-indicator.ts';

export type Language = 'zh' | 'en';

export const STATUS_LABELS: Record<Language, Record<Status, string>> = {
  zh: {
    met: '已完成',
    on_track: '正常',
    warning: '预警',
    off_track: '偏离',
    failed: '未完成',
    no_data: '无数据',
    no_measure: '未设置度量',
    needs_review: '待确认',
  },
  en: {
    met: 'Met',
    on_track: 'On track',
    warning: 'Warning',
    off_track: 'Off track',
    failed: 'Not met',
    no_data: 'No data',
    no_measure: 'No measure',
    needs_review: 'Needs review',
  },
};

export const LAMP_LABELS: Record<Language, Record<Lamp, string>> = {
  zh: { green: '绿', yellow: '黄', red: '红', grey: '灰' },
  en: { green: 'Green', yellow: 'Yellow', red: 'Red', grey: 'Grey' },
};

/** 完成目标可能性 as the official monitoring table words it. */
export const LIKELIHOOD_LABELS: Record<Language, Record<Likelihood, string>> = {
  zh: { certain: '确定能', possible: '有可能', impossible: '完全不可能' },
  en: { certain: 'Certain', possible: 'Possible', impossible: 'Impossible' },
};

/** Plain-text lamp marks (terminals, workbooks): filled for a colour, hollow for grey. */
export const LAMP_DOT: Record<Lamp, string> = { green: '●', yellow: '●', red: '●', grey: '○' };

/** Lamp marks where emoji render (robot messages). */
export const LAMP_EMOJI: Record<Lamp, string> = { green: '🟢', yellow: '🟡', red: '🔴', grey: '⚪' };

/** Display order of status counts: judged first, worst last among the judged, then the grey ones. */
export const STATUS_ORDER: readonly Status[] = ['met', 'on_track', 'warning', 'off_track', 'failed', 'no_data', 'no_measure', 'needs_review'];

const has = <K extends string>(map: Record<K, string>, key: string): key is K => Object.hasOwn(map, key);

/** `预警`; an unknown code (an old stored value) is shown as the code itself. */
export function statusLabel(status: string, language: Language = 'zh'): string {
  const labels = STATUS_LABELS[language];
  return has(labels, status) ? labels[status] : status;
}

/** `黄`; unknown lamps read as grey. */
export function lampLabel(lamp: string, language: Language = 'zh'): string {
  const labels = LAMP_LABELS[language];
  return has(labels, lamp) ? labels[lamp] : labels.grey;
}

export function likelihoodLabel(likelihood: Likelihood | null | undefined, language: Language = 'zh'): string {
  return likelihood ? LIKELIHOOD_LABELS[language][likelihood] : '—';
}

/** The lamp of a status code; unknown codes are grey. */
export function lampOfStatus(status: string): Lamp {
  return has(STATUS_LABELS.zh, status) ? lampOf(status) : 'grey';
}

/** `●黄` (terminal) for a lamp: mark and word together, never colour alone. */
export function lampMark(lamp: string, language: Language = 'zh'): string {
  const known: Lamp = has(LAMP_LABELS.zh, lamp) ? lamp : 'grey';
  return `${LAMP_DOT[known]}${language === 'en' ? ' ' : ''}${lampLabel(known, language)}`;
}

/** A status in plain text, lamp mark and word: `●黄 预警` (CLI, workbooks). */
export function statusMark(status: string, language: Language = 'zh'): string {
  return `${lampMark(lampOfStatus(status), language)} ${statusLabel(status, language)}`;
}
