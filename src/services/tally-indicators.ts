// A tally names the indicator it counts toward (docs/design.md "Tallies"): by id or by its 三级指标 name. Before
// anything is written the name becomes the id, and the indicator must be an active, quantitative, applicable
// indicator of the entry's own project, so a tally can never feed another project's figures; toward a target
// counted in whole units (座, 人次, 批次) the quantity must be whole.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicators } from '../../db/schema/index.ts';
import { type Message, said } from '../errors.ts';
import { formatDecimal } from '../format/index.ts';
import { normalizedUnitLabel } from '../format/monitoring-labels.ts';
import { isWholeUnit } from '../targets/target-units.ts';
import { compact } from '../targets/vocabulary.ts';

export interface TallyProblem {
  /** Position in the batch (0-based). */
  index: number;
  field: 'indicator' | 'quantity';
  message: Message;
}

/** The items with every tally's indicator as an id, or the problems (nothing is changed then). */
export async function resolveTallies<T extends { kind: string; fields: Record<string, unknown> }>(
  tx: Db,
  projectId: number,
  items: T[],
): Promise<{ items: T[]; problems: TallyProblem[] }> {
  if (!items.some((i) => i.kind === 'tally')) return { items, problems: [] };
  const rows = await tx
    .select({
      id: indicators.id,
      level3: indicators.level3,
      targetKind: indicators.targetKind,
      applicable: indicators.applicable,
      unit: indicators.normalizedUnit,
    })
    .from(indicators)
    .where(and(eq(indicators.projectId, projectId), eq(indicators.active, true)));
  const problems: TallyProblem[] = [];
  const resolved = items.map((item, index) => {
    if (item.kind !== 'tally') return item;
    const ref = item.fields.indicator;
    const matches = typeof ref === 'number' ? rows.filter((r) => r.id === ref) : rows.filter((r) => compact(r.level3) === compact(String(ref)));
    if (matches.length === 0) {
      problems.push({ index, field: 'indicator', message: said('err.tally.noIndicator', { ref: String(ref) }) });
      return item;
    }
    if (matches.length > 1) {
      problems.push({ index, field: 'indicator', message: said('err.tally.ambiguous', { ref: String(ref), n: matches.length }) });
      return item;
    }
    const [match] = matches;
    if (match!.targetKind !== 'quantitative' || !match!.applicable) {
      problems.push({ index, field: 'indicator', message: said('err.tally.notCountable', { name: match!.level3 }) });
      return item;
    }
    // 5座 危桥 or 3000人次 count whole things: half a bridge is a slip of the keyboard, not a figure.
    const quantity = item.fields.quantity;
    if (typeof quantity === 'number' && !Number.isInteger(quantity) && isWholeUnit(match!.unit)) {
      const unit = normalizedUnitLabel(match!.unit);
      const q = formatDecimal(quantity, { decimals: 6 });
      const message = unit ? said('err.tally.wholeUnit', { name: match!.level3, unit, q }) : said('err.tally.wholeCount', { name: match!.level3, q });
      problems.push({ index, field: 'quantity', message });
      return item;
    }
    return { ...item, fields: { ...item.fields, indicator: match!.id } };
  });
  return problems.length > 0 ? { items, problems } : { items: resolved, problems };
}
