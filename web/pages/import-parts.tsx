import { shanghaiMinute } from '../../src/clock.ts';
import { formatNormalized } from '../../src/format/display-value.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { DraftStatus } from '../../src/services/import-drafts.ts';
import type { ParsedIndicator, Target } from '../../src/targets/types.ts';
import { COMPARATOR_SIGNS } from '../../src/format/target-text.ts';

// What the import pages share: how a target cell was read, in words; times in Asia/Shanghai; a draft's status.

/** `2024-07-01 09:05` in Asia/Shanghai (UI.md "Numbers"). */
export function importTime(at: Date | string): string {
  return shanghaiMinute(at);
}

/** A number as written in a reading: no exponent, no float noise. */
const plain = (n: number): string => String(Number(n.toPrecision(15)));

/** How a target cell was read: kind, comparator, value, unit (and what it comes to), or the phrase. */
export function TargetReading(p: { t: Translate; indicator: Pick<ParsedIndicator, 'applicable' | 'target'> }) {
  const { t } = p;
  const target: Target = p.indicator.target;
  if (!p.indicator.applicable) return <span class="reading">{t('import.notApplicable')}</span>;
  if (target.kind === 'qualitative') {
    return (
      <span class="reading">
        <span class="reading-kind">{t('import.reading.qualitative')}</span> {target.text ?? target.raw}
        {target.deadline && (
          <span class="reading-part">
            {t('import.reading.deadline')} <span class="num">{target.deadline}</span>
          </span>
        )}
      </span>
    );
  }
  const part = (label: string, value: string) => (
    <span class="reading-part">
      <span class="muted">{label}</span> <b>{value}</b>
    </span>
  );
  return (
    <span class="reading">
      <span class="reading-kind">{t('import.reading.quantitative')}</span>
      {part(t('import.reading.comparator'), target.comparator ? (COMPARATOR_SIGNS[target.comparator] ?? target.comparator) : '—')}
      {target.range
        ? part(t('import.reading.range'), `${plain(target.range.low)}–${plain(target.range.high)}`)
        : part(t('import.reading.value'), target.value === null ? '—' : plain(target.value))}
      {part(t('import.reading.unit'), target.unit ?? t('import.reading.noUnit'))}
      {target.normalized && !target.range && part(t('import.reading.normalized'), formatNormalized(target.normalized.value, target.normalized.unit))}
      {target.inferred && <span class="reading-note">{t('import.reading.inferred')}</span>}
    </span>
  );
}

export function DraftStatusTag(p: { t: Translate; status: DraftStatus }) {
  const lamp = p.status === 'imported' ? 'lamp-green' : p.status === 'open' ? 'lamp-yellow' : 'lamp-grey';
  return <span class={`lamp ${lamp}`}>{p.t(`import.status.${p.status}`)}</span>;
}
