/**
 * Hashing of 32-bit words for WordKeyTable: each word multiplied by its own odd constant and summed, then murmur3's
 * 32-bit finaliser for avalanche. Cheaper than mixing word by word (the keys are short), and the array and unrolled
 * entry points share these functions so they always agree.
 */
export const MULTIPLIERS = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1, 0xd3a2646c, 0xfd7046c5, 0xb55a4f09, 0x7feb352d, 0x846ca68b, 0x68e31da4, 0xe6546b64];

/** Adds word `position` of a key to the running sum. */
export function mixWord(h: number, word: number, position: number): number {
  return (h + Math.imul(word | 0, MULTIPLIERS[position % MULTIPLIERS.length])) | 0;
}

/** Murmur3 fmix32; never 0, because 0 marks an empty slot. */
export function finishHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}
