// The bounds every face (API, CLI, bulk files) holds input to; see docs/design.md "Input at the edges".

/** Ids are PostgreSQL `integer`/`serial`: 1 … 2^31 − 1. */
export const ID_MAX = 2_147_483_647;

/** Days outside these are typos (0000-01-01, 9999-12-31), not budget years. */
export const FIRST_DAY = '2000-01-01';
export const LAST_DAY = '2100-12-31';

/** Money in yuan: finite, ≥ 0, at most 2 decimals, below 10^12 (a trillion yuan). */
export const MONEY_LIMIT = 1e12;

/** Counts (participants, quantities): integers up to a billion. */
export const COUNT_MAX = 1_000_000_000;

/** A manual figure or a measure's value: plain finite numbers within ±10^15 (exact in a double to the cent). */
export const VALUE_LIMIT = 1e15;

/** Character caps per kind of text field. */
export const TEXT_MAX = {
  /** A person's name (`by`, `X-User`). */
  person: 100,
  /** Names and short labels (channel, probe, robot, item, system). */
  name: 200,
  /** Titles of entries. */
  title: 500,
  /** Notes, reasons, findings. */
  note: 2000,
  /** URLs. */
  url: 2000,
} as const;

/** JSON bodies: nesting depth beyond this is refused before parsing (no schema of ours nests deeper than 6). */
export const JSON_MAX_DEPTH = 32;

/** JSON bodies: 5,000 entries of a batch fit in well under this; files go as uploads (UPLOAD_LIMIT_MB). */
export const JSON_MAX_BYTES = 8 * 1024 * 1024;
