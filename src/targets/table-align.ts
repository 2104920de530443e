// Places a row's cells (after its level names) into the header's remaining columns by what each cell
// looks like, not by position: rows with row-spans, blank 指标性质 columns or spilled weights are shorter
// than the header. A small dynamic programme finds the best order-preserving assignment.
import { isNumberCell, isTargetLike, isUnitCell } from './cell-kinds.ts';
import type { Cell } from './cells-types.ts';
import { readWeight } from './table-values.ts';
import { compact, isQualitativePhrase, matchNature } from './vocabulary.ts';

export type Slot = 'level3' | 'description' | 'nature' | 'value' | 'unit' | 'weight' | 'ignore';

export interface Alignment {
  /** Several pieces when a name with spaces was split into columns. */
  level3: Cell[];
  description: Cell | null;
  nature: Cell | null;
  value: Cell | null;
  unit: Cell | null;
  weight: Cell | null;
  ignored: Cell[];
  unplaced: Cell[];
}

interface Look {
  empty: boolean;
  nature: boolean;
  number: boolean;
  target: boolean;
  phrase: boolean;
  unit: boolean;
  rule: boolean;
}

function look(cell: Cell): Look {
  const form = compact(cell.text);
  const empty = form === '';
  const nature = !empty && matchNature(form) !== null;
  const number = !empty && isNumberCell(form);
  const phrase = !empty && (isQualitativePhrase(form) || form === '无');
  const target = !empty && !nature && isTargetLike(form);
  const rule = !empty && /扣分|得分|计分|酌情|不得分|满分/.test(form);
  return { empty, nature, number, target, phrase, unit: !empty && !number && !nature && !phrase && isUnitCell(form), rule };
}

const IMPOSSIBLE = Number.NEGATIVE_INFINITY;

function score(l: Look, slot: Slot): number {
  switch (slot) {
    case 'level3':
      if (l.nature || l.rule) return IMPOSSIBLE;
      return l.empty ? -1 : l.number ? -3 : l.phrase ? 1 : l.target ? -2 : 3;
    case 'description':
      if (l.nature) return IMPOSSIBLE;
      return l.empty ? 0 : l.number ? -2 : l.phrase ? 1 : l.target ? -1 : 2;
    case 'nature':
      return l.nature ? 3 : IMPOSSIBLE;
    case 'value':
      if (l.nature || l.rule) return IMPOSSIBLE;
      return l.empty ? -2 : l.number || l.phrase ? 3 : l.target ? 4 : 1;
    case 'unit':
      return l.unit ? 2 : IMPOSSIBLE;
    case 'weight':
      return l.number ? 2 : IMPOSSIBLE;
    case 'ignore':
      return 0;
  }
}

const SKIP: Partial<Record<Slot, number>> = { level3: -6, value: -6 };

type Step = 'skip' | 'assign' | 'extend' | 'drop';

/** Best assignment of `cells` (in order) to `slots` (in order); every cell ends in a slot or `unplaced`. */
export function alignRow(cells: Cell[], slots: Slot[], joinPieces: boolean): Alignment {
  const looks = cells.map(look);
  const n = cells.length;
  const m = slots.length;
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(IMPOSSIBLE));
  const back: (Step | null)[][] = Array.from({ length: n + 1 }, () => new Array<Step | null>(m + 1).fill(null));
  const relax = (i: number, j: number, value: number, step: Step): void => {
    if (value > (best[i]?.[j] ?? IMPOSSIBLE)) {
      (best[i] as number[])[j] = value;
      (back[i] as (Step | null)[])[j] = step;
    }
  };
  (best[0] as number[])[0] = 0;
  for (let i = 0; i <= n; i += 1) {
    for (let j = 0; j <= m; j += 1) {
      const here = best[i]?.[j] ?? IMPOSSIBLE;
      if (here === IMPOSSIBLE) continue;
      const slot = slots[j];
      const l = looks[i];
      if (slot) relax(i, j + 1, here + (SKIP[slot] ?? 0), 'skip');
      if (!l) continue;
      if (slot) relax(i + 1, j + 1, here + score(l, slot), 'assign');
      if (slot === 'level3' && joinPieces && !l.empty) relax(i + 1, j, here + score(l, slot) - 1, 'extend');
      relax(i + 1, j, here + (l.empty ? 0 : -4), 'drop');
    }
  }
  const out: Alignment = {
    level3: [],
    description: null,
    nature: null,
    value: null,
    unit: null,
    weight: null,
    ignored: [],
    unplaced: [],
  };
  let i = n;
  let j = m;
  const placed: { cell: Cell; slot: Slot | null }[] = [];
  while (i > 0 || j > 0) {
    const step = back[i]?.[j];
    if (step === 'skip') j -= 1;
    else if (step === 'assign') {
      i -= 1;
      j -= 1;
      placed.push({ cell: cells[i] as Cell, slot: slots[j] ?? null });
    } else if (step === 'extend') {
      i -= 1;
      placed.push({ cell: cells[i] as Cell, slot: 'level3' });
    } else if (step === 'drop') {
      i -= 1;
      placed.push({ cell: cells[i] as Cell, slot: null });
    } else break;
  }
  for (const { cell, slot } of placed.reverse()) {
    if (slot === null) {
      if (cell.text !== '') out.unplaced.push(cell);
    } else if (slot === 'level3') out.level3.push(cell);
    else if (slot === 'ignore') out.ignored.push(cell);
    else out[slot] = cell;
  }
  return out;
}

/** The 权重/分值 of a placed weight cell. */
export function weightOf(cell: Cell | null): number | null {
  return cell ? readWeight(cell.text) : null;
}
