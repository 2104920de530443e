// Deterministic, position-addressed randomness: the value for row i and purpose s is a hash of (i, s), so
// any slice of a data set (the first tenth, the other nine tenths) can be generated on its own and the
// union is always the same data.

/** A well-mixed 32-bit hash of two integers (murmur3-style finaliser). */
export function hash32(i: number, salt: number): number {
  let x = (Math.imul(i | 0, 0x9e3779b1) ^ Math.imul((salt + 0x7f4a7c15) | 0, 0x85ebca6b)) >>> 0;
  x ^= Math.floor(i / 4294967296);
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform in [0, 1). */
export function uniform(i: number, salt: number): number {
  return hash32(i, salt) / 4294967296;
}

/** Uniform integer in [min, max]. */
export function between(i: number, salt: number, min: number, max: number): number {
  return min + Math.floor(uniform(i, salt) * (max - min + 1));
}
