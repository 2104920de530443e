import { entryKindLabels, entryKinds, entryKindSchemas, fieldLabels, type EntryKind } from '../../src/evidence/entry-kinds.ts';
import { measureSource } from '../../src/format/measure-source.ts';
import type { MessageKey, Translate } from '../../src/i18n/messages.ts';
import { tallySum } from '../../src/measures/propose-measure.ts';
import type { MeasureSpec } from '../../src/measures/spec.ts';
import type { BindingDto } from '../../src/services/measures.ts';
import type { ProjectSummaryDto } from '../../src/services/projects.ts';
import { Field, type FieldProblem } from '../components/fields.tsx';
import { AdminFrame, type AdminBase, Csrf, Empty, type FormState, Notice } from './admin.tsx';

// 度量绑定 (docs/design.md "Measures"): per project, each indicator's measure; an indicator's own page sets or
// clears it with a choice of measure and the few inputs that measure needs (anything with filters as JSON).

/** The choices of the form; each builds one shape of MeasureSpec. */
export const measureChoices = [
  'none',
  'manual',
  'elapsed_days',
  'count_entries',
  'sum_entries',
  'sum_tallies',
  'ratio_tallies',
  'avg_entries',
  'duration',
  'count_posts',
  'sum_post_stats',
  'ratio_probes',
  'json',
] as const;
export type MeasureChoice = (typeof measureChoices)[number];

const choiceLabels: Record<MeasureChoice, MessageKey> = {
  none: 'admin.bindings.choice.none',
  manual: 'admin.bindings.choice.manual',
  elapsed_days: 'admin.bindings.choice.elapsed_days',
  count_entries: 'admin.bindings.choice.count_entries',
  sum_entries: 'admin.bindings.choice.sum_entries',
  sum_tallies: 'admin.bindings.choice.sum_tallies',
  ratio_tallies: 'admin.bindings.choice.ratio_tallies',
  avg_entries: 'admin.bindings.choice.avg_entries',
  duration: 'admin.bindings.choice.duration',
  count_posts: 'admin.bindings.choice.count_posts',
  sum_post_stats: 'admin.bindings.choice.sum_post_stats',
  ratio_probes: 'admin.bindings.choice.ratio_probes',
  json: 'admin.bindings.choice.json',
};

const platformChoices = ['wechat', 'weibo', 'rss', 'website'] as const;
const platformLabels: Record<(typeof platformChoices)[number], MessageKey> = {
  wechat: 'admin.platform.wechat',
  weibo: 'admin.platform.weibo',
  rss: 'admin.platform.rss',
  website: 'admin.platform.website',
};
/** Fields a sum or an average can take (numbers), and fields a duration runs between (days and instants). */
const numberFields = ['participants', 'quantity', 'amount', 'score'];
const timeFields = ['date', 'occurred_at', 'closed_at', 'opened_at', 'resolved_at', 'due', 'done_at', 'due_at', 'delivered_at'];
const stats = ['max', 'avg', 'p90', 'share_within'] as const;

const kindFields = (kind: string): string[] => (kind in entryKindSchemas ? Object.keys(entryKindSchemas[kind as EntryKind].shape) : []);

/** The form's values for a stored spec (what the edit page starts from). */
export function formFromSpec(spec: MeasureSpec | null): { values: Record<string, string>; platforms: string[] } {
  const json = spec ? JSON.stringify(spec, null, 2) : '';
  const base = { spec: json };
  if (!spec) return { values: { ...base, measure: 'none' }, platforms: [] };
  if (isTallySum(spec)) return { values: { ...base, measure: 'sum_tallies' }, platforms: [] };
  const hasFilters = 'where' in spec && Array.isArray(spec.where) && spec.where.length > 0;
  if (hasFilters) return { values: { ...base, measure: 'json' }, platforms: [] };
  switch (spec.type) {
    case 'manual':
    case 'elapsed_days':
      return { values: { ...base, measure: spec.type }, platforms: [] };
    case 'count':
      return spec.source === 'posts'
        ? { values: { ...base, measure: 'count_posts' }, platforms: [...spec.platforms] }
        : { values: { ...base, measure: 'count_entries', kind: spec.kind }, platforms: [] };
    case 'sum':
      return spec.source === 'post_stats'
        ? { values: { ...base, measure: 'sum_post_stats', metric: spec.metric }, platforms: [...spec.platforms] }
        : { values: { ...base, measure: 'sum_entries', kind: spec.kind, field: spec.field }, platforms: [] };
    case 'avg':
      return { values: { ...base, measure: 'avg_entries', kind: spec.kind, field: spec.field }, platforms: [] };
    case 'ratio':
      if (spec.source === 'tallies') {
        return { values: { ...base, measure: 'ratio_tallies', numerator: String(spec.numerator), denominator: String(spec.denominator) }, platforms: [] };
      }
      return spec.source === 'probes'
        ? { values: { ...base, measure: 'ratio_probes' }, platforms: [] }
        : { values: { ...base, measure: 'json' }, platforms: [] };
    case 'duration':
      return {
        values: {
          ...base,
          measure: 'duration',
          kind: spec.kind,
          from: spec.from,
          to: spec.to,
          stat: spec.stat,
          withinHours: spec.withinHours === undefined ? '' : String(spec.withinHours),
        },
        platforms: [],
      };
  }
}

