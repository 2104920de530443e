import { shanghaiMinute } from '../../src/clock.ts';
import { entryFieldTypes } from '../../src/evidence/entry-headers.ts';
import { prepareValue } from '../../src/evidence/entry-validate.ts';
import { type EntryKind, entryKindSchemas, incidentLevels } from '../../src/evidence/entry-kinds.ts';
import { formatMoney } from '../../src/format/money.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { MessageKey, Translate } from '../../src/i18n/messages.ts';
import { Field, type FieldProblem } from '../components/fields.tsx';

// What the 登记 pages share: an entry kind's form fields, generated from its schema (src/evidence/entry-kinds.ts),
// and an entry's values as a person reads them.

export const kindLabel = (t: Translate, kind: EntryKind): string => t(`log.kind.${kind}` as MessageKey);
export const fieldLabel = (t: Translate, field: string): string => t(`log.field.${field}` as MessageKey);

/** The fields of a kind, in the schema's order, and whether each may be left empty. */
export function kindFields(kind: EntryKind): { name: string; optional: boolean }[] {
  const shape = entryKindSchemas[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  return Object.entries(shape).map(([name, schema]) => ({ name, optional: schema.safeParse(undefined).success }));
}

/** The unit shown beside a number field. */
const numberUnits: Record<string, MessageKey> = {
  participants: 'log.unit.people',
  quantity: 'log.unit.sets',
  amount: 'log.unit.yuan',
  score: 'log.unit.points',
};

/** A field answered by picking one of a few values (a select); a tally's indicator is picked from the project's. */
export const isChoiceField = (field: string): boolean => field === 'level' || field === 'result' || field === 'indicator' || entryFieldTypes[field] === 'flag';

/**
 * An indicator a tally may name (docs/design.md "Tallies"): an active, applicable, quantitative indicator of the
 * entry's project, as the 三级指标 with its target (`培训人次（≥3000人次）`); `fed` when the indicator is measured
 * by its tallies, so that a tally toward it changes its figure; `unit` the normalised unit a quantity is in,
 * where it differs from the unit the target is written in (`≤320万元` is summed in 元).
 */
export interface TallyIndicator {
  id: number;
  label: string;
  fed: boolean;
  unit: string | null;
}

/** How a stored value is read on a page: by kind (a tally's quantity is in its indicator's unit), with the project's indicator names. */
export interface ReadingContext {
  kind?: EntryKind;
  /** Indicator id → 三级指标, for a tally's `indicator`. */
  indicatorNames?: ReadonlyMap<number, string>;
}

/** Choices of the fields that take one of a few values (stored value → words). */
function choices(t: Translate, field: string): [string, string][] | null {
  if (field === 'level') return incidentLevels.map((l) => [l, t(`log.level.${l}` as MessageKey)]);
  if (field === 'result') return (['ok', 'issue'] as const).map((r) => [r, t(`log.result.${r}`)]);
  if (entryFieldTypes[field] === 'flag') {
    return [
      ['true', t('log.yes')],
      ['false', t('log.no')],
    ];
  }
  return null;
}

/** An instant stored in UTC as Asia/Shanghai wall-clock time `2024-05-01 14:30` (src/clock.ts). */
export function shanghaiTime(iso: string): string {
  return shanghaiMinute(iso);
}

/** A stored field value as it goes back into its form control (a correction starts from the entry). */
export function formValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (entryFieldTypes[field] === 'instant' && typeof value === 'string') return shanghaiTime(value);
  return String(value);
}

/**
 * A stored field value for reading: dates and times in Asia/Shanghai, money in 元, yes/no and levels in words,
 * a tally's indicator by its 三级指标 (and id) where the names are known.
 */
export function displayValue(t: Translate, field: string, value: unknown, read: ReadingContext = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'amount' && typeof value === 'number') return formatMoney(value, '元');
  if (field === 'indicator') {
    const name = typeof value === 'number' ? read.indicatorNames?.get(value) : undefined;
    return name ? `${name}（#${value}）` : String(value);
  }
  const options = choices(t, field);
  if (options) return options.find(([v]) => v === String(value))?.[1] ?? String(value);
  if (entryFieldTypes[field] === 'instant' && typeof value === 'string') return shanghaiTime(value);
  const unit = read.kind === 'tally' ? undefined : numberUnits[field];
  return unit ? `${String(value)} ${t(unit)}` : String(value);
}

/** An entry in a few words: its first fields with their labels. */
export function entrySummary(t: Translate, kind: EntryKind, fields: Record<string, unknown>, max = 3, indicatorNames?: ReadonlyMap<number, string>): string {
  return kindFields(kind)
    .filter((f) => fields[f.name] !== null && fields[f.name] !== undefined && f.name !== 'standard')
    .slice(0, max)
    .map((f) => `${fieldLabel(t, f.name)}：${displayValue(t, f.name, fields[f.name], { kind, indicatorNames })}`)
    .join(' · ');
}

/**
 * The controls of a kind's form: a date picker for days, text for times (typed fast: `2024-05-01 14:30`), a
 * number box with its unit, a select for levels and yes/no, a text area for notes, and for a tally a select of
 * the project's indicators it may count toward (`indicators`). `prefix` keeps ids unique when a page has two
 * forms. Everything typed comes back in `values`.
 */
