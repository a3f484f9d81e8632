/**
 * A rule as a request describes it, before it has an id: direction, protocol, ports and one peer. Requests describe
 * rules as IpPermissions (each with several sources), as legacy flat parameters, or as SecurityGroupRuleRequests;
 * all become RuleSpecs here. `ruleKey` is a rule's identity for duplicates and revokes: everything but the description,
 * CIDRs canonical (aws-semantics.md §4.15, fact 8).
 */
import type { Direction } from '../../core/model/security-group.ts';
import type { RulePeerRecord, SecurityGroupRuleRecord } from './records.ts';

export interface RuleSpec {
  readonly direction: Direction;
  readonly protocol: number;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: RulePeerRecord;
  readonly description?: string;
}

export function peerKey(peer: RulePeerRecord): string {
  switch (peer.kind) {
    case 'cidr':
      return `cidr:${peer.cidr}`;
    case 'group':
      return `group:${peer.groupId}`;
    case 'prefix-list':
      return `pl:${peer.prefixListId}`;
  }
}

export function ruleKey(r: RuleSpec | SecurityGroupRuleRecord): string {
  return `${r.direction}|${r.protocol}|${r.fromPort}|${r.toPort}|${peerKey(r.peer)}`;
}

/** The address family a rule counts against for the rules-per-group quota (group references count as IPv4: UNCONFIRMED). */
export function ruleFamily(peer: RulePeerRecord, prefixListFamily: (id: string) => 4 | 6 = () => 4): 4 | 6 {
  if (peer.kind === 'cidr') return peer.family;
  if (peer.kind === 'prefix-list') return prefixListFamily(peer.prefixListId);
  return 4;
}
