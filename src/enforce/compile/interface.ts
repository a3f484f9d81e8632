/**
 * Per interface and direction, the chain that judges a packet by the union of the interface's groups
 * (EC2 "aggregates" every group's rules, aws-semantics.md fact 4.3), and records in the connection's mark
 * whether EC2 would leave the flow untracked at this interface (docs/semantics.md §5):
 *
 *   ct mark bit 0x1 — untracked at the interface that sent the connection's first packet;
 *   ct mark bit 0x2 — untracked at the interface that received it.
 *
 * Every flow gets a conntrack entry (one router namespace sees both ends of a flow in one pass), but the base
 * chains skip the `established` shortcut at an interface whose bit is set and come here for every packet, so a
 * revoked rule cuts an untracked flow on its next packet, and only at the interface where EC2 leaves it
 * untracked. `notrack` cannot express this: it is one decision per packet for both ends, and a packet alone does
 * not say which side opened the flow. See docs/enforce.md "Untracked flows".
 */
import type { Direction, SecurityGroup } from '../../core/model/security-group.ts';
import type { NetworkInterface } from '../../core/model/network.ts';
import { ALL_PROTOCOLS, TCP, UDP } from '../../core/net/protocol.ts';
import { MARK_WHOLE_FAMILY } from './security-group.ts';
import { names } from './nft-names.ts';
import type { RulesetBuilder } from './ruleset.ts';

/** The ct mark bit for "untracked at the interface where this chain runs", by the chain's direction. */
export function untrackedBit(direction: Direction): number {
  return direction === 'egress' ? 0x1 : 0x2;
}

const opposite = (d: Direction): Direction => (d === 'ingress' ? 'egress' : 'ingress');

/**
 * (family . protocol) pairs for which a flow admitted in `direction` by a whole-family rule is untracked:
 * the interface has, in the opposite direction, a rule for that protocol (or -1) on all ports to the whole
 * family (docs/semantics.md §5 (b)). Only TCP and UDP are ever untracked.
 */
export function untrackablePairs(groups: readonly SecurityGroup[], direction: Direction): string[] {
  const pairs = new Set<string>();
  for (const g of groups) {
    for (const r of opposite(direction) === 'ingress' ? g.ingress : g.egress) {
      if (r.peer.kind !== 'cidr' || r.peer.cidr.prefixLength !== 0) continue;
      const family = r.peer.cidr.family === 4 ? 'ipv4' : 'ipv6';
      const allPorts = r.protocol === ALL_PROTOCOLS || ((r.protocol === TCP || r.protocol === UDP) && r.fromPort <= 0 && r.toPort >= 65535);
      if (!allPorts) continue;
      if (r.protocol === ALL_PROTOCOLS || r.protocol === TCP) pairs.add(`${family} . tcp`);
      if (r.protocol === ALL_PROTOCOLS || r.protocol === UDP) pairs.add(`${family} . udp`);
    }
  }
  return [...pairs].sort();
}

export function compileInterfaceChain(b: RulesetBuilder, eni: NetworkInterface, groups: readonly SecurityGroup[], direction: Direction): void {
  const bit = untrackedBit(direction);
  const keep = (~bit >>> 0).toString(16).padStart(8, '0');
  const rules = ['meta mark set 0x0'];
  for (const g of groups) rules.push(`jump ${names.groupChain(g.groupId, direction)}`);
  rules.push('meta mark 0x0 drop');
  const pairs = untrackablePairs(groups, direction);
  // One rule per (family, protocol) rather than an anonymous set: an anonymous set per interface chain makes nft
  // loads and its cache rebuild (every transaction) grow badly with the number of interfaces (measured).
  for (const pair of pairs) {
    const [family, proto] = pair.split(' . ');
    rules.push(`meta mark ${MARK_WHOLE_FAMILY} ct direction original meta nfproto ${family} meta l4proto ${proto} ct mark set ct mark | 0x${bit} accept`);
  }
  // Admitted otherwise: tracked. Clearing the bit makes a flow that stopped qualifying tracked from here on.
  rules.push(`ct direction original ct mark set ct mark & 0x${keep} accept`, 'accept');
  b.addChain(names.interfaceChain(eni.networkInterfaceId, direction), rules);
}
