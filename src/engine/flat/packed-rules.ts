/**
 * The rules of a flat classifier, packed into one growable Int32Array (8 words, 32 bytes per rule) so that the
 * lookup loop reads numbers from one typed array instead of chasing objects (performance.md §4: plain objects cost
 * 1.7-2.7x over a packed array). Rule ids are slot numbers; freed slots are reused.
 *
 * Layout of rule i at `i * RULE_STRIDE`:
 *   +0 source address, already masked     +1 source mask
 *   +2 destination address, masked        +3 destination mask
 *   +4 source port: from | span << 16      +5 destination port: from | span << 16
 *   +6 protocol: value | mask << 8 (mask 0 for "any")
 *   +7 next rule id in the same hash bucket, or -1
 * A port p is inside [from, from + span] iff `(p - from) >>> 0 <= span`: one unsigned comparison.
 */
import { ipv4PrefixMask, type FlatRule } from './flat-rule.ts';

export const RULE_STRIDE = 8;
export const SRC_ADDR = 0;
export const SRC_MASK = 1;
export const DST_ADDR = 2;
export const DST_MASK = 3;
export const SRC_PORT = 4;
export const DST_PORT = 5;
export const PROTOCOL = 6;
export const NEXT = 7;

export class PackedRules {
  words: Int32Array;
  /** Prefix lengths, kept apart from the hot words: only placement and removal need them. */
  srcLengths: Uint8Array;
  dstLengths: Uint8Array;
  private freeIds: number[] = [];
  private highWater = 0;
  private live = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity);
    this.words = new Int32Array(cap * RULE_STRIDE);
    this.srcLengths = new Uint8Array(cap);
    this.dstLengths = new Uint8Array(cap);
  }

  get size(): number {
    return this.live;
  }

  /** Rule ids in use are below this bound. */
  get idBound(): number {
    return this.highWater;
  }

  get byteLength(): number {
    return this.words.byteLength + this.srcLengths.byteLength + this.dstLengths.byteLength;
  }

  /** Stores a rule and returns its id. */
  add(rule: FlatRule): number {
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.highWater++;
    if (id >= this.srcLengths.length) this.grow();
    const sm = ipv4PrefixMask(rule.srcPrefixLength);
    const dm = ipv4PrefixMask(rule.dstPrefixLength);
    const w = this.words;
    const o = id * RULE_STRIDE;
    w[o + SRC_ADDR] = rule.srcAddr & sm;
    w[o + SRC_MASK] = sm;
    w[o + DST_ADDR] = rule.dstAddr & dm;
    w[o + DST_MASK] = dm;
    w[o + SRC_PORT] = rule.srcPortFrom | ((rule.srcPortTo - rule.srcPortFrom) << 16);
    w[o + DST_PORT] = rule.dstPortFrom | ((rule.dstPortTo - rule.dstPortFrom) << 16);
    w[o + PROTOCOL] = rule.protocol === -1 ? 0 : rule.protocol | (0xff << 8);
    w[o + NEXT] = -1;
    this.srcLengths[id] = rule.srcPrefixLength;
    this.dstLengths[id] = rule.dstPrefixLength;
    this.live++;
    return id;
  }

  release(id: number): void {
    this.freeIds.push(id);
    this.live--;
  }

  /** True when the rule's protocol is exact and its destination port interval is a single port. */
  hasExactService(id: number): boolean {
    const o = id * RULE_STRIDE;
    return (this.words[o + PROTOCOL] & 0xff00) !== 0 && this.words[o + DST_PORT] >>> 16 === 0;
  }

  /** The exact-service key (protocol and destination port) used by tables that hash on it. */
  serviceKey(id: number): number {
    const o = id * RULE_STRIDE;
    return ((this.words[o + PROTOCOL] & 0xff) << 16) | (this.words[o + DST_PORT] & 0xffff);
  }

  private grow(): void {
    const cap = this.srcLengths.length * 2;
    const words = new Int32Array(cap * RULE_STRIDE);
    words.set(this.words);
    this.words = words;
    const s = new Uint8Array(cap);
    s.set(this.srcLengths);
    this.srcLengths = s;
    const d = new Uint8Array(cap);
    d.set(this.dstLengths);
    this.dstLengths = d;
  }
}