/**
 * The spec a submitted form asks for (null: clear the binding), before the service's own check
 * (parseMeasureSpec); problems are the form's own (a field the entry kind does not have, JSON that is not).
 */
/** The sum of the tallies logged toward the indicator itself (docs/design.md "Tallies"). */
function isTallySum(spec: MeasureSpec): boolean {
  return (
    spec.type === 'sum' &&
    spec.source === 'entries' &&
    spec.kind === 'tally' &&
    spec.where.length === 1 &&
    spec.where[0]?.op === 'eq' &&
    spec.where[0].field === 'indicator'
  );
}

export function specFromForm(t: Translate, v: Record<string, string>, platforms: string[], indicatorId: number): { spec: unknown; problems: FieldProblem[] } {
  const choice = (measureChoices as readonly string[]).includes(v.measure ?? '') ? (v.measure as MeasureChoice) : null;
  const problems: FieldProblem[] = [];
  const needField = (id: 'field' | 'from' | 'to') => {
    const value = v[id] ?? '';
    if (value === '') problems.push({ field: id, message: t('admin.bindings.fieldMissing') });
    else if (!kindFields(v.kind ?? '').includes(value)) {
      problems.push({ field: id, message: t('admin.bindings.fieldNotOfKind', { kind: entryKindLabels[v.kind as EntryKind] ?? v.kind ?? '' }) });
    }
  };
  switch (choice) {
    case null:
      return { spec: null, problems: [{ field: 'measure', message: t('admin.bindings.pickMeasure') }] };
    case 'none':
      return { spec: null, problems };
    case 'manual':
    case 'elapsed_days':
      return { spec: { type: choice }, problems };
    case 'count_entries':
      return { spec: { type: 'count', source: 'entries', kind: v.kind }, problems };
    case 'sum_tallies':
      return { spec: tallySum(indicatorId), problems };
    case 'ratio_tallies': {
      // Which two tallied indicators may be divided is the service's rule (docs/design.md "Tallies"); here only "pick one".
      const pick = (id: 'numerator' | 'denominator') => {
        const n = /^[1-9]\d{0,9}$/.test(v[id] ?? '') ? Number(v[id]) : null;
        if (n === null) problems.push({ field: id, message: t('admin.bindings.tallyPick') });
        return n;
      };
      return { spec: { type: 'ratio', source: 'tallies', numerator: pick('numerator'), denominator: pick('denominator') }, problems };
    }
    case 'sum_entries':
    case 'avg_entries':
      needField('field');
      return { spec: { type: choice === 'sum_entries' ? 'sum' : 'avg', source: 'entries', kind: v.kind, field: v.field }, problems };
    case 'duration': {
      needField('from');
      needField('to');
      const hours = (v.withinHours ?? '').trim();
      const within = hours === '' ? undefined : Number(hours);
      if (within !== undefined && !(Number.isFinite(within) && within > 0)) problems.push({ field: 'withinHours', message: t('admin.bindings.hoursInvalid') });
      if (v.stat === 'share_within' && within === undefined) problems.push({ field: 'withinHours', message: t('admin.bindings.hoursNeeded') });
      return { spec: { type: 'duration', source: 'entries', kind: v.kind, from: v.from, to: v.to, stat: v.stat, withinHours: within }, problems };
    }
    case 'count_posts':
      return { spec: { type: 'count', source: 'posts', platforms }, problems };
    case 'sum_post_stats':
      return { spec: { type: 'sum', source: 'post_stats', metric: v.metric, platforms }, problems };
    case 'ratio_probes':
      return { spec: { type: 'ratio', source: 'probes' }, problems };
    case 'json':
      try {
        return { spec: JSON.parse(v.spec ?? ''), problems };
      } catch {
        return { spec: null, problems: [{ field: 'spec', message: t('admin.bindings.jsonInvalid') }] };
      }
  }
}

