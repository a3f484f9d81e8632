/** How network ACLs are kept: one record per ACL with its entries and subnet associations. */
import type { Resource } from '../state/resource.ts';

export interface NetworkAclEntryRecord {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly ruleAction: 'allow' | 'deny';
  /** Protocol number as EC2 shows it for NACLs: a string, `-1` = all (fact 22). */
  readonly protocol: string;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  readonly portRange?: { readonly from: number; readonly to: number };
  readonly icmpTypeCode?: { readonly type: number; readonly code: number };
}

export interface NetworkAclAssociationRecord {
  readonly associationId: string;
  readonly subnetId: string;
}

export interface NetworkAclRecord extends Resource {
  readonly kind: 'network-acl';
  /** The VPC. */
  readonly parentId: string;
  readonly isDefault: boolean;
  /** Entries the user can change; the `*` deny entries (32767/32768) are implicit and shown on output. */
  readonly entries: readonly NetworkAclEntryRecord[];
  readonly associations: readonly NetworkAclAssociationRecord[];
  /** CreateNetworkAcl's ClientToken, for idempotent retries. */
  readonly clientToken?: string;
}
