/**
 * Network interfaces by integer slot: the group slots each carries (≤ 16, aws-semantics.md §7) and its
 * connection-tracking timeouts. Group lists sit back to back in one Int32Array (an interface averages 2–3 groups, so
 * a fixed 16-wide row would waste most of its 64 bytes); a list that outgrows its place moves to the end, and the
 * array is compacted when moved-out space outweighs live space.
 *
 * Slots are never reused, so a removed interface's connection-tracking entries (keyed by slot) can never be mistaken
 * for a later interface's; they simply age out.
 */
import type { NetworkInterface } from '../../core/model/network.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';

export const MAX_GROUPS_PER_INTERFACE = 16;
/** Timeout layout per slot: TCP established, UDP, UDP stream (whole seconds, as EC2 takes them; §5.8). */
export const TIMEOUT_TCP = 0;
export const TIMEOUT_UDP = 1;
export const TIMEOUT_UDP_STREAM = 2;

export class InterfaceTable {
  private readonly slotById = new Map<string, number>();
  private readonly ids: string[] = [];
  /** Group slots of interface `i`: `groupLists[listStart[i] .. listStart[i] + groupCount[i])`. */
  groupLists = new Int32Array(1024);
  listStart = new Int32Array(256);
  groupCount = new Int32Array(256);
  private listCapacity = new Int32Array(256);
  timeouts = new Int32Array(256 * 3);
  private top = 0;
  private garbage = 0;

  /** Sizes the arrays for a bulk build of `interfaces` interfaces carrying `memberships` groups in all. */
  reserve(interfaces: number, memberships: number): void {
    this.ensureSlots(this.ids.length + interfaces);
    this.ensureListWords(this.top + memberships);
  }

  /** The slot of a live interface, or -1. */
  slotOf(networkInterfaceId: string): number {
    return this.slotById.get(networkInterfaceId) ?? -1;
  }

  idOf(slot: number): string {
    return this.ids[slot];
  }

  /** Writes the interface's group slots and timeouts, allocating a slot when it is new. */
  set(eni: NetworkInterface, groupSlots: readonly number[]): number {
    if (groupSlots.length > MAX_GROUPS_PER_INTERFACE) throw ec2Error('SecurityGroupsPerInterfaceLimitExceeded');
    let slot = this.slotById.get(eni.networkInterfaceId);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(eni.networkInterfaceId);
      this.slotById.set(eni.networkInterfaceId, slot);
      this.ensureSlots(slot + 1);
      this.listCapacity[slot] = 0;
    }
    if (groupSlots.length > this.listCapacity[slot]) {
      // A list that grows (a group joined) moves with room to spare, so attach/detach cycles on one interface do not
      // move it again and again; a first placement is exact (bulk builds stay compact).
      const grown = this.listCapacity[slot] > 0;
      const capacity = grown ? Math.min(MAX_GROUPS_PER_INTERFACE, groupSlots.length * 2) : groupSlots.length;
      this.garbage += this.listCapacity[slot];
      this.listCapacity[slot] = 0; // its old place is garbage now: compaction must not copy it
      if (this.garbage > this.top - this.garbage && this.garbage > 1024) this.compact();
      this.ensureListWords(this.top + capacity);
      this.listStart[slot] = this.top;
      this.listCapacity[slot] = capacity;
      this.top += capacity;
    }
    const start = this.listStart[slot];
    for (let i = 0; i < groupSlots.length; i++) this.groupLists[start + i] = groupSlots[i];
    this.groupCount[slot] = groupSlots.length;
    const t = slot * 3;
    this.timeouts[t + TIMEOUT_TCP] = eni.connectionTracking.tcpEstablishedTimeout;
    this.timeouts[t + TIMEOUT_UDP] = eni.connectionTracking.udpTimeout;
    this.timeouts[t + TIMEOUT_UDP_STREAM] = eni.connectionTracking.udpStreamTimeout;
    return slot;
  }

  remove(networkInterfaceId: string): void {
    const slot = this.slotById.get(networkInterfaceId);
    if (slot === undefined) return;
    this.groupCount[slot] = 0;
    this.garbage += this.listCapacity[slot];
    this.listCapacity[slot] = 0;
    this.slotById.delete(networkInterfaceId);
  }

  get byteLength(): number {
    return this.groupLists.byteLength + this.listStart.byteLength + this.groupCount.byteLength + this.listCapacity.byteLength + this.timeouts.byteLength;
  }

  private compact(): void {
    const lists = new Int32Array(Math.max(1024, this.top - this.garbage + 256));
    let top = 0;
    for (let slot = 0; slot < this.ids.length; slot++) {
      const count = this.listCapacity[slot];
      lists.set(this.groupLists.subarray(this.listStart[slot], this.listStart[slot] + count), top);
      this.listStart[slot] = top;
      top += count;
    }
    this.groupLists = lists;
    this.top = top;
    this.garbage = 0;
  }

  private ensureListWords(words: number): void {
    if (words <= this.groupLists.length) return;
    const grown = new Int32Array(Math.max(words, Math.ceil(this.groupLists.length * 1.5)));
    grown.set(this.groupLists);
    this.groupLists = grown;
  }

  private ensureSlots(slots: number): void {
    if (slots <= this.groupCount.length) return;
    const n = Math.max(slots, Math.ceil(this.groupCount.length * 1.5));
    const grow = (a: Int32Array<ArrayBuffer>, width = 1): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n * width);
      b.set(a);
      return b;
    };
    this.listStart = grow(this.listStart);
    this.groupCount = grow(this.groupCount);
    this.listCapacity = grow(this.listCapacity);
    this.timeouts = grow(this.timeouts, 3);
  }
}
