/**
 * One table of a tuple-space classifier: the rules whose source and destination prefixes are at least as long
 * as the table's tuple, hashed on their addresses masked to the tuple (and, for service-keyed tables, on the exact
 * protocol and destination port). Rules with the same masked key share a bucket, chained through the packed
 * rules' NEXT word; a lookup hashes the header once and walks one bucket.
 *
 * The hash is open addressing with linear probing over an Int32Array of bucket heads (rule id + 1, 0 = empty).
 * A slot stores no key: the bucket's key is the head rule's address masked to the tuple, which the probe must
 * read anyway to verify the match. Deletion shifts later entries back (no tombstones), so a miss still stops at
 * the first empty slot and random denied headers cost one memory access per table.
 */
import * as layout from './packed-rules.ts';
import type { PackedRules } from './packed-rules.ts';
import { ipv4PrefixMask } from './flat-rule.ts';

// The packed-rule layout, bound to module constants: V8 reads an imported binding from its module cell (with a TDZ
// check) at every use, which makes a typed-array scan like `firstMatch` 1.5-1.8x slower; a module-level const
// initialised from the import costs what a literal does (bench/imported-constants.bench.ts).
const RULE_STRIDE = layout.RULE_STRIDE;
const SRC_ADDR = layout.SRC_ADDR;
const SRC_MASK = layout.SRC_MASK;
const DST_ADDR = layout.DST_ADDR;
const DST_MASK = layout.DST_MASK;
const SRC_PORT = layout.SRC_PORT;
const DST_PORT = layout.DST_PORT;
const PROTOCOL = layout.PROTOCOL;
const NEXT = layout.NEXT;

const MIN_SLOTS = 8;

/** Hash of a bucket key; `shift` = 32 - log2(slots) keeps the well-mixed top bits. */
function bucketHash(ks: number, kd: number, service: number, shift: number): number {
  let h = Math.imul(ks, 0x9e3779b1) ^ Math.imul(kd ^ (kd >>> 15), 0x85ebca6b) ^ service;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return h >>> shift;
}

export class TupleTable {
  readonly srcMask: number;
  readonly dstMask: number;
  /** Tables keyed on the service hold only rules with one protocol and one destination port. */
  readonly serviceKeyed: boolean;
  slots: Int32Array = new Int32Array(MIN_SLOTS);
  shift = 32 - Math.log2(MIN_SLOTS);
  buckets = 0;
  ruleCount = 0;
  /** Index in the classifier's probe order, maintained by the classifier. */
  position = 0;

  constructor(
    readonly srcLength: number,
    readonly dstLength: number,
    serviceKeyed: boolean,
  ) {
    this.srcMask = ipv4PrefixMask(srcLength) | 0;
    this.dstMask = ipv4PrefixMask(dstLength) | 0;
    this.serviceKeyed = serviceKeyed;
  }

  get byteLength(): number {
    return this.slots.byteLength;
  }

  /** True when the rule may live in this table (its prefixes cover the tuple, and its service is exact if needed). */
  accepts(rules: PackedRules, id: number): boolean {
    return (
      rules.srcLengths[id] >= this.srcLength &&
      rules.dstLengths[id] >= this.dstLength &&
      (!this.serviceKeyed || rules.hasExactService(id))
    );
  }

  /** Number of rules already in the bucket that `id` would join. */
  bucketLength(rules: PackedRules, id: number): number {
    const slot = this.findSlot(rules, id);
    let n = 0;
    for (let r = this.slots[slot] - 1; r !== -1; r = rules.words[r * RULE_STRIDE + NEXT]) n++;
    return n;
  }

  insert(rules: PackedRules, id: number): void {
    if ((this.buckets + 1) * 2 > this.slots.length) this.resize(rules, this.slots.length * 2);
    const slot = this.findSlot(rules, id);
    const head = this.slots[slot] - 1;
    if (head === -1) this.buckets++;
    rules.words[id * RULE_STRIDE + NEXT] = head;
    this.slots[slot] = id + 1;
    this.ruleCount++;
  }

  /** Unlinks a rule that this table holds. */
  remove(rules: PackedRules, id: number): void {
    const w = rules.words;
    const slot = this.findSlot(rules, id);
    let prev = -1;
    let r = this.slots[slot] - 1;
    while (r !== id) {
      if (r === -1) throw new Error(`flat classifier: rule ${id} is not in its table`);
      prev = r;
      r = w[r * RULE_STRIDE + NEXT];
    }
    const next = w[id * RULE_STRIDE + NEXT];
    if (prev === -1) this.slots[slot] = next + 1;
    else w[prev * RULE_STRIDE + NEXT] = next;
    this.ruleCount--;
    if (next === -1 && prev === -1) {
      this.buckets--;
      this.deleteSlot(rules, slot);
    }
  }

