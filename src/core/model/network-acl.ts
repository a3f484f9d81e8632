/**
 * Network ACLs: stateless, numbered, first-match allow/deny lists at the subnet boundary (aws-semantics.md §6).
 * The implicit `*` deny entries (rule numbers 32767 for IPv4, 32768 for IPv6) are not stored as entries; the
 * engine reports them as the deciding entry when nothing else matched.
 */
import type { Cidr } from '../net/cidr.ts';
import type { Tag } from './tag.ts';

export const NACL_DEFAULT_DENY_IPV4 = 32767;
export const NACL_DEFAULT_DENY_IPV6 = 32768;

export interface NetworkAclEntry {
  /** 1–32766, evaluated in ascending order. */
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly action: 'allow' | 'deny';
  /** Protocol number; -1 = all. */
  readonly protocol: number;
  readonly cidr: Cidr;
  /** Destination port range, for protocols 6 and 17. */
  readonly portRange?: { readonly from: number; readonly to: number };
  /** ICMP type and code (-1 = all), for protocol 1, and 58 with an IPv6 CIDR. */
  readonly icmp?: { readonly type: number; readonly code: number };
}

export interface NetworkAclAssociation {
  readonly associationId: string;
  readonly subnetId: string;
}

export interface NetworkAcl {
  readonly networkAclId: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly ownerId?: string;
  readonly entries: readonly NetworkAclEntry[];
  readonly associations: readonly NetworkAclAssociation[];
  readonly tags?: readonly Tag[];
}
