/**
 * What addresses a rule's peer stands for. A CIDR is itself; a prefix list is the union of its current entries
 * (aws-semantics.md §4.13) — or unresolved when the snapshot does not hold its entries; a group reference stands for
 * members' private addresses, never for the internet (§4.8), so it is not an address set here.
 */
import type { PrefixList } from '../../core/model/network.ts';
import type { RulePeer } from '../../core/model/security-group.ts';
import { setOfCidrs, type AddressSet } from './address-set.ts';

export type PeerAddresses =
  | { readonly kind: 'addresses'; readonly set: AddressSet; readonly prefixList?: PrefixList }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'unresolved'; readonly reason: string; readonly family?: 4 | 6 };

export function peerAddresses(peer: RulePeer, prefixLists: ReadonlyMap<string, PrefixList>): PeerAddresses {
  switch (peer.kind) {
    case 'cidr':
      return { kind: 'addresses', set: setOfCidrs(peer.cidr.family, [peer.cidr]) };
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
      return { kind: 'addresses', set: setOfCidrs(list.addressFamily, list.entries.map((e) => e.cidr)), prefixList: list };
    }
  }
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
