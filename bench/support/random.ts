/**
 * A small seeded generator (mulberry32) so that every run of a benchmark sees the same random headers and
 * updates; Math.random would make runs incomparable.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform uint32. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.nextUint32() / 4294967296) * n);
  }

  /** In-place Fisher-Yates shuffle of the first `n` entries of several parallel arrays. */
  shuffleParallel(n: number, arrays: readonly { [i: number]: number }[]): void {
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      for (const a of arrays) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
    }
  }
}
