/**
 * The baseline every flat-classifier figure is compared with: all rules in one Int32Array (9 words, 36 bytes per
 * rule, as performance.md §3.1 "linear, packed"), scanned in order until the first match.
 */
import { ipv4PrefixMask, type FlatRule } from '../../src/engine/flat/flat-rule.ts';

const STRIDE = 9;

export class PackedLinearScan {
  private readonly words: Int32Array;
  readonly size: number;

  constructor(rules: readonly FlatRule[]) {
    this.size = rules.length;
    this.words = new Int32Array(rules.length * STRIDE);
    rules.forEach((r, i) => {
      const o = i * STRIDE;
      const sm = ipv4PrefixMask(r.srcPrefixLength);
      const dm = ipv4PrefixMask(r.dstPrefixLength);
      this.words.set(
        [r.srcAddr & sm, sm, r.dstAddr & dm, dm, r.srcPortFrom, r.srcPortTo, r.dstPortFrom, r.dstPortTo, r.protocol],
        o,
      );
    });
  }

  get byteLength(): number {
    return this.words.byteLength;
  }

  /** Index of the first matching rule, or -1. */
  classify(src: number, dst: number, srcPort: number, dstPort: number, protocol: number): number {
    const w = this.words;
    const s = src | 0;
    const d = dst | 0;
    for (let o = 0, i = 0; o < w.length; o += STRIDE, i++) {
      if (
        (s & w[o + 1]) === w[o] &&
        (d & w[o + 3]) === w[o + 2] &&
        srcPort >= w[o + 4] &&
        srcPort <= w[o + 5] &&
        dstPort >= w[o + 6] &&
        dstPort <= w[o + 7] &&
        (w[o + 8] === -1 || w[o + 8] === protocol)
      ) {
        return i;
      }
    }
    return -1;
  }
}
