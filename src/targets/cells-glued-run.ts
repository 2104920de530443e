// A whole table run together on one line (text pulled from a document viewer, 鄂州): the line is cut into the rows
// a table would have had, by the vocabulary (labels, header words, level names), the `反映…` that opens a
// description, and what reads as a target (docs/design.md, "Cells run together").
import { isTargetLike, mayStartTarget } from './cell-kinds.ts';
import { parseTarget } from './parse-target.ts';
import { isKnownUnit } from './target-units.ts';
import { HEADER_SPLIT_WORDS, LEVEL_NAMES, QUALITATIVE_PHRASES } from './vocabulary.ts';

/** Where the run of glued header words (`一级指标二级指标…`) starts and ends in `form`, or null. */
export function findHeaderRun(form: string): { start: number; end: number; words: string[] } | null {
  const anchor = ['一级指标', '二级指标', '三级指标']
    .map((w) => form.indexOf(w))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b)[0];
  if (anchor === undefined) return null;
  let start = anchor;
  const before: string[] = [];
  for (;;) {
    const word = HEADER_SPLIT_WORDS.find((w) => form.slice(0, start).endsWith(w));
    if (!word) break;
    before.unshift(word);
    start -= word.length;
  }
  const words = [...before];
  let end = anchor;
  for (;;) {
    const word = HEADER_SPLIT_WORDS.find((w) => form.startsWith(w, end));
    if (!word) break;
    words.push(word);
    end += word.length;
  }
  return words.length - before.length >= 2 ? { start, end, words } : null;
}

const levelAt = (form: string, at: number): string | undefined => LEVEL_NAMES.find((w) => form.startsWith(w, at));

/** The target that starts at `at`: the longest target-like text whose unit is a known one (`2280次`, not `2280次大楼`). */
function targetAt(form: string, at: number, end: number): number | null {
  if (!mayStartTarget(form[at] ?? '')) return null;
  let best: number | null = null;
  for (let j = at + 1; j <= end; j += 1) {
    const piece = form.slice(at, j);
    if (!isTargetLike(piece)) continue;
    const { target } = parseTarget(piece);
    if (target.kind === 'quantitative' && target.unit !== null && !isKnownUnit(target.unit) && !isKnownUnit(target.normalized?.unit ?? '')) continue;
    best = j;
  }
  return best;
}

// `验收合格率`: a phrase followed by a name's ending is part of the name.
const phraseAt = (form: string, at: number): string | undefined =>
  QUALITATIVE_PHRASES.find((p) => p.length >= 2 && form.startsWith(p, at) && !/^[率度数量额次性值]/.test(form.slice(at + p.length)));

/**
 * `数量指标办公大楼日常维修维护次数反映办公大楼全年维修维护情况2280次大楼安检巡察次数反映…200次质量指标…` → rows of
 * [level names…, name, description, target]. A row whose target was cut off ends without one.
 */
export function splitGluedRun(form: string): string[][] {
  const rows: string[][] = [];
  let at = 0;
  while (at < form.length) {
    const row: string[] = [];
    for (let level = levelAt(form, at); level !== undefined && row.length < 2; level = levelAt(form, at)) {
      row.push(level);
      at += level.length;
    }
    const next = nextLevel(form, at);
    const start = at;
    let described = -1;
    let value: [number, number] | null = null;
    for (let i = start + 2; i < next && value === null; i += 1) {
      if (described < 0 && form.startsWith('反映', i)) {
        described = i;
        continue;
      }
      if (/\d/.test(form[i - 1] ?? '')) continue;
      const end = targetAt(form, i, next);
      if (end !== null) {
        value = [i, end];
        break;
      }
      const phrase = phraseAt(form, i);
      if (phrase) value = [i, i + phrase.length];
    }
    const nameEnd = described >= 0 ? described : (value?.[0] ?? next);
    row.push(form.slice(start, nameEnd));
    if (described >= 0) row.push(form.slice(described, value?.[0] ?? next));
    if (value) row.push(form.slice(value[0], value[1]));
    rows.push(row.filter((c) => c !== ''));
    at = value ? value[1] : next;
  }
  return rows.filter((r) => r.length > 0);
}

function nextLevel(form: string, from: number): number {
  for (let i = from + 1; i < form.length; i += 1) if (levelAt(form, i) !== undefined) return i;
  return form.length;
}

/** `主管部门审核意见单位公章:年月 日` before a title: the form's sign-off, cut off so its 主管部门 is not read as a label. */
export const GLUED_FOOTER = /^.{0,40}?(盖章|公章|签章)[:]?(年月日)?/;

/** The text before the header: the sign-off, each title, then labels with their values. */
export function splitGluedHead(form: string): string[] {
  const pieces: string[] = [];
  let rest = form;
  const footer = GLUED_FOOTER.exec(rest);
  if (footer) {
    pieces.push(footer[0]);
    rest = rest.slice(footer[0].length);
  }
  for (let m = /绩效目标(申报|批复|审核|审批)?表/.exec(rest); m; m = /绩效目标(申报|批复|审核|审批)?表/.exec(rest)) {
    pieces.push(rest.slice(0, m.index + m[0].length));
    rest = rest.slice(m.index + m[0].length);
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}
