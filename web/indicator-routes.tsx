import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { shanghaiDate } from '../src/clock.ts';
import { AppError } from '../src/errors.ts';
import { readingDay } from '../src/evaluation/index.ts';
import { requireAccess } from '../src/services/access.ts';
import { indicatorFacts } from '../src/services/indicator-facts.ts';
import { loadIndicatorContext } from '../src/services/indicator-series.ts';
import { addAssessment, addManualValue, confirmIndicator } from '../src/services/indicator-values.ts';
import { indicatorChart } from '../src/services/project-charts.ts';
import { toIndicatorDto } from '../src/services/projects.ts';
import type { WebEnv } from './env.ts';
import { formProblems, textFields, typedNumber } from './form-input.ts';
import { IndicatorPage, type IndicatorPageProps } from './pages/indicator.tsx';
import { formTokenValid } from './session.ts';

// 指标: the indicator page and its forms (docs/design.md "Display"). Post/redirect/get after a save.

const idParam = z.coerce.number().int().positive();

/** Everything the indicator page shows; `form` is a form that came back with errors (values kept). */
async function renderIndicator(c: Context<WebEnv>, id: number, form: IndicatorPageProps['form'], status: 200 | 400 | 409 = 200) {
  const deps = c.get('deps');
  const today = shanghaiDate(deps.now());
  const { project, indicator } = await loadIndicatorContext(deps.db, id);
  const { report } = await deps.progress.project(project.id, { today });
  const progress = report.projects[0]!;
  const item = progress.indicators.find((i) => i.id === id);
  if (!item) throw new AppError(404, 'not_found', '');
  const dto = toIndicatorDto(indicator);
  const cumulative = item.measure && item.measure.type !== 'manual' && item.target.kind === 'quantitative';
  const chart = cumulative ? await indicatorChart(deps.db, item, readingDay(progress.period, today) ?? progress.period.start, today, c.var.language) : null;
  const facts = await indicatorFacts(deps.db, id, { asOf: progress.asOf, limit: 100, offset: 0 });
  return c.html(
    <IndicatorPage
      t={c.var.t}
      language={c.var.language}
      actor={c.var.actor}
      formToken={c.var.formToken}
      projectId={project.id}
      projectName={project.name}
      indicator={item}
      needsConfirm={dto.needsReview && dto.confirmed === null}
      chart={chart}
      facts={facts}
      today={today}
      form={form}
      saved={c.req.query('saved') === '1'}
    />,
    status,
  );
}

export const indicatorPages = new Hono<WebEnv>()
  .get('/indicators/:id', async (c) => {
    const deps = c.get('deps');
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError(404, 'not_found', '');
    await requireAccess(deps.db, c.var.actor, 'read', { kind: 'indicator', id: id.data });
    return renderIndicator(c, id.data, { name: null, errors: [], values: {} });
  })
  .post('/indicators/:id/:action{values|assessments|confirm}', async (c) => {
    const deps = c.get('deps');
    const actor = c.var.actor;
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new AppError(404, 'not_found', '');
    if (!(await formTokenValid(c))) throw new AppError(403, 'csrf', c.var.t('error.csrf'));
    const action = c.req.param('action');
    await requireAccess(deps.db, actor, action === 'confirm' ? 'admin' : 'record', { kind: 'indicator', id: id.data });
    const body = await c.req.parseBody();
    const typed = textFields(body, ['value', 'tier', 'score', 'asOf', 'note']);
    const form = action === 'assessments' ? 'assessment' : 'value';
    try {
      if (action === 'confirm') await confirmIndicator(deps.db, id.data, actor);
      else if (action === 'values')
        await addManualValue(
          deps.db,
          id.data,
          { value: typedNumber(typed.value!) as number, asOf: typed.asOf!, note: typed.note || undefined },
          { author: actor.name, source: 'web', actor },
        );
      else
        await addAssessment(
          deps.db,
          id.data,
          { tier: typed.tier!, score: typedNumber(typed.score!) as number, asOf: typed.asOf!, note: typed.note || undefined },
          { author: actor.name, actor },
        );
    } catch (err) {
      const problems = formProblems(err);
      if (!problems) throw err;
      return renderIndicator(c, id.data, { name: form, errors: problems, values: typed }, 400);
    }
    // Post/redirect/get: a reload does not submit twice.
    return c.redirect(`/indicators/${id.data}?saved=1`, 303);
  });
