// Money for people. Amounts are stored in yuan (docs/design.md "Targets"); they are shown in 元, 千元, 万元 or 亿元 with
// at most 2 decimals, trimmed (`12.5万元`) or fixed (`320.00万元`, project pages per UI.md "Numbers").
import { formatDecimal, NO_VALUE } from './decimal-text.ts';

/** The money units a figure can be shown in; the power of ten each stands for. */
export const MONEY_UNITS = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 } as const;

export type MoneyUnit = keyof typeof MONEY_UNITS;

export interface MoneyOptions {
  /** Always 2 decimals (`320.00万元`), for columns of figures; default trims (`320万元`). */
  fixed?: boolean;
  /** Leave the unit off (`320.00`) when a column heading already says it (`预算数（万元）`). */
  bare?: boolean;
}

/**
 * A figure in yuan shown in a chosen unit: budgets on project pages in 万元 (`formatMoney(3_200_000, '万元',
 * { fixed: true })` → `320.00万元`), entries in 元 (`formatMoney(1234.5, '元')` → `1234.5元`). `—` for null.
 */
export function formatMoney(yuan: number | null | undefined, unit: MoneyUnit = '万元', options: MoneyOptions = {}): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return NO_VALUE;
  const text = formatDecimal(yuan / 10 ** MONEY_UNITS[unit], { decimals: 2, fixed: options.fixed });
  return options.bare ? text : `${text}${unit}`;
}

/**
 * A figure in yuan in the money unit a target was written in (`prefix` is its multiplier word, `exponent`
 * its power of ten): written in 元 stays 元 however large, 万元 stays 万元 however small (`0.35万元`). Above
 * 万 (亿元, 千万元 …) a figure under one written unit steps down to 万元 (`≤1亿元` with 320万 spent reads
 * `320万元`, not `0.03亿元`); 千元/百元 step down to 元 likewise.
 */
export function formatWrittenMoney(yuan: number, prefix: string, exponent: number): string {
  const inWritten = yuan / 10 ** exponent;
  if (exponent !== 4 && exponent > 0 && yuan !== 0 && Math.abs(inWritten) < 1) {
    return exponent > 4 ? formatWrittenMoney(yuan, '万', 4) : formatWrittenMoney(yuan, '', 0);
  }
  return `${formatDecimal(inWritten, { decimals: 2 })}${prefix}元`;
}
