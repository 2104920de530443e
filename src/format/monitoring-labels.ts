// The words of a monitoring note (docs/design.md "Monitoring notes"): 完成目标可能性 and 偏差原因 as the official
// monitoring table words them, with English beside them. Pure: every face (API, pages, workbooks) reads here.
import { type Likelihood, likelihoods } from '../evaluation/types.ts';
import { LIKELIHOOD_LABELS, type Language } from './status-labels.ts';

export { likelihoods, type Likelihood };

/** 偏差原因, in the table's order; `other` asks for words of its own. */
export const deviationReasons = ['funding', 'rules', 'staff', 'hardware', 'other'] as const;
export type DeviationReason = (typeof deviationReasons)[number];

export const REASON_LABELS: Record<Language, Record<DeviationReason, string>> = {
  zh: { funding: '经费保障', rules: '制度保障', staff: '人员保障', hardware: '硬件保障', other: '其他' },
  en: { funding: 'Funding', rules: 'Rules and procedures', staff: 'Staffing', hardware: 'Equipment', other: 'Other' },
};

export { LIKELIHOOD_LABELS };

const has = <K extends string>(map: Record<K, string>, key: string): key is K => Object.hasOwn(map, key);

/** `有可能`; an unknown stored code is shown as itself. */
export function noteLikelihoodLabel(code: string, language: Language = 'zh'): string {
  const labels = LIKELIHOOD_LABELS[language];
  return has(labels, code) ? labels[code] : code;
}

/** `经费保障`; an unknown stored code is shown as itself. */
export function reasonLabel(code: string, language: Language = 'zh'): string {
  const labels = REASON_LABELS[language];
  return has(labels, code) ? labels[code] : code;
}

/** The reasons in the table's order, joined: `经费保障、其他（……）`. */
export function reasonsText(codes: readonly string[], reasonText: string | null, language: Language = 'zh'): string {
  const sep = language === 'zh' ? '、' : ', ';
  const order = (c: string) => {
    const i = (deviationReasons as readonly string[]).indexOf(c);
    return i === -1 ? deviationReasons.length : i;
  };
  const words = [...codes].sort((a, b) => order(a) - order(b)).map((c) => reasonLabel(c, language));
  const extra = reasonText ? (language === 'zh' ? `（${reasonText}）` : ` (${reasonText})`) : '';
  if (words.length === 0) return reasonText ?? '';
  return words.join(sep) + extra;
}

/** Each code read from what a person may type: the code itself or its Chinese word (`有可能`, `经费保障`). */
export function readLikelihood(input: string): Likelihood | null {
  const s = input.trim();
  for (const code of likelihoods) if (s === code || s === LIKELIHOOD_LABELS.zh[code]) return code;
  return null;
}

export function readReason(input: string): DeviationReason | null {
  const s = input.trim();
  for (const code of deviationReasons) if (s === code || s === REASON_LABELS.zh[code]) return code;
  return null;
}

/** The target's normalised unit as a person reads it beside a number input (`yuan` → 元, `hours` → 小时). */
export function normalizedUnitLabel(unit: string | null | undefined, language: Language = 'zh'): string {
  if (!unit || unit === 'count') return '';
  const words: Record<string, Record<Language, string>> = {
    yuan: { zh: '元', en: 'yuan' },
    hours: { zh: '小时', en: 'hours' },
    percent: { zh: '%', en: '%' },
    workdays: { zh: '个工作日', en: 'working days' },
    months: { zh: '个月', en: 'months' },
    years: { zh: '年', en: 'years' },
  };
  const [head = '', ...per] = unit.split('/');
  const word = words[head]?.[language] ?? head;
  return per.length > 0 ? `${word}/${per.join('/')}` : word;
}
