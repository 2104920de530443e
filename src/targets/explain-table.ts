// `jixiao parse FILE --explain` (docs/design.md, "How sure the reader is"): how every row of a target table was
// read, as lines a person can check against the file: the cells and the column each went to, what the row became,
// and each project's confidence with its reasons. The web import preview shows the same reading as a table.
import { formatTarget } from '../format/target-text.ts';
import type { Language } from '../format/status-labels.ts';
import { translator } from '../i18n/messages.ts';
import type { ParsedProject, ParsedTable } from './types.ts';

const MAX_CELL = 24;

export function explainTable(table: ParsedTable, language: Language): string {
  const t = translator(language);
  const colon = language === 'en' ? ': ' : '：';
  const lines: string[] = [];
  if (table.unit) {
    const source = table.unitSource ? `（${t(`import.unitSource.${table.unitSource}`)}）` : '';
    lines.push(`${language === 'en' ? 'Unit' : '单位'}${colon}${table.unit.code ? `${table.unit.code} ` : ''}${table.unit.name}${source}`);
  }
  for (const project of table.projects) lines.push('', ...explainProject(project, language));
  return `${lines.join('\n')}\n`;
}

function explainProject(project: ParsedProject, language: Language): string[] {
  const t = translator(language);
  const colon = language === 'en' ? ': ' : '：';
  const { confidence } = project;
  const head =
    language === 'en'
      ? `Project "${project.name}" (${project.year}, from line ${project.line})`
      : `项目「${project.name}」（${project.year}年，第${project.line}行起）`;
  const lines = [head, `  ${t('import.confidence.label', { level: t(`import.confidence.${confidence.level}`), score: confidence.score.toFixed(2) })}`];
  for (const reason of confidence.reasons) lines.push(`    - ${reason}`);
  if (project.truncated) lines.push(`  ! ${project.truncated.message}`);
  for (const row of project.rows) {
    const cells = row.cells
      .filter((c) => c.text.trim() !== '')
      .map((c) => `[${t(`import.role.${c.role}`)}] ${clip(c.text)}`)
      .join('  ');
    const indicator = row.indicator === null ? null : project.indicators[row.indicator];
    const outcome = indicator
      ? `→ ${indicator.level1}/${indicator.level2}/${indicator.level3}${colon}${formatTarget(indicator.target, language)}${indicator.weight !== null ? `（${indicator.weight}${language === 'en' ? ' pts' : '分'}）` : ''}${indicator.needsReview ? (language === 'en' ? ' [to confirm]' : ' [待确认]') : ''}`
      : `→ ${t('import.rows.none')}${row.note ? ` ${row.note}` : ''}`;
    lines.push(`  ${t('import.rejected.line', { line: row.line })}  ${cells}`, `      ${outcome}`);
  }
  return lines;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL)}…` : flat;
}
