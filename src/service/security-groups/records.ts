/** How security groups and their rules are kept: one record per group, one per rule (one peer each, fact 12). */
import type { Direction } from '../../core/model/security-group.ts';
import type { Resource } from '../state/resource.ts';

export interface SecurityGroupRecord extends Resource {
  readonly kind: 'security-group';
  /** The VPC. */
  readonly parentId: string;
  readonly groupName: string;
  readonly description: string;
}

export type RulePeerRecord =
  | { readonly kind: 'cidr'; readonly family: 4 | 6; readonly cidr: string }
  | { readonly kind: 'group'; readonly groupId: string; readonly userId: string }
  | { readonly kind: 'prefix-list'; readonly prefixListId: string };

export interface SecurityGroupRuleRecord extends Resource {
  readonly kind: 'security-group-rule';
  /** The group. */
  readonly parentId: string;
  readonly direction: Direction;
  /** Protocol number; -1 = all. */
  readonly protocol: number;
  /** tcp/udp ports, icmp type/code, or -1/-1 (aws-semantics.md fact 10). */
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: RulePeerRecord;
  readonly description?: string;
}
