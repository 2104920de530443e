// The record a supporting file is on, in the words of the package's index (an official document, so Chinese
// whatever the reader's language): the entry's kind and headline, a manual value's figure in the target's unit,
// an assessment's tier, a monitoring note's likelihood. Pure.
import { qualitativeTierNames } from '../evaluation/qualitative-score.ts';
import type { QualitativeTier } from '../evaluation/types.ts';
import { entryKindLabels, type EntryKind } from '../evidence/entry-kinds.ts';
import { type DisplayTarget, formatValue } from '../format/display-value.ts';
import { noteLikelihoodLabel } from '../format/monitoring-labels.ts';

/** The field that names an entry, by kind (a report's title, an inspection's target, a payment's payee). */
const HEADLINE_FIELDS = ['title', 'item', 'enterprise', 'target', 'system', 'respondent', 'payee', 'voucher'] as const;

export function entryRecordLabel(id: number, kind: string, fields: Record<string, unknown>): string {
  const kindWord = entryKindLabels[kind as EntryKind] ?? kind;
  const headline = HEADLINE_FIELDS.map((f) => fields[f]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return headline ? `${kindWord} #${id}：${headline.trim()}` : `${kindWord} #${id}`;
}

export function manualValueRecordLabel(id: number, value: number, target: DisplayTarget): string {
  return `人工填报值 #${id}：${formatValue(value, target)}`;
}

export function assessmentRecordLabel(id: number, tier: string): string {
  return `定性评价 #${id}：${qualitativeTierNames[tier as QualitativeTier] ?? tier}`;
}

export function noteRecordLabel(id: number, likelihood: string): string {
  return `监测记录 #${id}：完成目标可能性 ${noteLikelihoodLabel(likelihood)}`;
}
