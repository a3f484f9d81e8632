/**
 * Rules normalised into atomic tuples shared by the engine and the auditor: one direction, one address family
 * (or both, for group references), one protocol, one destination-port interval or ICMP type/code, one peer.
 * Everything EC2 leaves implicit is made explicit here: -1 and non-port protocols become the full port interval,
 * ICMP -1 wildcards stay -1, and a peer's family is known.
 */
import { hasPorts, isIcmp } from '../net/protocol.ts';
import type { Direction, RulePeer, SecurityGroupRule } from '../model/security-group.ts';

export interface AtomicRule {
  readonly ruleId: string;
  readonly groupId: string;
  readonly direction: Direction;
  /** 4 or 6 for CIDR and prefix-list peers; 0 for group references, which match members of either family. */
  readonly family: 0 | 4 | 6;
  /** -1 = every protocol. */
  readonly protocol: number;
  /** Destination-port interval; [0, 65535] whenever the protocol has no ports or the rule covers all. */
  readonly portFrom: number;
  readonly portTo: number;
  /** ICMP type and code, -1 = any; only meaningful for ICMP/ICMPv6 rules. */
  readonly icmpType: number;
  readonly icmpCode: number;
  readonly peer: RulePeer;
}

/**
 * Normalises a stored rule. `prefixListFamily` tells the family of a referenced prefix list (4 when unknown).
 */
export function toAtomicRule(rule: SecurityGroupRule, prefixListFamily: (id: string) => 4 | 6 | undefined = () => undefined): AtomicRule {
  const family: 0 | 4 | 6 =
    rule.peer.kind === 'cidr' ? rule.peer.cidr.family : rule.peer.kind === 'prefix-list' ? (prefixListFamily(rule.peer.prefixListId) ?? 4) : 0;
  const ported = hasPorts(rule.protocol);
  const icmp = isIcmp(rule.protocol);
  return {
    ruleId: rule.ruleId,
    groupId: rule.groupId,
    direction: rule.direction,
    family,
    protocol: rule.protocol,
    portFrom: ported ? rule.fromPort : 0,
    portTo: ported ? rule.toPort : 65535,
    icmpType: icmp ? rule.fromPort : -1,
    icmpCode: icmp ? rule.toPort : -1,
    peer: rule.peer,
  };
}
