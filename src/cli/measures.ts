import { resolveProject } from '../services/channels.ts';
import { coverageLine } from '../format/coverage-text.ts';
import { translator } from '../i18n/messages.ts';
import { projectCoverage } from '../services/coverage.ts';
import { listBindings, parseMeasureSpec, setBinding } from '../services/measures.ts';
import type { Handler } from './args.ts';
import { said } from '../errors.ts';
import { cliActorOf, UsageError, withDb } from './io.ts';
import type { commandSpecs } from './specs.ts';

type Specs = typeof commandSpecs;

export const measuresListCommand: Handler<Specs['measures list']> = async ({ options }, { io }) => {
  const { list, coverage } = await withDb(async (db) => {
    const id = (await resolveProject(db, options.project)).id;
    return { list: await listBindings(db, id), coverage: await projectCoverage(db, id) };
  });
  if (options.json) {
    io.out(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  const { languageFromEnv } = await import('../config.ts');
  const language = languageFromEnv();
  const t = translator(language);
  const kindOf = new Map(coverage.indicators.map((i) => [i.indicatorId, i.coverage]));
  for (const b of list) {
    const kind = kindOf.get(b.indicatorId);
    io.out(
      `${String(b.indicatorId).padStart(5)}  ${b.level3}  [${t(kind ? `coverage.${kind}` : 'coverage.notApplicable')}]  ${b.measure ? JSON.stringify(b.measure) : '未设置度量'}${b.proposed ? '（建议，待确认）' : ''}\n`,
    );
  }
  io.out(`${t('coverage.title')}${language === 'en' ? ': ' : '：'}${coverageLine(coverage.coverage, language)}\n`);
  return 0;
};

export const measuresSetCommand: Handler<Specs['measures set']> = async ({ args }, ctx) => {
  const { io } = ctx;
  let spec = null;
  if (args.spec !== 'none') {
    let json: unknown;
    try {
      json = JSON.parse(args.spec);
    } catch {
      throw new UsageError(said('err.cli.measureJson'));
    }
    spec = parseMeasureSpec(json);
  }
  const b = await withDb((db) => setBinding(db, args.indicator, spec, cliActorOf(ctx)));
  io.out(`指标 #${b.indicatorId} ${b.level3}：${b.measure ? JSON.stringify(b.measure) : '已解除度量'}\n`);
  return 0;
};
