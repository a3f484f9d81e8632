/**
 * Security groups and rules as EC2 shows them. Two views of the same rules (aws-semantics.md §3.3–§3.4, fact 9):
 * DescribeSecurityGroups groups rules sharing (protocol, from, to) into one IpPermission with several sources, shows
 * protocol names for tcp/udp/icmp/icmpv6 and no ports for `-1`, and always writes the four source lists (empty
 * wrappers included); DescribeSecurityGroupRules shows one rule per source with FromPort/ToPort -1 for `-1`.
 */
import type { IpPermission, RevokedSecurityGroupRule, SecurityGroup, SecurityGroupRule, UserIdGroupPair } from '../../api/ec2/types.ts';
import { ALL_PROTOCOLS, hasPorts, protocolWireName } from '../../core/net/protocol.ts';
import { wireTags } from '../tags/tag-rules.ts';
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from './records.ts';
import type { RuleSpec } from './rule-spec.ts';

export const groupArn = (region: string, ownerId: string, groupId: string): string => `arn:aws:ec2:${region}:${ownerId}:security-group/${groupId}`;
// Format UNCONFIRMED (aws-semantics.md §3): modelled on the group ARN.
export const ruleArn = (region: string, ownerId: string, ruleId: string): string => `arn:aws:ec2:${region}:${ownerId}:security-group-rule/${ruleId}`;

interface GroupingOptions {
  /** Group names appear in `groups/item` only for default-VPC groups (M UserIdGroupPair). */
  readonly groupNameOf?: (groupId: string) => string | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface PermissionUnderConstruction extends IpPermission {
  readonly UserIdGroupPairs: UserIdGroupPair[];
  readonly IpRanges: NonNullable<IpPermission['IpRanges']>[number][];
  readonly Ipv6Ranges: NonNullable<IpPermission['Ipv6Ranges']>[number][];
  readonly PrefixListIds: NonNullable<IpPermission['PrefixListIds']>[number][];
}

/** Rules (or specs) → IpPermissions, one per (protocol, from, to), in first-seen order. */
export function toIpPermissions(rules: readonly (RuleSpec | SecurityGroupRuleRecord)[], options: GroupingOptions = {}): IpPermission[] {
  // Built with plain literals and assignments: on Node 20, `{ ...a, b }` (a spread followed by more members) costs
  // microseconds per object, which made a full describe of 1,000 groups take ~100 ms (bench/api.bench.ts).
  const byKey = new Map<string, PermissionUnderConstruction>();
  for (const r of rules) {
    const key = `${r.protocol}|${r.fromPort}|${r.toPort}`;
    let perm = byKey.get(key);
    if (!perm) {
      perm =
        r.protocol === ALL_PROTOCOLS
          ? { IpProtocol: '-1', FromPort: undefined, ToPort: undefined, IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] }
          : { IpProtocol: protocolWireName(r.protocol), FromPort: r.fromPort, ToPort: r.toPort, IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] };
      byKey.set(key, perm);
    }
    const description = r.description;
    const peer = r.peer;
    if (peer.kind === 'cidr' && peer.family === 4) perm.IpRanges.push(description !== undefined ? { CidrIp: peer.cidr, Description: description } : { CidrIp: peer.cidr });
    else if (peer.kind === 'cidr') perm.Ipv6Ranges.push(description !== undefined ? { CidrIpv6: peer.cidr, Description: description } : { CidrIpv6: peer.cidr });
    else if (peer.kind === 'prefix-list') perm.PrefixListIds.push(description !== undefined ? { PrefixListId: peer.prefixListId, Description: description } : { PrefixListId: peer.prefixListId });
    else {
      const pair: Mutable<UserIdGroupPair> = { UserId: peer.userId, GroupId: peer.groupId };
      const name = options.groupNameOf?.(peer.groupId);
      if (name !== undefined) pair.GroupName = name;
      if (description !== undefined) pair.Description = description;
      perm.UserIdGroupPairs.push(pair);
    }
  }
  return [...byKey.values()];
}

