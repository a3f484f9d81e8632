/**
 * Who carries each security group, as addresses: the set a group-reference rule looks up (docs/semantics.md §3,
 * aws-semantics.md §4.8). A member address is a private IPv4 (primary or secondary) or an IPv6 address of an
 * interface carrying the group; public addresses never are. Keys are (group slot and family, four address words)
 * in one typed hash table with reference counts, so attaching or detaching an interface is a few O(1) updates and
 * never touches a rule (performance.md §4, G9), and two interfaces sharing an address cannot erase each other.
 */
import type { IpAddress } from '../../core/net/ip.ts';
import { WordKeyTable } from '../tables/word-key-table.ts';

export class MemberAddresses {
  private readonly table = new WordKeyTable(5, 1, 0, 1024);
  private readonly key = new Int32Array(5);

  add(groupSlot: number, ip: IpAddress): void {
    this.writeKey(groupSlot, ip.family, ip.words[0], ip.words[1], ip.words[2], ip.words[3]);
    const slot = this.table.insert(this.key);
    this.table.setValue(slot, this.table.value(slot) + 1);
  }

  remove(groupSlot: number, ip: IpAddress): void {
    this.writeKey(groupSlot, ip.family, ip.words[0], ip.words[1], ip.words[2], ip.words[3]);
    const slot = this.table.find(this.key);
    if (slot < 0) return;
    const references = this.table.value(slot) - 1;
    if (references <= 0) this.table.removeAt(slot);
    else this.table.setValue(slot, references);
  }

  /** Hot path: does some interface carrying the group hold this address? */
  has(groupSlot: number, family: number, w0: number, w1: number, w2: number, w3: number): boolean {
    return this.table.find5(groupSlot * 2 + (family === 6 ? 1 : 0), w0, w1, w2, w3) >= 0;
  }

  get byteLength(): number {
    return this.table.byteLength;
  }

  private writeKey(groupSlot: number, family: number, w0: number, w1: number, w2: number, w3: number): void {
    const k = this.key;
    k[0] = groupSlot * 2 + (family === 6 ? 1 : 0);
    k[1] = w0;
    k[2] = w1;
    k[3] = w2;
    k[4] = w3;
  }
}
