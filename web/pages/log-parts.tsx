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

/** A field answered by picking one of a few values (a select). */
export const isChoiceField = (field: string): boolean => field === 'level' || field === 'result' || entryFieldTypes[field] === 'flag';

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

/** An instant stored in UTC as Asia/Shanghai wall-clock time `2024-05-01 14:30`. */
export function shanghaiTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A stored field value as it goes back into its form control (a correction starts from the entry). */
export function formValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (entryFieldTypes[field] === 'instant' && typeof value === 'string') return shanghaiTime(value);
  return String(value);
}

/** A stored field value for reading: dates and times in Asia/Shanghai, money in 元, yes/no and levels in words. */
export function displayValue(t: Translate, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'amount' && typeof value === 'number') return formatMoney(value, '元');
  const options = choices(t, field);
  if (options) return options.find(([v]) => v === String(value))?.[1] ?? String(value);
  if (entryFieldTypes[field] === 'instant' && typeof value === 'string') return shanghaiTime(value);
  const unit = numberUnits[field];
  return unit ? `${String(value)} ${t(unit)}` : String(value);
}

/** An entry in a few words: its first fields with their labels. */
export function entrySummary(t: Translate, kind: EntryKind, fields: Record<string, unknown>, max = 3): string {
  return kindFields(kind)
    .filter((f) => fields[f.name] !== null && fields[f.name] !== undefined && f.name !== 'standard')
    .slice(0, max)
    .map((f) => `${fieldLabel(t, f.name)}：${displayValue(t, f.name, fields[f.name])}`)
    .join(' · ');
}

/**
 * The controls of a kind's form: a date picker for days, text for times (typed fast: `2024-05-01 14:30`), a
 * number box with its unit, a select for levels and yes/no, a text area for notes. `prefix` keeps ids unique
 * when a page has two forms. Everything typed comes back in `values`.
 */
export function EntryFields(p: { t: Translate; language: Language; kind: EntryKind; values: Record<string, string>; errors: FieldProblem[]; prefix?: string }) {
  const { t } = p;
  const prefix = p.prefix ?? '';
  const errors = p.errors.map((e) => ({ ...e, field: `${prefix}${e.field}` }));
  return (
    <>
      {kindFields(p.kind).map(({ name, optional }) => {
        const id = `${prefix}${name}`;
        const value = p.values[name] ?? '';
        const type = entryFieldTypes[name] ?? 'text';
        const label = optional ? `${fieldLabel(t, name)}${t('log.optional')}` : fieldLabel(t, name);
        const hintKey = type === 'instant' ? (name === 'due_at' ? 'log.hint.deadline' : 'log.hint.instant') : name === 'standard' ? 'log.hint.standard' : null;
        const hint = hintKey ? t(hintKey) : undefined;
        const error = errors.some((e) => e.field === id);
        const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const options = choices(t, name);
        let control: unknown;
        if (options) {
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
        } else if (name === 'findings') {
          control = (
            <textarea id={id} name={name} rows={4} aria-describedby={described}>
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
