// What a single cell looks like to the reader: a target, a bare number, a unit, a comparator…
import { parseTarget } from './parse-target.ts';
import { compact, fold, isQualitativePhrase } from './vocabulary.ts';

/** A plain number (`12`, `12.50`, `1,200`, full-width digits). */
export function isNumberCell(text: string): boolean {
  return /^[+-]?\d+(\.\d+)?$/.test(compact(text).replace(/(\d),(?=\d{3}(?!\d))/g, '$1'));
}

/**
 * A cell that reads cleanly as a target by itself: a quantity (`≥20场`, `100%`, `=120个`), a deadline
 * (`2025年年底前`), `无`, or a known qualitative phrase (`效果明显`). Names never do.
 */
export function isTargetLike(text: string): boolean {
  const form = compact(text);
  if (form === '') return false;
  if (form === '无' || isQualitativePhrase(form)) return true;
  if (!/\d/.test(form)) return false;
  const { target, needsReview } = parseTarget(form);
  return !needsReview && (target.kind === 'quantitative' || target.deadline !== null || target.text !== null);
}

/** A short unit of measure standing in its own column (`次`, `%`, `元/人天`, `百分比`). */
export function isUnitCell(text: string): boolean {
  const form = compact(text);
  if (form === '' || form.length > 6 || /\d/.test(form)) return false;
  return /^[%‰A-Za-z\p{Script=Han}/²³]+$/u.test(form);
}

/** Where a target may start inside a run-together cell: a digit or the first character of a comparator. */
export function mayStartTarget(ch: string): boolean {
  return /[0-9≥≤≧≦<>=不大高低少超多小等至最达控于在截]/.test(fold(ch));
}
