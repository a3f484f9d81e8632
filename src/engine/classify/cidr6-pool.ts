/**
 * IPv6 CIDR peers of rules, kept out of the rule record (8 words each) so that the common IPv4 record stays small:
 * a rule's PEER_A holds the slot here. Slots are recycled through a free stack.
 */
import type { Cidr } from '../../core/net/cidr.ts';

export const CIDR6_STRIDE = 8; // network words 0–3, then mask words 0–3

export class Cidr6Pool {
  data = new Int32Array(64 * CIDR6_STRIDE);
  private top = 0;
  private readonly free: number[] = [];

  add(cidr: Cidr): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.top++;
      if (this.top * CIDR6_STRIDE > this.data.length) {
        const grown = new Int32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
    }
    const o = slot * CIDR6_STRIDE;
    for (let w = 0; w < 4; w++) {
      this.data[o + w] = cidr.words[w];
      this.data[o + 4 + w] = cidr.mask[w];
    }
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  contains(slot: number, w0: number, w1: number, w2: number, w3: number): boolean {
    const d = this.data;
    const o = slot * CIDR6_STRIDE;
    return (w0 & d[o + 4]) === d[o] && (w1 & d[o + 5]) === d[o + 1] && (w2 & d[o + 6]) === d[o + 2] && (w3 & d[o + 7]) === d[o + 3];
  }

  get byteLength(): number {
    return this.data.byteLength;
  }
}
