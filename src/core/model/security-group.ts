/**
 * Security groups and their rules, in Rampart's own vocabulary. One rule has exactly one peer, as EC2's `sgr-`
 * rules do: an IpPermission with three CIDRs is three rules (aws-semantics.md fact 12).
 */
import type { Cidr } from '../net/cidr.ts';
import type { Tag } from './tag.ts';

export type Direction = 'ingress' | 'egress';

/** Who a rule admits: a CIDR, the members of a security group, or the entries of a managed prefix list. */
export type RulePeer =
  | { readonly kind: 'cidr'; readonly cidr: Cidr }
  | { readonly kind: 'group'; readonly groupId: string; readonly userId?: string }
  | { readonly kind: 'prefix-list'; readonly prefixListId: string };

export interface SecurityGroupRule {
  /** `sgr-…`; snapshots that predate rule ids get a stable synthetic id. */
  readonly ruleId: string;
  readonly groupId: string;
  readonly direction: Direction;
  /** IP protocol number; -1 = all protocols. */
  readonly protocol: number;
  /** tcp/udp: first port; icmp/icmpv6: type (-1 = all); other protocols: -1. */
  readonly fromPort: number;
  /** tcp/udp: last port; icmp/icmpv6: code (-1 = all); other protocols: -1. */
  readonly toPort: number;
  readonly peer: RulePeer;
  readonly description?: string;
}

export interface SecurityGroup {
  readonly groupId: string;
  readonly groupName: string;
  readonly description: string;
  readonly vpcId: string;
  readonly ownerId: string;
  readonly ingress: readonly SecurityGroupRule[];
  readonly egress: readonly SecurityGroupRule[];
  readonly tags?: readonly Tag[];
}
