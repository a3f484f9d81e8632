/**
 * Network interfaces by integer slot: the ≤16 group slots each carries (aws-semantics.md §7: 16 groups at most) and its
 * connection-tracking timeouts. Slots are never reused, so a removed interface's connection-tracking entries (keyed by
 * slot) can never be mistaken for a later interface's; they simply age out.
 */
import type { NetworkInterface } from '../../core/model/network.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';

export const MAX_GROUPS_PER_INTERFACE = 16;
export const GROUPS_SHIFT = 4; // log2(MAX_GROUPS_PER_INTERFACE)
/** Timeout layout per slot: TCP established, UDP, UDP stream (seconds; aws-semantics.md §5.8). */
export const TIMEOUT_TCP = 0;
export const TIMEOUT_UDP = 1;
export const TIMEOUT_UDP_STREAM = 2;

export class InterfaceTable {
  private readonly slotById = new Map<string, number>();
  private readonly ids: string[] = [];
  /** Group slots: `groupSlots[(slot << GROUPS_SHIFT) + i]` for i < groupCount[slot]. */
  groupSlots = new Int32Array(256 << GROUPS_SHIFT);
  groupCount = new Int32Array(256);
  timeouts = new Float64Array(256 * 3);

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
      if (slot >= this.groupCount.length) this.grow();
    }
    const base = slot << GROUPS_SHIFT;
    groupSlots.forEach((g, i) => (this.groupSlots[base + i] = g));
    this.groupCount[slot] = groupSlots.length;
    this.timeouts[slot * 3 + TIMEOUT_TCP] = eni.connectionTracking.tcpEstablishedTimeout;
    this.timeouts[slot * 3 + TIMEOUT_UDP] = eni.connectionTracking.udpTimeout;
    this.timeouts[slot * 3 + TIMEOUT_UDP_STREAM] = eni.connectionTracking.udpStreamTimeout;
    return slot;
  }

  remove(networkInterfaceId: string): void {
    const slot = this.slotById.get(networkInterfaceId);
    if (slot === undefined) return;
    this.groupCount[slot] = 0;
    this.slotById.delete(networkInterfaceId);
  }

  get byteLength(): number {
    return this.groupSlots.byteLength + this.groupCount.byteLength + this.timeouts.byteLength;
  }

  private grow(): void {
    const n = this.groupCount.length * 2;
    const groups = new Int32Array(n << GROUPS_SHIFT);
    groups.set(this.groupSlots);
    const count = new Int32Array(n);
    count.set(this.groupCount);
    const timeouts = new Float64Array(n * 3);
    timeouts.set(this.timeouts);
    this.groupSlots = groups;
    this.groupCount = count;
    this.timeouts = timeouts;
  }
}
