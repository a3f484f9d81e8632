/**
 * CreateSecurityGroup (aws-semantics.md §3.1, facts 4 and 6): a unique (case-insensitive) name within the VPC, the
 * default VPC when none is given (VPCIdNotSpecified without one), no ingress rules and one allow-all egress rule.
 */
import type { CreateSecurityGroupRequest, CreateSecurityGroupResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { validateGroupDescription, validateGroupName } from '../../core/validate/security-group-text.ts';
import type { RequestContext } from '../context.ts';
import { tagsFromSpecifications, wireTags } from '../tags/tag-rules.ts';
import { defaultVpcOf, requireVpc } from '../vpcs/lookup.ts';
import { addAllowAllEgressRule } from './default-group.ts';
import { findGroupByName } from './lookup.ts';
import type { SecurityGroupRecord } from './records.ts';
import { groupArn } from './to-wire.ts';

export async function createSecurityGroup(input: CreateSecurityGroupRequest, ctx: RequestContext): Promise<CreateSecurityGroupResult> {
  const name = validateGroupName(input.GroupName);
  const description = validateGroupDescription(input.Description);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'security-group', ctx.quotas.tagsPerResource);
  const group = await ctx.write((tx) => {
    const vpc = input.VpcId !== undefined ? requireVpc(tx, input.VpcId) : defaultVpcOf(tx);
    if (!vpc) throw ec2Error('VPCIdNotSpecified');
    if (findGroupByName(tx, vpc.id, name)) throw ec2Error('InvalidGroup.Duplicate', name, vpc.id);
    if (tx.count('security-group') >= ctx.quotas.securityGroupsPerRegion) throw ec2Error('SecurityGroupLimitExceeded', vpc.id);
    const g = tx.put<SecurityGroupRecord>({
      kind: 'security-group',
      id: ctx.newId('sg'),
      parentId: vpc.id,
      groupName: name,
      description,
      ...(tags ? { tags } : {}),
    });
    addAllowAllEgressRule(tx, ctx, g.id);
    return g;
  });
  return { GroupId: group.id, Tags: wireTags(group.tags), SecurityGroupArn: groupArn(ctx.region, ctx.accountId, group.id) };
}
