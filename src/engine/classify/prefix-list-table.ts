/**
 * Managed prefix lists as packed entry lists, resolved at lookup (aws-semantics.md §4.13: a rule matches any entry of
 * the list's *current* version). A rule holds only the list's slot, so replacing a list's entries is one array swap
 * and never touches a rule. A slot exists from the first mention (a rule may name a list the snapshot lacks: it then
 * matches nothing).
 */
import type { PrefixList } from '../../core/model/network.ts';

/** Entry layout: family, network words 0–3, mask words 0–3. */
const STRIDE = 9;
const EMPTY = new Int32Array(0);

export class PrefixListTable {
  private readonly slotById = new Map<string, number>();
  private entries: Int32Array[] = [];

  slotFor(prefixListId: string): number {
    let slot = this.slotById.get(prefixListId);
    if (slot === undefined) {
      slot = this.entries.length;
      this.slotById.set(prefixListId, slot);
      this.entries.push(EMPTY);
    }
    return slot;
  }

  set(list: PrefixList): void {
    const packed = new Int32Array(list.entries.length * STRIDE);
    list.entries.forEach((entry, i) => {
      const c = entry.cidr;
      packed[i * STRIDE] = c.family;
      for (let w = 0; w < 4; w++) {
        packed[i * STRIDE + 1 + w] = c.words[w];
        packed[i * STRIDE + 5 + w] = c.mask[w];
      }
    });
    this.entries[this.slotFor(list.prefixListId)] = packed;
  }

  clear(prefixListId: string): void {
    const slot = this.slotById.get(prefixListId);
    if (slot !== undefined) this.entries[slot] = EMPTY;
  }

  /** Hot path (for prefix-list peers): does some entry of the list contain the address? */
  contains(slot: number, family: number, w0: number, w1: number, w2: number, w3: number): boolean {
    const e = this.entries[slot];
    for (let o = 0; o < e.length; o += STRIDE) {
      if (
        e[o] === family &&
        (w0 & e[o + 5]) === e[o + 1] &&
        (w1 & e[o + 6]) === e[o + 2] &&
        (w2 & e[o + 7]) === e[o + 3] &&
        (w3 & e[o + 8]) === e[o + 4]
      ) {
        return true;
      }
    }
    return false;
  }

  get byteLength(): number {
    let bytes = 0;
    for (const e of this.entries) bytes += e.byteLength;
    return bytes;
  }
}
