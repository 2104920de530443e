import type { Actor } from '../../src/auth/actor.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { ParsedIndicator } from '../../src/targets/types.ts';
import { LEVEL1_NAMES } from '../../src/targets/vocabulary.ts';
import { AdminNav } from '../components/admin-nav.tsx';
import { Field, type FieldProblem, FormToken } from '../components/fields.tsx';
import { ErrorSummary, Layout } from '../layout.tsx';
import { TargetReading } from './import-parts.tsx';

export interface ImportRowPageProps {
  t: Translate;
  language: Language;
  actor: Actor;
  formToken: string;
  draftId: number;
  project: string;
  /** The row's address: `15`, or `15-3` for the fourth row starting on line 15 (docs/design.md "Import preview"). */
  rowKey: string;
  /** The row as it reads now (fixes applied) and as the parser read it. */
  indicator: ParsedIndicator;
  original: ParsedIndicator;
  open: boolean;
  errors: FieldProblem[];
  /** What was typed, kept when the form comes back. */
  values: Partial<Record<'level1' | 'level2' | 'level3' | 'target', string>>;
}

/** 修改一行: the row's level names and target as they read now, each a field; what the parser read beside it. */
export function ImportRowPage(p: ImportRowPageProps) {
  const { t, indicator: i } = p;
  const line = i.line;
  const value = (field: 'level1' | 'level2' | 'level3') => p.values[field] ?? i[field];
  const level1 = value('level1');
  const level1Choices = (LEVEL1_NAMES as readonly string[]).includes(level1) ? [...LEVEL1_NAMES] : [level1, ...LEVEL1_NAMES];
  const back = `/admin/import/drafts/${p.draftId}#row-${p.rowKey}`;
  return (
    <Layout
      title={t('import.row.title', { line })}
      t={t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="admin"
      hasErrors={p.errors.length > 0}
      path={`/admin/import/drafts/${p.draftId}/rows/${p.rowKey}`}
    >
      <AdminNav t={t} active="import" />
      <p class="no-print">
        <a href={back}>← {t('import.backToDraft')}</a>
      </p>
      <h1>{t('import.row.title', { line })}</h1>
      <p>{t('import.row.intro', { project: p.project })}</p>
      <ErrorSummary t={t} errors={p.errors} />
      <dl class="panel import-row-reading">
        <div>
          <dt>{t('import.row.current')}</dt>
          <dd>
            {i.level1} › {i.level2} › {i.level3}：{i.target.raw}
            <br />
            <TargetReading t={t} indicator={i} />
          </dd>
        </div>
        {(p.original.target.raw !== i.target.raw || p.original.level3 !== i.level3 || p.original.level1 !== i.level1 || p.original.level2 !== i.level2) && (
          <div>
            <dt>{t('import.original')}</dt>
            <dd>
              {p.original.level1} › {p.original.level2} › {p.original.level3}：{p.original.target.raw}
              <br />
              <TargetReading t={t} indicator={p.original} />
            </dd>
          </div>
        )}
        {i.warnings.length > 0 && (
          <div>
            <dt>{t('import.col.notes')}</dt>
            <dd>
              {i.warnings.map((w) => (
                <span class="row-warning">{w}</span>
              ))}
            </dd>
          </div>
        )}
      </dl>
      {p.open ? (
        <form method="post" action={`/admin/import/drafts/${p.draftId}/rows/${p.rowKey}`} class="panel" novalidate>
          <FormToken token={p.formToken} />
          <Field id="level1" label={t('import.col.level1')} hint={t('import.row.level1Hint')} errors={p.errors}>
            <select id="level1" name="level1" aria-describedby="level1-hint">
              {level1Choices.map((name) => (
                <option value={name} selected={name === level1}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="level2" label={t('import.col.level2')} errors={p.errors}>
            <input type="text" id="level2" name="level2" value={value('level2')} />
          </Field>
          <Field id="level3" label={t('import.col.level3')} errors={p.errors}>
            <input type="text" id="level3" name="level3" value={value('level3')} />
          </Field>
          <Field id="target" label={t('import.col.target')} hint={t('import.row.targetHint')} errors={p.errors}>
            <input type="text" id="target" name="target" value={p.values.target ?? i.target.raw} aria-describedby="target-hint" />
          </Field>
          <button type="submit" class="primary" id="save-fix">
            {t('import.row.save')}
          </button>{' '}
          <a href={back}>{t('import.backToDraft')}</a>
        </form>
      ) : (
        <p class="warning-box">{t('import.row.closed')}</p>
      )}
    </Layout>
  );
}
