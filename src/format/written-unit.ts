// A target's unit as written (`万条`, `天`, `‰`, `万元/公里`), split into its multiplier and its base, with
// the way back from the normalised scale (docs/design.md "Targets") to the written one. The parser's own reading
// (readUnit in src/targets/target-units.ts) decides what the unit means, so display and parsing agree.
import { readUnit, type UnitReading } from '../targets/target-units.ts';

// The multiplier words the parser accepts before a scalable unit, longest first (as in target-units.ts).
const MULTIPLIERS: [string, number][] = [
  ['万亿', 12],
  ['千万', 7],
  ['百万', 6],
  ['十万', 5],
  ['亿', 8],
  ['万', 4],
  ['千', 3],
  ['百', 2],
];

export interface WrittenUnit {
  /** The whole unit as written: `万条`, `小时`, `元/人天`, `` for a bare number. */
  written: string;
  /** The multiplier word in front (`万`, `亿`), `` when none. */
  prefix: string;
  /** What follows the multiplier, as written: `条`, `元`, `天`, `` for a bare number. */
  base: string;
  /** The parser's reading of `written`: normalised unit, power of ten, mul/div. */
  reading: UnitReading;
}

/** Reads a written unit (null or `` is a bare number); null when the parser would not accept it. */
export function readWrittenUnit(written: string | null | undefined): WrittenUnit | null {
  const text = written ?? '';
  const reading = readUnit(text);
  if (!reading) return null;
  if (reading.exponent > 0) {
    for (const [prefix, exponent] of MULTIPLIERS) {
      if (!text.startsWith(prefix)) continue;
      const rest = readUnit(text.slice(prefix.length));
      if (rest && rest.unit === reading.unit && rest.exponent + exponent === reading.exponent) {
        return { written: text, prefix, base: text.slice(prefix.length), reading };
      }
    }
  }
  // No multiplier, or one that is part of the unit itself (`千米`, `千克`), or ‰ (exponent −1).
  return { written: text, prefix: '', base: text, reading };
}

/** A normalised value in the written unit: 8784 hours in `天` → 366, 125000 in `万条` → 12.5, 0.5 (percent) in `‰` → 5. */
export function toWritten(value: number, reading: UnitReading): number {
  const scaled = (value * reading.div) / reading.mul;
  // Multiplying by 10 for ‰ rather than dividing by 0.1 keeps 1.2 → 12 exact.
  return reading.exponent >= 0 ? scaled / 10 ** reading.exponent : scaled * 10 ** -reading.exponent;
}

/** How many normalised units one written base unit holds (hours per `天` = 24), multiplier left out. */
export function perBaseUnit(reading: UnitReading): number {
  return reading.mul / reading.div;
}