/** A service's refusal of a spec, put beside the form's fields (`platforms.0` → platforms; JSON → spec). */
export function specProblemField(choice: string, field: string): string {
  if (choice === 'json') return 'spec';
  const head = field.split('.')[0] ?? '';
  return ['kind', 'field', 'from', 'to', 'stat', 'withinHours', 'metric', 'platforms', 'numerator', 'denominator'].includes(head) ? head : 'measure';
}

/** 度量绑定, no project chosen: the projects, newest year first. */
export function BindingsProjectsPage(p: AdminBase & { projects: ProjectSummaryDto[] }) {
  const { t } = p;
  const byYear = [...p.projects].sort((a, b) => b.year - a.year || a.id - b.id);
  return (
    <AdminFrame base={p} section="bindings" title={t('adminNav.bindings')} path="/admin/bindings">
      {byYear.length === 0 ? (
        <Empty text={t('admin.bindings.noProjects')} next={t('admin.bindings.noProjectsNext')} />
      ) : (
        <>
          <p>{t('admin.bindings.pickProject')}</p>
          <ul class="admin-list">
            {byYear.map((pr) => (
              <li>
                <a href={`/admin/bindings?project=${pr.id}`}>{pr.name}</a>{' '}
                <span class="muted num">
                  {pr.year} · {pr.unit.name} · {t('admin.bindings.indicatorCount', { n: pr.indicatorCount })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </AdminFrame>
  );
}

/** 度量绑定 of one project: each indicator, its measure in words, whether a person confirmed it, and an edit link. */
export function BindingsPage(p: AdminBase & { project: ProjectSummaryDto; bindings: BindingDto[]; saved: number | null }) {
  const { t, language } = p;
  const saved = p.saved === null ? null : p.bindings.find((b) => b.indicatorId === p.saved);
  return (
    <AdminFrame base={p} section="bindings" title={`${t('adminNav.bindings')}：${p.project.name}`} path={`/admin/bindings?project=${p.project.id}`}>
      <p class="muted">
        <a href="/admin/bindings">← {t('admin.bindings.allProjects')}</a> · {p.project.year} · {p.project.unit.name}
      </p>
      <Notice text={saved ? t('admin.bindings.saved', { name: saved.level3, source: measureSource(saved.measure, language) }) : null} />
      {p.bindings.length === 0 ? (
        <Empty text={t('admin.bindings.noIndicators')} next={t('admin.bindings.noIndicatorsNext')} />
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table class="plain admin-rows">
            <thead>
              <tr>
                <th scope="col">{t('admin.bindings.indicator')}</th>
                <th scope="col">{t('admin.bindings.measure')}</th>
                <th scope="col">{t('admin.bindings.state')}</th>
                <th scope="col">
                  <span class="admin-sr">{t('admin.bindings.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.bindings.map((b) => (
                <tr id={`indicator-${b.indicatorId}`}>
                  <td data-label={t('admin.bindings.indicator')}>{b.level3}</td>
                  <td data-label={t('admin.bindings.measure')}>{measureSource(b.measure, language)}</td>
                  <td data-label={t('admin.bindings.state')}>
                    {b.measure === null
                      ? t('admin.bindings.unbound')
                      : b.proposed
                        ? t('admin.bindings.proposed')
                        : t('admin.bindings.confirmedBy', { name: b.confirmedBy ?? '—' })}
                  </td>
                  <td>
                    <a href={`/admin/bindings/${b.indicatorId}`}>{t('admin.bindings.edit')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminFrame>
  );
}

/** One indicator's measure: a choice of measure and the inputs it needs; values kept when refused. */
export function BindingEditPage(
  p: AdminBase & {
    projectId: number;
    projectName: string;
    binding: BindingDto;
    /** The project's other indicators measured by their tallies: what a ratio of tallies may divide. */
    tallied: { id: number; level3: string }[];
    form: FormState & { platforms: string[] };
  },
) {
  const { t, language, binding: b } = p;
  const errors = p.form.errors;
  const v = (name: string, fallback = '') => p.form.values[name] ?? fallback;
  const kind = v('kind', 'activity');
  return (
    <AdminFrame base={p} section="bindings" title={`${t('admin.bindings.editTitle')}：${b.level3}`} path={`/admin/bindings/${b.indicatorId}`} errors={errors}>
      <p class="muted">
        <a href={`/admin/bindings?project=${p.projectId}#indicator-${b.indicatorId}`}>← {p.projectName}</a>
      </p>
      {b.description && b.description !== b.level3 && <p>{b.description}</p>}
      <p>
        {t('admin.bindings.current')}：<strong>{measureSource(b.measure, language)}</strong>
        {b.measure !== null && (
          <span class="muted"> · {b.proposed ? t('admin.bindings.proposed') : t('admin.bindings.confirmedBy', { name: b.confirmedBy ?? '—' })}</span>
        )}
      </p>
      <form method="post" action={`/admin/bindings/${b.indicatorId}`} class="panel" novalidate>
        <Csrf token={p.formToken} />
        <Field id="measure" label={t('admin.bindings.measure')} hint={t('admin.bindings.measureHint')} errors={errors}>
          <select id="measure" name="measure" aria-describedby="measure-hint">
            {measureChoices.map((c) => (
              <option value={c} selected={v('measure', 'none') === c}>
                {t(choiceLabels[c])}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class="admin-fieldset">
          <legend>{t('admin.bindings.entriesGroup')}</legend>
          <Field id="kind" label={t('admin.bindings.kind')} errors={errors}>
            <select id="kind" name="kind">
              {entryKinds.map((k) => (
                <option value={k} selected={kind === k}>
                  {language === 'zh' ? entryKindLabels[k] : k}
                </option>
              ))}
            </select>
          </Field>
          <Field id="field" label={t('admin.bindings.field')} hint={t('admin.bindings.fieldHint')} errors={errors}>
            <FieldSelect id="field" names={numberFields} value={v('field')} language={language} />
          </Field>
          <Field id="from" label={t('admin.bindings.from')} errors={errors}>
            <FieldSelect id="from" names={timeFields} value={v('from')} language={language} />
          </Field>
          <Field id="to" label={t('admin.bindings.to')} errors={errors}>
            <FieldSelect id="to" names={timeFields} value={v('to')} language={language} />
          </Field>
          <Field id="stat" label={t('admin.bindings.stat')} errors={errors}>
            <select id="stat" name="stat">
              {stats.map((s) => (
                <option value={s} selected={v('stat', 'max') === s}>
                  {t(`admin.bindings.stat.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="withinHours" label={t('admin.bindings.withinHours')} errors={errors}>
            <div class="unit-input">
              <input type="text" inputmode="decimal" id="withinHours" name="withinHours" value={v('withinHours')} />
              <span>{t('admin.bindings.hours')}</span>
            </div>
          </Field>
        </fieldset>
        <fieldset class="admin-fieldset">
          <legend>{t('admin.bindings.talliesGroup')}</legend>
          {p.tallied.length < 2 && <p class="muted">{t('admin.bindings.talliesTooFew')}</p>}
          {(['numerator', 'denominator'] as const).map((id) => (
            <Field id={id} label={t(`admin.bindings.${id}`)} errors={errors}>
              <select id={id} name={id}>
                <option value="" selected={v(id) === ''}>
                  —
                </option>
                {p.tallied.map((o) => (
                  <option value={String(o.id)} selected={v(id) === String(o.id)}>
                    {o.level3}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </fieldset>
        <fieldset class="admin-fieldset">
          <legend>{t('admin.bindings.postsGroup')}</legend>
          <Field id="platforms" label={t('admin.bindings.platforms')} errors={errors}>
            <div class="admin-checks" id="platforms">
              {platformChoices.map((pl) => (
                <label>
                  <input type="checkbox" name="platforms" value={pl} checked={p.form.platforms.includes(pl)} /> {t(platformLabels[pl])}
                </label>
              ))}
            </div>
          </Field>
          <Field id="metric" label={t('admin.bindings.metric')} errors={errors}>
            <select id="metric" name="metric">
              <option value="readers" selected={v('metric', 'readers') === 'readers'}>
                {t('admin.bindings.metric.readers')}
              </option>
              <option value="reads" selected={v('metric') === 'reads'}>
                {t('admin.bindings.metric.reads')}
              </option>
            </select>
          </Field>
        </fieldset>
        <Field id="spec" label={t('admin.bindings.json')} hint={t('admin.bindings.jsonHint')} errors={errors}>
          <textarea id="spec" name="spec" rows={6} class="admin-code" aria-describedby="spec-hint" spellcheck={false}>
            {v('spec')}
          </textarea>
        </Field>
        <button type="submit" class="primary">
          {t('admin.bindings.submit')}
        </button>
      </form>
    </AdminFrame>
  );
}

function FieldSelect(p: { id: string; names: string[]; value: string; language: string }) {
  return (
    <select id={p.id} name={p.id}>
      <option value="" selected={p.value === ''}>
        —
      </option>
      {p.names.map((n) => (
        <option value={n} selected={p.value === n}>
          {p.language === 'zh' ? `${fieldLabels[n] ?? n}（${n}）` : n}
        </option>
      ))}
    </select>
  );
}
