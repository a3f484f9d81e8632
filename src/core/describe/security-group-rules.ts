/**
 * describe-security-group-rules → rules with their real `sgr-` ids, grouped by security group. When this document
 * is present it is authoritative for every group it mentions (its rules replace the fan-out of that group's
 * IpPermissions); groups it does not mention keep their IpPermissions with synthetic ids.
 */
import type { RulePeer, SecurityGroupRule } from '../model/security-group.ts';
import type { DescribeItem } from './describe-item.ts';
import { requiredCidr } from './address-fields.ts';
import { readRulePorts } from './rule-fields.ts';

export interface GroupRules {
  readonly ingress: SecurityGroupRule[];
  readonly egress: SecurityGroupRule[];
  /** Where the group's first rule was read, for the "group not described" error. */
  readonly location: string;
}

export function readSecurityGroupRules(items: readonly DescribeItem[]): Map<string, GroupRules> {
  const byGroup = new Map<string, GroupRules>();
  const seen = new Set<string>();
  for (const raw of items) {
    const ruleId = raw.requiredString('SecurityGroupRuleId');
    const item = raw.named(ruleId);
    if (seen.has(ruleId)) continue; // the same rule captured twice (overlapping filters)
    seen.add(ruleId);
    const groupId = item.requiredString('GroupId');
    const direction = item.requiredBoolean('IsEgress') ? 'egress' : 'ingress';
    const rule: SecurityGroupRule = {
      ruleId,
      groupId,
      direction,
      ...readRulePorts(item),
      peer: readPeer(item),
      description: item.optionalString('Description'),
    };
    let group = byGroup.get(groupId);
    if (!group) byGroup.set(groupId, (group = { ingress: [], egress: [], location: item.location }));
    group[direction].push(rule);
  }
  return byGroup;
}

/** Exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo (one peer per rule, fact 12). */
function readPeer(item: DescribeItem): RulePeer {
  const peers: RulePeer[] = [];
  if (item.has('CidrIpv4')) peers.push({ kind: 'cidr', cidr: requiredCidr(item, 'CidrIpv4', 4) });
  if (item.has('CidrIpv6')) peers.push({ kind: 'cidr', cidr: requiredCidr(item, 'CidrIpv6', 6) });
  if (item.has('PrefixListId')) peers.push({ kind: 'prefix-list', prefixListId: item.requiredString('PrefixListId') });
  const ref = item.child('ReferencedGroupInfo');
  if (ref) peers.push({ kind: 'group', groupId: ref.requiredString('GroupId'), userId: ref.optionalString('UserId') });
  if (peers.length !== 1) {
    throw item.fail(
      'InvalidParameterValue',
      `a rule needs exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo (found ${peers.length})`,
    );
  }
  return peers[0];
}
