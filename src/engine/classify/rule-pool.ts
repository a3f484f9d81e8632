/**
 * Storage for every compiled security-group rule: one Int32Array of fixed-size records, handed out in slices (one per
 * group and direction). Rewriting a group's slice costs the group's size, never a rebuild (performance.md §4 G8).
 * Slices are exact-size; freed slices go to a free list per size and are reused by the next slice of that size, and
 * when free space outgrows live space the pool is compacted in one pass (amortised O(1) per update).
 *
 * A record's index is its *rule slot*. The pool keeps each slot's model rule (whose groupId and ruleId are the
 * explanation), so an explanation is read from the very slot the classifier returned, with one array load and no
 * allocation. Slots are stable until the next update of the estate.
 *
 * Record layout (RULE_STRIDE int32 words):
 *   R_PROTOCOL  -1 = all, else 0–255. Whether ports or ICMP type/code are checked follows from the protocol
 *               (6/17: destination-port range; 1/58: type and code; others: nothing), so it is not stored.
 *   R_LO, R_HI  port range, or ICMP type and code (-1 = any)
 *   R_PEER      PEER_* kind
 *   R_PEER_A    CIDR4: network; CIDR6: slot in Cidr6Pool; GROUP: group slot; PREFIX_LIST: prefix-list slot;
 *               ANY4/ANY6: unused
 *   R_PEER_B    CIDR4: mask
 */
import type { SecurityGroupRule } from '../../core/model/security-group.ts';

export const RULE_STRIDE = 6;
export const R_PROTOCOL = 0;
export const R_LO = 1;
export const R_HI = 2;
export const R_PEER = 3;
export const R_PEER_A = 4;
export const R_PEER_B = 5;

export const PEER_CIDR4 = 0;
export const PEER_CIDR6 = 1;
export const PEER_GROUP = 2;
export const PEER_PREFIX_LIST = 3;
/** Whole-family CIDRs (0.0.0.0/0, ::/0) get kinds of their own: they match on family alone, and they are the "all
 * traffic" peers of the untracked-flow rule (aws-semantics.md §5.3). */
export const PEER_ANY4 = 4;
export const PEER_ANY6 = 5;

/** Compaction waits for this much garbage, so small estates never pay for it. */
const MIN_GARBAGE_TO_COMPACT = 4096;

export class RulePool {
  /** The records; replaced when the pool grows or compacts, so read it afresh on each lookup. */
  data: Int32Array;
  /** The model rule of each rule slot (its groupId is the owning group's). */
  rules: (SecurityGroupRule | undefined)[] = [];
  private top = 0; // first never-used slot
  private freeBySize = new Map<number, number[]>();
  private live = 0;
  private garbage = 0;
  /** How many times the pool has been compacted. */
  compactions = 0;

  constructor(
    initialSlots = 1024,
    private readonly minGarbageToCompact = MIN_GARBAGE_TO_COMPACT,
  ) {
    this.data = new Int32Array(initialSlots * RULE_STRIDE);
  }

  /** Makes room for `slots` more records without further growth (used before a bulk build). */
  reserve(slots: number): void {
    this.ensureCapacity(this.top + slots, true);
  }

  /** Allocates a slice for `count` records; returns its first slot (-1 for an empty slice). */
  allocate(count: number): number {
    if (count === 0) return -1;
    this.live += count;
    const free = this.freeBySize.get(count);
    if (free !== undefined && free.length > 0) {
      this.garbage -= count;
      return free.pop()!;
    }
    const start = this.top;
    this.top += count;
    this.ensureCapacity(this.top, false);
    return start;
  }

  /** Returns a slice to the free list of its size; its records' ids are forgotten. */
  release(start: number, count: number): void {
    if (count === 0 || start < 0) return;
    let free = this.freeBySize.get(count);
    if (!free) this.freeBySize.set(count, (free = []));
    free.push(start);
    for (let s = start; s < start + count; s++) this.rules[s] = undefined;
    this.live -= count;
    this.garbage += count;
  }

  /** True when free slices hold more records than live ones (time to `compact`). */
  get wantsCompaction(): boolean {
    return this.garbage > this.live && this.garbage > this.minGarbageToCompact;
  }

  /**
   * Packs every live slice to the front, in one pass. `starts`/`counts` list all slices (`n` of them, -1 start for an
   * empty one); `starts` is rewritten in place with the new positions.
   */
  compact(starts: Int32Array, counts: Int32Array, n: number): void {
    const capacity = Math.max(1024, Math.ceil(this.live * 1.25));
    const data = new Int32Array(capacity * RULE_STRIDE);
    const rules: (SecurityGroupRule | undefined)[] = [];
    let top = 0;
    for (let k = 0; k < n; k++) {
      const start = starts[k];
      const count = counts[k];
      if (start < 0 || count === 0) continue;
      data.set(this.data.subarray(start * RULE_STRIDE, (start + count) * RULE_STRIDE), top * RULE_STRIDE);
      for (let i = 0; i < count; i++) rules[top + i] = this.rules[start + i];
      starts[k] = top;
      top += count;
    }
    this.data = data;
    this.rules = rules;
    this.top = top;
    this.freeBySize = new Map();
    this.garbage = 0;
    this.compactions++;
  }

  get liveRules(): number {
    return this.live;
  }

  /** Bytes of the records plus the rule references (8 bytes each). */
  get byteLength(): number {
    return this.data.byteLength + this.top * 8;
  }

  private ensureCapacity(slots: number, exact: boolean): void {
    const current = this.data.length / RULE_STRIDE;
    if (slots <= current) return;
    // Grow by half: the pool is the engine's largest structure, and G6 budgets ≤ 100 bytes per rule.
    const capacity = exact ? slots : Math.max(slots, Math.ceil(current * 1.5));
    const data = new Int32Array(capacity * RULE_STRIDE);
    data.set(this.data);
    this.data = data;
  }
}