export function EntryFields(p: {
  t: Translate;
  language: Language;
  kind: EntryKind;
  values: Record<string, string>;
  errors: FieldProblem[];
  prefix?: string;
  indicators?: TallyIndicator[];
}) {
  const { t } = p;
  const prefix = p.prefix ?? '';
  const errors = p.errors.map((e) => ({ ...e, field: `${prefix}${e.field}` }));
  const tally = p.kind === 'tally';
  return (
    <>
      {kindFields(p.kind).map(({ name, optional }) => {
        const id = `${prefix}${name}`;
        const value = p.values[name] ?? '';
        const type = entryFieldTypes[name] ?? 'text';
        const label = optional ? `${fieldLabel(t, name)}${t('log.optional')}` : fieldLabel(t, name);
        const hint = fieldHint(t, p.kind, name, p.indicators);
        const error = errors.some((e) => e.field === id);
        const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const options = choices(t, name);
        let control: unknown;
        if (tally && name === 'indicator') {
          control = <IndicatorSelect t={t} id={id} value={value} described={described} indicators={p.indicators ?? []} />;
        } else if (options) {
          control = (
            <select id={id} name={name} aria-describedby={described}>
              <option value="">{t(optional ? 'log.notGiven' : 'log.choose')}</option>
              {options.map(([v, words]) => (
                <option value={v} selected={value === v}>
                  {words}
                </option>
              ))}
            </select>
          );
        } else if (type === 'number' && tally) {
          // In the chosen indicator's own unit, which the select names: no fixed unit beside the box.
          control = (
            <div class="unit-input">
              <input type="text" inputmode="decimal" id={id} name={name} value={value} aria-describedby={described} autocomplete="off" />
            </div>
          );
        } else if (type === 'number') {
          control = (
            <div class="unit-input">
              <input
                type="text"
                inputmode={name === 'participants' || name === 'quantity' ? 'numeric' : 'decimal'}
                id={id}
                name={name}
                value={value}
                aria-describedby={described}
              />
              <span>{t(numberUnits[name]!)}</span>
            </div>
          );
        } else if (type === 'date') {
          control = <input type="date" id={id} name={name} value={value} aria-describedby={described} />;
        } else if (name === 'findings' || name === 'note') {
          control = (
            <textarea id={id} name={name} rows={name === 'note' ? 3 : 4} aria-describedby={described}>
              {value}
            </textarea>
          );
        } else {
          control = <input type="text" id={id} name={name} value={value} aria-describedby={described} autocomplete="off" />;
        }
        return (
          <Field id={id} label={label} errors={errors} hint={hint}>
            {control}
          </Field>
        );
      })}
    </>
  );
}

/** The hint under a field, if it has one. */
function fieldHint(t: Translate, kind: EntryKind, name: string, indicators: TallyIndicator[] | undefined): string | undefined {
  const type = entryFieldTypes[name] ?? 'text';
  if (type === 'instant') return t(name === 'due_at' ? 'log.hint.deadline' : 'log.hint.instant');
  if (name === 'standard') return t('log.hint.standard');
  if (kind !== 'tally') return undefined;
  if (name === 'quantity') return t('log.tally.quantityHint');
  if (name === 'indicator') {
    if (!indicators || indicators.length === 0) return t('log.tally.noIndicators');
    return indicators.some((i) => !i.fed) && indicators.some((i) => i.fed) ? t('log.tally.indicatorHintMixed') : t('log.tally.indicatorHint');
  }
  return undefined;
}

/** One option of the tally's indicator select: the 三级指标 with its target, and the unit a quantity is in where it differs. */
const indicatorOptionText = (t: Translate, i: TallyIndicator) => (i.unit ? `${i.label}${t('log.tally.inUnit', { unit: i.unit })}` : i.label);

/**
 * The indicators a tally may count toward. When some are measured by their tallies and some are not, the ones
 * a tally moves come first and the others are set apart under their own heading, so nobody logs toward a
 * figure that will not change without being told.
 */
function IndicatorSelect(p: { t: Translate; id: string; value: string; described: string | undefined; indicators: TallyIndicator[] }) {
  const { t } = p;
  const fed = p.indicators.filter((i) => i.fed);
  const unfed = p.indicators.filter((i) => !i.fed);
  const option = (i: TallyIndicator) => (
    <option value={String(i.id)} selected={p.value === String(i.id)}>
      {indicatorOptionText(t, i)}
    </option>
  );
  return (
    <select id={p.id} name="indicator" aria-describedby={p.described}>
      <option value="">{t('log.choose')}</option>
      {fed.length > 0 && unfed.length > 0 ? (
        <>
          <optgroup label={t('log.tally.groupFed')}>{fed.map(option)}</optgroup>
          <optgroup label={t('log.tally.groupUnfed')}>{unfed.map(option)}</optgroup>
        </>
      ) : (
        p.indicators.map(option)
      )}
    </select>
  );
}

/** Typed form values → what the kind's schema reads. Blank optional fields are absent (`null` when correcting). */
export function typedFields(kind: EntryKind, values: Record<string, string>, blankOptional: 'absent' | 'null'): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const { name, optional } of kindFields(kind)) {
    const raw = (values[name] ?? '').trim();
    if (raw === '') {
      if (!optional) fields[name] = '';
      else if (blankOptional === 'null') fields[name] = null;
      continue;
    }
    // The bulk files' own reading: `2024/5/1`, `¥1,234.50`, full-width digits.
    fields[name] = prepareValue(name, raw, false);
  }
  return fields;
}