export function groupToWire(
  g: SecurityGroupRecord,
  rules: readonly SecurityGroupRuleRecord[],
  ownerId: string,
  region: string,
  options: GroupingOptions = {},
): SecurityGroup {
  return {
    OwnerId: ownerId,
    GroupName: g.groupName,
    GroupId: g.id,
    Description: g.description,
    VpcId: g.parentId,
    SecurityGroupArn: groupArn(region, ownerId, g.id),
    IpPermissions: toIpPermissions(rules.filter((r) => r.direction === 'ingress'), options),
    IpPermissionsEgress: toIpPermissions(rules.filter((r) => r.direction === 'egress'), options),
    Tags: wireTags(g.tags),
  };
}

export function ruleToWire(r: SecurityGroupRuleRecord, ownerId: string, region: string): SecurityGroupRule {
  const peer = r.peer;
  return {
    SecurityGroupRuleId: r.id,
    GroupId: r.parentId,
    GroupOwnerId: ownerId,
    IsEgress: r.direction === 'egress',
    IpProtocol: r.protocol === ALL_PROTOCOLS ? '-1' : protocolWireName(r.protocol),
    FromPort: r.fromPort,
    ToPort: r.toPort,
    ...(peer.kind === 'cidr' && peer.family === 4 ? { CidrIpv4: peer.cidr } : {}),
    ...(peer.kind === 'cidr' && peer.family === 6 ? { CidrIpv6: peer.cidr } : {}),
    ...(peer.kind === 'prefix-list' ? { PrefixListId: peer.prefixListId } : {}),
    ...(peer.kind === 'group' ? { ReferencedGroupInfo: { GroupId: peer.groupId, UserId: peer.userId } } : {}),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    Tags: (r.tags ?? []).map((t) => ({ Key: t.key, Value: t.value })),
    SecurityGroupRuleArn: ruleArn(region, ownerId, r.id),
  };
}

export function revokedRuleToWire(r: SecurityGroupRuleRecord): RevokedSecurityGroupRule {
  const peer = r.peer;
  return {
    SecurityGroupRuleId: r.id,
    GroupId: r.parentId,
    IsEgress: r.direction === 'egress',
    IpProtocol: r.protocol === ALL_PROTOCOLS ? '-1' : protocolWireName(r.protocol),
    FromPort: r.fromPort,
    ToPort: r.toPort,
    ...(peer.kind === 'cidr' && peer.family === 4 ? { CidrIpv4: peer.cidr } : {}),
    ...(peer.kind === 'cidr' && peer.family === 6 ? { CidrIpv6: peer.cidr } : {}),
    ...(peer.kind === 'prefix-list' ? { PrefixListId: peer.prefixListId } : {}),
    ...(peer.kind === 'group' ? { ReferencedGroupId: peer.groupId } : {}),
    ...(r.description !== undefined ? { Description: r.description } : {}),
  };
}

/**
 * The rule as InvalidPermission.Duplicate quotes it (observed formats, aws-semantics.md §2): `peer: 0.0.0.0/0, TCP,
 * from port: 22, to port: 22, ALLOW`, `peer: 0.0.0.0/0, ALL, ALLOW`, `peer: 0.0.0.0/0, protocol: 50, ALLOW`.
 * The ICMP form is UNCONFIRMED and follows the TCP one with type/code.
 */
export function duplicateRuleText(r: RuleSpec): string {
  const peer = r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind === 'group' ? r.peer.groupId : r.peer.prefixListId;
  if (r.protocol === ALL_PROTOCOLS) return `peer: ${peer}, ALL, ALLOW`;
  if (hasPorts(r.protocol)) return `peer: ${peer}, ${protocolWireName(r.protocol).toUpperCase()}, from port: ${r.fromPort}, to port: ${r.toPort}, ALLOW`;
  if (r.protocol === 1 || r.protocol === 58) {
    return `peer: ${peer}, ${protocolWireName(r.protocol).toUpperCase()}, type: ${r.fromPort}, code: ${r.toPort}, ALLOW`;
  }
  return `peer: ${peer}, protocol: ${r.protocol}, ALLOW`;
}
