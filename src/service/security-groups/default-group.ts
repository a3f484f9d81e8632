/**
 * The security group every VPC is born with (aws-semantics.md §3.13, fact 4): named `default`, described
 * "default VPC security group", admitting all traffic from its own members and allowing all outbound IPv4 traffic.
 * It cannot be deleted (CannotDelete) but its rules can be changed.
 */
import type { RegionTx } from '../state/region-tx.ts';
import type { IdSource } from '../ids.ts';
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from './records.ts';

export const DEFAULT_GROUP_NAME = 'default';
export const DEFAULT_GROUP_DESCRIPTION = 'default VPC security group';

export function addDefaultSecurityGroup(tx: RegionTx, ids: IdSource, vpcId: string): SecurityGroupRecord {
  const group = tx.put<SecurityGroupRecord>({
    kind: 'security-group',
    id: ids.newId('sg'),
    parentId: vpcId,
    groupName: DEFAULT_GROUP_NAME,
    description: DEFAULT_GROUP_DESCRIPTION,
  });
  tx.put<SecurityGroupRuleRecord>({
    kind: 'security-group-rule',
    id: ids.newId('sgr'),
    parentId: group.id,
    direction: 'ingress',
    protocol: -1,
    fromPort: -1,
    toPort: -1,
    peer: { kind: 'group', groupId: group.id, userId: ids.accountId },
  });
  addAllowAllEgressRule(tx, ids, group.id);
  return group;
}

/** The one outbound rule a new group gets: all protocols to 0.0.0.0/0 (VPC-SGR; fact 4). */
export function addAllowAllEgressRule(tx: RegionTx, ids: IdSource, groupId: string): SecurityGroupRuleRecord {
  return tx.put<SecurityGroupRuleRecord>({
    kind: 'security-group-rule',
    id: ids.newId('sgr'),
    parentId: groupId,
    direction: 'egress',
    protocol: -1,
    fromPort: -1,
    toPort: -1,
    peer: { kind: 'cidr', family: 4, cidr: '0.0.0.0/0' },
  });
}
