/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence,
 * so whatever is drawn from it (a training order, a synthetic corpus) repeats exactly.
 */
export function seededRandom(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
