// A target as the reader understood it, in one line (`≥300次`, `90%–95%`, `及时`, `期限 2024-06-30`): the
// CLI's `parse --explain` and anything else that shows a reading as text.
import type { Target } from '../targets/types.ts';
import { formatNormalized } from './display-value.ts';
import type { Language } from './status-labels.ts';

export const COMPARATOR_SIGNS: Readonly<Record<string, string>> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

export function formatTarget(target: Target, language: Language): string {
  if (target.kind === 'qualitative') {
    const text = target.text ?? target.raw;
    if (target.deadline) return `${text}（${language === 'en' ? 'by' : '期限'} ${target.deadline}）`;
    return text === '' ? (language === 'en' ? '(blank: not applicable)' : '（空：不适用）') : text;
  }
  const unit = target.normalized?.unit ?? null;
  if (target.range) return `${formatNormalized(target.range.low, unit)}–${formatNormalized(target.range.high, unit)}`;
  const sign = target.comparator ? (COMPARATOR_SIGNS[target.comparator] ?? target.comparator) : '';
  const value = target.normalized ? formatNormalized(target.normalized.value, unit) : target.raw;
  const inferred = target.inferred ? (language === 'en' ? ' (comparator inferred)' : '（比较符为推断）') : '';
  return `${sign}${value}${inferred}`;
}
