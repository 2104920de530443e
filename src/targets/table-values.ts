// Values of metadata cells: money (exact 万元 → 元 shift), goals, unit code + name, weights.
import type { ParsedUnit } from './types.ts';
import { compact, fold, type MoneyUnit } from './vocabulary.ts';

const MONEY_EXPONENT: Record<MoneyUnit, number> = { 元: 0, 万元: 4, 亿元: 8 };

/** Moves the decimal point on the written digits: `12.50` 万元 → 125000, `0.07` 万元 → 700; no float multiply. */
export function shiftDecimal(written: string, exponent: number): number {
  const [whole = '0', fraction = ''] = written.split('.');
  const padded = fraction.padEnd(exponent, '0');
  const integer = `${whole}${padded.slice(0, exponent)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(exponent).replace(/0+$/, '');
  return Number(rest ? `${integer}.${rest}` : integer);
}

export type MoneyReading = { kind: 'blank' } | { kind: 'amount'; yuan: number } | { kind: 'invalid' };

/**
 * A budget cell in yuan. The unit written in the cell (`86万元`, `58.00万元`, `500元`) wins; else the
 * table's (`单位：万元`, `项目资金(万元)`); a bare number with neither is 万元, as budget tables are.
 */
export function readMoney(text: string, tableUnit: MoneyUnit | null): MoneyReading {
  const form = compact(text).replace(/[,，]/g, '');
  if (form === '' || /^[-—/]+$/.test(form)) return { kind: 'blank' };
  const m = /^(\d+(?:\.\d+)?)(亿元|万元|元)?$/.exec(form);
  if (!m) return { kind: 'invalid' };
  const unit = (m[2] as MoneyUnit | undefined) ?? tableUnit ?? '万元';
  return { kind: 'amount', yuan: shiftDecimal(m[1] ?? '0', MONEY_EXPONENT[unit]) };
}

export function looksLikeMoney(text: string): boolean {
  return readMoney(text, null).kind !== 'invalid';
}

/** `1.… 2.…` → separate goals, numbers stripped; unnumbered text is one goal. Wrapped lines are joined. */
export function splitGoals(text: string): string[] {
  const whole = text.trim();
  if (whole === '') return [];
  const marker = /(^|[\n。；;\s])\s*[(（]?(\d{1,2})\s*[.、．)）:：]\s*(?!\d)/g;
  const starts: { at: number; body: number }[] = [];
  for (const m of whole.matchAll(marker)) {
    if (Number(m[2]) !== starts.length + 1) continue;
    const at = (m.index ?? 0) + (m[1] ?? '').length;
    if (starts.length === 0 && whole.slice(0, at).trim() !== '') break;
    starts.push({ at, body: (m.index ?? 0) + m[0].length });
  }
  // Wrapped lines joined; the `;` that separated one numbered goal from the next is not part of it.
  const join = (s: string): string =>
    s
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean)
      .join('')
      .replace(/[;；,，、\s]+$/, '');
  if (starts.length === 0) return [join(whole)];
  return starts.map((s, k) => join(whole.slice(s.body, starts[k + 1]?.at ?? whole.length))).filter((g) => g !== '');
}

/** `301002-某中心`, `[101]某分局`, `362207天津市…中心`, or a bare name. */
export function readUnitValue(text: string): ParsedUnit | null {
  const value = fold(text).trim().replace(/\s+/g, ' ');
  if (value === '') return null;
  const m = /^[[【(]\s*(\d+)\s*[\]】)]\s*(.+)$/.exec(value) ?? /^(\d{2,})\s*[-—_:]?\s*(\D.*)$/.exec(value);
  if (m) return { code: m[1] ?? null, name: (m[2] ?? '').trim() };
  return { code: null, name: value };
}

/**
 * The unit a person names for an import (`--unit "CODE NAME"`, `unit=`), or why it cannot be one: it needs a name,
 * not only a code (docs/design.md, Targets).
 */
export function readUnitOption(text: string): { unit: ParsedUnit } | { problem: string } {
  const unit = readUnitValue(text);
  if (!unit || !/\p{L}/u.test(unit.name) || /^\d+$/.test(unit.name)) {
    return { problem: `指定的单位「${fold(text).trim().slice(0, 60)}」无效：请写成「代码 名称」或单位名称，如「301002 某市大气污染防治中心」` };
  }
  return { unit };
}

const UNIT_SUFFIX = /(中心|局|站|所|院|办|队|委|会|处|室|馆|部|厅|校|园|公司|社|场|组|政府|单位|办公室)$/;

/** A free-standing unit line such as the seed's `362207天津市生态环境综合保障中心` (a code is required). */
export function readCodedUnitCell(text: string): ParsedUnit | null {
  const unit = readUnitValue(text);
  if (!unit?.code || !/\p{Script=Han}/u.test(unit.name) || /^[年月日]/.test(unit.name)) return null;
  const bare = unit.name.replace(/\s*[（(][^（）()]*[）)]$/, ''); // `某局（本级）`
  return unit.name.length <= 40 && UNIT_SUFFIX.test(bare) ? unit : null;
}

export function sameUnit(a: ParsedUnit, b: ParsedUnit): boolean {
  return compact(a.name) === compact(b.name) && (a.code === null || b.code === null || a.code === b.code);
}

/** A weight or score cell: `10`, `10%`, `10分`. */
export function readWeight(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(%|分)?$/.exec(compact(text));
  return m ? Number(m[1]) : null;
}
