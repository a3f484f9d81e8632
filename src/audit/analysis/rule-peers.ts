/**
 * What addresses a rule's peer stands for. A CIDR is itself; a prefix list is the union of its current entries
 * (aws-semantics.md §4.13) — or unresolved when the snapshot does not hold its entries; a group reference stands for
 * members' private addresses, never for the internet (§4.8), so it is not an address set here.
 */
import type { PrefixList } from '../../core/model/network.ts';
import type { RulePeer } from '../../core/model/security-group.ts';
import { isWhole, setOfCidrs, type AddressSet } from './address-set.ts';

export type PeerAddresses =
  | {
      readonly kind: 'addresses';
      readonly set: AddressSet;
      readonly prefixList?: PrefixList;
      /** The set is a whole family (the world). */
      readonly whole: boolean;
      /** Number of addresses, as a float: cheap arithmetic for "could these cover the family?". */
      readonly size: number;
    }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'unresolved'; readonly reason: string; readonly family?: 4 | 6 };

export function peerAddresses(peer: RulePeer, prefixLists: ReadonlyMap<string, PrefixList>): PeerAddresses {
  switch (peer.kind) {
    case 'cidr':
      return addresses(setOfCidrs(peer.cidr.family, [peer.cidr]));
    case 'group':
      return { kind: 'group', groupId: peer.groupId };
    case 'prefix-list': {
      const list = prefixLists.get(peer.prefixListId);
      // An empty list is how a snapshot looks when only describe-managed-prefix-lists was captured: AWS-managed
      // lists are never empty, and an entry-less customer list would make the rule a no-op, so we do not guess.
      if (!list || list.entries.length === 0) {
        return {
          kind: 'unresolved',
          family: list?.addressFamily,
          reason: list
            ? `the entries of prefix list ${peer.prefixListId} are not in the input (capture get-managed-prefix-list-entries)`
            : `prefix list ${peer.prefixListId} is not in the input`,
        };
      }
      return addresses(setOfCidrs(list.addressFamily, list.entries.map((e) => e.cidr)), list);
    }
  }
}

function addresses(set: AddressSet, prefixList?: PrefixList): PeerAddresses {
  const size = set.intervals.reduce((n, [lo, hi]) => n + Number(hi - lo + 1n), 0);
  return { kind: 'addresses', set, ...(prefixList ? { prefixList } : {}), whole: isWhole(set), size };
}

export function peerText(peer: RulePeer): string {
  switch (peer.kind) {
    case 'cidr':
      return peer.cidr.text;
    case 'group':
      return peer.userId ? `${peer.userId}/${peer.groupId}` : peer.groupId;
    case 'prefix-list':
      return peer.prefixListId;
  }
}

/**
 * The same peers recur across thousands of rules (0.0.0.0/0, a few prefix lists, internal /24s): resolve each
 * once per audit, and share the resulting sets so that classifications memoised by set identity hit.
 */
export class PeerResolver {
  private readonly memo = new Map<string, PeerAddresses>();
  /**
   * By peer object: readers share one peer object per distinct CIDR text and group (the snapshot's lean reader
   * does), so most look-ups are an identity hit, with no key to build.
   */
  private readonly byPeer = new Map<RulePeer, PeerAddresses>();
  constructor(private readonly prefixLists: ReadonlyMap<string, PrefixList>) {}

  resolve(peer: RulePeer): PeerAddresses {
    let v = this.byPeer.get(peer);
    if (v) return v;
    const key = peer.kind === 'cidr' ? peer.cidr.text : peer.kind === 'group' ? `sg:${peer.groupId}` : `pl:${peer.prefixListId}`;
    v = this.memo.get(key);
    if (!v) {
      v = peerAddresses(peer, this.prefixLists);
      this.memo.set(key, v);
    }
    this.byPeer.set(peer, v);
    return v;
  }
}