  /**
   * The id of a rule of this table that matches the header, or -1. Arguments are int32 (addresses as `x | 0`).
   */
  firstMatch(w: Int32Array, src: number, dst: number, srcPort: number, dstPort: number, protocol: number): number {
    const sm = this.srcMask;
    const dm = this.dstMask;
    const ks = src & sm;
    const kd = dst & dm;
    const keyed = this.serviceKeyed;
    const service = keyed ? (protocol << 16) | dstPort : 0;
    const slots = this.slots;
    const wrap = slots.length - 1;
    let i = bucketHash(ks, kd, service, this.shift);
    for (;;) {
      const head = slots[i] - 1;
      if (head === -1) return -1;
      const o = head * RULE_STRIDE;
      if (
        (w[o + SRC_ADDR] & sm) === ks &&
        (w[o + DST_ADDR] & dm) === kd &&
        (!keyed || (((w[o + PROTOCOL] & 0xff) << 16) | (w[o + DST_PORT] & 0xffff)) === service)
      ) {
        for (let r = head; r !== -1; ) {
          const p = r * RULE_STRIDE;
          const sp = w[p + SRC_PORT];
          const dp = w[p + DST_PORT];
          const pr = w[p + PROTOCOL];
          if (
            (src & w[p + SRC_MASK]) === w[p + SRC_ADDR] &&
            (dst & w[p + DST_MASK]) === w[p + DST_ADDR] &&
            (srcPort - (sp & 0xffff)) >>> 0 <= sp >>> 16 &&
            (dstPort - (dp & 0xffff)) >>> 0 <= dp >>> 16 &&
            ((protocol ^ pr) & (pr >>> 8)) === 0
          ) {
            return r;
          }
          r = w[p + NEXT];
        }
        return -1;
      }
      i = (i + 1) & wrap;
    }
  }

  /** The hash of the bucket a stored rule belongs to. */
  private homeSlot(rules: PackedRules, id: number): number {
    const o = id * RULE_STRIDE;
    const w = rules.words;
    return bucketHash(w[o + SRC_ADDR] & this.srcMask, w[o + DST_ADDR] & this.dstMask, this.serviceKeyed ? rules.serviceKey(id) : 0, this.shift);
  }

  /** The slot of the rule's bucket, or the empty slot where that bucket would go. */
  private findSlot(rules: PackedRules, id: number): number {
    const w = rules.words;
    const o = id * RULE_STRIDE;
    const ks = w[o + SRC_ADDR] & this.srcMask;
    const kd = w[o + DST_ADDR] & this.dstMask;
    const service = this.serviceKeyed ? rules.serviceKey(id) : 0;
    const wrap = this.slots.length - 1;
    let i = bucketHash(ks, kd, service, this.shift);
    for (;;) {
      const head = this.slots[i] - 1;
      if (head === -1) return i;
      const h = head * RULE_STRIDE;
      if ((w[h + SRC_ADDR] & this.srcMask) === ks && (w[h + DST_ADDR] & this.dstMask) === kd && (!this.serviceKeyed || rules.serviceKey(head) === service)) {
        return i;
      }
      i = (i + 1) & wrap;
    }
  }

  /** Backward-shift deletion: keeps every bucket reachable from its home slot without tombstones. */
  private deleteSlot(rules: PackedRules, emptied: number): void {
    const slots = this.slots;
    const wrap = slots.length - 1;
    slots[emptied] = 0;
    let hole = emptied;
    for (let j = (hole + 1) & wrap; slots[j] !== 0; j = (j + 1) & wrap) {
      const home = this.homeSlot(rules, slots[j] - 1);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        slots[hole] = slots[j];
        slots[j] = 0;
        hole = j;
      }
    }
  }

  private resize(rules: PackedRules, size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    this.shift = 32 - Math.log2(size);
    const wrap = size - 1;
    for (const s of old) {
      if (s === 0) continue;
      let i = this.homeSlot(rules, s - 1);
      while (this.slots[i] !== 0) i = (i + 1) & wrap;
      this.slots[i] = s;
    }
  }
}
