/**
 * Network ACL records as EC2's `NetworkAcl` shape (aws-semantics.md §3.12; XML `networkAclSet`, `entrySet`,
 * `associationSet`, `default`): the stored entries plus the `*` deny entries EC2 shows as rule 32767 (IPv4) and 32768
 * (IPv6) in each direction (fact 19). Rampart VPCs are IPv4-only, so the 32768 rows appear only once the ACL holds an
 * IPv6 entry (in AWS they follow the VPC's IPv6 block: UNCONFIRMED stand-in). Empty lists are shown as `[]`, as the
 * CLI examples show `Associations: []`, `Tags: []` (§1.2).
 */
import type { NetworkAcl, NetworkAclEntry } from '../../api/ec2/types.ts';
import { wireTags } from '../tags/tag-rules.ts';
import { DEFAULT_DENY_RULE_IPV4, DEFAULT_DENY_RULE_IPV6, entryFamily, sortEntries } from './entry-spec.ts';
import type { NetworkAclEntryRecord, NetworkAclRecord } from './records.ts';

function defaultDenyEntries(acl: NetworkAclRecord): NetworkAclEntryRecord[] {
  const deny = (egress: boolean): NetworkAclEntryRecord[] => [
    { ruleNumber: DEFAULT_DENY_RULE_IPV4, egress, ruleAction: 'deny', protocol: '-1', cidrBlock: '0.0.0.0/0' },
    ...(acl.entries.some((e) => entryFamily(e) === 6) ? [{ ruleNumber: DEFAULT_DENY_RULE_IPV6, egress, ruleAction: 'deny' as const, protocol: '-1', ipv6CidrBlock: '::/0' }] : []),
  ];
  return [...deny(true), ...deny(false)];
}

/** Every entry EC2 lists for the ACL, the `*` ones included, egress first and by rule number. */
export function displayedEntries(acl: NetworkAclRecord): NetworkAclEntryRecord[] {
  return sortEntries([...acl.entries, ...defaultDenyEntries(acl)]);
}

export function entryToWire(e: NetworkAclEntryRecord): NetworkAclEntry {
  return {
    RuleNumber: e.ruleNumber,
    Protocol: e.protocol,
    RuleAction: e.ruleAction,
    Egress: e.egress,
    ...(e.cidrBlock !== undefined ? { CidrBlock: e.cidrBlock } : {}),
    ...(e.ipv6CidrBlock !== undefined ? { Ipv6CidrBlock: e.ipv6CidrBlock } : {}),
    ...(e.portRange ? { PortRange: { From: e.portRange.from, To: e.portRange.to } } : {}),
    ...(e.icmpTypeCode ? { IcmpTypeCode: { Type: e.icmpTypeCode.type, Code: e.icmpTypeCode.code } } : {}),
  };
}

export function networkAclToWire(acl: NetworkAclRecord, ownerId: string): NetworkAcl {
  return {
    Associations: acl.associations.map((a) => ({ NetworkAclAssociationId: a.associationId, NetworkAclId: acl.id, SubnetId: a.subnetId })),
    Entries: displayedEntries(acl).map(entryToWire),
    IsDefault: acl.isDefault,
    NetworkAclId: acl.id,
    Tags: wireTags(acl.tags) ?? [],
    VpcId: acl.parentId,
    OwnerId: ownerId,
  };
}
