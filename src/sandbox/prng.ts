/**
 * A small seeded pseudo-random number generator, so that fault injection
 * repeats exactly for the same seed and the same order of requests.
 *
 * @module
 */

/** Seed used when the caller gives none. */
export const DEFAULT_SEED = 20240601;

/** A function that returns a number in `[0, 1)` on each call. */
export type Random = () => number;

/**
 * Creates a generator for `seed` using the mulberry32 algorithm, which has a
 * 32-bit state: fast and good enough to pick faults, not for cryptography.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
