// A project's measure coverage in one line (`自动计算 12 · 计数登记 5 · …`), for the CLI and the pages.
import { translator } from '../i18n/messages.ts';
import type { Coverage } from '../measures/coverage.ts';
import type { Language } from './status-labels.ts';

export function coverageLine(c: Coverage, language: Language): string {
  const t = translator(language);
  const line = t('coverage.summary', { automatic: c.automatic, tallies: c.tallies, manual: c.manual, assessment: c.assessment, none: c.none });
  return c.notApplicable > 0 ? `${line} · ${t('coverage.notApplicable')} ${c.notApplicable}` : line;
}
