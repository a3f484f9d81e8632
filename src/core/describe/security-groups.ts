/**
 * describe-security-groups → SecurityGroup. Each IpPermission fans out to one rule per peer (IpRanges,
 * Ipv6Ranges, PrefixListIds, UserIdGroupPairs), as EC2's own `sgr-` rules have one peer each (fact 12). This output
 * carries no rule ids, so rules get stable synthetic ones — unless a describe-security-group-rules document supplied
 * the group's rules with their real ids, in which case those rules are used instead (security-group-rules.ts).
 */
import type { Direction, RulePeer, SecurityGroup, SecurityGroupRule } from '../model/security-group.ts';
import type { DescribeItem } from './describe-item.ts';
import { requiredCidr } from './address-fields.ts';
import { readRulePorts } from './rule-fields.ts';
import { syntheticRuleId } from './synthetic-rule-id.ts';
import type { GroupRules } from './security-group-rules.ts';
import { readTags } from './tags.ts';

export function readSecurityGroup(raw: DescribeItem, rulesById: ReadonlyMap<string, GroupRules>): SecurityGroup {
  const groupId = raw.requiredString('GroupId');
  const item = raw.named(groupId);
  const fromRuleDocument = rulesById.get(groupId);
  // Read the permissions even when the rule document replaces them, so bad input never passes unnoticed.
  const ingress = readPermissions(item, 'IpPermissions', groupId, 'ingress');
  const egress = readPermissions(item, 'IpPermissionsEgress', groupId, 'egress');
  return {
    groupId,
    groupName: item.requiredString('GroupName'),
    description: item.optionalString('Description') ?? '',
    vpcId: item.requiredString('VpcId'),
    ownerId: item.optionalString('OwnerId') ?? '',
    ingress: fromRuleDocument ? fromRuleDocument.ingress : ingress,
    egress: fromRuleDocument ? fromRuleDocument.egress : egress,
    tags: readTags(item),
  };
}

function readPermissions(item: DescribeItem, key: string, groupId: string, direction: Direction): SecurityGroupRule[] {
  const rules = new Map<string, SecurityGroupRule>();
  for (const permission of item.list(key)) {
    const ports = readRulePorts(permission);
    const peers: Array<{ peer: RulePeer; description: string | undefined }> = [
      ...permission.list('IpRanges').map((r) => ({ peer: cidrPeer(r, 'CidrIp', 4), description: r.optionalString('Description') })),
      ...permission.list('Ipv6Ranges').map((r) => ({ peer: cidrPeer(r, 'CidrIpv6', 6), description: r.optionalString('Description') })),
      ...permission.list('PrefixListIds').map((r) => ({
        peer: { kind: 'prefix-list', prefixListId: r.requiredString('PrefixListId') } as const,
        description: r.optionalString('Description'),
      })),
      ...permission.list('UserIdGroupPairs').map((r) => ({
        peer: { kind: 'group', groupId: r.requiredString('GroupId'), userId: r.optionalString('UserId') } as const,
        description: r.optionalString('Description'),
      })),
    ];
    for (const { peer, description } of peers) {
      const identity = { groupId, direction, ...ports, peer };
      const ruleId = syntheticRuleId(identity);
      // The same peer twice in one group is one rule (EC2 would have refused the duplicate).
      if (!rules.has(ruleId)) rules.set(ruleId, { ruleId, ...identity, description });
    }
  }
  return [...rules.values()];
}

function cidrPeer(item: DescribeItem, key: string, family: 4 | 6): RulePeer {
  return { kind: 'cidr', cidr: requiredCidr(item, key, family) };
}
