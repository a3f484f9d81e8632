/**
 * Security groups by integer slot: where each group's ingress and egress slices sit in the rule pool, and the
 * per-direction "open to everything" flags the untracked-flow test needs (docs/semantics.md §5). A group gets a slot
 * the first time anything names it (its own upsert, a rule referencing it, an interface carrying it), and keeps it:
 * rules and interfaces refer to groups by slot.
 */
export const INGRESS = 0;
export const EGRESS = 1;
export type DirectionIndex = typeof INGRESS | typeof EGRESS;

/**
 * OPEN_* bits: the direction has a rule with a whole-family CIDR peer (0.0.0.0/0 or ::/0) on all ports 0–65535 for
 * protocol -1, TCP or UDP (aws-semantics.md §5.3's "corresponding rule in the other direction").
 */
export function openFlag(family: number, protocol: number): number {
  const base = family === 6 ? 3 : 0;
  const which = protocol === -1 ? 0 : protocol === 6 ? 1 : protocol === 17 ? 2 : -1;
  return which < 0 ? 0 : 1 << (base + which);
}

/** WHOLE_FAMILY bits: the direction has some rule (any protocol and ports) with a whole-family CIDR peer, so the
 * untracked test need not scan groups without one. */
export function wholeFamilyFlag(family: number): number {
  return family === 6 ? 1 << 9 : 1 << 8;
}

export class GroupTable {
  private readonly slotById = new Map<string, number>();
  private readonly ids: string[] = [];
  /** Indexed by `slot * 2 + direction`; trackingFlags holds the OPEN and WHOLE_FAMILY bits below. */
  sliceStart = new Int32Array(256).fill(-1);
  sliceCount = new Int32Array(256);
  trackingFlags = new Int32Array(256);

  slotFor(groupId: string): number {
    let slot = this.slotById.get(groupId);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(groupId);
      this.slotById.set(groupId, slot);
      if (slot * 2 + 2 > this.sliceStart.length) this.grow();
    }
    return slot;
  }

  slotOf(groupId: string): number | undefined {
    return this.slotById.get(groupId);
  }

  idOf(slot: number): string {
    return this.ids[slot];
  }

  get size(): number {
    return this.ids.length;
  }

  get byteLength(): number {
    return this.sliceStart.byteLength + this.sliceCount.byteLength + this.trackingFlags.byteLength;
  }

  private grow(): void {
    const n = this.sliceStart.length * 2;
    const start = new Int32Array(n).fill(-1);
    start.set(this.sliceStart);
    const count = new Int32Array(n);
    count.set(this.sliceCount);
    const flags = new Int32Array(n);
    flags.set(this.trackingFlags);
    this.sliceStart = start;
    this.sliceCount = count;
    this.trackingFlags = flags;
  }
}
