// Numbers as text for people, one rule for every face (API display strings, CLI, robots, pages, workbooks):
// - rounded half away from zero, as on paper (2.675 → 2.68; the idea of round2 in src/evaluation/arithmetic.ts,
//   generalised to any number of decimals: rounding twice, 0.149 → 0.15 → 0.2, would be wrong);
// - no thousands separators anywhere: 万/亿 keep figures short, and a figure copied into a table cell or a
//   form reads back as the same number (the target parser has no digit grouping);
// - decimals trimmed (`12.5`, `12`) unless fixed (`320.00`); never `-0`; a negative number carries the
//   minus sign U+2212 (`−12.5`), the typographic minus, which also cannot be mistaken for a range dash.

/** The minus sign used in every display string. */
export const MINUS = '\u2212';

/** The text shown for a missing or non-finite number. */
export const NO_VALUE = '—';

/**
 * x rounded to `decimals` places, half away from zero; 15 significant digits strip the binary
 * representation error first (1.005 × 100 is 100.49999999999999). No -0.
 */
export function roundHalfAway(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const scale = 10 ** decimals;
  const units = Math.round(Number((Math.abs(x) * scale).toPrecision(15)));
  const rounded = (Math.sign(x) * units) / scale;
  return rounded === 0 ? 0 : rounded;
}

export interface DecimalOptions {
  /** Most decimals shown (0–6); default 2. */
  decimals?: number;
  /** Always show exactly `decimals` places (`320.00`) instead of trimming trailing zeros (`320`). */
  fixed?: boolean;
  /** Prefix `+` to positive numbers (deviations); zero never carries a sign. */
  signed?: boolean;
}

/** `12.5`, `320.00` (fixed), `−3`, `+30` (signed); `—` for null, NaN and ±Infinity. */
export function formatDecimal(x: number | null | undefined, options: DecimalOptions = {}): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NO_VALUE;
  let decimals = Math.min(6, Math.max(0, Math.trunc(options.decimals ?? 2)));
  // Beyond 2^53 a double has no fractional digits left to show.
  if (Math.abs(x) * 10 ** decimals > Number.MAX_SAFE_INTEGER) decimals = 0;
  // Integer arithmetic on the scaled value: no toFixed, whose binary rounding differs from the rule above.
  const units = Math.round(Number((Math.abs(x) * 10 ** decimals).toPrecision(15)));
  // BigInt spells huge integers out in full where String would switch to `1e+21`.
  const digits = BigInt(units)
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals);
  if (!options.fixed) fraction = fraction.replace(/0+$/, '');
  const body = fraction ? `${whole}.${fraction}` : whole;
  if (units === 0) return body;
  if (x < 0) return `${MINUS}${body}`;
  return options.signed ? `+${body}` : body;
}
