/**
 * Who carries each security group, as addresses: the set a group-reference rule looks up (docs/semantics.md §3,
 * aws-semantics.md §4.8). A member address is a private IPv4 (primary or secondary) or an IPv6 address of an
 * interface carrying the group; public addresses never are. Keys are (group slot, address) in typed hash tables with
 * reference counts — one with 2-word keys for IPv4, one with 5-word keys for IPv6 — so attaching or detaching an
 * interface is a few O(1) updates and never touches a rule (performance.md §4, G9), and two interfaces sharing an
 * address cannot erase each other.
 */
import type { IpAddress } from '../../core/net/ip.ts';
import { WordKeyTable } from '../tables/word-key-table.ts';

export class MemberAddresses {
  private ipv4 = new WordKeyTable(2, 1, 0, 1024);
  private readonly ipv6 = new WordKeyTable(5, 1, 0, 64);
  private readonly key2 = new Int32Array(2);
  private readonly key5 = new Int32Array(5);

  /** Sizes the IPv4 table for `memberships` (group, address) pairs before a bulk build. */
  reserve(memberships: number): void {
    if (this.ipv4.size === 0) this.ipv4 = new WordKeyTable(2, 1, 0, Math.ceil(memberships / 0.7) + 1);
  }

  add(groupSlot: number, ip: IpAddress): void {
    const table = this.tableFor(groupSlot, ip);
    const slot = table.insert(ip.family === 4 ? this.key2 : this.key5);
    table.setValue(slot, table.value(slot) + 1);
  }

  remove(groupSlot: number, ip: IpAddress): void {
    const table = this.tableFor(groupSlot, ip);
    const slot = table.find(ip.family === 4 ? this.key2 : this.key5);
    if (slot < 0) return;
    const references = table.value(slot) - 1;
    if (references <= 0) table.removeAt(slot);
    else table.setValue(slot, references);
  }

  /** Hot path: does some interface carrying the group hold this address? */
  has(groupSlot: number, family: number, w0: number, w1: number, w2: number, w3: number): boolean {
    if (family === 4) return this.ipv4.find2(groupSlot, w0) >= 0;
    return this.ipv6.find5(groupSlot, w0, w1, w2, w3) >= 0;
  }

  get byteLength(): number {
    return this.ipv4.byteLength + this.ipv6.byteLength;
  }

  /** Writes the key into the scratch array of the address family's table and returns that table. */
  private tableFor(groupSlot: number, ip: IpAddress): WordKeyTable {
    if (ip.family === 4) {
      this.key2[0] = groupSlot;
      this.key2[1] = ip.words[0];
      return this.ipv4;
    }
    const k = this.key5;
    k[0] = groupSlot;
    for (let w = 0; w < 4; w++) k[1 + w] = ip.words[w];
    return this.ipv6;
  }
}
