// How numbers, units and statuses are shown to people: one module for the API's display strings, the CLI,
// the robots, and later the pages and workbooks. Pure functions of plain data.
export { MINUS, NO_VALUE, formatDecimal, roundHalfAway, type DecimalOptions } from './decimal-text.ts';
export { formatNormalized, formatValue, type DisplayTarget } from './display-value.ts';
export { MONEY_UNITS, formatMoney, type MoneyOptions, type MoneyUnit } from './money.ts';
export { formatDeviation, formatPercent, formatShare, type PercentOptions } from './percent.ts';
export {
  LAMP_DOT,
  LAMP_EMOJI,
  LAMP_LABELS,
  LIKELIHOOD_LABELS,
  STATUS_LABELS,
  STATUS_ORDER,
  lampLabel,
  lampMark,
  lampOfStatus,
  likelihoodLabel,
  statusLabel,
  statusMark,
  type Language,
} from './status-labels.ts';
export { formatFileSize } from './file-size.ts';
